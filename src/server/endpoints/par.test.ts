import { describe, expect, it } from 'vitest';
import { decodeEntities } from '../conformance/browser.ts';
import { clientAssertion, clientKey, JWT_BEARER, registerClient, signJwt } from '../testing/client-keys.ts';
import { createTestServer, storeFactories, type TestServer } from '../testing/harness.ts';

const CALLBACK = 'http://localhost:3000/callback';
const WEB_APP_BASIC = { Authorization: `Basic ${btoa('web-app:web-app-secret')}` };
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const REQUEST_URI = /^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}$/;

const codeRequest = (extra: Record<string, string> = {}) => ({
  response_type: 'code',
  redirect_uri: CALLBACK,
  scope: 'openid profile',
  state: 'pushed-state',
  ...extra,
});

function push(
  server: TestServer,
  form: Record<string, string>,
  headers: Record<string, string> = WEB_APP_BASIC,
) {
  return server.post('oauth/par', form, headers);
}

async function pushed(server: TestServer, form: Record<string, string>, headers?: Record<string, string>) {
  const res = await push(server, form, headers);
  expect(res.status).toBe(201);
  return (await res.json()).request_uri as string;
}

function authorize(server: TestServer, params: Record<string, string>) {
  return server.fetch(`authorize?${new URLSearchParams(params)}`);
}

async function expectErrorPage(res: Response, code: string, description: string) {
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toContain('text/html');
  expect(decodeEntities(await res.text())).toContain(`<code>${code}</code>: ${description}`);
}

