/**
 * Conformance with an independent client library: oauth4webapi registers clients (RFC 7591),
 * pushes authorization requests (RFC 9126), signs request objects (RFC 9101) and authenticates
 * with private_key_jwt (RFC 7523), against the core on both stores.
 */
import { exportJWK, generateKeyPair } from 'jose';
import * as oauth from 'oauth4webapi';
import { beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../testing/harness.ts';
import { ALICE, API, authorize, type Conformance, callbackParams, REDIRECT_URI, setup } from './client.ts';

type Alg = 'RS256' | 'PS256' | 'ES256';

async function keyPair(alg: Alg) {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const kid = `key-${alg.toLowerCase()}`;
  return {
    private: { key: privateKey, kid } satisfies oauth.PrivateKey,
    jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' },
  };
}

async function register(c: Conformance, metadata: Partial<oauth.OmitSymbolProperties<oauth.Client>>) {
  const response = await oauth.dynamicClientRegistrationRequest(c.as, metadata, c.http);
  const registered = await oauth.processDynamicClientRegistrationResponse(response);
  return {
    ...registered,
    [oauth.clockSkew]: c.client(registered.client_id)[oauth.clockSkew],
  } as oauth.Client;
}

describe.each(Object.entries(storeFactories))(
  'conformance: registration, PAR, JAR, private_key_jwt (%s store)',
  (_name, makeStore) => {
    let c: Conformance;
    beforeEach(async () => {
      c = await setup(makeStore);
    });

    it('discovery advertises every piece', () => {
      expect(c.as).toMatchObject({
        registration_endpoint: `${c.server.issuer}oidc/register`,
        pushed_authorization_request_endpoint: `${c.server.issuer}oauth/par`,
        request_parameter_supported: true,
        request_object_signing_alg_values_supported: ['RS256', 'PS256', 'ES256'],
        token_endpoint_auth_signing_alg_values_supported: ['RS256', 'PS256', 'ES256'],
      });
      expect(c.as.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    });

    it.each(['RS256', 'PS256', 'ES256'] as const)(
      'a %s private_key_jwt client registered for PAR only: PAR + PKCE S256, code, tokens, refresh, introspection, revocation',
      async (alg) => {
        const key = await keyPair(alg);
        const client = await register(c, {
          client_name: `FAPI-style ${alg}`,
          redirect_uris: [REDIRECT_URI],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: 'private_key_jwt',
          jwks: { keys: [key.jwk] },
          require_pushed_authorization_requests: true,
        });
        expect(client.token_endpoint_auth_method).toBe('private_key_jwt');
        expect(client.client_secret).toBeUndefined();
        const auth = oauth.PrivateKeyJwt(key.private);
        const verifier = oauth.generateRandomCodeVerifier();
        const nonce = oauth.generateRandomNonce();
        const state = oauth.generateRandomState();
        const par = await oauth.pushedAuthorizationRequest(
          c.as,
          client,
          auth,
          {
            response_type: 'code',
            redirect_uri: REDIRECT_URI,
            scope: 'openid email offline_access read:messages',
            audience: API,
            state,
            nonce,
            code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
            code_challenge_method: 'S256',
          },
          c.http,
        );
        const pushed = await oauth.processPushedAuthorizationResponse(c.as, client, par);
        expect(pushed.expires_in).toBe(60);
        const ua = c.browser();
        const result = await authorize(c, ua, {
          client_id: client.client_id,
          request_uri: pushed.request_uri,
        });
        expect(result.sawLogin).toBe(true);
        const params = oauth.validateAuthResponse(c.as, client, result.url, state);
        const response = await oauth.authorizationCodeGrantRequest(
          c.as,
          client,
          auth,
          params,
          REDIRECT_URI,
          verifier,
          c.http,
        );
        const tokens = await oauth.processAuthorizationCodeResponse(c.as, client, response, {
          expectedNonce: nonce,
          requireIdToken: true,
        });
        expect(oauth.getValidatedIdTokenClaims(tokens)).toMatchObject({
          sub: ALICE.id,
          aud: client.client_id,
        });
        const access = await c.verify(tokens.access_token, { audience: API, typ: 'at+jwt' });
        expect(access).toMatchObject({ azp: client.client_id, sub: ALICE.id });

        const refreshed = await oauth.processRefreshTokenResponse(
          c.as,
          client,
          await oauth.refreshTokenGrantRequest(c.as, client, auth, tokens.refresh_token ?? '', c.http),
        );
        expect(refreshed.access_token).toEqual(expect.any(String));
        const introspection = await oauth.processIntrospectionResponse(
          c.as,
          client,
          await oauth.introspectionRequest(c.as, client, auth, refreshed.access_token, c.http),
        );
        expect(introspection).toMatchObject({ active: true, client_id: client.client_id });
        const revoked = await oauth.revocationRequest(c.as, client, auth, tokens.refresh_token ?? '', c.http);
        await oauth.processRevocationResponse(revoked);

        // The pushed request was used: the same request_uri again is refused. The client has one
        // registered redirect URI, so the error goes there (RFC 6749 section 3.1.2.3).
        const again = await c
          .browser()
          .navigate(
            `${c.as.authorization_endpoint}?${new URLSearchParams({ client_id: client.client_id, request_uri: pushed.request_uri })}`,
          );
        expect(Object.fromEntries(callbackParams(again.url))).toEqual({
          error: 'invalid_request_uri',
          error_description:
            'The request_uri was already used: a pushed request works once (RFC 9126 section 4).',
          iss: c.server.issuer,
        });
        // And a plain /authorize is refused for this client.
        const plain = await c.browser().navigate(
          `${c.as.authorization_endpoint}?${new URLSearchParams({
            client_id: client.client_id,
            response_type: 'code',
            redirect_uri: REDIRECT_URI,
            code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
            code_challenge_method: 'S256',
          })}`,
        );
        expect(callbackParams(plain.url).get('error')).toBe('invalid_request');
      },
    );

    it('a signed request object (JAR) with client_id beside it, for a secret client with registered keys', async () => {
      const key = await keyPair('ES256');
      const client = await register(c, {
        redirect_uris: [REDIRECT_URI],
        jwks: { keys: [key.jwk] },
      });
      expect(client.token_endpoint_auth_method).toBe('client_secret_basic');
      const state = oauth.generateRandomState();
      const request = await oauth.issueRequestObject(
        c.as,
        client,
        { response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid profile', state },
        key.private,
      );
      const ua = c.browser();
      const result = await authorize(c, ua, { client_id: client.client_id, request });
      const params = oauth.validateAuthResponse(c.as, client, result.url, state);
      const auth = oauth.ClientSecretBasic(client.client_secret as string);
      const tokens = await oauth.processAuthorizationCodeResponse(
        c.as,
        client,
        await oauth.authorizationCodeGrantRequest(
          c.as,
          client,
          auth,
          params,
          REDIRECT_URI,
          oauth.nopkce,
          c.http,
        ),
        { requireIdToken: true },
      );
      expect(oauth.getValidatedIdTokenClaims(tokens)?.name).toBe('Alice Liddell');
    });

    it('a request object pushed by a public client (PAR + JAR), and web-app and spa pushing plain requests', async () => {
      const key = await keyPair('RS256');
      const client = await register(c, {
        redirect_uris: [REDIRECT_URI],
        token_endpoint_auth_method: 'none',
        jwks: { keys: [key.jwk] },
      });
      const verifier = oauth.generateRandomCodeVerifier();
      const request = await oauth.issueRequestObject(
        c.as,
        client,
        {
          response_type: 'code',
          redirect_uri: REDIRECT_URI,
          scope: 'openid',
          code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
        },
        key.private,
      );
      const pushed = await oauth.processPushedAuthorizationResponse(
        c.as,
        client,
        await oauth.pushedAuthorizationRequest(c.as, client, oauth.None(), { request }, c.http),
      );
      const result = await authorize(c, c.browser(), {
        client_id: client.client_id,
        request_uri: pushed.request_uri,
      });
      const params = oauth.validateAuthResponse(c.as, client, result.url, oauth.expectNoState);
      const tokens = await oauth.processAuthorizationCodeResponse(
        c.as,
        client,
        await oauth.authorizationCodeGrantRequest(
          c.as,
          client,
          oauth.None(),
          params,
          REDIRECT_URI,
          verifier,
          c.http,
        ),
      );
      expect(tokens.token_type).toBe('bearer');

      for (const [clientId, auth] of [
        ['web-app', oauth.ClientSecretBasic('web-app-secret')],
        ['spa', oauth.None()],
      ] as const) {
        const demo = c.client(clientId);
        const demoVerifier = oauth.generateRandomCodeVerifier();
        const demoPush = await oauth.processPushedAuthorizationResponse(
          c.as,
          demo,
          await oauth.pushedAuthorizationRequest(
            c.as,
            demo,
            auth,
            {
              response_type: 'code',
              redirect_uri: REDIRECT_URI,
              scope: 'openid',
              code_challenge: await oauth.calculatePKCECodeChallenge(demoVerifier),
              code_challenge_method: 'S256',
            },
            c.http,
          ),
        );
        const demoResult = await authorize(c, c.browser(), {
          client_id: clientId,
          request_uri: demoPush.request_uri,
        });
        const demoParams = oauth.validateAuthResponse(c.as, demo, demoResult.url, oauth.expectNoState);
        const demoTokens = await oauth.processAuthorizationCodeResponse(
          c.as,
          demo,
          await oauth.authorizationCodeGrantRequest(
            c.as,
            demo,
            auth,
            demoParams,
            REDIRECT_URI,
            demoVerifier,
            c.http,
          ),
        );
        expect(demoTokens.id_token).toEqual(expect.any(String));
      }
    });

    it('client credentials with private_key_jwt; a replayed assertion (same jti) is invalid_client', async () => {
      const key = await keyPair('PS256');
      const client = await register(c, {
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [key.jwk] },
      });
      const fixedJti = oauth.PrivateKeyJwt(key.private, {
        [oauth.modifyAssertion]: (_header, payload) => {
          payload.jti = 'the-same-jti';
        },
      });
      const first = await oauth.processClientCredentialsResponse(
        c.as,
        client,
        await oauth.clientCredentialsGrantRequest(c.as, client, fixedJti, { audience: API }, c.http),
      );
      expect(await c.verify(first.access_token, { audience: API })).toMatchObject({
        sub: `${client.client_id}@clients`,
        scope: 'read:messages write:messages',
      });
      const replay = await oauth.clientCredentialsGrantRequest(
        c.as,
        client,
        fixedJti,
        { audience: API },
        c.http,
      );
      await expect(oauth.processClientCredentialsResponse(c.as, client, replay)).rejects.toMatchObject({
        status: 401,
        error: 'invalid_client',
        error_description:
          'The client assertion was used before (same jti): make a new assertion for every request.',
      });
      // A key the client did not register.
      const other = await keyPair('PS256');
      const foreign = await oauth.clientCredentialsGrantRequest(
        c.as,
        client,
        oauth.PrivateKeyJwt({ ...other.private, kid: key.private.kid }),
        { audience: API },
        c.http,
      );
      await expect(oauth.processClientCredentialsResponse(c.as, client, foreign)).rejects.toMatchObject({
        status: 401,
        error: 'invalid_client',
      });
    });

    it('registration and PAR errors reach the library as RFC errors', async () => {
      await expect(
        oauth.processDynamicClientRegistrationResponse(
          await oauth.dynamicClientRegistrationRequest(
            c.as,
            { redirect_uris: ['javascript:alert(1)'] },
            c.http,
          ),
        ),
      ).rejects.toMatchObject({ status: 400, error: 'invalid_redirect_uri' });
      const web = c.client('web-app');
      await expect(
        oauth.processPushedAuthorizationResponse(
          c.as,
          web,
          await oauth.pushedAuthorizationRequest(
            c.as,
            web,
            oauth.ClientSecretBasic('web-app-secret'),
            { response_type: 'code', redirect_uri: 'https://evil.example/cb' },
            c.http,
          ),
        ),
      ).rejects.toMatchObject({ status: 400, error: 'invalid_request' });
    });
  },
);
