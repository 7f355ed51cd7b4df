import { describe, expect, it } from 'vitest';
import { createTestServer, TEST_ORIGIN } from '../testing/harness.ts';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

describe('/admin refuses cross-site callers (Fetch Metadata, Origin)', () => {
  const routes: [string, RequestInit][] = [
    ['admin/tenant', {}],
    ['admin/tenant', { method: 'PUT', headers: JSON_HEADERS, body: '{}' }],
    ['admin/tenant', { method: 'DELETE', headers: JSON_HEADERS }],
    ['admin/reset', { method: 'POST', headers: JSON_HEADERS, body: '{}' }],
    ['admin/clock', { method: 'POST', headers: JSON_HEADERS, body: '{"advanceSeconds": 60}' }],
    ['admin/keys/rotate', { method: 'POST', headers: JSON_HEADERS, body: '{}' }],
    ['admin/session', {}],
    ['admin/consents', { method: 'DELETE' }],
  ];

  it.each(routes)('%s %o: 403 for Sec-Fetch-Site: cross-site', async (path, init) => {
    const server = createTestServer();
    const res = await server.fetch(path, {
      ...init,
      headers: { ...init.headers, 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      error: 'access_denied',
      error_description: 'The admin endpoints answer only the playground itself, not another site.',
    });
  });

  it('403 for an Origin that is neither the server nor the app, including a same-site port and null', async () => {
    const server = createTestServer({ appUrl: 'http://localhost:5173' });
    await server.fetch('admin/clock', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: '{"advanceSeconds": 60}',
    });
    for (const origin of ['https://evil.example', 'http://localhost:3000', 'http://127.0.0.1:4000', 'null']) {
      const res = await server.fetch('admin/reset', {
        method: 'POST',
        headers: { ...JSON_HEADERS, Origin: origin, 'Sec-Fetch-Site': 'same-site' },
        body: '{}',
      });
      expect(res.status).toBe(403);
      expect((await res.json()).error_description).toBe(
        origin === 'null'
          ? 'The admin endpoints answer only the playground itself, not another site.'
          : `The admin endpoints answer only the playground itself, not ${origin}.`,
      );
    }
    // None of the refused resets happened: the clock offset survives.
    expect((await (await server.fetch('admin/clock')).json()).offsetSeconds).toBe(60);
  });

  it('lets the app (its own origin, same-origin fetch) and header-less clients through, with no-store', async () => {
    const server = createTestServer({ appUrl: 'http://localhost:5173' });
    const moved = await server.fetch('admin/clock', {
      method: 'POST',
      headers: { ...JSON_HEADERS, Origin: 'http://localhost:5173', 'Sec-Fetch-Site': 'same-site' },
      body: '{"advanceSeconds": 60}',
    });
    expect(moved.status).toBe(200);
    expect(moved.headers.get('cache-control')).toBe('no-store');
    expect((await moved.json()).offsetSeconds).toBe(60);
    const own = await server.fetch('admin/clock', {
      headers: { Origin: TEST_ORIGIN, 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(own.status).toBe(200);
    expect((await own.json()).offsetSeconds).toBe(60);
    const curl = await server.fetch('admin/tenant');
    expect(curl.status).toBe(200);
    expect(curl.headers.get('cache-control')).toBe('no-store');
    const navigation = await server.fetch('admin/session', { headers: { 'Sec-Fetch-Site': 'none' } });
    expect(navigation.status).toBe(200);
  });

  it('accepts the Origin of the Host the Node host was reached at (http://127.0.0.1:PORT)', async () => {
    const server = createTestServer();
    const res = await server.fetch('admin/clock', {
      headers: { Host: '127.0.0.1:4000', Origin: 'http://127.0.0.1:4000', 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(res.status).toBe(200);
  });

  it('marks admin errors no-store too', async () => {
    const server = createTestServer();
    const res = await server.fetch('admin/clock', { method: 'POST', headers: JSON_HEADERS, body: '{}' });
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('leaves the OAuth endpoints to CORS: discovery still answers a cross-site fetch', async () => {
    const server = createTestServer();
    const res = await server.fetch('.well-known/openid-configuration', {
      headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(res.status).toBe(200);
  });
});
