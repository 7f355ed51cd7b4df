import { describe, expect, it } from 'vitest';
import { createTestServer, storeFactories, type TestServer } from '../testing/harness.ts';
import { DEMO_API, M2M, tokens, WEB_APP } from './token-testing.ts';

async function m2mToken(server: TestServer, scope: string): Promise<string> {
  const { body } = await tokens(server, { grant_type: 'client_credentials', audience: DEMO_API, scope }, M2M);
  return String(body.access_token);
}

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe.each(Object.entries(storeFactories))(
  'the sample API /api/messages (%s store)',
  (_name, makeStore) => {
    it('writes with write:messages and reads with read:messages', async () => {
      const server = createTestServer({ makeStore });
      const token = await m2mToken(server, 'read:messages write:messages');
      const empty = await server.fetch('api/messages', { headers: auth(token) });
      expect(empty.status).toBe(200);
      expect(await empty.json()).toEqual({ messages: [] });

      const posted = await server.fetch('api/messages', {
        method: 'POST',
        headers: { ...auth(token), 'Content-Type': 'application/json' },
        body: JSON.stringify({ text: 'Hello <b>API</b>' }),
      });
      expect(posted.status).toBe(201);
      const message = await posted.json();
      expect(message).toEqual({
        id: expect.any(String),
        text: 'Hello <b>API</b>',
        author: 'm2m@clients',
        clientId: 'm2m',
        createdAt: Math.floor(server.clock.ms / 1000),
        sequence: 1,
      });
      const form = await server.post('api/messages', { text: 'second' }, auth(token));
      expect(form.status).toBe(201);
      const list = await (await server.fetch('api/messages', { headers: auth(token) })).json();
      expect(list.messages.map((m: { text: string }) => m.text)).toEqual(['Hello <b>API</b>', 'second']);
    });

    it('answers no token with 401 and just Bearer realm="api" (RFC 6750 §3.1)', async () => {
      const server = createTestServer({ makeStore });
      const res = await server.fetch('api/messages');
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api"');
    });

    it('answers a bad token with 401 invalid_token', async () => {
      const server = createTestServer({ makeStore });
      const res = await server.fetch('api/messages', { headers: auth('x.y.z') });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        'Bearer realm="api", error="invalid_token", error_description="The access token is malformed or invalid."',
      );
    });

    it('answers a token for another audience (an opaque userinfo token) with 401 invalid_token', async () => {
      const server = createTestServer({ makeStore });
      const { body } = await tokens(
        server,
        { grant_type: 'password', username: 'alice@example.com', password: 'wonderland', scope: 'openid' },
        WEB_APP,
      );
      const res = await server.fetch('api/messages', { headers: auth(String(body.access_token)) });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        'Bearer realm="api", error="invalid_token", error_description="The access token is not meant for this audience."',
      );
    });

    it('answers a missing scope with 403 insufficient_scope naming it', async () => {
      const server = createTestServer({ makeStore });
      const token = await m2mToken(server, 'read:messages');
      const res = await server.post('api/messages', { text: 'hi' }, auth(token));
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toBe(
        'Bearer realm="api", error="insufficient_scope", error_description="The access token needs the scope write:messages.", scope="write:messages"',
      );
      expect(await res.json()).toEqual({
        error: 'insufficient_scope',
        error_description: 'The access token needs the scope write:messages.',
      });
    });

    it('answers an expired token with 401 invalid_token', async () => {
      const server = createTestServer({ makeStore });
      const token = await m2mToken(server, 'read:messages');
      server.clock.ms += 86_400_000;
      const res = await server.fetch('api/messages', { headers: auth(token) });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('error_description="The access token expired."');
    });

    it('refuses an empty or missing text with 400 invalid_request', async () => {
      const server = createTestServer({ makeStore });
      const token = await m2mToken(server, 'write:messages');
      const missing = await server.post('api/messages', {}, auth(token));
      expect(missing.status).toBe(400);
      expect(await missing.json()).toEqual({
        error: 'invalid_request',
        error_description: 'Missing required parameter: text',
      });
      const blank = await server.post('api/messages', { text: '   ' }, auth(token));
      expect(blank.status).toBe(400);
      const long = await server.post('api/messages', { text: 'x'.repeat(501) }, auth(token));
      expect(long.status).toBe(400);
    });

    it('answers PUT with 405', async () => {
      const server = createTestServer({ makeStore });
      const res = await server.fetch('api/messages', { method: 'PUT' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, POST, OPTIONS');
    });
  },
);
