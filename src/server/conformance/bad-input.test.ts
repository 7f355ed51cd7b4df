import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestServer, storeFactories, type TestServer } from '../testing/harness.ts';
import { UserAgent } from './browser.ts';

const REDIRECT_URI = 'http://localhost:3000/callback';
const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`;
const WEB_APP = basic('web-app', 'web-app-secret');

/** Every POST endpoint that reads a body, with a request that is otherwise acceptable. */
const postEndpoints: { path: string; form: Record<string, string>; headers: Record<string, string> }[] = [
  {
    path: 'oauth/token',
    form: { grant_type: 'client_credentials', audience: 'https://api.example.com' },
    headers: { Authorization: basic('m2m', 'm2m-secret') },
  },
  { path: 'oauth/device/code', form: { client_id: 'device-app', scope: 'openid' }, headers: {} },
  { path: 'oauth/revoke', form: { token: 'x' }, headers: { Authorization: WEB_APP } },
  { path: 'oauth/introspect', form: { token: 'x' }, headers: { Authorization: WEB_APP } },
  { path: 'userinfo', form: { access_token: 'x' }, headers: {} },
];

/** Payloads that would run if reflected into HTML unescaped. */
const HTML_PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
];

async function expectOAuthError(response: Response, status: number | number[], error?: string | string[]) {
  expect([status].flat()).toContain(response.status);
  expect(response.headers.get('content-type')).toContain('application/json');
  const body = await response.json();
  expect(typeof body.error).toBe('string');
  if (error) expect([error].flat()).toContain(body.error);
  if ('error_description' in body) expect(typeof body.error_description).toBe('string');
  return body as { error: string; error_description?: string };
}

function expectNoRawPayload(body: string) {
  for (const payload of HTML_PAYLOADS) expect(body).not.toContain(payload);
}

/** A body stream of `total` bytes that counts how much of it was pulled. */
function countingStream(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const chunk = new TextEncoder().encode('a'.repeat(16 * 1024));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) {
        controller.close();
        return;
      }
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

describe.each(Object.entries(storeFactories))('bad input (%s store)', (_name, makeStore) => {
  let server: TestServer;
  beforeEach(() => {
    server = createTestServer({ makeStore });
  });

  describe('POST bodies', () => {
    it.each(postEndpoints)(
      '$path: missing, duplicated and overlong parameters are invalid_request',
      async (endpoint) => {
        // RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once."
        const duplicated = new URLSearchParams(endpoint.form);
        const [first] = Object.keys(endpoint.form);
        duplicated.append(first, endpoint.form[first]);
        await expectOAuthError(
          await server.fetch(endpoint.path, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...endpoint.headers },
            body: duplicated.toString(),
          }),
          400,
          'invalid_request',
        );
        await expectOAuthError(
          await server.post(endpoint.path, { ...endpoint.form, [first]: 'x'.repeat(9000) }, endpoint.headers),
          400,
          'invalid_request',
        );
        if (endpoint.path !== 'userinfo') {
          await expectOAuthError(
            await server.post(endpoint.path, {}, endpoint.headers),
            [400, 401],
            ['invalid_request', 'invalid_client'],
          );
        }
      },
    );

    it.each(postEndpoints)('$path: wrong content types are 400 invalid_request', async (endpoint) => {
      for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/xml', '']) {
        const response = await server.fetch(endpoint.path, {
          method: 'POST',
          headers: { ...(type ? { 'Content-Type': type } : {}), ...endpoint.headers },
          body: new URLSearchParams(endpoint.form).toString(),
        });
        // userinfo with a bearer-less body is a 401 challenge; any other endpoint says why the body is refused.
        if (endpoint.path === 'userinfo') expect([400, 401]).toContain(response.status);
        else await expectOAuthError(response, 400, 'invalid_request');
      }
    });

    it.each(postEndpoints)(
      '$path: bodies over 64 KiB are refused (413) without being read to the end',
      async (endpoint) => {
        const big = await server.fetch(endpoint.path, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...endpoint.headers },
          body: `a=${'b'.repeat(70 * 1024)}`,
        });
        await expectOAuthError(big, [413, 400]);
        const { stream, pulled } = countingStream(10 * 1024 * 1024);
        const streamed = await server.fetch(endpoint.path, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...endpoint.headers },
          body: stream,
          duplex: 'half',
        } as RequestInit);
        await expectOAuthError(streamed, [413, 400]);
        expect(pulled()).toBeLessThan(1024 * 1024);
      },
    );

    it('the token endpoint takes JSON; invalid JSON and wrongly typed members are invalid_request', async () => {
      const send = (body: string) =>
        server.fetch('oauth/token', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: basic('m2m', 'm2m-secret') },
          body,
        });
      const ok = await send(
        JSON.stringify({ grant_type: 'client_credentials', audience: 'https://api.example.com' }),
      );
      expect(ok.status).toBe(200);
      for (const body of [
        '{"grant_type": "client_credentials",',
        'null',
        '[]',
        '"grant_type"',
        JSON.stringify({ grant_type: ['client_credentials'], audience: 'https://api.example.com' }),
        JSON.stringify({ grant_type: { x: 1 }, audience: 'https://api.example.com' }),
        JSON.stringify({ grant_type: 'client_credentials', audience: { a: 'https://api.example.com' } }),
      ]) {
        await expectOAuthError(await send(body), 400, 'invalid_request');
      }
    });

    it('the token endpoint: unknown grant, missing grant_type, GET instead of POST', async () => {
      await expectOAuthError(
        await server.post('oauth/token', { grant_type: 'nope' }, { Authorization: WEB_APP }),
        400,
        'unsupported_grant_type',
      );
      await expectOAuthError(
        await server.post('oauth/token', { audience: 'x' }, { Authorization: WEB_APP }),
        400,
        'invalid_request',
      );
      const get = await server.fetch('oauth/token?grant_type=client_credentials');
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toContain('POST');
    });

    it('malformed client authentication is invalid_client, never a 500', async () => {
      for (const authorization of [
        'Basic',
        'Basic !!!',
        `Basic ${btoa('no-colon')}`,
        `Basic ${btoa(':')}`,
        'Bearer x',
        'Basic %%%',
      ]) {
        const response = await server.post(
          'oauth/token',
          { grant_type: 'client_credentials', audience: 'https://api.example.com' },
          { Authorization: authorization },
        );
        await expectOAuthError(response, [400, 401], ['invalid_client', 'invalid_request']);
      }
      // RFC 6749 §2.3: one authentication method only.
      const both = await server.post(
        'oauth/token',
        {
          grant_type: 'client_credentials',
          audience: 'https://api.example.com',
          client_id: 'm2m',
          client_secret: 'm2m-secret',
        },
        { Authorization: basic('m2m', 'm2m-secret') },
      );
      await expectOAuthError(both, [400, 401], ['invalid_request', 'invalid_client']);
    });

    it('invalid UTF-8 in a body is invalid_request', async () => {
      const response = await server.fetch('oauth/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: WEB_APP },
        body: new Uint8Array([0x67, 0x3d, 0xff, 0xfe, 0xfd]),
      });
      await expectOAuthError(response, 400, 'invalid_request');
    });
  });

  describe('/authorize', () => {
    const authorize = (params: [string, string][]) =>
      server.fetch(`authorize?${new URLSearchParams(params).toString()}`, { redirect: 'manual' });
    const valid: [string, string][] = [
      ['response_type', 'code'],
      ['client_id', 'web-app'],
      ['redirect_uri', REDIRECT_URI],
      ['scope', 'openid'],
      ['state', 's'],
    ];

    it('a CRLF in redirect_uri is an HTML error page, never a redirect or an injected header', async () => {
      const response = await authorize([
        ['response_type', 'code'],
        ['client_id', 'web-app'],
        ['redirect_uri', `${REDIRECT_URI}\r\nSet-Cookie: injected=1`],
      ]);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.getSetCookie().join()).not.toContain('injected');
    });

    it('a CRLF in state is percent-encoded in the Location, never a header of its own', async () => {
      const response = await authorize([
        ['response_type', 'banana'],
        ['client_id', 'web-app'],
        ['redirect_uri', REDIRECT_URI],
        ['state', 'a\r\nSet-Cookie: injected=1'],
      ]);
      expect(response.status).toBe(302);
      const location = response.headers.get('location') ?? '';
      expect(location).not.toMatch(/[\r\n]/);
      expect(new URL(location).searchParams.get('state')).toBe('a\r\nSet-Cookie: injected=1');
      expect(response.headers.getSetCookie().join()).not.toContain('injected');
    });

    it('a duplicated redirect_uri or client_id is never redirected to', async () => {
      for (const name of ['redirect_uri', 'client_id']) {
        const params = [...valid, valid.find(([n]) => n === name) as [string, string]];
        const response = await authorize(params);
        expect(response.status).toBe(400);
        expect(response.headers.get('location')).toBeNull();
      }
    });

    it('a duplicated state or scope is invalid_request', async () => {
      for (const name of ['state', 'scope', 'response_type']) {
        const response = await authorize([...valid, valid.find(([n]) => n === name) as [string, string]]);
        if (response.status === 302) {
          const location = new URL(response.headers.get('location') ?? '');
          expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
          expect(location.searchParams.get('error')).toBe('invalid_request');
        } else {
          expect(response.status).toBe(400);
        }
      }
    });

    it('an overlong parameter is refused, never a 500', async () => {
      for (const [name, value] of [
        ['state', 'x'.repeat(9000)],
        ['redirect_uri', `${REDIRECT_URI}?${'x'.repeat(9000)}`],
        ['scope', 'openid '.repeat(2000)],
      ]) {
        const response = await authorize([...valid.filter(([n]) => n !== name), [name, value]]);
        expect([302, 400]).toContain(response.status);
        if (response.status === 302) {
          expect(new URL(response.headers.get('location') ?? '').searchParams.get('error')).toBe(
            'invalid_request',
          );
        }
      }
    });

    it.each(HTML_PAYLOADS)('HTML in reflected parameters is escaped: %s', async (payload) => {
      const pages: Response[] = [
        await authorize([['client_id', payload]]),
        await authorize([
          ['client_id', 'web-app'],
          ['redirect_uri', payload],
        ]),
        await authorize([
          ['response_type', 'code'],
          ['client_id', 'web-app'],
          ['redirect_uri', `${REDIRECT_URI}${payload}`],
        ]),
        await authorize([...valid, ['login_hint', payload]]),
        await authorize([...valid.filter(([n]) => n !== 'scope'), ['scope', `openid ${payload}`]]),
        await server.fetch(`activate?user_code=${encodeURIComponent(payload)}`),
        await server.fetch(`v2/logout?client_id=web-app&returnTo=${encodeURIComponent(payload)}`),
        await server.fetch(
          `oidc/logout?post_logout_redirect_uri=${encodeURIComponent(payload)}&state=${encodeURIComponent(payload)}`,
        ),
      ];
      for (const response of pages) {
        const type = response.headers.get('content-type') ?? '';
        const body = await response.text();
        expect(response.status).toBeLessThan(500);
        if (type.includes('text/html')) expectNoRawPayload(body);
        else if (body) expect(type).toContain('application/json');
      }
    });

    it('HTML typed into the login form comes back escaped with the error', async () => {
      const ua = new UserAgent((url, init) => server.fetch(url, init), 'http://localhost:4000');
      await ua.navigate(`http://localhost:4000/authorize?${new URLSearchParams(valid).toString()}`);
      for (const payload of HTML_PAYLOADS) {
        const page = await ua.fill('Email', payload).fill('Password', payload).press('Log in');
        expect(page.status).toBeLessThan(500);
        expectNoRawPayload(page.body);
        expect(ua.text).toContain('Wrong email or password.');
      }
    });

    it('state with HTML in a form_post page is escaped into the hidden field', async () => {
      const ua = new UserAgent((url, init) => server.fetch(url, init), 'http://localhost:4000');
      const state = HTML_PAYLOADS.join('');
      await ua.navigate(
        `http://localhost:4000/authorize?${new URLSearchParams([
          ...valid.filter(([n]) => n !== 'state'),
          ['state', state],
          ['response_mode', 'form_post'],
        ]).toString()}`,
      );
      await ua.fill('Email', 'alice@example.com').fill('Password', 'wonderland').press('Log in');
      if (ua.hasButton('Accept')) await ua.press('Accept');
      expectNoRawPayload(ua.page?.body ?? '');
      const [form] = ua.forms;
      expect(form.fields.find((f) => f.name === 'state')?.value).toBe(state);
    });
  });

  describe('GET endpoints', () => {
    const logouts: [string, [string, string][]][] = [
      [
        'v2/logout',
        [
          ['client_id', 'web-app'],
          ['returnTo', 'http://localhost:3000/'],
        ],
      ],
      [
        'oidc/logout',
        [
          ['client_id', 'web-app'],
          ['post_logout_redirect_uri', 'http://localhost:3000/'],
        ],
      ],
    ];

    it.each(logouts)('%s: a duplicated parameter is refused and never redirected', async (path, params) => {
      const [last] = params.slice(-1);
      const response = await server.fetch(`${path}?${new URLSearchParams([...params, last]).toString()}`, {
        redirect: 'manual',
      });
      // RFC 6749 §3.1: parameters MUST NOT be included more than once.
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    });

    it.each(logouts)('%s: an overlong parameter is refused, never a 500', async (path, params) => {
      const [name, value] = params.slice(-1)[0];
      const long = [...params.slice(0, -1), [name, `${value}${'x'.repeat(9000)}`]];
      const response = await server.fetch(`${path}?${new URLSearchParams(long).toString()}`, {
        redirect: 'manual',
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    });

    it('activate: a duplicated or overlong prefill still shows the Code form, with a bounded value', async () => {
      // The prefill (RFC 8628 §3.3.1) is a convenience on a page for people: the page stays usable.
      for (const query of ['user_code=ABCD-EFGH&user_code=WXYZ-WXYZ', `user_code=${'x'.repeat(9000)}`]) {
        const ua = new UserAgent((url, init) => server.fetch(url, init), 'http://localhost:4000');
        const page = await ua.navigate(`http://localhost:4000/activate?${query}`);
        expect([200, 400]).toContain(page.status);
        expect(ua.hasField('Code')).toBe(true);
        const [form] = ua.forms;
        expect(form.fields.find((f) => f.name === 'user_code')?.value.length ?? 0).toBeLessThanOrEqual(64);
      }
    });
  });

  describe('bearer endpoints', () => {
    it.each(['userinfo', 'api/messages'])(
      '%s: malformed Authorization headers are 400 or 401, never 500',
      async (path) => {
        for (const authorization of [
          'Bearer',
          'Bearer ',
          'bearer a b c',
          'Basic x',
          `Bearer ${'a'.repeat(9000)}`,
          'Bearer a.b.c',
          'Bearer e30.e30.',
        ]) {
          const response = await server.fetch(path, { headers: { Authorization: authorization } });
          expect([400, 401]).toContain(response.status);
          expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        }
      },
    );
  });
});

