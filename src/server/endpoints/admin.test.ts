import { describe, expect, it } from 'vitest';
import { demoTenant } from '../tenant/demo.ts';
import { createTestServer, storeFactories } from '../testing/harness.ts';
import { DEMO_API, M2M, tokens } from './token-testing.ts';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

describe.each(Object.entries(storeFactories))('admin endpoints (%s store)', (_name, makeStore) => {
  it('GET /admin/tenant returns the stored tenant with its {app} placeholders', async () => {
    const server = createTestServer({ makeStore });
    const res = await server.fetch('admin/tenant');
    expect(res.status).toBe(200);
    const tenant = await res.json();
    expect(tenant.clients[0].redirectUris[0]).toBe('{app}/callback');
    expect(tenant.users.map((u: { email: string }) => u.email)).toEqual([
      'alice@example.com',
      'bob@example.com',
    ]);
  });

  it('PUT /admin/tenant saves a valid tenant, which the server then uses', async () => {
    const server = createTestServer({ makeStore });
    const edited = structuredClone(demoTenant);
    edited.apis[0].tokenLifetime = 60;
    const res = await server.fetch('admin/tenant', {
      method: 'PUT',
      headers: JSON_HEADERS,
      body: JSON.stringify(edited),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).apis[0].tokenLifetime).toBe(60);
    const { body } = await tokens(server, { grant_type: 'client_credentials', audience: DEMO_API }, M2M);
    expect(body.expires_in).toBe(60);
    const reset = await server.fetch('admin/tenant', { method: 'DELETE' });
    expect(reset.status).toBe(200);
    expect((await reset.json()).apis[0].tokenLifetime).toBe(86400);
  });

  it('PUT /admin/tenant refuses an invalid tenant naming each bad field', async () => {
    const server = createTestServer({ makeStore });
    const bad = structuredClone(demoTenant) as unknown as {
      clients: { redirectUris: string[] }[];
      users: { email: string }[];
    };
    // The demo clients share one array; give the first its own.
    bad.clients[0].redirectUris = ['{app}/callback', 'not a uri'];
    bad.users[1].email = 'nope';
    const res = await server.fetch('admin/tenant', {
      method: 'PUT',
      headers: JSON_HEADERS,
      body: JSON.stringify(bad),
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toBe('invalid_tenant');
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'clients.0.redirectUris.1',
      'users.1.email',
    ]);
  });

  it('refuses admin changes without a JSON content type (no cross-site form posts)', async () => {
    const server = createTestServer({ makeStore });
    const res = await server.post('admin/reset', {});
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'invalid_request',
      error_description: 'Content-Type must be application/json.',
    });
    const put = await server.fetch('admin/tenant', { method: 'PUT', headers: JSON_HEADERS, body: '{' });
    expect(put.status).toBe(400);
    expect((await put.json()).error_description).toBe('The request body is not valid JSON.');
  });

  it('moves the clock forward and back, and tokens expire on it', async () => {
    const server = createTestServer({ makeStore });
    const start = Math.floor(server.clock.ms / 1000);
    expect(await (await server.fetch('admin/clock')).json()).toEqual({ now: start, offsetSeconds: 0 });
    const { body } = await tokens(server, { grant_type: 'client_credentials', audience: DEMO_API }, M2M);
    const moved = await server.fetch('admin/clock', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ advanceSeconds: 86400 }),
    });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toEqual({ now: start + 86400, offsetSeconds: 86400 });
    expect(await (await server.fetch('admin/clock')).json()).toEqual({
      now: start + 86400,
      offsetSeconds: 86400,
    });
    const api = await server.fetch('api/messages', {
      headers: { Authorization: `Bearer ${body.access_token}` },
    });
    expect(api.status).toBe(401);
    const reset = await server.fetch('admin/clock', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: '{"reset":true}',
    });
    expect(await reset.json()).toEqual({ now: start, offsetSeconds: 0 });
  });

  it.each([['{}'], ['{"advanceSeconds":-5}'], ['{"advanceSeconds":1.5}'], ['{"advanceSeconds":"60"}']])(
    'refuses the clock body %s with 400 invalid_request',
    async (body) => {
      const server = createTestServer({ makeStore });
      const res = await server.fetch('admin/clock', { method: 'POST', headers: JSON_HEADERS, body });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBe('invalid_request');
    },
  );

  it('rotates the signing key, keeping the old one in the JWKS', async () => {
    const server = createTestServer({ makeStore });
    const before = await (await server.fetch('.well-known/jwks.json')).json();
    const res = await server.fetch('admin/keys/rotate', { method: 'POST', headers: JSON_HEADERS });
    expect(res.status).toBe(200);
    const after = await res.json();
    expect(after.keys).toHaveLength(2);
    expect(after.keys[1]).toEqual(before.keys[0]);
    expect(await (await server.fetch('.well-known/jwks.json')).json()).toEqual(after);
  });

  it('resets every state but the keys', async () => {
    const server = createTestServer({ makeStore });
    const jwks = await (await server.fetch('.well-known/jwks.json')).json();
    const { body } = await tokens(server, { grant_type: 'client_credentials', audience: DEMO_API }, M2M);
    await server.fetch('admin/clock', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: '{"advanceSeconds":10}',
    });
    const res = await server.fetch('admin/reset', { method: 'POST', headers: JSON_HEADERS });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reset: true });
    expect((await (await server.fetch('admin/clock')).json()).offsetSeconds).toBe(0);
    const api = await server.fetch('api/messages', {
      headers: { Authorization: `Bearer ${body.access_token}` },
    });
    expect(api.status).toBe(401);
    expect(await (await server.fetch('.well-known/jwks.json')).json()).toEqual(jwks);
  });
});
