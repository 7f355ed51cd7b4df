import { describe, expect, it } from 'vitest';
import { M2M, WEB_APP } from './endpoints/token-testing.ts';
import { demoTenant } from './tenant/demo.ts';
import { resolveTenant } from './tenant/load.ts';
import { parseTenant, type TenantInput } from './tenant/schema.ts';
import { createTestServer, storeFactories, type TestServer } from './testing/harness.ts';

const APP = 'http://localhost:3000';
const ELSEWHERE = 'https://evil.example';
/** What auth0-spa-js sends on every call (base64 JSON of its name and version). */
const AUTH0_CLIENT = btoa(JSON.stringify({ name: 'auth0-spa-js', version: '2.27.0' }));

function preflight(server: TestServer, path: string, origin: string, method = 'POST') {
  return server.fetch(path, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': method,
      'Access-Control-Request-Headers': 'auth0-client,content-type',
    },
  });
}

function clientCredentials(server: TestServer, headers: Record<string, string>) {
  return server.fetch('oauth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ grant_type: 'client_credentials', audience: 'https://api.example.com' }),
  });
}

function tenantWith(clientId: string, patch: Record<string, unknown>): TenantInput {
  return {
    ...demoTenant,
    clients: demoTenant.clients.map((c) => (c.clientId === clientId ? { ...c, ...patch } : c)),
  };
}

