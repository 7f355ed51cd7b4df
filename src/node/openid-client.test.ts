import { once } from 'node:events';
import { createServer } from 'node:net';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeHost, startNodeHost } from './host.ts';

/**
 * panva's openid-client (the certified RP library most Node apps use) against `npm run server`,
 * unmodified: discovery, client credentials, authorization code with PKCE and the ID token
 * checks it makes, userinfo, refresh, introspection and revocation.
 */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const REDIRECT_URI = 'http://localhost:3000/callback';
const API = 'https://api.example.com';
const insecure = { execute: [client.allowInsecureRequests] };

/** A browser's part: follows /authorize through the login and consent forms to the redirect URI. */
async function browse(start: URL): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = start.href;
  let init: RequestInit = {};
  for (let hop = 0; hop < 12; hop++) {
    const cookie = [...cookies].map(([n, v]) => `${n}=${v}`).join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, Cookie: cookie },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) cookies.set(name.trim(), value.join('='));
    }
    init = {};
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(REDIRECT_URI)) return next;
      url = next.href;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    if (!action) throw new Error(`no form at ${url} (${response.status})`);
    url = new URL(action, url).href;
    const body = /name="password"/.test(html)
      ? 'email=alice%40example.com&password=wonderland'
      : 'decision=accept';
    init = { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body };
  }
  throw new Error('too many hops');
}

describe('openid-client 6 against the Node host', () => {
  let host: NodeHost;
  let issuer: URL;
  beforeAll(async () => {
    host = await startNodeHost({ port: await freePort() });
    issuer = new URL(host.url);
  });
  afterAll(async () => {
    await host.close();
  });

  it('client credentials for the API', async () => {
    const config = await client.discovery(issuer, 'm2m', 'm2m-secret', undefined, insecure);
    const tokens = await client.clientCredentialsGrant(config, { audience: API, scope: 'read:messages' });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.scope).toBe('read:messages');
    const introspected = await client.tokenIntrospection(config, tokens.access_token);
    expect(introspected.active).toBe(true);
  });

  it('authorization code with PKCE, ID token checks, userinfo, refresh and revocation', async () => {
    const config = await client.discovery(issuer, 'web-app', 'web-app-secret', undefined, insecure);
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const authorizeUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile email offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const callback = await browse(authorizeUrl);
    // openid-client checks state, the RFC 9207 iss parameter, the ID token's signature, iss, aud,
    // azp, nonce, iat and exp, and sends the code_verifier.
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    expect(claims?.sub).toBe('auth0|alice');
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims?.sub ?? '');
    expect(userinfo.email).toBe('alice@example.com');

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    await client.tokenRevocation(config, refreshed.refresh_token ?? tokens.refresh_token ?? '');
    await expect(
      client.refreshTokenGrant(config, refreshed.refresh_token ?? tokens.refresh_token ?? ''),
    ).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});
