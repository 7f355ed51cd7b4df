import type { HttpRequestDraft } from '../../../lib/http/draft.ts';
import { jsonBody } from '../../../lib/http/send.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import type { FlowId } from '../../flows/index.ts';
import { clientFormDraft, errorMessage } from '../../flows/index.ts';
import { adminUrl } from '../../server-metadata/index.ts';
import {
  buildStepDraft,
  currentFlow,
  flowContext,
  getEnvironment,
  getRunSnapshot,
  runStep,
  type StepResult,
  sendAndRecord,
  waitForStep,
} from './run-store.ts';

/**
 * Error presets (issue 5 item 7): each sets up a flow, runs it to the error, and shows the
 * server's exact answer with what causes it in real apps. Some need the user to log in (or to
 * decline) in the in-page browser; the preset says so and waits.
 */
export interface ErrorPreset {
  id: string;
  title: string;
  flowId: FlowId;
  params?: Record<string, string>;
  /** What makes this happen in real apps. */
  cause: string;
  /** Shown while the preset waits for the user, if it may. */
  userAction?: string;
  run(script: PresetScript): Promise<PresetOutcome>;
}

export interface PresetOutcome {
  /** The server's exact error: `400 invalid_grant: ...`, a WWW-Authenticate header, an error page. */
  error: string;
  exchange?: HttpExchange;
}

/** What a preset can do: run steps (optionally with a changed request), call endpoints, move the clock. */
export interface PresetScript {
  step(
    stepId: string,
    change?: (draft: HttpRequestDraft) => HttpRequestDraft,
  ): Promise<StepResult | undefined>;
  send(draft: HttpRequestDraft): Promise<HttpExchange>;
  admin(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<HttpExchange>;
}

export class PresetStopped extends Error {
  override name = 'PresetStopped';
}

export function createScript(onWaiting: (waiting: boolean) => void): PresetScript {
  return {
    async step(stepId, change) {
      const step = currentFlow().steps.find((s) => s.id === stepId);
      if (!step) throw new PresetStopped(`The flow has no step ${stepId}.`);
      const draft = buildStepDraft(step);
      const result = await runStep(stepId, draft && change ? { draft: change(draft) } : {});
      if (step.kind !== 'authorize') return result;
      onWaiting(true);
      try {
        return await waitForStep(stepId);
      } finally {
        onWaiting(false);
      }
    },
    send: sendAndRecord,
    admin: (method, path, body) =>
      sendAndRecord({
        method,
        url: adminUrl(path),
        headers: body === undefined ? [] : [['Content-Type', 'application/json']],
        body: body === undefined ? null : JSON.stringify(body),
      }),
  };
}

function setQuery(draft: HttpRequestDraft, name: string, value: string | null): HttpRequestDraft {
  const url = new URL(draft.url);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  return { ...draft, url: url.href };
}

function setForm(draft: HttpRequestDraft, name: string, value: string): HttpRequestDraft {
  const body = new URLSearchParams(draft.body ?? '');
  body.set(name, value);
  return { ...draft, body: body.toString() };
}

/** Stops the preset when a step that should succeed did not. */
function expectOk(result: StepResult | undefined, what: string): void {
  if (result?.status !== 'ok')
    throw new PresetStopped(`${what} did not succeed: ${result?.message ?? 'no result'}`);
}

function failed(result: StepResult | undefined): PresetOutcome {
  const exchange = result?.exchangeId
    ? getRunSnapshot().exchanges.find((e) => e.id === result.exchangeId)
    : undefined;
  return { error: result?.message ?? 'no result', exchange };
}

function exchangeError(exchange: HttpExchange): PresetOutcome {
  const header = exchange.response.headers.find(([n]) => n.toLowerCase() === 'www-authenticate');
  const json = jsonBody(exchange);
  const base = errorMessage(exchange, json);
  return { error: header ? `${base} (WWW-Authenticate: ${header[1]})` : base, exchange };
}

/** The text of an HTML error page, for display (parsed, never rendered). */
function pageText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const main = doc.querySelector('main') ?? doc.body;
  return (main?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 400);
}

async function tokensFirst(script: PresetScript): Promise<void> {
  expectOk(await script.step('pkce'), 'Deriving the PKCE challenge');
  expectOk(await script.step('authorize'), 'The authorization');
  expectOk(await script.step('token'), 'The token request');
}

const LOGIN = 'Log in as alice@example.com / wonderland in the frame if it asks.';