describe.each(Object.entries(storeFactories))('POST /oauth/par (%s store)', (_name, makeStore) => {
  it('answers 201 {request_uri, expires_in: 60} for an authenticated client (RFC 9126 section 2.2)', async () => {
    const server = createTestServer({ makeStore });
    const res = await push(server, codeRequest());
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['expires_in', 'request_uri']);
    expect(body.request_uri).toMatch(REQUEST_URI);
    expect(body.expires_in).toBe(60);
  });

  it('a request_uri works once at /authorize: login, then invalid_request_uri on reuse', async () => {
    const server = createTestServer({ makeStore });
    const requestUri = await pushed(server, codeRequest());
    const first = await authorize(server, { client_id: 'web-app', request_uri: requestUri });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toMatch(/\/u\/login\/[A-Za-z0-9_-]{43}$/);
    await expectErrorPage(
      await authorize(server, { client_id: 'web-app', request_uri: requestUri }),
      'invalid_request_uri',
      'The request_uri was already used: a pushed request works once (RFC 9126 section 4).',
    );
  });

  it('uses the pushed parameters, not the ones beside request_uri (RFC 9101 section 6.3)', async () => {
    const server = createTestServer({ makeStore });
    const requestUri = await pushed(server, codeRequest({ prompt: 'none' }));
    const res = await authorize(server, {
      client_id: 'web-app',
      request_uri: requestUri,
      state: 'outer-state',
      redirect_uri: 'https://oauth.pstmn.io/v1/callback',
    });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('error')).toBe('login_required');
    expect(location.searchParams.get('state')).toBe('pushed-state');
  });

  it('lets only one of two simultaneous uses of a request_uri through (atomic)', async () => {
    const server = createTestServer({ makeStore });
    const requestUri = await pushed(server, codeRequest());
    const results = await Promise.all([
      authorize(server, { client_id: 'web-app', request_uri: requestUri }),
      authorize(server, { client_id: 'web-app', request_uri: requestUri }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([302, 400]);
  });

  it("refuses unknown, expired and other clients' request_uris with invalid_request_uri", async () => {
    const server = createTestServer({ makeStore });
    await expectErrorPage(
      await authorize(server, {
        client_id: 'web-app',
        request_uri: 'urn:ietf:params:oauth:request_uri:nope',
      }),
      'invalid_request_uri',
      'The request_uri is unknown: push the request to /oauth/par first.',
    );
    const forWebApp = await pushed(server, codeRequest());
    await expectErrorPage(
      await authorize(server, { client_id: 'spa', request_uri: forWebApp }),
      'invalid_request_uri',
      'The request_uri was issued to another client.',
    );
    // Still usable by its own client: the other client's attempt did not use it up.
    expect((await authorize(server, { client_id: 'web-app', request_uri: forWebApp })).status).toBe(302);
    const expiring = await pushed(server, codeRequest());
    server.clock.ms += 60_000;
    await expectErrorPage(
      await authorize(server, { client_id: 'web-app', request_uri: expiring }),
      'invalid_request_uri',
      'The request_uri has expired (it lives 60 s).',
    );
  });

  it('sends a request_uri error to the redirect URI beside it when that one is registered', async () => {
    const server = createTestServer({ makeStore });
    const res = await authorize(server, {
      client_id: 'web-app',
      request_uri: 'urn:ietf:params:oauth:request_uri:nope',
      redirect_uri: CALLBACK,
      state: 's',
    });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      error: 'invalid_request_uri',
      error_description: 'The request_uri is unknown: push the request to /oauth/par first.',
      state: 's',
      iss: server.issuer,
    });
  });

  it('answers request_uri_not_supported for a request_uri it did not issue (OIDC Core section 6.2)', async () => {
    const server = createTestServer({ makeStore });
    await expectErrorPage(
      await authorize(server, { client_id: 'web-app', request_uri: 'https://client.example/request.jwt' }),
      'request_uri_not_supported',
      'This server does not fetch request objects from a request_uri; push the request to /oauth/par and use the request_uri it returns.',
    );
  });

  it('checks the pushed request as /authorize does: errors are 400 JSON', async () => {
    const server = createTestServer({ makeStore });
    const cases: [Record<string, string>, string, string][] = [
      [
        codeRequest({ redirect_uri: 'https://evil.example/cb' }),
        'invalid_request',
        'Callback URL mismatch. https://evil.example/cb is not in the list of allowed callback URLs for client web-app.',
      ],
      [
        codeRequest({ response_type: 'code banana' }),
        'unsupported_response_type',
        'Unsupported response type: code banana',
      ],
      [
        codeRequest({ response_type: 'token' }),
        'unauthorized_client',
        expect.any(String) as unknown as string,
      ],
      [
        codeRequest({ request_uri: 'urn:x' }),
        'invalid_request',
        'request_uri must not be pushed: it is what this endpoint returns (RFC 9126 section 2.1).',
      ],
    ];
    for (const [form, error, description] of cases) {
      const res = await push(server, form);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual({ error, error_description: description });
    }
    // spa is public and must use PKCE, at PAR as at /authorize.
    const spa = await push(server, { ...codeRequest(), client_id: 'spa' }, {});
    expect(spa.status).toBe(400);
    expect(await spa.json()).toEqual({
      error: 'invalid_request',
      error_description: 'PKCE is required for client spa: send a code_challenge.',
    });
    const spaPkce = await push(
      server,
      { ...codeRequest(), client_id: 'spa', code_challenge: CHALLENGE, code_challenge_method: 'S256' },
      {},
    );
    expect(spaPkce.status).toBe(201);
  });

  it('authenticates the client as the token endpoint does', async () => {
    const server = createTestServer({ makeStore });
    const wrong = await push(server, codeRequest(), { Authorization: `Basic ${btoa('web-app:wrong')}` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="oauth", charset="UTF-8"');
    expect((await wrong.json()).error).toBe('invalid_client');
    const none = await push(server, { ...codeRequest(), client_id: 'web-app' }, {});
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      error: 'invalid_client',
      error_description: 'This client is confidential: it must authenticate with its client_secret.',
    });
    const post = await push(
      server,
      { ...codeRequest(), client_id: 'web-app', client_secret: 'web-app-secret' },
      {},
    );
    expect(post.status).toBe(201);
  });

  it('takes private_key_jwt with aud the PAR endpoint, and never stores the assertion with the request', async () => {
    const server = createTestServer({ makeStore });
    const key = await clientKey('PS256');
    const { client_id } = await registerClient(server, {
      redirect_uris: [CALLBACK],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [key.publicJwk] },
    });
    const res = await push(
      server,
      {
        ...codeRequest(),
        client_id,
        client_assertion_type: JWT_BEARER,
        client_assertion: await clientAssertion(server, key, client_id, { aud: `${server.issuer}oauth/par` }),
      },
      {},
    );
    expect(res.status).toBe(201);
    const stored = await server.store.list<{ pairs: [string, string][] }>('pushedRequests');
    expect(stored).toHaveLength(1);
    expect(stored[0].pairs.map(([name]) => name).sort()).toEqual(
      ['client_id', 'redirect_uri', 'response_type', 'scope', 'state'].sort(),
    );
  });

  it('takes a pushed request object (RFC 9126 section 3) and refuses a bad one', async () => {
    const server = createTestServer({ makeStore });
    const key = await clientKey('ES256');
    const { client_id, client_secret } = await registerClient(server, {
      redirect_uris: [CALLBACK],
      jwks: { keys: [key.publicJwk] },
    });
    const basic = { Authorization: `Basic ${btoa(`${client_id}:${client_secret}`)}` };
    const now = Math.floor(server.clock.ms / 1000);
    const request = await signJwt(
      key,
      { iss: client_id, aud: server.issuer, client_id, exp: now + 60, ...codeRequest({ prompt: 'none' }) },
      { typ: 'oauth-authz-req+jwt' },
    );
    const requestUri = await pushed(server, { request }, basic);
    const res = await authorize(server, { client_id, request_uri: requestUri });
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('error')).toBe('login_required');
    const foreign = await clientKey('ES256');
    const bad = await push(
      server,
      { request: await signJwt(foreign, { iss: client_id, client_id, ...codeRequest() }) },
      basic,
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: 'invalid_request_object',
      error_description: "The request object's signature does not verify with the client's registered keys.",
    });
  });

  it('refuses a plain /authorize for a client that requires PAR, and takes its pushed request', async () => {
    const server = createTestServer({ makeStore });
    const { client_id } = await registerClient(server, {
      redirect_uris: [CALLBACK],
      token_endpoint_auth_method: 'none',
      require_pushed_authorization_requests: true,
    });
    const plain = await authorize(server, {
      ...codeRequest(),
      client_id,
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    });
    expect(plain.status).toBe(302);
    const location = new URL(plain.headers.get('location') ?? '');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      error: 'invalid_request',
      error_description: `Client ${client_id} must push its authorization requests to /oauth/par and send the request_uri (RFC 9126 section 6).`,
      state: 'pushed-state',
      iss: server.issuer,
    });
    const requestUri = await pushed(
      server,
      { ...codeRequest(), client_id, code_challenge: CHALLENGE, code_challenge_method: 'S256' },
      {},
    );
    const viaPar = await authorize(server, { client_id, request_uri: requestUri });
    expect(viaPar.headers.get('location')).toMatch(/\/u\/login\//);
  });

  it('answers CORS preflights and 405 for GET', async () => {
    const server = createTestServer({ makeStore });
    const preflight = await server.fetch('oauth/par', {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    // An origin the demo clients allow (Allowed Origins, CORS).
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const get = await server.fetch('oauth/par');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });
});
