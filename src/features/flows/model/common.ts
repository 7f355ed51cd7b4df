import { formBody, type HttpRequestDraft } from '../../../lib/http/draft.ts';
import { createCodeVerifier } from '../../../lib/pkce.ts';
import { randomUrlSafe } from '../../../lib/random.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import type {
  CallbackResult,
  Endpoints,
  FlowContext,
  ParamSpec,
  StepOutcome,
  TokenExpectations,
  TokenSet,
} from './types.ts';

/** The endpoints of this playground's server under an issuer (SPEC.md's endpoint table). */
export function serverEndpoints(issuer: string): Endpoints {
  const at = (path: string) => new URL(path, issuer).href;
  return {
    issuer,
    authorization: at('authorize'),
    token: at('oauth/token'),
    deviceAuthorization: at('oauth/device/code'),
    userinfo: at('userinfo'),
    revocation: at('oauth/revoke'),
    introspection: at('oauth/introspect'),
    jwks: at('.well-known/jwks.json'),
    logout: at('v2/logout'),
    messages: at('api/messages'),
  };
}

/** The demo tenant (SPEC.md): what the defaults point at. */
export const DEMO_AUDIENCE = 'https://api.example.com';
export const DEMO_CLIENTS = ['web-app', 'spa', 'm2m', 'device-app'] as const;
export const DEMO_SCOPES = 'openid profile email offline_access read:messages';

/** The demo clients' credentials, so that picking a client fills its secret and authentication. */
export const DEMO_CLIENT_CREDENTIALS: Record<string, { secret: string; auth: string }> = {
  'web-app': { secret: 'web-app-secret', auth: 'client_secret_basic' },
  m2m: { secret: 'm2m-secret', auth: 'client_secret_basic' },
  spa: { secret: '', auth: 'none' },
  'device-app': { secret: '', auth: 'none' },
  'ciba-app': { secret: 'ciba-app-secret', auth: 'client_secret_basic' },
  'hybrid-app': { secret: 'hybrid-app-secret', auth: 'client_secret_basic' },
};

/** The secret and authentication method that go with a demo client, for the params a flow has. */
export function demoClientDefaults(params: Record<string, string>, clientId: string): Record<string, string> {
  const known = DEMO_CLIENT_CREDENTIALS[clientId];
  if (!known) return {};
  const patch: Record<string, string> = {};
  if ('client_secret' in params) patch.client_secret = known.secret;
  if ('client_auth' in params) patch.client_auth = known.auth;
  return patch;
}

export const param = {
  clientId: (value: string): ParamSpec => ({
    name: 'client_id',
    label: 'Client ID',
    kind: 'text',
    default: value,
    suggestions: DEMO_CLIENTS,
    suggestFromTenant: 'clients',
    help: 'The application registered at the authorization server.',
    implies: (clientId, params) => demoClientDefaults(params, clientId),
  }),
  clientSecret: (value: string): ParamSpec => ({
    name: 'client_secret',
    label: 'Client secret',
    kind: 'secret',
    default: value,
    secret: true,
    help: 'Only confidential clients have one; it never belongs in a browser app.',
  }),
  clientAuth: (value: string): ParamSpec => ({
    name: 'client_auth',
    label: 'Client authentication',
    kind: 'select',
    default: value,
    options: ['client_secret_basic', 'client_secret_post', 'none'],
    advanced: true,
    help: 'client_secret_basic sends id and secret in the Authorization header (RFC 6749 §2.3.1).',
  }),
  audience: (): ParamSpec => ({
    name: 'audience',
    label: 'Audience',
    kind: 'text',
    default: DEMO_AUDIENCE,
    suggestions: [DEMO_AUDIENCE],
    suggestFromTenant: 'apis',
    help: 'The API the access token is for (Auth0). Without one, the access token is opaque and only good for /userinfo.',
  }),
  scope: (value = DEMO_SCOPES): ParamSpec => ({
    name: 'scope',
    label: 'Scope',
    kind: 'scopes',
    default: value,
    help: 'Space-separated. offline_access asks for a refresh token; openid for an ID token.',
  }),
  redirectUri: (): ParamSpec => ({
    name: 'redirect_uri',
    label: 'Redirect URI',
    kind: 'text',
    default: (env) => env.redirectUri,
    advanced: true,
    help: 'Must exactly match one registered for the client.',
  }),
  state: (): ParamSpec => ({
    name: 'state',
    label: 'State',
    kind: 'text',
    secret: true,
    advanced: true,
    generate: () => randomUrlSafe(16),
    help: 'A value the app checks on the callback, to reject responses it did not ask for (CSRF).',
  }),
  nonce: (): ParamSpec => ({
    name: 'nonce',
    label: 'Nonce',
    kind: 'text',
    secret: true,
    advanced: true,
    generate: () => randomUrlSafe(16),
    help: 'Echoed in the ID token, which binds the token to this request (replay protection).',
  }),
  codeVerifier: (): ParamSpec => ({
    name: 'code_verifier',
    label: 'PKCE code_verifier',
    kind: 'text',
    secret: true,
    generate: createCodeVerifier,
    help: '43–128 characters of [A-Za-z0-9-._~], kept by the app; only its hash goes to /authorize.',
  }),
  codeChallengeMethod: (): ParamSpec => ({
    name: 'code_challenge_method',
    label: 'PKCE method',
    kind: 'select',
    default: 'S256',
    options: ['S256', 'plain'],
    advanced: true,
  }),
  codeChallenge: (): ParamSpec => ({
    name: 'code_challenge',
    label: 'PKCE code_challenge (blank: derived from the verifier)',
    kind: 'text',
    default: '',
    advanced: true,
  }),
  responseMode: (options: readonly string[] = ['', 'query', 'fragment', 'form_post']): ParamSpec => ({
    name: 'response_mode',
    label: 'Response mode',
    kind: 'select',
    default: '',
    options,
    advanced: true,
    help: 'How the result comes back to the redirect URI. Blank: the default for the response type.',
  }),
  prompt: (): ParamSpec => ({
    name: 'prompt',
    label: 'Prompt',
    kind: 'select',
    default: '',
    options: ['', 'none', 'login', 'consent'],
    advanced: true,
    help: 'none: never show UI (fails without a session); login: ask again; consent: ask for consent again.',
  }),
  maxAge: (): ParamSpec => ({
    name: 'max_age',
    label: 'max_age (seconds)',
    kind: 'number',
    default: '',
    advanced: true,
    help: 'Ask the user to log in again when the last login is older than this.',
  }),
  loginHint: (): ParamSpec => ({
    name: 'login_hint',
    label: 'Login hint',
    kind: 'text',
    default: '',
    advanced: true,
  }),
  extra: (): ParamSpec => ({
    name: 'extra',
    label: 'Extra parameters (key=value, one a line)',
    kind: 'extra',
    default: '',
    advanced: true,
    help: 'Added to the request as they are, to try what the server does with them.',
  }),
};

