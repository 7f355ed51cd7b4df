import { expectOk, failed, LOGIN_HINT, PresetStopped, pageText, setQuery, stepsOk } from './preset-script.ts';
import type { ErrorPreset, PresetScript } from './types.ts';

/** The request object with its payload changed and its signature kept: what tampering in the browser does. */
function tamperedRequestObject(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  const json = JSON.parse(atob((payload ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as Record<
    string,
    unknown
  >;
  json.scope = `${String(json.scope ?? '')} write:messages`.trim();
  const bytes = new TextEncoder().encode(JSON.stringify(json));
  const encoded = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  return `${header}.${encoded}.${signature}`;
}

export const requestUriReused: ErrorPreset = {
  id: 'request-uri-reused',
  title: 'Pushed request_uri reused',
  cause:
    'The app sends the browser to /authorize twice with the same request_uri (a reload, a back button, a retry), or someone replays a captured one. A pushed request works once and for at most a minute (RFC 9126 §4).',
  async run(script) {
    expectOk(await script.step('pkce'), 'Deriving the PKCE challenge');
    expectOk(await script.step('par'), 'The pushed authorization request');
    const draft = script.draft('authorize');
    if (!draft) throw new PresetStopped('No authorize request.');
    // The first use (its answer is the login page); then the same request_uri again.
    await script.send(draft);
    script.begin('authorize');
    const exchange = await script.send(draft);
    return { error: `${exchange.response.status} ${pageText(exchange.response.body ?? '')}`, exchange };
  },
};

export const requestObjectBadSignature: ErrorPreset = {
  id: 'request-object-bad-signature',
  title: 'Request object with a bad signature',
  cause:
    'A parameter of a signed request object was changed after signing (here scope, as an attacker in the browser would), or the app signed with a key it never registered. The signature no longer verifies: invalid_request_object (RFC 9101 §6.2).',
  async run(script) {
    expectOk(await script.step('client-key'), 'Making the key pair');
    expectOk(await script.step('register'), 'The registration');
    expectOk(await script.step('pkce'), 'Deriving the PKCE challenge');
    expectOk(await script.step('request-object'), 'Signing the request object');
    const request = script.context().values.request ?? '';
    return failed(
      await script.step('authorize', (d) => setQuery(d, 'request', tamperedRequestObject(request))),
    );
  },
};

export const clientAssertionReplayed: ErrorPreset = {
  id: 'client-assertion-replayed',
  title: 'Client assertion replayed',
  cause:
    'The client sends the same signed assertion twice (a cached one, a retry), or an attacker replays one it captured. Each assertion has a jti the server accepts once (RFC 7523 §3, OIDC Core §9): invalid_client.',
  async run(script) {
    expectOk(await script.step('client-key'), 'Making the key pair');
    expectOk(await script.step('register'), 'The registration');
    expectOk(await script.step('assertion'), 'Signing the client assertion');
    expectOk(await script.step('token'), 'The first token request');
    return failed(await script.step('token'));
  },
};

/** The backchannel request of the CIBA flow, which every CIBA preset starts with. */
async function backchannelRequest(script: PresetScript): Promise<void> {
  expectOk(await script.step('bc-authorize'), 'The backchannel authentication request');
}

export const cibaDenied: ErrorPreset = {
  id: 'ciba-denied',
  title: 'CIBA request denied',
  cause:
    'The person said no on their authentication device: they did not start this sign-in, or the binding message did not match the one the app showed. The next poll is access_denied and the auth_req_id is finished (CIBA Core §11).',
  userAction:
    'In the authentication device pane, log in as alice@example.com / wonderland if it asks, then press Deny.',
  async run(script) {
    await backchannelRequest(script);
    expectOk(await script.step('authenticate'), 'Opening the authentication device');
    const result = await script.poll('poll');
    if (result?.status === 'ok')
      throw new PresetStopped('The request was approved: press Deny to see the error.');
    return failed(result);
  },
};

export const cibaUnknownUser: ErrorPreset = {
  id: 'ciba-unknown-user',
  title: 'CIBA login_hint names nobody',
  params: { login_hint: 'nobody@example.com' },
  cause:
    'The app named a user the server does not know: a typo in the email, a user of another tenant, or a deleted account. The backchannel request is refused at once with unknown_user_id, and no device is asked (CIBA Core §13).',
  async run(script) {
    return failed(await script.step('bc-authorize'));
  },
};

export const cibaSlowDown: ErrorPreset = {
  id: 'ciba-slow-down',
  title: 'CIBA polling too fast',
  cause:
    'The app polled again before the interval had passed (a retry loop without a wait). The server answers slow_down and raises the interval by 5 s, which the app must respect from then on (CIBA Core §11).',
  async run(script) {
    await backchannelRequest(script);
    await script.step('poll');
    return failed(await script.step('poll'));
  },
};

export const cibaExpired: ErrorPreset = {
  id: 'ciba-expired',
  title: 'CIBA auth_req_id expired',
  cause:
    'Nobody approved in time (requests live 300 s here, less with requested_expiry), or the app kept polling after expires_in. The app must start a new backchannel request (CIBA Core §11 expired_token).',
  async run(script) {
    await backchannelRequest(script);
    // The server's clock moves past expires_in (BACKCHANNEL_LIFETIME, 300 s).
    await script.admin('POST', 'clock', { advanceSeconds: 301 });
    try {
      return failed(await script.step('poll'));
    } finally {
      await script.admin('POST', 'clock', { reset: true });
    }
  },
};

export const rarUnknownType: ErrorPreset = {
  id: 'rar-unknown-type',
  title: 'Unknown authorization_details type',
  params: {
    authorization_details: JSON.stringify(
      [
        {
          type: 'payment_initiation',
          actions: ['initiate'],
          instructedAmount: { currency: 'EUR', amount: '12.00' },
        },
      ],
      null,
      2,
    ),
  },
  cause:
    'The app asks for a type of authorization the server does not support (a typo, or a type of another server; discovery lists authorization_details_types_supported). The server refuses the whole request: invalid_authorization_details (RFC 9396 §5).',
  async run(script) {
    expectOk(await script.step('pkce'), 'Deriving the PKCE challenge');
    return failed(await script.step('authorize'));
  },
};

export const rarWriteWithReadOnly: ErrorPreset = {
  id: 'rar-write-read-only',
  title: 'Write at the API with only read granted',
  params: {
    authorization_details: JSON.stringify(
      [{ type: 'messages', actions: ['read'], locations: ['https://api.example.com'] }],
      null,
      2,
    ),
  },
  cause:
    'The user consented to read only, or the app asked for less than it later tries. The token’s authorization_details allow reading; the API refuses the write with 403 insufficient_scope (RFC 9396 §9: the resource server enforces what was granted).',
  userAction: LOGIN_HINT,
  async run(script) {
    await stepsOk(script, [
      ['pkce', 'Deriving the PKCE challenge'],
      ['authorize', 'The authorization'],
      ['token', 'The token request'],
      ['api-read', 'Reading messages'],
    ]);
    return failed(await script.step('api-write'));
  },
};

export const hybridNonceMissing: ErrorPreset = {
  id: 'hybrid-nonce-missing',
  title: 'Hybrid without a nonce',
  cause:
    'The app starts a hybrid flow without a nonce. ID tokens from the authorization endpoint could then be replayed, so OpenID Connect requires it for every hybrid response type (OIDC Core §3.3.2.11): invalid_request.',
  async run(script) {
    return failed(await script.step('authorize', (d) => setQuery(d, 'nonce', null)));
  },
};

export const hybridQueryMode: ErrorPreset = {
  id: 'hybrid-query-mode',
  title: 'Hybrid with response_mode=query',
  params: { response_mode: 'query' },
  cause:
    'The app asks for tokens in the query string, where server logs, browser history and Referer headers would keep them. Tokens from the authorization endpoint never go in a query (OAuth 2.0 Multiple Response Types §5): invalid_request, sent in the fragment.',
  async run(script) {
    return failed(await script.step('authorize'));
  },
};
