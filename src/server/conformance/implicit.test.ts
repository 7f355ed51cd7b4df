import * as oauth from 'oauth4webapi';
import { beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../testing/harness.ts';
import {
  ALICE,
  API,
  authorize,
  authorizeUrl,
  type Conformance,
  callbackParams,
  leftHalfSha256,
  REDIRECT_URI,
  setup,
} from './client.ts';

// oauth4webapi does not implement the implicit flow (RFC 9700 §2.1.2 deprecates it), so the fragment
// is read here and the JWTs are checked with jose against the published JWKS.
describe.each(Object.entries(storeFactories))('conformance: implicit (%s store)', (_name, makeStore) => {
  let c: Conformance;
  beforeEach(async () => {
    c = await setup(makeStore);
  });

  const base = { client_id: 'spa', redirect_uri: REDIRECT_URI, audience: API };

  it('response_type=token: an access token in the fragment, no refresh token even with offline_access', async () => {
    const { url } = await authorize(c, c.browser(), {
      ...base,
      response_type: 'token',
      scope: 'openid offline_access read:messages',
      state: 't',
    });
    expect(url.search).toBe('');
    const params = callbackParams(url);
    expect(params.get('state')).toBe('t');
    expect(params.get('token_type')).toBe('Bearer');
    expect(Number(params.get('expires_in'))).toBe(86400);
    expect(params.get('refresh_token')).toBeNull(); // seed: never for implicit
    expect(params.get('id_token')).toBeNull();
    const claims = await c.verify(params.get('access_token') ?? '', { audience: API, typ: 'at+jwt' });
    expect(claims.sub).toBe(ALICE.id);
    expect(claims.azp).toBe('spa');
  });

  it('response_type=id_token: an ID token with the nonce and without at_hash', async () => {
    const nonce = oauth.generateRandomNonce();
    const { url } = await authorize(c, c.browser(), {
      ...base,
      response_type: 'id_token',
      scope: 'openid email',
      state: 'i',
      nonce,
    });
    const params = callbackParams(url);
    expect(params.get('access_token')).toBeNull();
    const claims = await c.verify(params.get('id_token') ?? '', { audience: 'spa' });
    expect(claims).toMatchObject({ sub: ALICE.id, nonce, email: ALICE.email, email_verified: true });
    expect(claims.at_hash).toBeUndefined();
  });

  it('response_type=id_token token: at_hash is the left half of SHA-256 of the access token', async () => {
    const nonce = oauth.generateRandomNonce();
    const { url } = await authorize(c, c.browser(), {
      ...base,
      response_type: 'id_token token',
      scope: 'openid profile read:messages',
      state: 'b',
      nonce,
    });
    const params = callbackParams(url);
    const accessToken = params.get('access_token') ?? '';
    const claims = await c.verify(params.get('id_token') ?? '', { audience: 'spa' });
    // OIDC Core §3.2.2.10: at_hash is REQUIRED when an access token is issued with the ID token.
    expect(claims.at_hash).toBe(await leftHalfSha256(accessToken));
    expect(claims.nonce).toBe(nonce);
    expect(claims.name).toBe('Alice Liddell');
    await c.verify(accessToken, { audience: API, typ: 'at+jwt' });
  });

  it('response_mode=form_post carries the tokens in a self-posting form, not in the URL', async () => {
    const ua = c.browser();
    const { url } = await authorize(c, ua, {
      ...base,
      response_type: 'id_token token',
      scope: 'openid',
      state: 'fp',
      nonce: 'n-fp',
      response_mode: 'form_post',
    });
    expect(url.hash).toBe('');
    expect(url.searchParams.get('access_token')).toBeNull();
    const [form] = ua.forms;
    expect(form.action.href).toBe(REDIRECT_URI);
    expect(form.method).toBe('POST');
    const fields = Object.fromEntries(form.fields.map((f) => [f.name, f.value]));
    expect(fields.state).toBe('fp');
    const claims = await c.verify(fields.id_token, { audience: 'spa' });
    expect(claims.at_hash).toBe(await leftHalfSha256(fields.access_token));
  });

  it('id_token without a nonce is invalid_request, sent in the fragment', async () => {
    const page = await c
      .browser()
      .navigate(authorizeUrl(c, { ...base, response_type: 'id_token', scope: 'openid', state: 'nn' }));
    expect(page.url.search).toBe('');
    const params = callbackParams(page.url);
    expect(params.get('error')).toBe('invalid_request'); // OIDC Core §3.2.2.1: nonce REQUIRED
    expect(params.get('state')).toBe('nn');
  });

  it('response_mode=query is refused for a token response (RFC 9700 / OAuth Multiple Response Types §5)', async () => {
    // Whatever the server decides, the access token must never appear in a query string.
    const { url } = await authorize(c, c.browser(), {
      ...base,
      response_type: 'token',
      scope: 'openid',
      state: 'q',
      response_mode: 'query',
    });
    expect(url.searchParams.get('access_token')).toBeNull();
  });
});
