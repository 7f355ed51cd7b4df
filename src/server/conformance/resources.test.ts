import * as oauth from 'oauth4webapi';
import { beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../testing/harness.ts';
import {
  ALICE,
  API,
  authorize,
  authorizeUrl,
  BOB,
  type Conformance,
  clientAuth,
  REDIRECT_URI,
  setup,
} from './client.ts';

describe.each(Object.entries(storeFactories))(
  'conformance: userinfo, revoke, introspect, logout, API (%s store)',
  (_name, makeStore) => {
    let c: Conformance;
    beforeEach(async () => {
      c = await setup(makeStore);
    });

    const passwordTokens = async (
      scope: string,
      options: { audience?: string; user?: typeof ALICE } = {},
    ) => {
      const user = options.user ?? ALICE;
      const params: Record<string, string> = { username: user.email, password: user.password, scope };
      if (options.audience) params.audience = options.audience;
      return oauth.processGenericTokenEndpointResponse(
        c.as,
        c.client('web-app'),
        await oauth.genericTokenEndpointRequest(
          c.as,
          c.client('web-app'),
          clientAuth('web-app'),
          'password',
          params,
          c.http,
        ),
      );
    };

    const userinfo = async (accessToken: string, sub: string) =>
      oauth.processUserInfoResponse(
        c.as,
        c.client('web-app'),
        sub,
        await oauth.userInfoRequest(c.as, c.client('web-app'), accessToken, c.http),
      );

    describe('userinfo (OIDC Core §5.3)', () => {
      it('returns the claims of the granted scopes only', async () => {
        const onlyOpenid = await userinfo((await passwordTokens('openid')).access_token, ALICE.id);
        expect(onlyOpenid).toEqual({ sub: ALICE.id });
        const profile = await userinfo((await passwordTokens('openid profile')).access_token, ALICE.id);
        expect(profile).toMatchObject({ sub: ALICE.id, name: 'Alice Liddell', nickname: 'alice' });
        // OIDC Core §5.1: updated_at is a JSON number, seconds since the epoch.
        expect(typeof profile.updated_at).toBe('number');
        expect(profile.email).toBeUndefined();
        const email = await userinfo(
          (await passwordTokens('openid email', { user: BOB })).access_token,
          BOB.id,
        );
        expect(email).toEqual({ sub: BOB.id, email: BOB.email, email_verified: false });
      });

      it('takes a JWT access token for the API when openid was granted (its aud lists userinfo)', async () => {
        const tokens = await passwordTokens('openid email read:messages', { audience: API });
        expect(await userinfo(tokens.access_token, ALICE.id)).toMatchObject({ email: ALICE.email });
      });

      it('POST with the token in the body works too (OIDC Core §5.3.1)', async () => {
        const tokens = await passwordTokens('openid');
        const response = await c.server.post('userinfo', { access_token: tokens.access_token });
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ sub: ALICE.id });
      });

      it('no token: 401 with a bare Bearer challenge; a bad token: 401 invalid_token (RFC 6750 §3.1)', async () => {
        const none = await c.server.fetch('userinfo');
        expect(none.status).toBe(401);
        expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(none.headers.get('www-authenticate')).not.toContain('error=');
        const bad = await c.server.fetch('userinfo', { headers: { Authorization: 'Bearer nope' } });
        expect(bad.status).toBe(401);
        expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
      });

      it('an API token without openid is refused', async () => {
        const tokens = await passwordTokens('read:messages', { audience: API });
        const response = await c.server.fetch('userinfo', {
          headers: { Authorization: `Bearer ${tokens.access_token}` },
        });
        expect([401, 403]).toContain(response.status);
        expect(response.headers.get('www-authenticate')).toMatch(
          /^Bearer .*error="(invalid_token|insufficient_scope)"/,
        );
      });
    });

    describe('revocation (RFC 7009) and introspection (RFC 7662)', () => {
      it('introspects an access token and a refresh token as active, with their claims', async () => {
        const tokens = await passwordTokens('openid offline_access read:messages', { audience: API });
        const introspect = async (token: string) =>
          oauth.processIntrospectionResponse(
            c.as,
            c.client('web-app'),
            await oauth.introspectionRequest(c.as, c.client('web-app'), clientAuth('web-app'), token, c.http),
          );
        const access = await introspect(tokens.access_token);
        expect(access).toMatchObject({ active: true, sub: ALICE.id, client_id: 'web-app' });
        expect(access.scope?.split(' ').sort()).toEqual(['offline_access', 'openid', 'read:messages']);
        expect(access.exp).toBe(c.now() + 86400);
        const refresh = await introspect(tokens.refresh_token ?? '');
        expect(refresh).toMatchObject({ active: true, sub: ALICE.id, client_id: 'web-app' });
        expect(await introspect('not-a-token')).toEqual({ active: false });
        c.advance(86401);
        expect((await introspect(tokens.access_token)).active).toBe(false);
      });

      it('introspection requires client authentication', async () => {
        const response = await c.server.post('oauth/introspect', { token: 'x' });
        expect(response.status).toBe(401);
        expect((await response.json()).error).toBe('invalid_client');
      });

      it('revoking a refresh token: 200, then it no longer refreshes and introspects inactive', async () => {
        const tokens = await passwordTokens('openid offline_access', { audience: API });
        const rt = tokens.refresh_token ?? '';
        const response = await oauth.revocationRequest(
          c.as,
          c.client('web-app'),
          clientAuth('web-app'),
          rt,
          c.http,
        );
        expect(response.status).toBe(200);
        await oauth.processRevocationResponse(response);
        const refresh = await oauth.refreshTokenGrantRequest(
          c.as,
          c.client('web-app'),
          clientAuth('web-app'),
          rt,
          c.http,
        );
        expect(refresh.status).toBe(400);
        expect((await refresh.json()).error).toBe('invalid_grant');
        const introspection = await oauth.processIntrospectionResponse(
          c.as,
          c.client('web-app'),
          await oauth.introspectionRequest(c.as, c.client('web-app'), clientAuth('web-app'), rt, c.http),
        );
        expect(introspection.active).toBe(false);
      });

      it('revoking an unknown token is still 200 (RFC 7009 §2.2); a missing token is invalid_request', async () => {
        const unknown = await oauth.revocationRequest(
          c.as,
          c.client('web-app'),
          clientAuth('web-app'),
          'nope',
          c.http,
        );
        expect(unknown.status).toBe(200);
        const missing = await c.server.post(
          'oauth/revoke',
          {},
          { Authorization: `Basic ${btoa('web-app:web-app-secret')}` },
        );
        expect(missing.status).toBe(400);
        expect((await missing.json()).error).toBe('invalid_request');
      });
    });

    describe('logout', () => {
      it('/v2/logout ends the session and redirects to a registered returnTo', async () => {
        const ua = c.browser();
        const params = {
          response_type: 'code',
          client_id: 'web-app',
          redirect_uri: REDIRECT_URI,
          scope: 'openid',
        };
        await authorize(c, ua, { ...params, state: '1' });
        expect((await authorize(c, ua, { ...params, state: '2' })).sawLogin).toBe(false);
        const out = await ua.navigate(
          new URL(
            `v2/logout?client_id=web-app&returnTo=${encodeURIComponent('http://localhost:3000/')}`,
            c.server.issuer,
          ),
        );
        expect(out.url.href).toBe('http://localhost:3000/');
        expect((await authorize(c, ua, { ...params, state: '3' })).sawLogin).toBe(true);
      });

      it('/oidc/logout with id_token_hint redirects to post_logout_redirect_uri with the state', async () => {
        const ua = c.browser();
        const { url } = await authorize(c, ua, {
          response_type: 'code',
          client_id: 'web-app',
          redirect_uri: REDIRECT_URI,
          scope: 'openid',
          state: 's',
        });
        const client = c.client('web-app');
        const tokens = await oauth.processAuthorizationCodeResponse(
          c.as,
          client,
          await oauth.authorizationCodeGrantRequest(
            c.as,
            client,
            clientAuth('web-app'),
            oauth.validateAuthResponse(c.as, client, url, 's'),
            REDIRECT_URI,
            oauth.nopkce,
            c.http,
          ),
        );
        const logout = new URL(c.as.end_session_endpoint ?? '');
        logout.searchParams.set('id_token_hint', tokens.id_token ?? '');
        logout.searchParams.set('post_logout_redirect_uri', 'http://localhost:3000/');
        logout.searchParams.set('state', 'bye');
        const out = await ua.navigate(logout);
        expect(out.url.origin + out.url.pathname).toBe('http://localhost:3000/');
        expect(out.url.searchParams.get('state')).toBe('bye'); // OIDC RP-Initiated Logout §3
        const after = await ua.navigate(
          authorizeUrl(c, {
            response_type: 'code',
            client_id: 'web-app',
            redirect_uri: REDIRECT_URI,
            scope: 'openid',
            prompt: 'none',
          }),
        );
        expect(after.url.searchParams.get('error')).toBe('login_required');
      });

      it('an unregistered returnTo is never redirected to', async () => {
        const page = await c
          .browser()
          .navigate(
            new URL(
              `v2/logout?client_id=web-app&returnTo=${encodeURIComponent('https://evil.example/')}`,
              c.server.issuer,
            ),
          );
        expect(page.redirects.every((u) => u.origin !== 'https://evil.example')).toBe(true);
        expect(page.status).toBe(400);
      });
    });

    describe('the sample API /api/messages (RFC 6750)', () => {
      const api = (token: string | undefined, method = 'GET') =>
        c.server.fetch('api/messages', {
          method,
          headers: {
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
          },
          body: method === 'POST' ? JSON.stringify({ text: 'hello' }) : undefined,
        });

      it('401 without a token, with a Bearer challenge and no error code', async () => {
        const response = await api(undefined);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(response.headers.get('www-authenticate')).not.toContain('error=');
      });

      it('401 invalid_token for a forged, expired or opaque token', async () => {
        const opaque = await passwordTokens('openid');
        const forged = `${(await passwordTokens('read:messages', { audience: API })).access_token.slice(0, -4)}AAAA`;
        for (const token of [opaque.access_token, forged, 'garbage']) {
          const response = await api(token);
          expect(response.status).toBe(401);
          expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
        }
        const valid = await passwordTokens('read:messages', { audience: API });
        c.advance(86401);
        const expired = await api(valid.access_token);
        expect(expired.status).toBe(401);
        expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');
      });

      it('read:messages: GET 200, POST 403 insufficient_scope naming the scope', async () => {
        const tokens = await passwordTokens('read:messages', { audience: API });
        const get = await oauth.protectedResourceRequest(
          tokens.access_token,
          'GET',
          new URL('api/messages', c.server.issuer),
          undefined,
          undefined,
          c.http,
        );
        expect(get.status).toBe(200);
        expect(get.headers.get('content-type')).toContain('application/json');
        const post = await api(tokens.access_token, 'POST');
        expect(post.status).toBe(403);
        const challenge = post.headers.get('www-authenticate') ?? '';
        expect(challenge).toContain('error="insufficient_scope"');
        expect(challenge).toContain('write:messages'); // RFC 6750 §3: scope attribute
      });

      it('client credentials with write:messages may POST', async () => {
        const tokens = await oauth.processClientCredentialsResponse(
          c.as,
          c.client('m2m'),
          await oauth.clientCredentialsGrantRequest(
            c.as,
            c.client('m2m'),
            clientAuth('m2m'),
            { audience: API },
            c.http,
          ),
        );
        const post = await api(tokens.access_token, 'POST');
        expect([200, 201]).toContain(post.status);
      });
    });
  },
);