export const presets: ErrorPreset[] = [
  {
    id: 'redirect-uri-mismatch',
    title: 'Redirect URI mismatch',
    flowId: 'auth-code-pkce',
    params: { redirect_uri: 'https://evil.example.com/callback' },
    cause:
      'The app sends a redirect_uri that is not registered exactly (another port, a trailing slash, http instead of https). The server shows an error page and never redirects, so a code cannot leak to an attacker’s URL (RFC 6749 §4.1.2.1).',
    async run(script) {
      expectOk(await script.step('pkce'), 'Deriving the PKCE challenge');
      const step = currentFlow().steps.find((s) => s.id === 'authorize');
      const draft = step ? buildStepDraft(step) : undefined;
      if (!draft) throw new PresetStopped('No authorize request.');
      void runStep('authorize');
      // The frame shows the page; the same request from the app gives its exact text.
      const exchange = await script.send(draft);
      return {
        error: `${exchange.response.status} ${pageText(exchange.response.body ?? '')}`,
        exchange,
      };
    },
  },
  {
    id: 'code-reused',
    title: 'Authorization code reused',
    flowId: 'auth-code-pkce',
    cause:
      'The app redeems the same code twice: a double-submitted callback, a retry after a timeout, or an attacker replaying a stolen code. The second use fails and the tokens issued from the code are revoked (RFC 6749 §4.1.2).',
    userAction: LOGIN,
    async run(script) {
      await tokensFirst(script);
      return failed(await script.step('token'));
    },
  },
  {
    id: 'wrong-verifier',
    title: 'Wrong code_verifier',
    flowId: 'auth-code-pkce',
    cause:
      'The app lost its code_verifier (stored in another tab or cleared on reload) or generated a new one before the token request; or an attacker tries a stolen code without it (RFC 7636 §4.6).',
    userAction: LOGIN,
    async run(script) {
      expectOk(await script.step('pkce'), 'Deriving the PKCE challenge');
      expectOk(await script.step('authorize'), 'The authorization');
      return failed(await script.step('token', (d) => setForm(d, 'code_verifier', 'a'.repeat(43))));
    },
  },
  {
    id: 'nonce-missing',
    title: 'Nonce missing',
    flowId: 'implicit',
    params: { response_type: 'id_token' },
    cause:
      'An app asks for an ID token from /authorize without a nonce: OpenID Connect requires one for the implicit and hybrid flows, to bind the token to the request (OIDC Core §3.2.2.1).',
    async run(script) {
      return failed(await script.step('authorize', (d) => setQuery(d, 'nonce', null)));
    },
  },
  {
    id: 'consent-declined',
    title: 'Consent declined',
    flowId: 'auth-code-pkce',
    params: { prompt: 'consent' },
    cause:
      'The user clicks Decline (or closes the consent page). The app receives access_denied at its redirect URI and should say so kindly, not loop back to login (RFC 6749 §4.1.2.1).',
    userAction: 'Log in if asked, then click Decline in the frame.',
    async run(script) {
      expectOk(await script.step('pkce'), 'Deriving the PKCE challenge');
      return failed(await script.step('authorize'));
    },
  },
  {
    id: 'prompt-none-no-session',
    title: 'prompt=none without a session',
    flowId: 'auth-code-pkce',
    params: { prompt: 'none' },
    cause:
      'Silent authentication (a hidden iframe renewing tokens) when the user has no session at the server, or third-party cookies are blocked: the server cannot show UI, so it answers login_required (OIDC Core §3.1.2.6).',
    async run(script) {
      await script.admin('DELETE', 'session');
      expectOk(await script.step('pkce'), 'Deriving the PKCE challenge');
      return failed(await script.step('authorize'));
    },
  },
  {
    id: 'expired-access-token',
    title: 'Expired access token',
    flowId: 'client-credentials',
    cause:
      'The app keeps using an access token past its exp (cached too long, or the client’s clock is wrong). The API answers 401 with error="invalid_token"; the app should refresh or get a new token (RFC 6750 §3.1).',
    async run(script) {
      expectOk(await script.step('token'), 'The token request');
      const token = getRunSnapshot().tokens.access_token;
      await script.admin('POST', 'clock', { advanceSeconds: 86_401 });
      try {
        const exchange = await script.send({
          method: 'GET',
          url: getEnvironment().endpoints.messages,
          headers: [['Authorization', `Bearer ${token}`]],
          body: null,
        });
        return exchangeError(exchange);
      } finally {
        await script.admin('POST', 'clock', { reset: true });
      }
    },
  },
  {
    id: 'insufficient-scope',
    title: 'Insufficient scope at the API',
    flowId: 'client-credentials',
    params: { scope: 'read:messages' },
    cause:
      'The token lacks the scope the API needs (here write:messages): the app asked for too little, or the user or admin granted less. The API answers 403 with error="insufficient_scope" and the scope it needs (RFC 6750 §3.1).',
    async run(script) {
      expectOk(await script.step('token'), 'The token request');
      const exchange = await script.send({
        method: 'POST',
        url: getEnvironment().endpoints.messages,
        headers: [
          ['Authorization', `Bearer ${getRunSnapshot().tokens.access_token}`],
          ['Content-Type', 'application/json'],
        ],
        body: JSON.stringify({ text: 'Hello' }),
      });
      return exchangeError(exchange);
    },
  },
  {
    id: 'rotated-refresh-reused',
    title: 'Rotated refresh token reused',
    flowId: 'auth-code-pkce',
    cause:
      'Two tabs (or a retry) use the same refresh token after it was rotated, or an attacker replays a stolen one. The server treats reuse as theft: invalid_grant, and the whole token family is revoked (RFC 9700 §4.14.2).',
    userAction: LOGIN,
    async run(script) {
      await tokensFirst(script);
      const first = getRunSnapshot().tokens.refresh_token;
      if (!first) throw new PresetStopped('No refresh token was issued (offline_access missing?).');
      const refresh = () =>
        script.send(
          clientFormDraft(flowContext(), getEnvironment().endpoints.token, {
            grant_type: 'refresh_token',
            refresh_token: first,
          }),
        );
      const rotated = await refresh();
      if (rotated.response.status !== 200) throw new PresetStopped(exchangeError(rotated).error);
      return exchangeError(await refresh());
    },
  },
  {
    id: 'device-code-expired',
    title: 'Device code expired',
    flowId: 'device',
    cause:
      'Nobody approved the device in time (device codes live 900 s here), or the device kept polling after expires_in. The device must start over with a new code (RFC 8628 §3.5).',
    async run(script) {
      expectOk(await script.step('device-code'), 'The device authorization request');
      await script.admin('POST', 'clock', { advanceSeconds: 901 });
      try {
        return failed(await script.step('poll'));
      } finally {
        await script.admin('POST', 'clock', { reset: true });
      }
    },
  },
];

