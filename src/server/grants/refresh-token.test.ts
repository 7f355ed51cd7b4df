import { describe, expect, it } from 'vitest';
import {
  CALLBACK,
  DEMO_API,
  putCode,
  putPkceCode,
  tokens,
  VERIFIER,
  verifyWithJwks,
  WEB_APP,
} from '../endpoints/token-testing.ts';
import { demoTenant } from '../tenant/demo.ts';
import type { TenantInput } from '../tenant/schema.ts';
import { createTestServer, storeFactories, type TestServer } from '../testing/harness.ts';

/** The demo tenant with a reuse interval on `spa`. */
function withReuseInterval(seconds: number): TenantInput {
  return {
    ...demoTenant,
    clients: demoTenant.clients.map((c) =>
      c.clientId === 'spa' ? { ...c, refreshTokenReuseInterval: seconds } : c,
    ),
  };
}

async function webAppRefreshToken(server: TestServer): Promise<string> {
  const { code } = await putCode(server);
  const { body } = await tokens(
    server,
    { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
    WEB_APP,
  );
  return String(body.refresh_token);
}

async function spaRefreshToken(server: TestServer): Promise<string> {
  const { code } = await putPkceCode(server);
  const { body } = await tokens(server, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: CALLBACK,
    client_id: 'spa',
    code_verifier: VERIFIER,
  });
  return String(body.refresh_token);
}

const spaRefresh = (server: TestServer, refreshToken: string, extra: Record<string, string> = {}) =>
  tokens(server, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'spa', ...extra });