describe.each(Object.entries(storeFactories))('CORS as Auth0 answers it (%s store)', (_name, makeStore) => {
  it('preflights from an allowed origin allow Auth0-Client on every endpoint an SPA calls', async () => {
    const server = createTestServer({ makeStore });
    for (const [path, method] of [
      ['oauth/token', 'POST'],
      ['oauth/revoke', 'POST'],
      ['oauth/device/code', 'POST'],
      ['oauth/introspect', 'POST'],
      ['oauth/par', 'POST'],
      ['oidc/register', 'POST'],
      ['userinfo', 'GET'],
      ['api/messages', 'GET'],
      ['.well-known/openid-configuration', 'GET'],
      ['.well-known/jwks.json', 'GET'],
    ]) {
      const res = await preflight(server, path, APP, method);
      expect(res.status, path).toBe(204);
      expect(res.headers.get('access-control-allow-origin'), path).toBe(
        path.startsWith('.well-known') || path === 'oidc/register' ? '*' : APP,
      );
      expect(res.headers.get('access-control-allow-headers'), path).toBe(
        'Authorization,Content-Type,DPoP,Auth0-Client',
      );
      expect(res.headers.get('access-control-allow-methods'), path).toBe('GET,POST,OPTIONS');
      expect(res.headers.get('access-control-max-age'), path).toBe('600');
      expect(res.headers.get('access-control-allow-credentials'), path).toBeNull();
    }
  });

  it('answers a token request from an allowed origin with its origin, and Vary: Origin', async () => {
    const server = createTestServer({ makeStore });
    const res = await clientCredentials(server, { ...M2M, Origin: APP, 'Auth0-Client': AUTH0_CLIENT });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-expose-headers')).toBe('WWW-Authenticate,DPoP-Nonce');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('keeps the header on errors, so that the app can read them', async () => {
    const server = createTestServer({ makeStore });
    const res = await server.post(
      'oauth/token',
      { grant_type: 'refresh_token', client_id: 'spa' },
      { Origin: APP },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect((await res.json()).error).toBe('invalid_request');
  });

  it('gives an origin no client allows no Access-Control-Allow-Origin, preflight or not', async () => {
    const server = createTestServer({ makeStore });
    const pre = await preflight(server, 'oauth/token', ELSEWHERE);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const res = await clientCredentials(server, { ...M2M, Origin: ELSEWHERE });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const userinfo = await server.fetch('userinfo', { headers: { Origin: ELSEWHERE } });
    expect(userinfo.status).toBe(401);
    expect(userinfo.headers.get('access-control-allow-origin')).toBeNull();
    // Public metadata stays readable from anywhere.
    const discovery = await server.fetch('.well-known/openid-configuration', {
      headers: { Origin: ELSEWHERE },
    });
    expect(discovery.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers for the client the request authenticated as: another client’s origin is not enough', async () => {
    const server = createTestServer({
      makeStore,
      tenant: tenantWith('spa', { allowedOrigins: ['http://localhost:5555'], webOrigins: [] }),
    });
    const origin = 'http://localhost:5555';
    expect((await preflight(server, 'oauth/token', origin)).headers.get('access-control-allow-origin')).toBe(
      origin,
    );
    const asSpa = await server.post(
      'oauth/token',
      { grant_type: 'refresh_token', client_id: 'spa', refresh_token: 'nope' },
      { Origin: origin },
    );
    expect(asSpa.status).toBe(400);
    expect(asSpa.headers.get('access-control-allow-origin')).toBe(origin);
    const asM2m = await clientCredentials(server, { ...M2M, Origin: origin });
    expect(asM2m.status).toBe(200);
    expect(asM2m.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows the origins of the Allowed Callback URLs by default (Auth0)', async () => {
    const server = createTestServer({ makeStore });
    const res = await clientCredentials(server, { ...WEB_APP, Origin: 'https://oauth.pstmn.io' });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://oauth.pstmn.io');
  });

  it('leaves requests without Origin (curl, Postman) and same-origin requests as they were', async () => {
    const server = createTestServer({ makeStore });
    const curl = await clientCredentials(server, M2M);
    expect(curl.status).toBe(200);
    expect(curl.headers.get('access-control-allow-origin')).toBeNull();

    // The in-browser host's own app calls its server from the same origin: no CORS involved.
    const inBrowser = createTestServer({
      makeStore,
      issuer: 'https://play.example/server/',
      appUrl: 'https://play.example',
      tenant: tenantWith('m2m', { allowedOrigins: [], webOrigins: [], redirectUris: [] }),
    });
    const same = await clientCredentials(inBrowser, { ...M2M, Origin: 'https://play.example' });
    expect(same.status).toBe(200);
    expect(same.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('Allowed Origins and Allowed Web Origins in the tenant', () => {
  it('resolve {app} to the host origin (without the app path)', () => {
    const parsed = parseTenant(demoTenant);
    if (!parsed.ok) throw new Error('demo tenant invalid');
    const tenant = resolveTenant(parsed.tenant, 'https://play.example/playground');
    for (const client of tenant.clients) {
      expect(client.allowedOrigins).toEqual(['https://play.example', APP]);
      expect(client.webOrigins).toEqual(['https://play.example', APP]);
    }
  });

  it('name each bad field', () => {
    const result = parseTenant(
      tenantWith('spa', {
        allowedOrigins: ['http://localhost:3000/', 'javascript:alert(1)'],
        webOrigins: ['https://app.example/callback', 'http://localhost:3000', 'http://app.example'],
        refreshTokenReuseInterval: -1,
      }),
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: 'clients.1.refreshTokenReuseInterval',
          message: 'must be 0 or more seconds',
        },
        {
          path: 'clients.1.allowedOrigins.0',
          message:
            'must be an origin: https://host[:port], or http: on loopback, with no path or trailing slash (or {app})',
        },
        {
          path: 'clients.1.allowedOrigins.1',
          message:
            'must be an origin: https://host[:port], or http: on loopback, with no path or trailing slash (or {app})',
        },
        {
          path: 'clients.1.webOrigins.0',
          message:
            'must be an origin: https://host[:port], or http: on loopback, with no path or trailing slash (or {app})',
        },
        {
          path: 'clients.1.webOrigins.2',
          message:
            'must be an origin: https://host[:port], or http: on loopback, with no path or trailing slash (or {app})',
        },
      ],
    });
    const fractional = parseTenant(tenantWith('spa', { refreshTokenReuseInterval: 1.5 }));
    expect(fractional.ok ? [] : fractional.errors).toEqual([
      { path: 'clients.1.refreshTokenReuseInterval', message: 'must be a whole number of seconds' },
    ]);
  });

  it('default to none, and a reuse interval of 0 s', () => {
    const { allowedOrigins: _a, webOrigins: _w, ...bare } = demoTenant.clients[1];
    const parsed = parseTenant({ ...demoTenant, clients: [bare] });
    expect(parsed.ok && parsed.tenant.clients[0]).toMatchObject({
      allowedOrigins: [],
      webOrigins: [],
      refreshTokenReuseInterval: 0,
    });
  });
});
