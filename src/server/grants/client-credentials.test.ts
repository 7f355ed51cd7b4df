import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEMO_API, M2M, nowOf, tokens, verifyWithJwks } from '../endpoints/token-testing.ts';
import { createTestServer, storeFactories } from '../testing/harness.ts';

describe.each(Object.entries(storeFactories))('client_credentials grant (%s store)', (_name, makeStore) => {
  it('issues an RFC 9068 access token for the API with every scope of the client grant, and nothing else', async () => {
    const server = createTestServer({ makeStore });
    const { res, body } = await tokens(server, { grant_type: 'client_credentials', audience: DEMO_API }, M2M);
    expect(res.status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'read:messages write:messages',
    });
    // Never a refresh token nor an ID token (seed; RFC 6749 section 4.4.3).
    expect(body.refresh_token).toBeUndefined();
    expect(body.id_token).toBeUndefined();
    expect(decodeProtectedHeader(String(body.access_token))).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    const claims = await verifyWithJwks(server, body.access_token, { typ: 'at+jwt', audience: DEMO_API });
    const now = nowOf(server);
    expect(claims).toEqual({
      iss: 'http://localhost:4000/',
      sub: 'm2m@clients',
      aud: DEMO_API,
      iat: now,
      exp: now + 86400,
      scope: 'read:messages write:messages',
      jti: expect.any(String),
      client_id: 'm2m',
      azp: 'm2m',
      gty: 'client-credentials',
    });
  });

  it('grants a narrower scope when asked', async () => {
    const server = createTestServer({ makeStore });
    const { body } = await tokens(
      server,
      { grant_type: 'client_credentials', audience: DEMO_API, scope: 'read:messages' },
      M2M,
    );
    expect(body.scope).toBe('read:messages');
    expect((await verifyWithJwks(server, body.access_token)).scope).toBe('read:messages');
  });

  it('refuses a scope outside the client grant with invalid_scope', async () => {
    const server = createTestServer({ makeStore });
    const { res, body } = await tokens(
      server,
      { grant_type: 'client_credentials', audience: DEMO_API, scope: 'read:messages delete:messages' },
      M2M,
    );
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_scope',
      error_description: 'The client is not granted the scope: delete:messages',
    });
  });

  it('refuses a scope with characters RFC 6749 section 3.3 forbids', async () => {
    const server = createTestServer({ makeStore });
    const { res, body } = await tokens(
      server,
      { grant_type: 'client_credentials', audience: DEMO_API, scope: 'read:"messages"' },
      M2M,
    );
    expect(res.status).toBe(400);
    expect(body.error).toBe('invalid_scope');
  });

  it('requires audience (Auth0)', async () => {
    const server = createTestServer({ makeStore });
    const { res, body } = await tokens(server, { grant_type: 'client_credentials' }, M2M);
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_request',
      error_description: 'Missing required parameter: audience',
    });
  });

  it('answers an unknown audience as Auth0: 403 access_denied', async () => {
    const server = createTestServer({ makeStore });
    const { res, body } = await tokens(
      server,
      { grant_type: 'client_credentials', audience: 'https://nope.example.com' },
      M2M,
    );
    expect(res.status).toBe(403);
    expect(body).toEqual({
      error: 'access_denied',
      error_description: 'Service not found: https://nope.example.com',
    });
  });

  it('answers a client without a client grant for the API as Auth0: 403 access_denied', async () => {
    const server = createTestServer({
      makeStore,
      tenant: {
        users: [],
        apis: [
          { identifier: DEMO_API, scopes: [] },
          { identifier: 'https://other.example.com', scopes: [] },
        ],
        clients: [
          {
            clientId: 'm2m',
            type: 'confidential',
            clientSecret: 'm2m-secret',
            grantTypes: ['client_credentials'],
            clientGrants: [{ audience: DEMO_API, scopes: [] }],
          },
        ],
      },
    });
    const { res, body } = await tokens(
      server,
      { grant_type: 'client_credentials', audience: 'https://other.example.com' },
      M2M,
    );
    expect(res.status).toBe(403);
    expect(body).toEqual({
      error: 'access_denied',
      error_description:
        "Client is not authorized to access 'https://other.example.com'. You need to create a 'client-grant' associated to this API.",
    });
  });

  it('signs with the new key after a rotation, and the JWKS still lists the old one', async () => {
    const server = createTestServer({ makeStore });
    const first = await tokens(server, { grant_type: 'client_credentials', audience: DEMO_API }, M2M);
    const rotated = await server.fetch('admin/keys/rotate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(rotated.status).toBe(200);
    const second = await tokens(server, { grant_type: 'client_credentials', audience: DEMO_API }, M2M);
    const kid1 = decodeProtectedHeader(String(first.body.access_token)).kid;
    const kid2 = decodeProtectedHeader(String(second.body.access_token)).kid;
    expect(kid1).not.toBe(kid2);
    await verifyWithJwks(server, first.body.access_token);
    await verifyWithJwks(server, second.body.access_token);
  });
});