/** `key=value` lines (or `&`-separated) into pairs; lines without `=` are ignored. */
export function parseExtraParams(text: string | undefined): [string, string][] {
  if (!text) return [];
  return text
    .split(/[\n&]/)
    .map((line) => line.trim())
    .filter((line) => line.includes('=') && !line.startsWith('='))
    .map((line) => {
      const eq = line.indexOf('=');
      return [line.slice(0, eq).trim(), line.slice(eq + 1).trim()] as [string, string];
    });
}

/** GET <authorization endpoint>?fields&extra: the front-channel request. */
export function authorizeDraft(
  ctx: FlowContext,
  fields: Record<string, string | undefined>,
): HttpRequestDraft {
  const url = new URL(ctx.endpoints.authorization);
  for (const [name, value] of Object.entries(fields)) if (value) url.searchParams.set(name, value);
  for (const [name, value] of parseExtraParams(ctx.params.extra)) url.searchParams.set(name, value);
  return { method: 'GET', url: url.href, headers: [], body: null };
}

/** A form POST with the client authenticated as `client_auth` says (RFC 6749 §2.3.1). */
export function clientFormDraft(
  ctx: Pick<FlowContext, 'params'>,
  endpoint: string,
  fields: Record<string, string | undefined>,
): HttpRequestDraft {
  const headers: [string, string][] = [['Content-Type', 'application/x-www-form-urlencoded']];
  const all: Record<string, string | undefined> = { ...fields };
  const auth = ctx.params.client_auth || 'none';
  const clientId = ctx.params.client_id ?? '';
  const secret = ctx.params.client_secret ?? '';
  if (auth === 'client_secret_basic') {
    const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
    headers.unshift(['Authorization', `Basic ${btoa(`${encode(clientId)}:${encode(secret)}`)}`]);
  } else if (auth === 'client_secret_post') {
    all.client_id = clientId;
    all.client_secret = secret;
  } else {
    all.client_id = clientId;
  }
  const extras = Object.fromEntries(parseExtraParams(ctx.params.extra));
  return { method: 'POST', url: endpoint, headers, body: formBody({ ...all, ...extras }) };
}

