import { describe, expect, it } from 'vitest';
import { knownText } from './response-text.ts';
import { createTestServer } from './testing/harness.ts';

const origin = { Origin: 'https://any.example' };

describe('CORS headers set after the endpoint answered (public metadata)', () => {
  it('are on the endpoint answer, whose text the host still knows', async () => {
    const server = createTestServer();
    const res = await server.fetch('.well-known/openid-configuration', { headers: origin });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toBe('WWW-Authenticate,DPoP-Nonce');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(knownText(res)).toBe(await res.clone().text());
    expect((await res.json()).issuer).toBe(server.issuer);
  });

  it('are on error answers too', async () => {
    const server = createTestServer();
    const missing = await server.fetch('.well-known/nothing-here', { headers: origin });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
    expect((await missing.json()).error).toBe('not_found');
  });

  it('leave preflights to the CORS middleware', async () => {
    const server = createTestServer();
    const res = await server.fetch('.well-known/jwks.json', {
      method: 'OPTIONS',
      headers: { ...origin, 'Access-Control-Request-Method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS');
    expect(res.headers.get('access-control-max-age')).toBe('600');
  });
});