/** Paths of the server (relative to the issuer), with the methods a client might try. */
const paths = [
  '.well-known/openid-configuration',
  '.well-known/jwks.json',
  'authorize',
  'oauth/token',
  'oauth/device/code',
  'activate',
  'userinfo',
  'oauth/revoke',
  'oauth/introspect',
  'v2/logout',
  'oidc/logout',
  'api/messages',
  'admin/tenant',
  'admin/clock',
  'admin/keys/rotate',
  'admin/session',
  'admin/consents',
  'admin/reset',
  'nope',
];
const paramNames = [
  'grant_type',
  'client_id',
  'client_secret',
  'response_type',
  'redirect_uri',
  'scope',
  'audience',
  'state',
  'nonce',
  'code',
  'code_verifier',
  'code_challenge',
  'code_challenge_method',
  'response_mode',
  'prompt',
  'max_age',
  'refresh_token',
  'username',
  'password',
  'realm',
  'device_code',
  'user_code',
  'token',
  'token_type_hint',
  'subject_token',
  'subject_token_type',
  'returnTo',
  'post_logout_redirect_uri',
  'id_token_hint',
  'access_token',
];
const interestingValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom(
    'web-app',
    'spa',
    'm2m',
    'device-app',
    'code',
    'token',
    'id_token token',
    'client_credentials',
    'password',
    'refresh_token',
    'authorization_code',
    'urn:ietf:params:oauth:grant-type:device_code',
    'urn:ietf:params:oauth:grant-type:token-exchange',
    'http://auth0.com/oauth/grant-type/password-realm',
    REDIRECT_URI,
    'https://api.example.com',
    'openid profile email offline_access read:messages',
    'none',
    'S256',
    'plain',
    'form_post',
    '-1',
    '1e309',
    'a\r\nb',
    '\u0000',
    '<script>alert(1)</script>',
    'eyJhbGciOiJSUzI1NiJ9.e30.',
  ),
);
const params = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...paramNames), fc.string()), interestingValue), {
  maxLength: 8,
});

