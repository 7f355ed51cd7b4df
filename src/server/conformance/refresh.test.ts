import * as oauth from 'oauth4webapi';
import { beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../testing/harness.ts';
import { ALICE, API, authorize, type Conformance, clientAuth, REDIRECT_URI, setup } from './client.ts';

describe.each(Object.entries(storeFactories))(
  'conformance: refresh tokens (%s store)',
  (_name, makeStore) => {
    let c: Conformance;
    beforeEach(async () => {
      c = await setup(makeStore);
    });

    const spaTokens = async (scope = 'openid offline_access read:messages write:messages') => {
      const client = c.client('spa');
      const verifier = oauth.generateRandomCodeVerifier();
      const { url } = await authorize(c, c.browser(), {
        response_type: 'code',
        client_id: 'spa',
        redirect_uri: REDIRECT_URI,
        scope,
        audience: API,
        state: 'r',
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      const params = oauth.validateAuthResponse(c.as, client, url, 'r');
      return oauth.processAuthorizationCodeResponse(
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
    };

    const refresh = (clientId: string, refreshToken: string, scope?: string) =>
      oauth.refreshTokenGrantRequest(c.as, c.client(clientId), clientAuth(clientId), refreshToken, {
        ...c.http,
        additionalParameters: scope ? { scope } : undefined,
      });

    it('spa (rotating): each refresh returns a new refresh token and fresh, verifiable tokens', async () => {
      const first = await spaTokens();
      c.advance(60);
      const response = await refresh('spa', first.refresh_token ?? '');
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const second = await oauth.processRefreshTokenResponse(c.as, c.client('spa'), response);
      expect(second.refresh_token).toEqual(expect.any(String));
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(second.access_token).not.toBe(first.access_token);
      const claims = await c.verify(second.access_token, { audience: API, typ: 'at+jwt' });
      expect(claims.sub).toBe(ALICE.id);
      expect(claims.iat).toBe(c.now());
      const id = await c.verify(second.id_token ?? '', { audience: 'spa' });
      expect(id.sub).toBe(ALICE.id);
    });

    it('spa: reusing a rotated refresh token is invalid_grant and revokes the whole family (RFC 9700 §4.14)', async () => {
      const first = await spaTokens();
      const second = await oauth.processRefreshTokenResponse(
        c.as,
        c.client('spa'),
        await refresh('spa', first.refresh_token ?? ''),
      );
      const reuse = await refresh('spa', first.refresh_token ?? '');
      expect(reuse.status).toBe(400);
      expect((await reuse.json()).error).toBe('invalid_grant');
      // The newest token of the family is revoked too.
      const latest = await refresh('spa', second.refresh_token ?? '');
      expect(latest.status).toBe(400);
      expect((await latest.json()).error).toBe('invalid_grant');
    });

    it('a narrower scope is granted; a wider one is invalid_scope (RFC 6749 §6)', async () => {
      const first = await spaTokens();
      const narrower = await oauth.processRefreshTokenResponse(
        c.as,
        c.client('spa'),
        await refresh('spa', first.refresh_token ?? '', 'openid offline_access read:messages'),
      );
      expect(narrower.scope?.split(' ').sort()).toEqual(['offline_access', 'openid', 'read:messages']);
      expect((await c.verify(narrower.access_token, { audience: API })).scope).not.toContain(
        'write:messages',
      );
      const wider = await refresh(
        'spa',
        narrower.refresh_token ?? '',
        'openid offline_access read:messages email',
      );
      expect(wider.status).toBe(400);
      expect((await wider.json()).error).toBe('invalid_scope');
    });

    it('web-app (not rotating): the refresh token stays valid; another client may not use it', async () => {
      const first = await oauth.processGenericTokenEndpointResponse(
        c.as,
        c.client('web-app'),
        await oauth.genericTokenEndpointRequest(
          c.as,
          c.client('web-app'),
          clientAuth('web-app'),
          'password',
          { username: ALICE.email, password: ALICE.password, scope: 'openid offline_access', audience: API },
          c.http,
        ),
      );
      const rt = first.refresh_token ?? '';
      expect(rt).not.toBe('');
      for (let i = 0; i < 2; i++) {
        const response = await refresh('web-app', rt);
        expect(response.status).toBe(200);
        const tokens = await oauth.processRefreshTokenResponse(c.as, c.client('web-app'), response);
        expect(tokens.refresh_token === undefined || tokens.refresh_token === rt).toBe(true);
      }
      const stolen = await refresh('spa', rt);
      expect(stolen.status).toBe(400);
      expect((await stolen.json()).error).toBe('invalid_grant'); // RFC 6749 §6: bound to the client
    });

    it('an unknown refresh token is invalid_grant', async () => {
      const response = await refresh('spa', 'not-a-token');
      expect(response.status).toBe(400);
      expect((await response.json()).error).toBe('invalid_grant');
    });
  },
);
