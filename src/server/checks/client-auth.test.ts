import { describe, expect, it } from 'vitest';
import { basic, DEMO_API, tokens, WEB_APP } from '../endpoints/token-testing.ts';
import { demoTenant } from '../tenant/demo.ts';
import { createTestServer, storeFactories } from '../testing/harness.ts';
import { parseBasicCredentials, secretsMatch } from './client-auth.ts';

const CC = { grant_type: 'client_credentials', audience: DEMO_API };
const BASIC_CHALLENGE = 'Basic realm="oauth", charset="UTF-8"';

describe('parseBasicCredentials', () => {
  it('form-decodes the client id and secret (RFC 6749 §2.3.1)', () => {
    const header = `Basic ${btoa('my%3Aclient:s%C3%A9cret+%2B+%25')}`;
    expect(parseBasicCredentials(header)).toEqual({ clientId: 'my:client', clientSecret: 'sécret + %' });
  });

  it.each([
    'Basic',
    'Basic !!!',
    `Basic ${btoa('no-colon')}`,
    `Basic ${btoa(':secret')}`,
    `Basic ${btoa('a:%E0%A4%A')}`,
  ])('refuses %s with 401 invalid_client and a Basic challenge', (header) => {
    expect(() => parseBasicCredentials(header)).toThrow(
      expect.objectContaining({
        code: 'invalid_client',
        status: 401,
        headers: { 'WWW-Authenticate': BASIC_CHALLENGE },
      }),
    );
  });
});

describe('secretsMatch', () => {
  it('tells equal from different secrets, whatever their lengths', () => {
    expect(secretsMatch('m2m-secret', 'm2m-secret')).toBe(true);
    expect(secretsMatch('m2m-secreT', 'm2m-secret')).toBe(false);
    expect(secretsMatch('', 'm2m-secret')).toBe(false);
    expect(secretsMatch('m2m-secret-and-more', 'm2m-secret')).toBe(false);
  });
});

describe.each(Object.entries(storeFactories))(
  'client authentication at the token endpoint (%s store)',
  (_name, makeStore) => {
    it('accepts client_secret_basic', async () => {
      const server = createTestServer({ makeStore });
      const { res } = await tokens(server, CC, basic('m2m', 'm2m-secret'));
      expect(res.status).toBe(200);
    });

    it('accepts client_secret_post', async () => {
      const server = createTestServer({ makeStore });
      const { res } = await tokens(server, { ...CC, client_id: 'm2m', client_secret: 'm2m-secret' });
      expect(res.status).toBe(200);
    });

    it('accepts Basic credentials that need form-encoding', async () => {
      const tenant = structuredClone(demoTenant);
      const m2m = tenant.clients.find((c) => c.clientId === 'm2m');
      if (!m2m) throw new Error('no m2m');
      m2m.clientSecret = 'p@ss:wörd +%';
      const server = createTestServer({ makeStore, tenant });
      const { res } = await tokens(server, CC, basic('m2m', 'p@ss:wörd +%'));
      expect(res.status).toBe(200);
    });

    it('answers a wrong secret over Basic with 401 invalid_client and WWW-Authenticate: Basic', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await tokens(server, CC, basic('m2m', 'wrong'));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(BASIC_CHALLENGE);
      expect(body).toEqual({
        error: 'invalid_client',
        error_description: 'Unknown client or wrong client credentials.',
      });
    });

    it('answers an unknown client over Basic the same way', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await tokens(server, CC, basic('nobody', 'm2m-secret'));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(BASIC_CHALLENGE);
      expect(body.error).toBe('invalid_client');
    });

    it('answers a wrong client_secret_post with 401 invalid_client and no challenge', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await tokens(server, { ...CC, client_id: 'm2m', client_secret: 'wrong' });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBeNull();
      expect(body).toEqual({
        error: 'invalid_client',
        error_description: 'Unknown client or wrong client credentials.',
      });
    });

    it('answers an unknown client_id with 401 invalid_client', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await tokens(server, { ...CC, client_id: 'nobody' });
      expect(res.status).toBe(401);
      expect(body.error).toBe('invalid_client');
    });

    it('refuses a request with no client authentication at all', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await tokens(server, CC);
      expect(res.status).toBe(401);
      expect(body).toEqual({
        error: 'invalid_client',
        error_description: 'Client authentication is required: send client_id (and client_secret).',
      });
    });

    it('refuses a confidential client that sends only its client_id', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await tokens(server, { ...CC, client_id: 'm2m' });
      expect(res.status).toBe(401);
      expect(body).toEqual({
        error: 'invalid_client',
        error_description: 'This client is confidential: it must authenticate with its client_secret.',
      });
    });

    it('refuses a public client that sends a secret', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await tokens(server, {
        grant_type: 'refresh_token',
        refresh_token: 'x',
        client_id: 'spa',
        client_secret: 'guess',
      });
      expect(res.status).toBe(401);
      expect(body.error).toBe('invalid_client');
    });

    it('refuses two authentication methods at once with invalid_request (RFC 6749 §2.3)', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await tokens(
        server,
        { ...CC, client_secret: 'm2m-secret' },
        basic('m2m', 'm2m-secret'),
      );
      expect(res.status).toBe(400);
      expect(body).toEqual({
        error: 'invalid_request',
        error_description:
          'The client used more than one authentication method (HTTP Basic and client_secret).',
      });
    });

    it('refuses a client_id that differs from the Basic one', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await tokens(server, { ...CC, client_id: 'web-app' }, basic('m2m', 'm2m-secret'));
      expect(res.status).toBe(400);
      expect(body.error).toBe('invalid_request');
    });

    it('accepts a client_id equal to the Basic one', async () => {
      const server = createTestServer({ makeStore });
      const { res } = await tokens(server, { ...CC, client_id: 'm2m' }, basic('m2m', 'm2m-secret'));
      expect(res.status).toBe(200);
    });

    it('does not take one client secret for another client', async () => {
      const server = createTestServer({ makeStore });
      const { res } = await tokens(server, CC, basic('m2m', 'web-app-secret'));
      expect(res.status).toBe(401);
      expect(
        (await tokens(server, { grant_type: 'refresh_token', refresh_token: 'x' }, WEB_APP)).res.status,
      ).toBe(400);
    });
  },
);