/** The request object with its payload changed and its signature kept: what tampering in the browser does. */
function tamperedRequestObject(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  json.scope = `${String(json.scope ?? '')} write:messages`.trim();
  const bytes = new TextEncoder().encode(JSON.stringify(json));
  const encoded = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  return `${header}.${encoded}.${signature}`;
}

presets.push(
  {
    id: 'request-uri-reused',
    title: 'Pushed request_uri reused',
    flowId: 'auth-code-par',
    cause:
      'The app sends the browser to /authorize twice with the same request_uri (a reload, a back button, a retry), or someone replays a captured one. A pushed request works once and for at most a minute (RFC 9126 §4).',
    async run(script) {
      expectOk(await script.step('pkce'), 'Deriving the PKCE challenge');
      expectOk(await script.step('par'), 'The pushed authorization request');
      const step = currentFlow().steps.find((s) => s.id === 'authorize');
      const draft = step ? buildStepDraft(step) : undefined;
      if (!draft) throw new PresetStopped('No authorize request.');
      // The first use (its answer is the login page); then the same request_uri again.
      await script.send(draft);
      void runStep('authorize');
      const exchange = await script.send(draft);
      return { error: `${exchange.response.status} ${pageText(exchange.response.body ?? '')}`, exchange };
    },
  },
  {
    id: 'request-object-bad-signature',
    title: 'Request object with a bad signature',
    flowId: 'jar',
    cause:
      'A parameter of a signed request object was changed after signing (here scope, as an attacker in the browser would), or the app signed with a key it never registered. The signature no longer verifies: invalid_request_object (RFC 9101 §6.2).',
    async run(script) {
      expectOk(await script.step('client-key'), 'Making the key pair');
      expectOk(await script.step('register'), 'The registration');
      expectOk(await script.step('pkce'), 'Deriving the PKCE challenge');
      expectOk(await script.step('request-object'), 'Signing the request object');
      const request = getRunSnapshot().values.request ?? '';
      return failed(
        await script.step('authorize', (d) => setQuery(d, 'request', tamperedRequestObject(request))),
      );
    },
  },
  {
    id: 'client-assertion-replayed',
    title: 'Client assertion replayed',
    flowId: 'private-key-jwt',
    cause:
      'The client sends the same signed assertion twice (a cached one, a retry), or an attacker replays one it captured. Each assertion has a jti the server accepts once (RFC 7523 §3, OIDC Core §9): invalid_client.',
    async run(script) {
      expectOk(await script.step('client-key'), 'Making the key pair');
      expectOk(await script.step('register'), 'The registration');
      expectOk(await script.step('assertion'), 'Signing the client assertion');
      expectOk(await script.step('token'), 'The first token request');
      return failed(await script.step('token'));
    },
  },
);
