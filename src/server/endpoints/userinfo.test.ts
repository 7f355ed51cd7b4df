import { describe, expect, it } from 'vitest';
import { demoTenant } from '../tenant/demo.ts';
import { createTestServer, storeFactories, type TestServer } from '../testing/harness.ts';
import { DEMO_API, M2M, tokens, WEB_APP } from './token-testing.ts';

async function aliceToken(server: TestServer, scope: string, audience?: string): Promise<string> {
  const { body } = await tokens(
    server,
    {
      grant_type: 'password',
      username: 'alice@example.com',
      password: 'wonderland',
      scope,
      ...(audience ? { audience } : {}),
    },
    WEB_APP,
  );
  return String(body.access_token);
}

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

describe.each(Object.entries(storeFactories))('GET|POST /userinfo (%s store)', (_name, makeStore) => {
  it('returns the claims of the granted scopes for a JWT access token', async () => {
    const server = createTestServer({ makeStore });
    const res = await server.fetch(
      'userinfo',
      bearer(await aliceToken(server, 'openid profile email', DEMO_API)),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      sub: 'auth0|alice',
      name: 'Alice Liddell',
      nickname: 'alice',
      picture: 'https://www.gravatar.com/avatar/alice?d=identicon',
      updated_at: Date.parse('2026-01-01T00:00:00.000Z') / 1000,
      given_name: 'Alice',
      family_name: 'Liddell',
      middle_name: 'Pleasance',
      preferred_username: 'alice',
      profile: 'https://example.com/users/alice',
      website: 'https://example.com/alice',
      gender: 'female',
      birthdate: '1852-05-04',
      zoneinfo: 'Europe/London',
      locale: 'en-GB',
      email: 'alice@example.com',
      email_verified: true,
    });
  });

  it('returns only sub for openid alone, with an opaque token', async () => {
    const server = createTestServer({ makeStore });
    const token = await aliceToken(server, 'openid');
    expect(token).not.toContain('.');
    const res = await server.fetch('userinfo', bearer(token));
    expect(await res.json()).toEqual({ sub: 'auth0|alice' });
  });

  it('accepts POST with the token in the header or in a form body (RFC 6750 §2.2)', async () => {
    const server = createTestServer({ makeStore });
    const token = await aliceToken(server, 'openid email');
    const header = await server.fetch('userinfo', { method: 'POST', ...bearer(token) });
    expect(header.status).toBe(200);
    const form = await server.post('userinfo', { access_token: token });
    expect(form.status).toBe(200);
    expect(await form.json()).toEqual({
      sub: 'auth0|alice',
      email: 'alice@example.com',
      email_verified: true,
    });
  });

  it('refuses a token sent two ways with 400 invalid_request', async () => {
    const server = createTestServer({ makeStore });
    const token = await aliceToken(server, 'openid');
    const res = await server.post('userinfo', { access_token: token }, { Authorization: `Bearer ${token}` });
    expect(res.status).toBe(400);
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="userinfo", error="invalid_request", error_description="The access token was sent in more than one way."',
    );
  });

  it('adds the custom claims of the user when the tenant says so', async () => {
    const tenant = structuredClone(demoTenant);
    tenant.users[0].claims = { 'https://example.com/roles': ['admin'] };
    const server = createTestServer({ makeStore, tenant });
    const res = await server.fetch('userinfo', bearer(await aliceToken(server, 'openid')));
    expect(await res.json()).toEqual({ sub: 'auth0|alice', 'https://example.com/roles': ['admin'] });
    tenant.customClaims = { userinfo: false };
    const off = createTestServer({ makeStore, tenant });
    expect(await (await off.fetch('userinfo', bearer(await aliceToken(off, 'openid')))).json()).toEqual({
      sub: 'auth0|alice',
    });
  });

  it('answers no token with 401 and a bare Bearer challenge (RFC 6750 §3.1)', async () => {
    const server = createTestServer({ makeStore });
    const res = await server.fetch('userinfo');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="userinfo"');
    expect((await res.json()).error).toBe('invalid_token');
  });

  it('answers an invalid token with 401 invalid_token', async () => {
    const server = createTestServer({ makeStore });
    const res = await server.fetch('userinfo', bearer('not-a-token'));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="userinfo", error="invalid_token", error_description="The access token is unknown to this server."',
    );
    expect(await res.json()).toEqual({
      error: 'invalid_token',
      error_description: 'The access token is unknown to this server.',
    });
  });

  it('answers an expired token with 401 invalid_token', async () => {
    const server = createTestServer({ makeStore });
    const token = await aliceToken(server, 'openid', DEMO_API);
    server.clock.ms += 86_400_000;
    const res = await server.fetch('userinfo', bearer(token));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error_description="The access token expired."');
  });

  it('answers a token without openid with 403 insufficient_scope', async () => {
    const server = createTestServer({ makeStore });
    const { body } = await tokens(server, { grant_type: 'client_credentials', audience: DEMO_API }, M2M);
    const res = await server.fetch('userinfo', bearer(String(body.access_token)));
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="userinfo", error="insufficient_scope", error_description="The access token needs the scope openid.", scope="openid"',
    );
  });

  it('answers a malformed Authorization header with 400 invalid_request', async () => {
    const server = createTestServer({ makeStore });
    const res = await server.fetch('userinfo', { headers: { Authorization: 'Bearer a b' } });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_request');
  });

  it('does not take the jti of a JWT access token as an opaque token', async () => {
    const server = createTestServer({ makeStore });
    const token = await aliceToken(server, 'openid', DEMO_API);
    const jti = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).jti;
    const res = await server.fetch('userinfo', bearer(jti));
    expect(res.status).toBe(401);
  });

  it('answers DELETE with 405', async () => {
    const server = createTestServer({ makeStore });
    const res = await server.fetch('userinfo', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, OPTIONS');
  });
});