const randomRequest = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.constantFrom(...paths),
  query: params,
  body: fc.oneof(
    params.map((p) => ({
      type: 'application/x-www-form-urlencoded',
      text: new URLSearchParams(p).toString(),
    })),
    params.map((p) => ({ type: 'application/json', text: JSON.stringify(Object.fromEntries(p)) })),
    fc.record({
      type: fc.constantFrom(
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=utf-8',
        '',
      ),
      text: fc.string(),
    }),
    fc.jsonValue().map((v) => ({ type: 'application/json', text: JSON.stringify(v) ?? '' })),
  ),
  authorization: fc.option(
    fc.oneof(
      fc.constantFrom(
        WEB_APP,
        basic('m2m', 'm2m-secret'),
        'Bearer x',
        'Basic',
        'Bearer eyJhbGciOiJub25lIn0.e30.',
      ),
      fc.string().map((s) => `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(s)))}`),
      fc.string().map((s) => `Bearer ${s}`),
    ),
    { nil: undefined },
  ),
  cookie: fc.option(fc.stringMatching(/^[a-zA-Z0-9=;_ -]{0,40}$/), { nil: undefined }),
});

describe.each(Object.entries(storeFactories))('property: random requests (%s store)', (_name, makeStore) => {
  it('never answer 5xx, and JSON errors are {error, error_description?}', async () => {
    const server = createTestServer({ makeStore });
    await fc.assert(
      fc.asyncProperty(randomRequest, async (request) => {
        const url = `${request.path}?${new URLSearchParams(request.query).toString()}`;
        const headers = new Headers();
        if (request.authorization) headers.set('Authorization', request.authorization);
        if (request.cookie) headers.set('Cookie', request.cookie);
        const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
        if (hasBody && request.body.type) headers.set('Content-Type', request.body.type);
        const response = await server.fetch(url, {
          method: request.method,
          headers,
          body: hasBody ? request.body.text : undefined,
          redirect: 'manual',
        });
        expect(response.status, `${request.method} ${url}`).toBeLessThan(500);
        const type = response.headers.get('content-type') ?? '';
        if (response.status >= 400 && type.includes('application/json') && request.method !== 'HEAD') {
          const body = await response.json();
          expect(typeof body.error).toBe('string');
          expect(body.error).toMatch(/^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/); // RFC 6749 §5.2 error charset
          expect(['string', 'undefined']).toContain(typeof body.error_description);
        } else {
          await response.body?.cancel();
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