/** Reads a token endpoint response: tokens on 200, the OAuth error otherwise (RFC 6749 §5.1, §5.2). */
export function tokenResponseOutcome(
  exchange: HttpExchange,
  json: Record<string, unknown> | undefined,
  ctx?: FlowContext,
): StepOutcome {
  const { status } = exchange.response;
  if (status === 200 && json && typeof json.access_token === 'string') {
    const tokens: TokenSet = {};
    for (const name of ['access_token', 'id_token', 'refresh_token'] as const) {
      const value = json[name];
      if (typeof value === 'string') tokens[name] = value;
    }
    const received = Object.keys(tokens).join(', ');
    return {
      ok: true,
      message: `Tokens received: ${received}. Scope granted: ${String(json.scope ?? '(not stated)')}.`,
      tokens,
      expect: ctx ? tokenExpectations(ctx) : undefined,
      issuedTo: ctx ? clientParams(ctx) : undefined,
    };
  }
  return { ok: false, message: errorMessage(exchange, json) };
}

export function errorMessage(exchange: HttpExchange, json: Record<string, unknown> | undefined): string {
  const { status, statusText } = exchange.response;
  if (status === 0) return exchange.response.body ?? 'The request did not complete.';
  if (json && typeof json.error === 'string') {
    const description = typeof json.error_description === 'string' ? `: ${json.error_description}` : '';
    return `${status} ${json.error}${description}`;
  }
  return `${status} ${statusText}`.trim();
}

/** What the tokens of this request should carry: the audience asked for, the nonce sent to /authorize. */
export function tokenExpectations(ctx: FlowContext): TokenExpectations {
  const expectations: TokenExpectations = {};
  if (ctx.params.audience) expectations.audience = ctx.params.audience;
  const nonce = ctx.values[SENT_NONCE];
  if (nonce) expectations.nonce = nonce;
  return expectations;
}

/** The parameters that identify and authenticate the client (what `clientFormDraft` reads). */
export function clientParams(ctx: Pick<FlowContext, 'params'>): Record<string, string> {
  const client: Record<string, string> = {};
  for (const name of ['client_id', 'client_auth', 'client_secret'] as const) {
    const value = ctx.params[name];
    if (value !== undefined) client[name] = value;
  }
  return client;
}

/** The value under which an authorize step keeps the nonce it sent, for the ID token's check. */
export const SENT_NONCE = 'sent_nonce';

/**
 * How the callback arrived. The in-browser server hands a form_post's fields to the redirect URI
 * in the fragment (its form auto-submits to the app's page), so a fragment answering a form_post
 * request is a form_post (OAuth 2.0 Form Post Response Mode §2).
 */
export function callbackResponseMode(
  result: CallbackResult,
  sent: HttpRequestDraft,
): CallbackResult['responseMode'] {
  const requested = queryParam(sent.url, 'response_mode');
  return requested === 'form_post' && result.responseMode === 'fragment' ? 'form_post' : result.responseMode;
}

function queryParam(url: string, name: string): string {
  try {
    return new URL(url).searchParams.get(name) ?? '';
  } catch {
    return '';
  }
}

/**
 * Checks an /authorize result: the server's error, then `state` against the one sent (RFC 6749
 * §10.12), then what the response type promised.
 */
export function authorizeOutcome(
  ctx: FlowContext,
  result: CallbackResult,
  sent: HttpRequestDraft,
): StepOutcome {
  const p = result.params;
  const responseMode = callbackResponseMode(result, sent);
  if (p.error) {
    return {
      ok: false,
      message: `The server answered ${p.error}${p.error_description ? `: ${p.error_description}` : ''}`,
    };
  }
  const sentState = queryParam(sent.url, 'state');
  if ((p.state ?? '') !== sentState) {
    return {
      ok: false,
      message: `Rejected: the state in the callback (${p.state ? `"${p.state}"` : 'none'}) does not match the one sent (${sentState ? `"${sentState}"` : 'none'}). An attacker could have started this response (RFC 6749 §10.12).`,
    };
  }
  const values: Record<string, string> = {};
  const sentNonce = queryParam(sent.url, 'nonce');
  if (sentNonce) values[SENT_NONCE] = sentNonce;
  const tokens: TokenSet = {};
  const lines = [];
  if (p.code) {
    values.code = p.code;
    lines.push({ label: 'Authorization code (input of the next step)', value: p.code, secret: true });
  }
  for (const name of ['access_token', 'id_token'] as const) {
    if (p[name]) tokens[name] = p[name];
  }
  if (!p.code && !tokens.access_token && !tokens.id_token) {
    return { ok: false, message: 'The callback holds neither a code nor a token.' };
  }
  const got = [p.code ? 'an authorization code' : '', ...Object.keys(tokens)].filter(Boolean).join(', ');
  return {
    ok: true,
    message: `State matches. Received ${got} by ${responseMode}.`,
    values,
    tokens,
    expect: {
      ...(ctx.params.audience ? { audience: ctx.params.audience } : {}),
      ...(sentNonce ? { nonce: sentNonce } : {}),
    },
    issuedTo: clientParams(ctx),
    lines,
  };
}
