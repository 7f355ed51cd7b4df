import { describe, expect, it } from 'vitest';
import { M2M } from './endpoints/token-testing.ts';
import { knownText } from './response-text.ts';
import { createTestServer } from './testing/harness.ts';

const origin = { Origin: 'http://localhost:3000' };

describe('CORS headers set after the endpoint answered', () => {
  it('are on a token answer, whose text the host still knows', async () => {
    const server = createTestServer();
    const res = await server.post(
      'oauth/token',
      { grant_type: 'client_credentials', audience: 'https://api.example.com' },
      { ...origin, ...M2M },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toBe('WWW-Authenticate,DPoP-Nonce');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toBe('application/json');
    // The host can still send the endpoint's text without reading the stream back.
    expect(knownText(res)).toBe(await res.clone().text());
    expect((await res.json()).token_type).toBe('Bearer');
  });

  it('are on error answers too, with their own headers kept', async () => {
    const server = createTestServer();
    const res = await server.post(
      'oauth/token',
      { grant_type: 'client_credentials' },
      { ...origin, Authorization: `Basic ${btoa('m2m:wrong')}` },
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await res.json()).error).toBe('invalid_client');
    const missing = await server.fetch('api/nothing-here', { headers: origin });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('leave preflights to the CORS middleware', async () => {
    const server = createTestServer();
    const res = await server.fetch('userinfo', {
      method: 'OPTIONS',
      headers: {
        ...origin,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    expect(res.headers.get('access-control-max-age')).toBe('600');
  });
});