describe.each(Object.entries(storeFactories))('refresh_token grant (%s store)', (_name, makeStore) => {
  it('non-rotating client: new access and ID tokens, and the refresh token stays valid', async () => {
    const server = createTestServer({ makeStore });
    const refreshToken = await webAppRefreshToken(server);
    server.clock.ms += 90_000_000; // past the first access token's expiry
    const first = await tokens(server, { grant_type: 'refresh_token', refresh_token: refreshToken }, WEB_APP);
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get('cache-control')).toBe('no-store');
    expect(first.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'openid profile email offline_access read:messages',
      id_token: expect.any(String),
    });
    await verifyWithJwks(server, first.body.access_token, { audience: DEMO_API });
    const id = await verifyWithJwks(server, first.body.id_token, { audience: 'web-app' });
    // OIDC Core §12.2: auth_time is the original authentication; no nonce on a refresh.
    expect(id.auth_time).toBe(Math.floor(Date.UTC(2026, 0, 1) / 1000) - 5);
    expect(id.nonce).toBeUndefined();
    const again = await tokens(server, { grant_type: 'refresh_token', refresh_token: refreshToken }, WEB_APP);
    expect(again.res.status).toBe(200);
  });

  it('narrows the scope when asked', async () => {
    const server = createTestServer({ makeStore });
    const refreshToken = await webAppRefreshToken(server);
    const { res, body } = await tokens(
      server,
      { grant_type: 'refresh_token', refresh_token: refreshToken, scope: 'read:messages' },
      WEB_APP,
    );
    expect(res.status).toBe(200);
    expect(body.scope).toBe('read:messages');
    expect(body.id_token).toBeUndefined();
    expect((await verifyWithJwks(server, body.access_token)).scope).toBe('read:messages');
  });

  it('refuses a wider scope with invalid_scope', async () => {
    const server = createTestServer({ makeStore });
    const refreshToken = await webAppRefreshToken(server);
    const { res, body } = await tokens(
      server,
      { grant_type: 'refresh_token', refresh_token: refreshToken, scope: 'read:messages write:messages' },
      WEB_APP,
    );
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_scope',
      error_description: 'The scope exceeds the scope originally granted: write:messages',
    });
  });

  it('refuses an unknown refresh token, or one of another client, with invalid_grant', async () => {
    const server = createTestServer({ makeStore });
    const refreshToken = await webAppRefreshToken(server);
    const unknown = await tokens(server, { grant_type: 'refresh_token', refresh_token: 'nope' }, WEB_APP);
    expect(unknown.res.status).toBe(400);
    expect(unknown.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Unknown or invalid refresh token.',
    });
    const stolen = await spaRefresh(server, refreshToken);
    expect(stolen.res.status).toBe(400);
    expect(stolen.body.error).toBe('invalid_grant');
  });

  it('requires refresh_token', async () => {
    const server = createTestServer({ makeStore });
    const { res, body } = await tokens(server, { grant_type: 'refresh_token' }, WEB_APP);
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_request',
      error_description: 'Missing required parameter: refresh_token',
    });
  });

  it('refuses an expired refresh token', async () => {
    const server = createTestServer({ makeStore });
    const refreshToken = await webAppRefreshToken(server);
    server.clock.ms += 2_592_000_000;
    const { res, body } = await tokens(
      server,
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      WEB_APP,
    );
    expect(res.status).toBe(400);
    expect(body).toEqual({ error: 'invalid_grant', error_description: 'The refresh token has expired.' });
  });

  it('rotating client: a new refresh token each time, with the original scope (RFC 6749 §6)', async () => {
    const server = createTestServer({ makeStore });
    const first = await spaRefreshToken(server);
    const one = await spaRefresh(server, first, { scope: 'openid' });
    expect(one.res.status).toBe(200);
    expect(one.body.scope).toBe('openid');
    expect(one.body.refresh_token).toEqual(expect.any(String));
    expect(one.body.refresh_token).not.toBe(first);
    const two = await spaRefresh(server, String(one.body.refresh_token));
    expect(two.res.status).toBe(200);
    expect(two.body.scope).toBe('openid profile email offline_access read:messages');
  });

  it('rotating client: reuse of a rotated token is invalid_grant and revokes the family (RFC 9700 §4.14)', async () => {
    const server = createTestServer({ makeStore });
    const first = await spaRefreshToken(server);
    const rotated = await spaRefresh(server, first);
    expect(rotated.res.status).toBe(200);
    const reuse = await spaRefresh(server, first);
    expect(reuse.res.status).toBe(400);
    expect(reuse.body).toEqual({
      error: 'invalid_grant',
      error_description: 'The refresh token was already used; its token family is revoked.',
    });
    const successor = await spaRefresh(server, String(rotated.body.refresh_token));
    expect(successor.res.status).toBe(400);
    expect(successor.body).toEqual({
      error: 'invalid_grant',
      error_description: 'The refresh token was revoked.',
    });
    const userinfo = await server.fetch('userinfo', {
      headers: { Authorization: `Bearer ${rotated.body.access_token}` },
    });
    expect(userinfo.status).toBe(401);
  });

  it('rotating client: of two parallel uses of one refresh token exactly one succeeds', async () => {
    const server = createTestServer({ makeStore });
    const first = await spaRefreshToken(server);
    const results = await Promise.all([spaRefresh(server, first), spaRefresh(server, first)]);
    expect(results.map((r) => r.res.status).sort()).toEqual([200, 400]);
    expect(results.find((r) => r.res.status === 400)?.body.error).toBe('invalid_grant');
  });

  it('reuse interval: within it, the rotated token returns the successor already issued and the family lives', async () => {
    const server = createTestServer({ makeStore, tenant: withReuseInterval(30) });
    const first = await spaRefreshToken(server);
    const rotated = await spaRefresh(server, first);
    expect(rotated.res.status).toBe(200);
    const successor = String(rotated.body.refresh_token);
    expect(successor).not.toBe(first);
    server.clock.ms += 29_000;
    const retry = await spaRefresh(server, first);
    expect(retry.res.status).toBe(200);
    expect(retry.res.headers.get('cache-control')).toBe('no-store');
    expect(retry.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'openid profile email offline_access read:messages',
      id_token: expect.any(String),
      refresh_token: successor,
    });
    expect(retry.body.access_token).not.toBe(rotated.body.access_token);
    // The family is not revoked: both access tokens work, and the successor rotates as usual.
    for (const token of [rotated.body.access_token, retry.body.access_token]) {
      const userinfo = await server.fetch('userinfo', { headers: { Authorization: `Bearer ${token}` } });
      expect(userinfo.status).toBe(200);
    }
    const next = await spaRefresh(server, successor);
    expect(next.res.status).toBe(200);
    expect(next.body.refresh_token).not.toBe(successor);
  });

  it('reuse interval: past it, reuse is detected and revokes the family', async () => {
    const server = createTestServer({ makeStore, tenant: withReuseInterval(30) });
    const first = await spaRefreshToken(server);
    const rotated = await spaRefresh(server, first);
    server.clock.ms += 30_000;
    const reuse = await spaRefresh(server, first);
    expect(reuse.res.status).toBe(400);
    expect(reuse.body).toEqual({
      error: 'invalid_grant',
      error_description: 'The refresh token was already used; its token family is revoked.',
    });
    const successor = await spaRefresh(server, String(rotated.body.refresh_token));
    expect(successor.body).toEqual({
      error: 'invalid_grant',
      error_description: 'The refresh token was revoked.',
    });
  });

  it('reuse interval: parallel uses of one refresh token all succeed with one successor', async () => {
    const server = createTestServer({ makeStore, tenant: withReuseInterval(30) });
    const first = await spaRefreshToken(server);
    const results = await Promise.all([
      spaRefresh(server, first),
      spaRefresh(server, first),
      spaRefresh(server, first),
    ]);
    expect(results.map((r) => r.res.status)).toEqual([200, 200, 200]);
    const successors = new Set(results.map((r) => r.body.refresh_token));
    expect(successors.size).toBe(1);
    // Exactly one successor is stored besides the first token: losers' candidates are removed.
    const stored = await server.store.list<{ id: string }>('refreshTokens');
    expect(stored.map((r) => r.id).sort()).toEqual([first, ...successors].sort());
  });

  it('password grant without offline_access gives no refresh token', async () => {
    const server = createTestServer({ makeStore });
    const { body } = await tokens(
      server,
      { grant_type: 'password', username: 'alice@example.com', password: 'wonderland', scope: 'openid' },
      WEB_APP,
    );
    expect(body.refresh_token).toBeUndefined();
  });
});
