import { describe, expect, it } from 'vitest';
import { createTestServer, storeFactories, type TestServer } from '../testing/harness.ts';
import { CALLBACK, DEMO_API, M2M, putCode, tokens, WEB_APP } from './token-testing.ts';

async function codeTokens(server: TestServer) {
  const { code } = await putCode(server);
  const { body } = await tokens(
    server,
    { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
    WEB_APP,
  );
  return { accessToken: String(body.access_token), refreshToken: String(body.refresh_token) };
}

const api = (server: TestServer, token: string) =>
  server.fetch('api/messages', { headers: { Authorization: `Bearer ${token}` } });

describe.each(Object.entries(storeFactories))(
  'POST /oauth/revoke (RFC 7009) (%s store)',
  (_name, makeStore) => {
    it('revoking a refresh token revokes it and every token of its grant', async () => {
      const server = createTestServer({ makeStore });
      const { accessToken, refreshToken } = await codeTokens(server);
      expect((await api(server, accessToken)).status).toBe(200);
      const res = await server.post(
        'oauth/revoke',
        { token: refreshToken, token_type_hint: 'refresh_token' },
        WEB_APP,
      );
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
      const refresh = await tokens(
        server,
        { grant_type: 'refresh_token', refresh_token: refreshToken },
        WEB_APP,
      );
      expect(refresh.res.status).toBe(400);
      expect(refresh.body.error).toBe('invalid_grant');
      expect((await api(server, accessToken)).status).toBe(401);
    });

    it('revoking an access token revokes that token only', async () => {
      const server = createTestServer({ makeStore });
      const { accessToken, refreshToken } = await codeTokens(server);
      const res = await server.post('oauth/revoke', { token: accessToken }, WEB_APP);
      expect(res.status).toBe(200);
      expect((await api(server, accessToken)).status).toBe(401);
      const refresh = await tokens(
        server,
        { grant_type: 'refresh_token', refresh_token: refreshToken },
        WEB_APP,
      );
      expect(refresh.res.status).toBe(200);
    });

    it('finds the token whatever the hint says (RFC 7009 §2.1)', async () => {
      const server = createTestServer({ makeStore });
      const { accessToken } = await codeTokens(server);
      const res = await server.post(
        'oauth/revoke',
        { token: accessToken, token_type_hint: 'refresh_token' },
        WEB_APP,
      );
      expect(res.status).toBe(200);
      expect((await api(server, accessToken)).status).toBe(401);
    });

    it('answers 200 for an unknown token (RFC 7009 §2.2)', async () => {
      const server = createTestServer({ makeStore });
      const res = await server.post(
        'oauth/revoke',
        { token: 'unknown', token_type_hint: 'whatever' },
        WEB_APP,
      );
      expect(res.status).toBe(200);
    });

    it('refuses to revoke a token of another client', async () => {
      const server = createTestServer({ makeStore });
      const { accessToken } = await codeTokens(server);
      const res = await server.post('oauth/revoke', { token: accessToken }, M2M);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: 'invalid_request',
        error_description: 'The token was not issued to this client.',
      });
      expect((await api(server, accessToken)).status).toBe(200);
    });

    it('authenticates the client: 401 invalid_client with a Basic challenge', async () => {
      const server = createTestServer({ makeStore });
      const res = await server.post(
        'oauth/revoke',
        { token: 'x' },
        { Authorization: `Basic ${btoa('web-app:nope')}` },
      );
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="oauth", charset="UTF-8"');
    });

    it('requires token', async () => {
      const server = createTestServer({ makeStore });
      const res = await server.post('oauth/revoke', {}, WEB_APP);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: 'invalid_request',
        error_description: 'Missing required parameter: token',
      });
    });

    it('lets a client_credentials token be revoked by its client', async () => {
      const server = createTestServer({ makeStore });
      const { body } = await tokens(server, { grant_type: 'client_credentials', audience: DEMO_API }, M2M);
      const token = String(body.access_token);
      expect((await server.post('oauth/revoke', { token }, M2M)).status).toBe(200);
      expect((await api(server, token)).status).toBe(401);
    });
  },
);
