import { describe, expect, it } from 'vitest';
import { MAX_REGISTERED_CLIENTS } from '../clients/registered.ts';
import { clientKey, registerClient, registerRequest } from '../testing/client-keys.ts';
import { createTestServer, storeFactories } from '../testing/harness.ts';

const CALLBACK = 'http://localhost:3000/callback';

async function expectError(res: Response, error: string, description: string | RegExp) {
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toBe('application/json');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = await res.json();
  expect(Object.keys(body).sort()).toEqual(['error', 'error_description']);
  expect(body.error).toBe(error);
  if (typeof description === 'string') expect(body.error_description).toBe(description);
  else expect(body.error_description).toMatch(description);
}

describe.each(Object.entries(storeFactories))('POST /oidc/register (%s store)', (_name, makeStore) => {
  it('registers a public client: 201 with client_id and the metadata as sent, no secret (RFC 7591 section 3.2.1)', async () => {
    const server = createTestServer({ makeStore });
    const res = await registerRequest(server, {
      redirect_uris: [CALLBACK],
      token_endpoint_auth_method: 'none',
      client_name: 'My SPA',
      logo_uri: 'https://example.com/logo.png',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    const body = await res.json();
    expect(body).toEqual({
      client_id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      client_id_issued_at: Math.floor(server.clock.ms / 1000),
      redirect_uris: [CALLBACK],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      client_name: 'My SPA',
    });
  });

  it('gives a confidential client a secret that never expires, usable at the token endpoint with an audience', async () => {
    const server = createTestServer({ makeStore });
    const body = await registerClient(server, { grant_types: ['client_credentials'] });
    expect(body).toMatchObject({
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      client_secret_expires_at: 0,
    });
    const res = await server.post(
      'oauth/token',
      { grant_type: 'client_credentials', audience: 'https://api.example.com' },
      { Authorization: `Basic ${btoa(`${body.client_id}:${body.client_secret}`)}` },
    );
    expect(res.status).toBe(200);
    const tokens = await res.json();
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'read:messages write:messages' });
    expect(tokens.access_token.split('.')).toHaveLength(3);
  });

  it('enforces the registered method: a client_secret_post client is refused HTTP Basic', async () => {
    const server = createTestServer({ makeStore });
    const body = await registerClient(server, {
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_post',
    });
    const basic = await server.post(
      'oauth/token',
      { grant_type: 'client_credentials', audience: 'https://api.example.com' },
      { Authorization: `Basic ${btoa(`${body.client_id}:${body.client_secret}`)}` },
    );
    expect(basic.status).toBe(401);
    expect(await basic.json()).toEqual({
      error: 'invalid_client',
      error_description: `Client ${body.client_id} is registered with token_endpoint_auth_method client_secret_post, not client_secret_basic.`,
    });
    const post = await server.post('oauth/token', {
      grant_type: 'client_credentials',
      audience: 'https://api.example.com',
      client_id: body.client_id,
      client_secret: body.client_secret ?? '',
    });
    expect(post.status).toBe(200);
  });

  it('echoes inline jwks and the modern metadata unchanged', async () => {
    const server = createTestServer({ makeStore });
    const key = await clientKey('ES256');
    const metadata = {
      redirect_uris: [CALLBACK, 'com.example.app:/callback'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [key.publicJwk] },
      dpop_bound_access_tokens: true,
      require_pushed_authorization_requests: true,
      authorization_details_types: ['messages'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    };
    const body = await registerClient(server, metadata);
    expect(body).toEqual({ ...metadata, client_id: body.client_id, client_id_issued_at: expect.any(Number) });
    expect(body.client_secret).toBeUndefined();
  });

  it('keeps registered clients in the store: a restarted server knows them', async () => {
    const server = createTestServer({ makeStore });
    const { client_id } = await registerClient(server, {
      redirect_uris: [CALLBACK],
      token_endpoint_auth_method: 'none',
    });
    const restarted = createTestServer({ store: server.store });
    const query = new URLSearchParams({
      response_type: 'code',
      client_id,
      redirect_uri: CALLBACK,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const res = await restarted.fetch(`authorize?${query}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/\/u\/login\/[A-Za-z0-9_-]{43}$/);
  });

  it('escapes a registered client_name on the login page', async () => {
    const server = createTestServer({ makeStore });
    const { client_id } = await registerClient(server, {
      redirect_uris: [CALLBACK],
      token_endpoint_auth_method: 'none',
      client_name: '<script>alert(1)</script>',
    });
    const query = new URLSearchParams({
      response_type: 'code',
      client_id,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const login = await server.fetch(
      new URL((await server.fetch(`authorize?${query}`)).headers.get('location') ?? '').pathname,
    );
    const html = await login.text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
  });

  it('allows loopback http redirect URIs for every response type (RFC 8252 section 7.3)', async () => {
    const server = createTestServer({ makeStore });
    const body = await registerClient(server, {
      redirect_uris: ['http://127.0.0.1:8080/cb', 'http://localhost/cb', 'http://[::1]:3000/cb'],
      grant_types: ['implicit'],
      response_types: ['id_token token', 'id_token'],
      token_endpoint_auth_method: 'none',
    });
    expect(body.redirect_uris).toEqual([
      'http://127.0.0.1:8080/cb',
      'http://localhost/cb',
      'http://[::1]:3000/cb',
    ]);
  });

  it.each([
    [
      'javascript:alert(1)',
      'redirect_uris: redirect_uris.0 javascript:alert(1) uses the scheme javascript:, which cannot be a redirect URI (use https:, loopback http: or a private-use scheme such as com.example.app:)',
    ],
    [
      'http://example.com/callback',
      'redirect_uris: redirect_uris.0 http://example.com/callback uses http: on a host that is not loopback (use https:, or http://localhost, 127.0.0.1 or [::1])',
    ],
    [
      'https://app.example/cb#frag',
      'redirect_uris: redirect_uris.0 https://app.example/cb#frag must not have a fragment (RFC 6749 section 3.1.2)',
    ],
    ['/callback', 'redirect_uris: redirect_uris.0 /callback is not an absolute URI'],
    ['data:text/html,hi', /uses the scheme data:/],
    ['https://user:pw@app.example/cb', /must not carry credentials/],
  ])('refuses the redirect URI %s: invalid_redirect_uri', async (uri, description) => {
    const server = createTestServer({ makeStore });
    await expectError(
      await registerRequest(server, { redirect_uris: [uri] }),
      'invalid_redirect_uri',
      description,
    );
  });

  it('needs redirect URIs for redirect-based grants', async () => {
    const server = createTestServer({ makeStore });
    await expectError(
      await registerRequest(server, { client_name: 'x' }),
      'invalid_redirect_uri',
      'redirect_uris: are required for the authorization_code and implicit grants',
    );
    await expectError(
      await registerRequest(server, { redirect_uris: 'https://app.example/cb' }),
      'invalid_redirect_uri',
      /^redirect_uris: redirect_uris Invalid type: Expected Array/,
    );
  });

  it.each([
    [
      { token_endpoint_auth_method: 'client_secret_jwt' },
      /^token_endpoint_auth_method: token_endpoint_auth_method must be one of client_secret_basic, client_secret_post, none, private_key_jwt$/,
    ],
    [
      { grant_types: ['urn:example:grant'] },
      /^grant_types: grant_types\.0 is not a grant type this server supports$/,
    ],
    [{ response_types: ['code token id_token extra'] }, /is not a response type this server supports/],
    [
      { response_types: ['token'] },
      'response_types: token needs the grant type implicit (RFC 7591 section 2.1)',
    ],
    [
      { grant_types: ['authorization_code', 'implicit'], response_types: ['code'] },
      'grant_types: implicit needs the response type token or id_token (RFC 7591 section 2.1)',
    ],
    [
      { token_endpoint_auth_method: 'private_key_jwt' },
      'token_endpoint_auth_method: private_key_jwt needs the public keys: jwks or jwks_uri',
    ],
    [
      { jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } },
      "jwks: jwks.keys.0: kty must be RSA or EC, not 'oct'",
    ],
    [
      { jwks: { keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB' }] } },
      'jwks: jwks.keys.0: an RSA key must have at least 2048 bits',
    ],
    [
      { jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }] } },
      'jwks: jwks.keys.0: it is not a valid key',
    ],
    [
      { jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'AAAA', y: 'AAAA' }] } },
      'jwks: jwks.keys.0: an EC key must be on the curve P-256 (ES256)',
    ],
    [{ jwks: { keys: [] } }, 'jwks: jwks.keys must hold at least one key'],
    [{ jwks: 'not a key set' }, /^jwks: jwks Invalid type/],
    [
      { jwks_uri: 'http://example.com/jwks.json' },
      'jwks_uri: must be an https: URL, or http: on a loopback host',
    ],
    [{ client_name: 'x'.repeat(201) }, 'client_name: client_name must be at most 200 characters'],
    [{ dpop_bound_access_tokens: 'yes' }, /^dpop_bound_access_tokens: dpop_bound_access_tokens Invalid type/],
    [
      { grant_types: ['client_credentials'], token_endpoint_auth_method: 'none' },
      'grant_types: client_credentials needs a client that authenticates (not none)',
    ],
  ])('refuses %j: invalid_client_metadata', async (extra, description) => {
    const server = createTestServer({ makeStore });
    await expectError(
      await registerRequest(server, { redirect_uris: [CALLBACK], ...extra }),
      'invalid_client_metadata',
      description,
    );
  });

  it('refuses a private key, jwks with jwks_uri, and keys of an algorithm it does not verify', async () => {
    const server = createTestServer({ makeStore });
    const key = await clientKey('ES256');
    const { exportJWK } = await import('jose');
    const { generateKeyPair } = await import('jose');
    const pair = await generateKeyPair('ES256', { extractable: true });
    const privateJwk = await exportJWK(pair.privateKey);
    await expectError(
      await registerRequest(server, { redirect_uris: [CALLBACK], jwks: { keys: [privateJwk] } }),
      'invalid_client_metadata',
      'jwks: jwks.keys.0: it holds private key members (d): register the public key only',
    );
    await expectError(
      await registerRequest(server, {
        redirect_uris: [CALLBACK],
        jwks: { keys: [key.publicJwk] },
        jwks_uri: 'https://app.example/jwks.json',
      }),
      'invalid_client_metadata',
      'jwks: give jwks or jwks_uri, not both (RFC 7591 section 2)',
    );
    await expectError(
      await registerRequest(server, {
        redirect_uris: [CALLBACK],
        jwks: { keys: [{ ...key.publicJwk, alg: 'ES384' }] },
      }),
      'invalid_client_metadata',
      'jwks: jwks.keys.0: alg must be one of RS256, PS256, ES256',
    );
  });

  it('refuses bodies that are not a JSON object, and oversized metadata', async () => {
    const server = createTestServer({ makeStore });
    const post = (body: string, type = 'application/json') =>
      server.fetch('oidc/register', { method: 'POST', headers: { 'Content-Type': type }, body });
    await expectError(
      await post('redirect_uris=x', 'application/x-www-form-urlencoded'),
      'invalid_client_metadata',
      'The registration request must be JSON (Content-Type: application/json).',
    );
    await expectError(
      await post('{"redirect_uris":'),
      'invalid_client_metadata',
      'The registration request is not valid JSON.',
    );
    await expectError(
      await post('[]'),
      'invalid_client_metadata',
      'The registration request must be a JSON object.',
    );
    await expectError(
      await post('null'),
      'invalid_client_metadata',
      'The registration request must be a JSON object.',
    );
    await expectError(
      await post(
        JSON.stringify({ redirect_uris: [CALLBACK], client_name: 'x', padding: 'p'.repeat(20_000) }),
      ),
      'invalid_client_metadata',
      'The client metadata is larger than 16384 bytes.',
    );
    const many = Array.from({ length: 21 }, (_, i) => `https://app.example/cb${i}`);
    await expectError(
      await registerRequest(server, { redirect_uris: many }),
      'invalid_redirect_uri',
      'redirect_uris: redirect_uris must list at most 20 URIs',
    );
  });

  it(`holds at most ${MAX_REGISTERED_CLIENTS} registered clients`, async () => {
    const server = createTestServer({ makeStore });
    for (let i = 0; i < MAX_REGISTERED_CLIENTS; i++) {
      await server.store.put('registeredClients', `c${i}`, {
        clientId: `c${i}`,
        client: { clientId: `c${i}`, type: 'public', grantTypes: [], redirectUris: [] },
        metadata: {},
        registeredAt: 0,
      });
    }
    await expectError(
      await registerRequest(server, { redirect_uris: [CALLBACK] }),
      'invalid_client_metadata',
      `This server already holds ${MAX_REGISTERED_CLIENTS} registered clients; reset the playground to register more.`,
    );
  });

  it('answers CORS preflights and sends Access-Control-Allow-Origin (an SPA registers itself)', async () => {
    const server = createTestServer({ makeStore });
    const preflight = await server.fetch('oidc/register', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:3000',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    const res = await server.fetch('oidc/register', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:3000' },
      body: JSON.stringify({ redirect_uris: [CALLBACK], token_endpoint_auth_method: 'none' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers 405 for GET (no client read endpoint)', async () => {
    const server = createTestServer({ makeStore });
    const res = await server.fetch('oidc/register');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, OPTIONS');
  });
});

describe('GET /admin/registered-clients', () => {
  it('lists registered clients oldest first, without secrets; a reset forgets them', async () => {
    const server = createTestServer();
    const first = await registerClient(server, { grant_types: ['client_credentials'], client_name: 'First' });
    server.clock.ms += 1000;
    const second = await registerClient(server, {
      redirect_uris: [CALLBACK],
      token_endpoint_auth_method: 'none',
    });
    const res = await server.fetch('admin/registered-clients');
    expect(res.status).toBe(200);
    const { clients } = await res.json();
    expect(clients).toEqual([
      {
        client_id: first.client_id,
        client_id_issued_at: first.client_id_issued_at,
        client_name: 'First',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        client_id: second.client_id,
        client_id_issued_at: second.client_id_issued_at,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [CALLBACK],
        token_endpoint_auth_method: 'none',
      },
    ]);
    expect(JSON.stringify(clients)).not.toContain(first.client_secret);
    const reset = await server.fetch('admin/reset', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(reset.status).toBe(200);
    expect((await (await server.fetch('admin/registered-clients')).json()).clients).toEqual([]);
  });
});
