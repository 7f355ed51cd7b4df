import { serverFetch } from '../../../../lib/server-connection.ts';
import {
  authorizeDraft,
  authorizeOutcome,
  clientFormDraft,
  param,
  SENT_NONCE,
  tokenResponseOutcome,
} from '../common.ts';
import { jwtPayload } from '../modern.ts';
import { hybridNonceMissing, hybridQueryMode } from '../modern-presets.ts';
import { oidcCore, rfc } from '../rfc.ts';
import { hybridSnippet } from '../snippets.ts';
import type { FlowDefinition, Line } from '../types.ts';

/** The front-channel parameters worth showing, and whether each is secret. */
const FRONT_CHANNEL: readonly [string, boolean][] = [
  ['code', true],
  ['id_token', true],
  ['access_token', true],
  ['token_type', false],
  ['expires_in', false],
  ['state', true],
  ['iss', false],
];

export const hybrid: FlowDefinition = {
  presets: [hybridNonceMissing, hybridQueryMode],
  id: 'hybrid',
  title: 'Hybrid (OpenID Connect)',
  summary:
    'The authorization endpoint returns a code and, at once, an ID token and/or an access token in the fragment or a form post; the app verifies them, then redeems the code at the token endpoint.',
  whenToUse:
    'Server-side apps that want to know who logged in before the back-channel call, or to bind the code to the ID token (c_hash) against code injection. New apps mostly use the code flow with PKCE.',
  snippet: hybridSnippet,
  params: [
    param.clientId('hybrid-app'),
    param.clientSecret('hybrid-app-secret'),
    param.clientAuth('client_secret_basic'),
    {
      name: 'response_type',
      label: 'Response type',
      kind: 'select',
      default: 'code id_token',
      options: ['code id_token', 'code token', 'code id_token token'],
      help: 'What the authorization endpoint returns besides the code (OIDC Core §3.3.2.1).',
    },
    {
      ...param.responseMode(['fragment', 'form_post']),
      default: 'fragment',
      advanced: false,
      help: 'Tokens never go in a query string (OAuth 2.0 Multiple Response Types §5): fragment or form post.',
    },
    {
      ...param.nonce(),
      advanced: false,
      help: 'Required in the hybrid flow; the ID token must carry it back.',
    },
    param.scope('openid profile email'),
    { ...param.audience(), advanced: true },
    param.redirectUri(),
    param.state(),
    param.extra(),
  ],
  steps: [
    {
      kind: 'authorize',
      id: 'authorize',
      title: 'Authorize: a code and tokens from the front channel',
      explain:
        'The response type names what comes back at once: a code plus an ID token, an access token, or both. They come in the fragment (or a form post), never in the query, with state and the iss parameter naming the issuer.',
      rfc: [
        oidcCore('HybridAuthRequest', 'OIDC Core §3.3.2.1'),
        oidcCore('HybridAuthResponse', 'OIDC Core §3.3.2.5'),
        rfc(9207, '2', 'RFC 9207 §2 iss'),
      ],
      arrows: [
        { from: 'app', to: 'user', label: 'redirect to /authorize?response_type=code id_token' },
        { from: 'user', to: 'as', label: 'GET /authorize, log in, consent' },
        { from: 'as', to: 'user', label: '302 /callback#code&id_token&state&iss' },
        { from: 'user', to: 'app', label: 'code, tokens, iss' },
      ],
      produces: ['the code and the front-channel tokens'],
      build: (ctx) =>
        authorizeDraft(ctx, {
          response_type: ctx.params.response_type,
          client_id: ctx.params.client_id,
          redirect_uri: ctx.params.redirect_uri,
          scope: ctx.params.scope,
          audience: ctx.params.audience,
          state: ctx.params.state,
          nonce: ctx.params.nonce,
          response_mode: ctx.params.response_mode,
        }),
      onCallback(ctx, result, sent) {
        const outcome = authorizeOutcome(ctx, result, sent);
        const p = result.params;
        const lines: Line[] = FRONT_CHANNEL.filter(([name]) => p[name] !== undefined).map(
          ([name, secret]) => ({ label: `${name} (front channel)`, value: p[name] ?? '', secret }),
        );
        if (!outcome.ok) return { ...outcome, lines };
        const front: Record<string, string> = {
          front_response_type: new URL(sent.url).searchParams.get('response_type') ?? '',
          front_iss: p.iss ?? '',
          front_id_token: p.id_token ?? '',
          front_access_token: p.access_token ?? '',
        };
        return { ...outcome, values: { ...outcome.values, ...front }, lines };
      },
    },
    {
      kind: 'prepare',
      id: 'verify',
      title: 'Verify the front-channel response',
      actionLabel: 'Verify iss, the ID token, c_hash and at_hash',
      explain:
        'Before using anything from the front channel the app checks iss against the issuer it asked (a mix-up defence), then the ID token: its signature with the server’s JWKS, iss, aud, exp, the nonce it sent, c_hash (binds the code) and at_hash (binds the access token): the left half of the SHA-256 of each, base64url.',
      rfc: [
        oidcCore('HybridIDToken', 'OIDC Core §3.3.2.11'),
        oidcCore('HybridIDTValidation', 'OIDC Core §3.3.2.12'),
        rfc(9207, '2.4', 'RFC 9207 §2.4'),
      ],
      arrows: [
        { from: 'app', to: 'as', label: 'GET /.well-known/jwks.json' },
        { from: 'app', to: 'app', label: 'check iss, ID token, hashes' },
      ],
      async prepare(ctx) {
        const v = ctx.values;
        if (!v.front_response_type)
          return { ok: false, message: 'Authorize first: there is no front-channel response to verify.' };
        const { checkFrontChannel } = await import('../hybrid-checks.ts');
        const response = await serverFetch(ctx.endpoints.jwks, { cache: 'no-store' });
        if (!response.ok)
          return {
            ok: false,
            message: `The JWKS could not be fetched: ${response.status} ${ctx.endpoints.jwks}`,
          };
        const checks = await checkFrontChannel(
          {
            code: v.code || undefined,
            idToken: v.front_id_token || undefined,
            accessToken: v.front_access_token || undefined,
            iss: v.front_iss || undefined,
            responseType: v.front_response_type,
            nonce: v[SENT_NONCE] ?? '',
            issuer: ctx.endpoints.issuer,
            clientId: ctx.params.client_id ?? '',
          },
          await response.json(),
        );
        const lines: Line[] = checks.map((c) => ({
          label: `${c.ok ? '✓' : '✗'} ${c.name}`,
          value: c.detail,
          secret: c.secret,
        }));
        if (!v.front_id_token)
          lines.push({
            label: 'ID token',
            value: `none in the front channel with response_type ${v.front_response_type}: it comes from the token endpoint`,
          });
        const failedChecks = checks.filter((c) => !c.ok);
        return failedChecks.length
          ? { ok: false, message: `Rejected: ${failedChecks.map((c) => c.name).join(', ')} failed.`, lines }
          : {
              ok: true,
              message: `All ${checks.length} checks pass: the front channel can be trusted.`,
              lines,
            };
      },
    },
    {
      kind: 'http',
      id: 'token',
      title: 'Exchange the code at the token endpoint',
      actionLabel: 'Send the token request',
      explain:
        'The confidential client redeems the code with its secret. The ID token from here may differ from the front-channel one: it can carry more claims (the front one is kept small for a URL), has no c_hash, and a new at_hash for the new access token; iss and sub must be the same (OIDC Core §3.3.3.6).',
      rfc: [oidcCore('HybridTokenEndpoint', 'OIDC Core §3.3.3'), rfc(6749, '4.1.3', 'RFC 6749 §4.1.3')],
      arrows: [
        { from: 'app', to: 'as', label: 'POST /oauth/token code + client secret' },
        { from: 'as', to: 'app', label: 'access_token, id_token' },
      ],
      build: (ctx) =>
        clientFormDraft(ctx, ctx.endpoints.token, {
          grant_type: 'authorization_code',
          code: ctx.values.code,
          redirect_uri: ctx.params.redirect_uri,
        }),
      onResponse(ctx, exchange, json) {
        const outcome = tokenResponseOutcome(exchange, json, ctx);
        if (!outcome.ok) return outcome;
        const front = jwtPayload(ctx.values.front_id_token);
        const back = jwtPayload(outcome.tokens?.id_token);
        if (!front || !back) return outcome;
        const only = (a: Record<string, unknown>, b: Record<string, unknown>) =>
          Object.keys(a).filter((k) => !(k in b));
        const same = (claim: string) => (front[claim] === back[claim] ? 'same' : 'DIFFERENT');
        return {
          ...outcome,
          lines: [
            {
              label: 'iss, sub: front channel vs token endpoint',
              value: `iss ${same('iss')}, sub ${same('sub')}`,
            },
            {
              label: 'Claims only in the token endpoint ID token',
              value: only(back, front).join(', ') || '(none)',
            },
            {
              label: 'Claims only in the front-channel ID token',
              value: only(front, back).join(', ') || '(none)',
            },
          ],
        };
      },
    },
  ],
};
