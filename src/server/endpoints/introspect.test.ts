import { describe, expect, it } from 'vitest';
import { createTestServer, storeFactories, type TestServer } from '../testing/harness.ts';
import { CALLBACK, DEMO_API, M2M, nowOf, putCode, tokens, WEB_APP } from './token-testing.ts';

async function codeTokens(server: TestServer) {
  const { code } = await putCode(server);
  const { body } = await tokens(
    server,
    { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
    WEB_APP,
  );
  return { accessToken: String(body.access_token), refreshToken: String(body.refresh_token) };
}

async function introspect(server: TestServer, form: Record<string, string>, headers = WEB_APP) {
  const res = await server.post('oauth/introspect', form, headers);
  return { res, body: (await res.json()) as Record<string, unknown> };
}

describe.each(Object.entries(storeFactories))(
  'POST /oauth/introspect (RFC 7662) (%s store)',
  (_name, makeStore) => {
    it('describes an active JWT access token', async () => {
      const server = createTestServer({ makeStore });
      const { accessToken } = await codeTokens(server);
      const { res, body } = await introspect(server, { token: accessToken });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const now = nowOf(server);
      expect(body).toEqual({
        active: true,
        scope: 'openid profile email offline_access read:messages',
        client_id: 'web-app',
        username: 'alice@example.com',
        token_type: 'Bearer',
        exp: now + 86400,
        iat: now,
        sub: 'auth0|alice',
        aud: [DEMO_API, 'http://localhost:4000/userinfo'],
        iss: 'http://localhost:4000/',
        jti: expect.any(String),
      });
    });

    it('describes an active refresh token', async () => {
      const server = createTestServer({ makeStore });
      const { refreshToken } = await codeTokens(server);
      const { body } = await introspect(server, { token: refreshToken, token_type_hint: 'refresh_token' });
      expect(body).toMatchObject({
        active: true,
        token_type: 'refresh_token',
        client_id: 'web-app',
        sub: 'auth0|alice',
      });
    });

    it('describes a client_credentials token without username', async () => {
      const server = createTestServer({ makeStore });
      const { body: issued } = await tokens(
        server,
        { grant_type: 'client_credentials', audience: DEMO_API },
        M2M,
      );
      const { body } = await introspect(server, { token: String(issued.access_token) }, M2M);
      expect(body).toMatchObject({ active: true, sub: 'm2m@clients', client_id: 'm2m', aud: DEMO_API });
      expect(body.username).toBeUndefined();
    });

    it('answers {active:false} for unknown, expired and revoked tokens', async () => {
      const server = createTestServer({ makeStore });
      expect((await introspect(server, { token: 'nope' })).body).toEqual({ active: false });
      const { accessToken, refreshToken } = await codeTokens(server);
      await server.post('oauth/revoke', { token: refreshToken }, WEB_APP);
      expect((await introspect(server, { token: accessToken })).body).toEqual({ active: false });
      expect((await introspect(server, { token: refreshToken })).body).toEqual({ active: false });
      const fresh = await codeTokens(server);
      server.clock.ms += 86_400_000;
      expect((await introspect(server, { token: fresh.accessToken })).body).toEqual({ active: false });
      expect((await introspect(server, { token: fresh.refreshToken })).body.active).toBe(true);
    });

    it('authenticates the client and requires token', async () => {
      const server = createTestServer({ makeStore });
      const anonymous = await server.post('oauth/introspect', { token: 'x' });
      expect(anonymous.status).toBe(401);
      expect((await anonymous.json()).error).toBe('invalid_client');
      const missing = await introspect(server, {});
      expect(missing.res.status).toBe(400);
      expect(missing.body).toEqual({
        error: 'invalid_request',
        error_description: 'Missing required parameter: token',
      });
    });
  },
);
