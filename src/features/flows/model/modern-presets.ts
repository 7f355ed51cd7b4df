import { expectOk, failed, PresetStopped, pageText, setQuery } from './preset-script.ts';
import type { ErrorPreset } from './types.ts';

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
