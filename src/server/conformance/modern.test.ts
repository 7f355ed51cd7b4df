import * as oauth from 'oauth4webapi';
import { beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../testing/harness.ts';
import { ALICE, API, authorize, type Conformance, callbackParams, REDIRECT_URI, setup } from './client.ts';

const CIBA_SECRET = 'ciba-app-secret';
const READ_WRITE = [{ type: 'messages', actions: ['read', 'write'], locations: [API] }];

/** Sends a request, and once more if the server answered use_dpop_nonce (RFC 9449 §8); oauth4webapi keeps the nonce. */
async function withNonceRetry(send: () => Promise<Response>, process: (r: Response) => Promise<unknown>) {
  let sawNonceError = false;
  try {
    return { result: await process(await send()), sawNonceError };
  } catch (error) {
    if (!oauth.isDPoPNonceError(error)) throw error;
    sawNonceError = true;
    return { result: await process(await send()), sawNonceError };
  }
}

describe.each(Object.entries(storeFactories))('conformance: modern OAuth (%s store)', (_name, makeStore) => {
  let c: Conformance;
  beforeEach(async () => {
    c = await setup(makeStore);
  });

  it('RFC 9207: discovery says iss is sent, and oauth4webapi refuses a response whose iss is another issuer', async () => {
    expect(c.as.authorization_response_iss_parameter_supported).toBe(true);
    const state = oauth.generateRandomState();
    const result = await authorize(c, c.browser(), {
      response_type: 'code',
      client_id: 'web-app',
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      state,
    });
    expect(result.url.searchParams.get('iss')).toBe(c.server.issuer);
    expect(() => oauth.validateAuthResponse(c.as, c.client('web-app'), result.url, state)).not.toThrow();
    const forged = new URL(result.url);
    forged.searchParams.set('iss', 'https://mix-up.example/');
    expect(() => oauth.validateAuthResponse(c.as, c.client('web-app'), forged, state)).toThrow(/iss/);
  });

  it('DPoP with nonces: spa code flow, the API and a refresh, each after a use_dpop_nonce round trip', async () => {
    const client = c.client('spa');
    const keyPair = await oauth.generateKeyPair('ES256');
    const dpop = oauth.DPoP(client, keyPair);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const result = await authorize(c, c.browser(), {
      response_type: 'code',
      client_id: 'spa',
      redirect_uri: REDIRECT_URI,
      scope: 'openid offline_access read:messages',
      audience: API,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const params = oauth.validateAuthResponse(c.as, client, result.url, state);
    const code = await withNonceRetry(
      () =>
        oauth.authorizationCodeGrantRequest(c.as, client, oauth.None(), params, REDIRECT_URI, verifier, {
          ...c.http,
          DPoP: dpop,
        }),
      (r) => oauth.processAuthorizationCodeResponse(c.as, client, r),
    );
    expect(code.sawNonceError).toBe(true);
    const tokens = code.result as oauth.TokenEndpointResponse;
    expect(tokens.token_type).toBe('dpop');
    const claims = await c.verify(tokens.access_token, { audience: API, typ: 'at+jwt' });
    expect((claims.cnf as { jkt: string }).jkt).toEqual(expect.any(String));

    // The API shares the token endpoint's origin, so oauth4webapi sends the nonce it already holds.
    const api = await withNonceRetry(
      () =>
        oauth.protectedResourceRequest(
          tokens.access_token,
          'GET',
          new URL('api/messages', c.server.issuer),
          new Headers(),
          null,
          { ...c.http, DPoP: dpop },
        ),
      async (r) => r,
    );
    expect((api.result as Response).status).toBe(200);

    const refresh = await withNonceRetry(
      () =>
        oauth.refreshTokenGrantRequest(c.as, client, oauth.None(), tokens.refresh_token ?? '', {
          ...c.http,
          DPoP: dpop,
        }),
      (r) => oauth.processRefreshTokenResponse(c.as, client, r),
    );
    expect((refresh.result as oauth.TokenEndpointResponse).token_type).toBe('dpop');
    // Without the key, the refresh token is worthless.
    const response = await oauth.refreshTokenGrantRequest(
      c.as,
      client,
      oauth.None(),
      (refresh.result as oauth.TokenEndpointResponse).refresh_token ?? '',
      c.http,
    );
    await expect(oauth.processRefreshTokenResponse(c.as, client, response)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('DPoP without nonces: m2m client credentials, then Bearer use of the bound token is refused', async () => {
    const client = c.client('m2m');
    const dpop = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
    const response = await oauth.clientCredentialsGrantRequest(
      c.as,
      client,
      oauth.ClientSecretBasic('m2m-secret'),
      { audience: API },
      { ...c.http, DPoP: dpop },
    );
    const tokens = await oauth.processClientCredentialsResponse(c.as, client, response);
    expect(tokens.token_type).toBe('dpop');
    const url = new URL('api/messages', c.server.issuer);
    const ok = await oauth.protectedResourceRequest(tokens.access_token, 'GET', url, new Headers(), null, {
      ...c.http,
      DPoP: dpop,
    });
    expect(ok.status).toBe(200);
    const bearer = oauth.protectedResourceRequest(
      tokens.access_token,
      'GET',
      url,
      new Headers(),
      null,
      c.http,
    );
    await expect(bearer).rejects.toMatchObject({
      status: 401,
      cause: [
        expect.objectContaining({
          scheme: 'dpop',
          parameters: expect.objectContaining({ error: 'invalid_token' }),
        }),
      ],
    });
  });

  it('RAR: authorization_details through /authorize come back in the token response', async () => {
    const client = c.client('web-app');
    const state = oauth.generateRandomState();
    const result = await authorize(c, c.browser(), {
      response_type: 'code',
      client_id: 'web-app',
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      state,
      authorization_details: JSON.stringify(READ_WRITE),
    });
    expect(result.sawConsent).toBe(true);
    const params = oauth.validateAuthResponse(c.as, client, result.url, state);
    const response = await oauth.authorizationCodeGrantRequest(
      c.as,
      client,
      oauth.ClientSecretBasic('web-app-secret'),
      params,
      REDIRECT_URI,
      oauth.nopkce,
      c.http,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(c.as, client, response);
    expect(tokens.authorization_details).toEqual(READ_WRITE);
    const claims = await c.verify(tokens.access_token, { audience: API });
    expect(claims.authorization_details).toEqual(READ_WRITE);
  });

  it('hybrid: code id_token validated by oauth4webapi (signature, nonce, c_hash)', async () => {
    const client = c.client('hybrid-app');
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const result = await authorize(c, c.browser(), {
      response_type: 'code id_token',
      client_id: 'hybrid-app',
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile',
      state,
      nonce,
    });
    expect(result.url.hash).not.toBe('');
    const params = await oauth.validateCodeIdTokenResponse(
      c.as,
      client,
      callbackParams(result.url),
      nonce,
      state,
      undefined,
      c.http,
    );
    const response = await oauth.authorizationCodeGrantRequest(
      c.as,
      client,
      oauth.ClientSecretBasic('hybrid-app-secret'),
      params,
      REDIRECT_URI,
      oauth.nopkce,
      c.http,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(c.as, client, response, {
      expectedNonce: nonce,
    });
    expect(oauth.getValidatedIdTokenClaims(tokens)?.sub).toBe(ALICE.id);
  });

  it('CIBA poll mode: pending, then tokens after the user approves on the authentication device', async () => {
    const client = c.client('ciba-app');
    const auth = oauth.ClientSecretBasic(CIBA_SECRET);
    const start = await oauth.backchannelAuthenticationRequest(
      c.as,
      client,
      auth,
      { scope: 'openid profile', login_hint: ALICE.email, binding_message: 'A1B2' },
      c.http,
    );
    const request = await oauth.processBackchannelAuthenticationResponse(c.as, client, start);
    expect(request.interval).toBe(5);
    const poll = () =>
      oauth.backchannelAuthenticationGrantRequest(c.as, client, auth, request.auth_req_id, c.http);
    await expect(
      oauth.processBackchannelAuthenticationGrantResponse(c.as, client, await poll()),
    ).rejects.toMatchObject({
      error: 'authorization_pending',
    });
    const device = c.browser();
    await device.navigate(new URL('authentication-device', c.server.issuer));
    await device.fill('Email', ALICE.email).fill('Password', ALICE.password).press('Log in');
    expect(device.text).toContain('A1B2');
    await device.press('Approve');
    c.advance(6);
    const tokens = await oauth.processBackchannelAuthenticationGrantResponse(c.as, client, await poll());
    expect(oauth.getValidatedIdTokenClaims(tokens)?.sub).toBe(ALICE.id);
  });
});
