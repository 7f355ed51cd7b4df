import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../params.ts';
import { createTestServer, storeFactories } from '../testing/harness.ts';
import { DEMO_API, M2M, tokens } from './token-testing.ts';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

describe.each(Object.entries(storeFactories))(
  'POST /oauth/token: the endpoint (%s store)',
  (_name, makeStore) => {
    it('answers a success with Cache-Control: no-store and Pragma: no-cache (RFC 6749 §5.1)', async () => {
      const server = createTestServer({ makeStore });
      const { res } = await tokens(server, { grant_type: 'client_credentials', audience: DEMO_API }, M2M);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('pragma')).toBe('no-cache');
    });

    it('accepts a JSON body as Auth0 does', async () => {
      const server = createTestServer({ makeStore });
      const res = await server.fetch('oauth/token', {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: 'm2m',
          client_secret: 'm2m-secret',
          audience: DEMO_API,
        }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ token_type: 'Bearer', scope: 'read:messages write:messages' });
    });

    it.each([
      [
        'text/plain',
        'grant_type=client_credentials',
        'Content-Type must be application/x-www-form-urlencoded or application/json, not text/plain.',
      ],
      ['application/json', '{"grant_type":', 'The request body is not valid JSON.'],
      ['application/json', '["client_credentials"]', 'The JSON body must be an object.'],
      ['application/json', '{"grant_type":{"x":1}}', "Parameter 'grant_type' must be a string."],
      ['application/json', '{"grant_type":["a","b"]}', "Parameter 'grant_type' must be a string."],
    ])('refuses a %s body %s with 400 invalid_request', async (type, body, description) => {
      const server = createTestServer({ makeStore });
      const res = await server.fetch('oauth/token', {
        method: 'POST',
        headers: { 'Content-Type': type },
        body,
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({ error: 'invalid_request', error_description: description });
    });

    it('refuses a request without a content type with 400 invalid_request', async () => {
      const server = createTestServer({ makeStore });
      const res = await server.fetch('oauth/token', { method: 'POST' });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBe('invalid_request');
    });

    it('refuses a body over 64 KiB with 413', async () => {
      const server = createTestServer({ makeStore });
      const res = await server.post('oauth/token', {
        grant_type: 'client_credentials',
        padding: 'x'.repeat(MAX_BODY_BYTES),
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({
        error: 'request_too_large',
        error_description: `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
      });
    });

    it('refuses a repeated parameter (RFC 6749 §3.2)', async () => {
      const server = createTestServer({ makeStore });
      const res = await server.fetch('oauth/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...M2M },
        body: `grant_type=client_credentials&audience=${encodeURIComponent(DEMO_API)}&audience=x`,
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: 'invalid_request',
        error_description: "Parameter 'audience' was included more than once.",
      });
    });

    it('answers GET with 405 and Allow', async () => {
      const server = createTestServer({ makeStore });
      const res = await server.fetch('oauth/token');
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST, OPTIONS');
      expect((await res.json()).error).toBe('method_not_allowed');
    });

    it('requires grant_type', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await tokens(server, { audience: DEMO_API }, M2M);
      expect(res.status).toBe(400);
      expect(body).toEqual({
        error: 'invalid_request',
        error_description: 'Missing required parameter: grant_type',
      });
    });

    it('answers an unknown grant type with unsupported_grant_type', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await tokens(server, { grant_type: 'implicit' }, M2M);
      expect(res.status).toBe(400);
      expect(body).toEqual({
        error: 'unsupported_grant_type',
        error_description: 'Unsupported grant type: implicit',
      });
    });

    it('answers a grant the client may not use with unauthorized_client', async () => {
      const server = createTestServer({ makeStore });
      const { res, body } = await tokens(
        server,
        { grant_type: 'password', username: 'alice@example.com', password: 'wonderland' },
        M2M,
      );
      expect(res.status).toBe(400);
      expect(body).toEqual({
        error: 'unauthorized_client',
        error_description: 'The grant type password is not enabled for the client m2m.',
      });
    });

    it('answers CORS preflight for browser clients on other origins', async () => {
      const server = createTestServer({ makeStore });
      const res = await server.fetch('oauth/token', {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://localhost:3000',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    });
  },
);
