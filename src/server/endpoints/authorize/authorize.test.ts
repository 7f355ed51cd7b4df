import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTestServer, storeFactories, type TestServer } from '../../testing/harness.ts';
import { leftHalfHash } from '../../tokens/hash.ts';
import type { AuthorizationCodeRecord } from '../../tokens/records.ts';
import {
  authorizePath,
  CALLBACK,
  CHALLENGE,
  codeRequest,
  DEMO_API,
  formPostFields,
  responseParams,
  TestBrowser,
} from './browser-testing.ts';

/** RFC 9207: every authorization response ends with the issuer. */
const ISS = '&iss=http%3A%2F%2Flocalhost%3A4000%2F';

const CSP_PAGE =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'";

async function expectErrorPage(res: Response, text: string) {
  expect(res.status).toBe(400);
  expect(res.headers.get('location')).toBeNull();
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('content-security-policy')).toBe(CSP_PAGE);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const html = await res.text();
  expect(html).toContain(text);
  return html;
}

function expectRedirectError(res: Response, error: string, description?: string | RegExp) {
  expect(res.status).toBe(302);
  const location = res.headers.get('location') ?? '';
  expect(location.startsWith(`${CALLBACK}?`) || location.startsWith(`${CALLBACK}#`)).toBe(true);
  const params = responseParams(res);
  expect(params.get('error')).toBe(error);
  if (typeof description === 'string') expect(params.get('error_description')).toBe(description);
  else if (description) expect(params.get('error_description')).toMatch(description);
  return params;
}

describe.each(Object.entries(storeFactories))('/authorize (%s store)', (_name, makeStore) => {
  let server: TestServer;
  const fresh = (options: Parameters<typeof createTestServer>[0] = {}) => {
    server = createTestServer({ makeStore, ...options });
    return new TestBrowser(server);
  };

  describe('errors that stay on the server (RFC 6749 section 4.1.2.1)', () => {
    it('shows an error page for an unknown client_id, never a redirect', async () => {
      const browser = fresh();
      const res = await browser.get(authorizePath(codeRequest({ client_id: 'nobody' })));
      await expectErrorPage(res, 'Unknown client: nobody');
    });

    it('shows an error page for a missing client_id', async () => {
      const browser = fresh();
      const { client_id: _, ...rest } = codeRequest();
      await expectErrorPage(await browser.get(authorizePath(rest)), 'Missing required parameter: client_id');
    });

    it('shows an error page for a redirect_uri that is not an exact match', async () => {
      const browser = fresh();
      for (const uri of [
        'http://localhost:3000/callback/',
        'http://localhost:3000/callback?x=1',
        'http://evil.example/callback',
        'HTTP://localhost:3000/callback',
      ]) {
        const res = await browser.get(authorizePath(codeRequest({ redirect_uri: uri })));
        await expectErrorPage(res, 'Callback URL mismatch.');
      }
    });

    it('shows an error page when redirect_uri is missing and several are registered', async () => {
      const browser = fresh();
      const { redirect_uri: _, ...rest } = codeRequest();
      await expectErrorPage(
        await browser.get(authorizePath(rest)),
        'Missing required parameter: redirect_uri',
      );
    });

    it('uses the only registered redirect URI when none is sent', async () => {
      const browser = fresh({
        tenant: {
          users: [{ id: 'u1', email: 'u@example.com', password: 'pw' }],
          apis: [],
          clients: [
            {
              clientId: 'one',
              type: 'confidential',
              clientSecret: 's',
              grantTypes: ['authorization_code'],
              redirectUris: ['https://one.example/cb'],
              skipConsent: true,
            },
          ],
        },
      });
      const res = await browser.authorize(
        { response_type: 'code', client_id: 'one', state: 's1' },
        {
          email: 'u@example.com',
          password: 'pw',
        },
      );
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(
        /^https:\/\/one\.example\/cb\?code=[\w-]{43}&state=s1&iss=http%3A%2F%2Flocalhost%3A4000%2F$/,
      );
      const code = responseParams(res).get('code') ?? '';
      const record = await server.store.get<AuthorizationCodeRecord>('codes', code);
      expect(record?.redirectUri).toBeUndefined();
    });

    it('shows an error page for a CRLF in redirect_uri, and never puts it in a header', async () => {
      const browser = fresh();
      const res = await browser.get(
        authorizePath(codeRequest({ redirect_uri: `${CALLBACK}\r\nSet-Cookie: evil=1` })),
      );
      expect(res.headers.get('set-cookie')).toBeNull();
      await expectErrorPage(res, 'Callback URL mismatch.');
    });

    it('shows an error page for a duplicated client_id or redirect_uri', async () => {
      const browser = fresh();
      const pairs: [string, string][] = [...Object.entries(codeRequest()), ['redirect_uri', CALLBACK]];
      await expectErrorPage(
        await browser.get(authorizePath(pairs)),
        'Parameter &#39;redirect_uri&#39; was included more than once.',
      );
      const pairs2: [string, string][] = [...Object.entries(codeRequest()), ['client_id', 'spa']];
      await expectErrorPage(
        await browser.get(authorizePath(pairs2)),
        'Parameter &#39;client_id&#39; was included more than once.',
      );
    });

    it('escapes HTML in the reflected client_id and redirect_uri', async () => {
      const browser = fresh();
      const html = await expectErrorPage(
        await browser.get(authorizePath(codeRequest({ client_id: '<script>alert(1)</script>' }))),
        'Unknown client: &lt;script&gt;alert(1)&lt;/script&gt;',
      );
      expect(html).not.toContain('<script>alert(1)');
      const html2 = await expectErrorPage(
        await browser.get(
          authorizePath(codeRequest({ redirect_uri: 'https://x.example/"><img src=x onerror=alert(1)>' })),
        ),
        'https://x.example/&#39;&gt;&lt;img src=x onerror=alert(1)&gt;',
      );
      expect(html2).not.toContain('<img');
    });

    it('shows an error page for an overlong redirect_uri', async () => {
      const browser = fresh();
      const res = await browser.get(
        authorizePath(codeRequest({ redirect_uri: `${CALLBACK}?${'a'.repeat(9000)}` })),
      );
      await expectErrorPage(res, 'Parameter &#39;redirect_uri&#39; is too long.');
    });
  });

  describe('errors sent to the redirect URI', () => {
    it('unsupported_response_type for an unknown response type, in the query', async () => {
      const browser = fresh();
      const res = await browser.get(authorizePath(codeRequest({ response_type: 'code magic' })));
      const params = expectRedirectError(
        res,
        'unsupported_response_type',
        'Unsupported response type: code magic',
      );
      expect(params.get('state')).toBe('xyz');
      const res2 = await browser.get(authorizePath(codeRequest({ response_type: 'magic' })));
      expect(res2.headers.get('location')).toBe(
        `${CALLBACK}?error=unsupported_response_type&error_description=Unsupported+response+type%3A+magic&state=xyz${ISS}`,
      );
    });

    it('invalid_request for a missing response_type', async () => {
      const browser = fresh();
      const { response_type: _, ...rest } = codeRequest();
      expectRedirectError(
        await browser.get(authorizePath(rest)),
        'invalid_request',
        'Missing required parameter: response_type',
      );
    });

    it('unauthorized_client when the client lacks the grant of the response type', async () => {
      const browser = fresh();
      const res = await browser.get(
        authorizePath(codeRequest({ response_type: 'token', client_id: 'web-app', nonce: 'n' })),
      );
      const params = expectRedirectError(res, 'unauthorized_client');
      // Errors of a token response type go in the fragment.
      expect(res.headers.get('location')).toMatch(
        /^http:\/\/localhost:3000\/callback#error=unauthorized_client/,
      );
      expect(params.get('state')).toBe('xyz');
      const res2 = await browser.get(authorizePath(codeRequest({ client_id: 'device-app' })));
      expectRedirectError(res2, 'unauthorized_client', /authorization_code/);
    });

    it('invalid_request when PKCE is missing for the public spa client', async () => {
      const browser = fresh();
      const res = await browser.get(authorizePath(codeRequest({ client_id: 'spa' })));
      expectRedirectError(res, 'invalid_request', 'PKCE is required for client spa: send a code_challenge.');
    });

    it('invalid_request for a bad code_challenge_method or challenge', async () => {
      const browser = fresh();
      const spa = (o: Record<string, string>) =>
        browser.get(authorizePath(codeRequest({ client_id: 'spa', ...o })));
      expectRedirectError(
        await spa({ code_challenge: CHALLENGE, code_challenge_method: 'S512' }),
        'invalid_request',
        'Unsupported code_challenge_method: S512 (use S256 or plain).',
      );
      expectRedirectError(
        await spa({ code_challenge: 'short', code_challenge_method: 'S256' }),
        'invalid_request',
        /43 to 128/,
      );
      expectRedirectError(await spa({ code_challenge: 'a'.repeat(129) }), 'invalid_request', /43 to 128/);
      expectRedirectError(
        await spa({ code_challenge: `${'a'.repeat(42)}+` }),
        'invalid_request',
        /43 to 128/,
      );
      expectRedirectError(
        await spa({ code_challenge_method: 'S256' }),
        'invalid_request',
        /without a code_challenge/,
      );
    });

    it('invalid_request when nonce is missing for id_token response types', async () => {
      const browser = fresh();
      for (const responseType of ['id_token', 'id_token token', 'token id_token']) {
        const res = await browser.get(
          authorizePath(codeRequest({ client_id: 'spa', response_type: responseType, scope: 'openid' })),
        );
        expectRedirectError(res, 'invalid_request', /Missing required parameter: nonce/);
        expect(res.headers.get('location')).toContain('#error=');
      }
    });

    it('invalid_scope for a scope with an invalid character, or id_token without openid', async () => {
      const browser = fresh();
      expectRedirectError(
        await browser.get(authorizePath(codeRequest({ scope: 'openid "quoted"' }))),
        'invalid_scope',
        'The scope contains an invalid character.',
      );
      expectRedirectError(
        await browser.get(
          authorizePath(
            codeRequest({ client_id: 'spa', response_type: 'id_token', nonce: 'n', scope: 'profile' }),
          ),
        ),
        'invalid_scope',
        'response_type id_token requires the openid scope.',
      );
    });

    it('access_denied for an unknown audience (Auth0: Service not found)', async () => {
      const browser = fresh();
      expectRedirectError(
        await browser.get(authorizePath(codeRequest({ audience: 'https://nope.example' }))),
        'access_denied',
        'Service not found: https://nope.example',
      );
    });

    it('invalid_request for a bad response_mode, prompt, max_age or connection', async () => {
      const browser = fresh();
      const get = (o: Record<string, string>) => browser.get(authorizePath(codeRequest(o)));
      expectRedirectError(
        await get({ response_mode: 'jwt' }),
        'invalid_request',
        'Unsupported response_mode: jwt',
      );
      expectRedirectError(
        await get({ prompt: 'select_account' }),
        'invalid_request',
        'Unsupported prompt value: select_account',
      );
      expectRedirectError(await get({ prompt: 'none login' }), 'invalid_request', /must not be combined/);
      expectRedirectError(
        await get({ max_age: '-1' }),
        'invalid_request',
        'max_age must be a non-negative integer.',
      );
      expectRedirectError(
        await get({ max_age: 'abc' }),
        'invalid_request',
        'max_age must be a non-negative integer.',
      );
      expectRedirectError(
        await get({ connection: 'google-oauth2' }),
        'invalid_request',
        'Connection not found: google-oauth2',
      );
      expectRedirectError(await get({ request: 'eyJ' }), 'invalid_request_object', /not a JWT/);
    });

    it('never sends tokens in the query: response_mode=query with token is invalid_request, in the fragment', async () => {
      const browser = fresh();
      const res = await browser.get(
        authorizePath(codeRequest({ client_id: 'spa', response_type: 'token', response_mode: 'query' })),
      );
      expectRedirectError(
        res,
        'invalid_request',
        'response_mode query is not allowed with response_type token.',
      );
      expect(res.headers.get('location')).toContain('#error=');
    });

    it('invalid_request for a duplicated parameter, without echoing a duplicated state', async () => {
      const browser = fresh();
      const res = await browser.get(authorizePath([...Object.entries(codeRequest()), ['scope', 'openid']]));
      const params = expectRedirectError(
        res,
        'invalid_request',
        "Parameter 'scope' was included more than once.",
      );
      expect(params.get('state')).toBe('xyz');
      const res2 = await browser.get(authorizePath([...Object.entries(codeRequest()), ['state', 'other']]));
      const params2 = expectRedirectError(
        res2,
        'invalid_request',
        "Parameter 'state' was included more than once.",
      );
      expect(params2.has('state')).toBe(false);
    });

    it('invalid_request for an overlong parameter', async () => {
      const browser = fresh();
      const res = await browser.get(authorizePath(codeRequest({ nonce: 'n'.repeat(8193) })));
      expectRedirectError(res, 'invalid_request', "Parameter 'nonce' is longer than 8192 characters.");
      const res2 = await browser.get(authorizePath(codeRequest({ state: 's'.repeat(8193), scope: '"' })));
      const params = expectRedirectError(
        res2,
        'invalid_request',
        "Parameter 'state' is longer than 8192 characters.",
      );
      expect(params.has('state')).toBe(false);
    });

    it('encodes CRLF and HTML in state in the Location header', async () => {
      const browser = fresh();
      const res = await browser.get(
        authorizePath(codeRequest({ state: 'a\r\nSet-Cookie: x=1<b>', response_type: 'nope' })),
      );
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.headers.get('location')).toBe(
        `${CALLBACK}?error=unsupported_response_type&error_description=Unsupported+response+type%3A+nope&state=a%0D%0ASet-Cookie%3A+x%3D1%3Cb%3E${ISS}`,
      );
      expect(responseParams(res).get('state')).toBe('a\r\nSet-Cookie: x=1<b>');
    });

    it('sends errors in form_post when asked, with HTML escaped', async () => {
      const browser = fresh();
      const res = await browser.get(
        authorizePath(
          codeRequest({ response_mode: 'form_post', response_type: 'nope', state: '"><script>x()</script>' }),
        ),
      );
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).not.toContain('<script>x()');
      expect(formPostFields(html)).toEqual({
        error: 'unsupported_response_type',
        error_description: 'Unsupported response type: nope',
        state: '"><script>x()</script>',
        iss: 'http://localhost:4000/',
      });
    });
  });

  describe('login', () => {
    it('redirects to a login page that names the client, with labelled fields and no credentials in the URL', async () => {
      const browser = fresh();
      const loginUrl = await browser.startLogin(codeRequest({ login_hint: 'alice@example.com' }));
      expect(loginUrl).toMatch(/^http:\/\/localhost:4000\/u\/login\/[\w-]{43}$/);
      const page = await browser.get(loginUrl);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://localhost:3000; frame-ancestors 'self'; base-uri 'none'",
      );
      expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      const html = await page.text();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain('<h1>Log in</h1>');
      expect(html).toContain(`<form method="post" action="${loginUrl}">`);
      expect(html).toContain('<label for="email">Email</label>');
      expect(html).toContain('<label for="password">Password</label>');
      expect(html).toContain('<button type="submit">Log in</button>');
      expect(html).toContain('Web App (confidential)');
      expect(html).toContain('value="alice@example.com"');
    });

    it('re-renders the form with "Wrong email or password." (400) and keeps the interaction', async () => {
      const browser = fresh();
      const loginUrl = await browser.startLogin(codeRequest());
      const wrong = await browser.login(loginUrl, 'alice@example.com', 'nope');
      expect(wrong.status).toBe(400);
      const html = await wrong.text();
      expect(html).toContain('<p class="error" role="alert" id="login-error">Wrong email or password.</p>');
      expect(html).toContain('value="alice@example.com"');
      expect(html).not.toContain('nope');
      const unknown = await browser.login(loginUrl, '<b>x</b>@example.com', 'pw');
      expect(unknown.status).toBe(400);
      expect(await unknown.text()).toContain('value="&lt;b&gt;x&lt;/b&gt;@example.com"');
      const ok = await browser.login(loginUrl);
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toMatch(/\/u\/consent\/[\w-]{43}$/);
    });

    it('a second server on the same store (a restarted worker) continues the interaction', async () => {
      const browser = fresh();
      const loginUrl = await browser.startLogin(
        codeRequest({ audience: DEMO_API, scope: 'openid read:messages' }),
      );
      const restarted = new TestBrowser(createTestServer({ store: server.store }));
      const page = await restarted.get(loginUrl);
      expect(page.status).toBe(200);
      const consent = await restarted.login(loginUrl);
      expect(consent.status).toBe(303);
      const again = new TestBrowser(createTestServer({ store: server.store }));
      for (const [name, value] of restarted.cookies) again.cookies.set(name, value);
      const done = await again.post(consent.headers.get('location') ?? '', { decision: 'accept' });
      expect(done.status).toBe(303);
      expect(responseParams(done).get('code')).toMatch(/^[\w-]{43}$/);
      expect(responseParams(done).get('state')).toBe('xyz');
    });

    it('an unknown or used interaction id shows an error page', async () => {
      const browser = fresh();
      await expectErrorPage(
        await browser.get(`u/login/${'a'.repeat(43)}`),
        'This login link has expired or was already used.',
      );
      await expectErrorPage(await browser.get('u/login/<script>'), 'This login link has expired');
      const loginUrl = await browser.startLogin({
        ...codeRequest(),
        client_id: 'spa',
        response_type: 'id_token',
        nonce: 'n',
      });
      const consent = await browser.login(loginUrl);
      const consentUrl = consent.headers.get('location') ?? '';
      expect((await browser.post(consentUrl, { decision: 'accept' })).status).toBe(303);
      await expectErrorPage(await browser.post(consentUrl, { decision: 'accept' }), 'already used');
      await expectErrorPage(await browser.get(loginUrl), 'already used');
    });

    it('an interaction expires after an hour of server time', async () => {
      const browser = fresh();
      const loginUrl = await browser.startLogin(codeRequest());
      server.clock.ms += 3600_000;
      await expectErrorPage(await browser.login(loginUrl), 'expired');
    });
  });

  describe('consent', () => {
    it('lists the client, audience and scopes with descriptions; Accept and Decline', async () => {
      const browser = fresh();
      const loginUrl = await browser.startLogin(
        codeRequest({ audience: DEMO_API, scope: 'openid profile read:messages unknown:scope' }),
      );
      const consentUrl = (await browser.login(loginUrl)).headers.get('location') ?? '';
      const page = await browser.get(consentUrl);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<h1>Authorize Web App (confidential)</h1>');
      expect(html).toContain('Logged in as alice@example.com');
      expect(html).toContain('API: <strong>Messages API</strong> (<code>https://api.example.com</code>)');
      expect(html).toContain('<li><code>read:messages</code>: Read your messages</li>');
      expect(html).toContain(
        '<li><code>profile</code>: Your profile: name, nickname, picture, birthdate, gender, locale</li>',
      );
      expect(html).not.toContain('unknown:scope');
      expect(html).toContain('<button type="submit" name="decision" value="accept">Accept</button>');
      expect(html).toContain(
        '<button type="submit" name="decision" value="decline" class="secondary">Decline</button>',
      );
    });

    it('Decline sends access_denied with state', async () => {
      const browser = fresh();
      const consentUrl =
        (await browser.login(await browser.startLogin(codeRequest()))).headers.get('location') ?? '';
      const res = await browser.post(consentUrl, { decision: 'decline' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(
        `${CALLBACK}?error=access_denied&error_description=User+did+not+authorize+the+request&state=xyz${ISS}`,
      );
    });

    it('is not asked again for the same or a narrower scope, and asked again for a wider one (seed)', async () => {
      const browser = fresh();
      const first = await browser.authorize(
        codeRequest({ audience: DEMO_API, scope: 'openid read:messages' }),
      );
      expect(responseParams(first).get('code')).toBeTruthy();
      const same = await browser.get(
        authorizePath(codeRequest({ audience: DEMO_API, scope: 'openid read:messages' })),
      );
      expect(same.status).toBe(302);
      expect(same.headers.get('location')).toMatch(
        /^http:\/\/localhost:3000\/callback\?code=[\w-]{43}&state=xyz&iss=http%3A%2F%2Flocalhost%3A4000%2F$/,
      );
      const narrower = await browser.get(
        authorizePath(codeRequest({ audience: DEMO_API, scope: 'read:messages' })),
      );
      expect(responseParams(narrower).get('code')).toBeTruthy();
      const wider = await browser.get(
        authorizePath(codeRequest({ audience: DEMO_API, scope: 'openid read:messages write:messages' })),
      );
      expect(wider.headers.get('location')).toMatch(/\/u\/consent\/[\w-]{43}$/);
      // Another audience (none) is a separate consent.
      const noAudience = await browser.get(authorizePath(codeRequest({ scope: 'openid' })));
      expect(noAudience.headers.get('location')).toMatch(/\/u\/consent\//);
      // After accepting the wider scope, both are remembered.
      await browser.post(wider.headers.get('location') ?? '', { decision: 'accept' });
      const consents = await (await browser.get('admin/consents')).json();
      expect(consents).toEqual({
        consents: [
          {
            userId: 'auth0|alice',
            clientId: 'web-app',
            audience: DEMO_API,
            scopes: ['openid', 'read:messages', 'write:messages'],
          },
        ],
      });
    });

    it('prompt=consent asks again; skipConsent clients are not asked', async () => {
      const browser = fresh({
        tenant: {
          users: [{ id: 'u1', email: 'u@example.com', password: 'pw' }],
          apis: [],
          clients: [
            {
              clientId: 'first-party',
              type: 'confidential',
              clientSecret: 's',
              grantTypes: ['authorization_code'],
              redirectUris: [CALLBACK],
              skipConsent: true,
            },
          ],
        },
      });
      const request = codeRequest({ client_id: 'first-party' });
      const res = await browser.authorize(request, { email: 'u@example.com', password: 'pw' });
      expect(responseParams(res).get('code')).toBeTruthy();
      const forced = await browser.get(authorizePath({ ...request, prompt: 'consent' }));
      expect(forced.headers.get('location')).toMatch(/\/u\/consent\//);
    });

    it('the consent form needs the session that logged in', async () => {
      const browser = fresh();
      const consentUrl =
        (await browser.login(await browser.startLogin(codeRequest()))).headers.get('location') ?? '';
      const stranger = new TestBrowser(server);
      const res = await stranger.post(consentUrl, { decision: 'accept' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/\/u\/login\/[\w-]{43}$/);
      expect(await server.store.list('codes')).toEqual([]);
    });
  });

  describe('responses', () => {
    it('code: a single-use record with the request bound to it, in the query', async () => {
      const browser = fresh();
      const res = await browser.authorize(
        codeRequest({
          client_id: 'spa',
          audience: DEMO_API,
          scope: 'openid offline_access read:messages bogus',
          nonce: 'n-1',
          code_challenge: CHALLENGE,
          code_challenge_method: 'S256',
        }),
      );
      expect(res.status).toBe(303);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const params = responseParams(res);
      expect([...params.keys()]).toEqual(['code', 'state', 'iss']);
      const record = await server.store.get<AuthorizationCodeRecord>('codes', params.get('code') ?? '');
      const now = Math.floor(server.clock.ms / 1000);
      expect(record).toEqual({
        code: params.get('code'),
        clientId: 'spa',
        redirectUri: CALLBACK,
        userId: 'auth0|alice',
        scope: ['openid', 'offline_access', 'read:messages'],
        audience: DEMO_API,
        nonce: 'n-1',
        authTime: now,
        codeChallenge: CHALLENGE,
        codeChallengeMethod: 'S256',
        createdAt: now,
        expiresAt: now + 600,
      });
    });

    it('code_challenge_method defaults to plain (RFC 7636 section 4.3)', async () => {
      const browser = fresh();
      const res = await browser.authorize(codeRequest({ client_id: 'spa', code_challenge: CHALLENGE }));
      const record = await server.store.get<AuthorizationCodeRecord>(
        'codes',
        responseParams(res).get('code') ?? '',
      );
      expect(record?.codeChallengeMethod).toBe('plain');
    });

    it('keeps a query of the registered redirect URI', async () => {
      const browser = fresh({
        tenant: {
          users: [{ id: 'u1', email: 'u@example.com', password: 'pw' }],
          apis: [],
          clients: [
            {
              clientId: 'q',
              type: 'confidential',
              clientSecret: 's',
              grantTypes: ['authorization_code'],
              redirectUris: ['https://q.example/cb?tenant=a'],
              skipConsent: true,
            },
          ],
        },
      });
      const res = await browser.authorize(
        { response_type: 'code', client_id: 'q', redirect_uri: 'https://q.example/cb?tenant=a' },
        { email: 'u@example.com', password: 'pw' },
      );
      expect(res.headers.get('location')).toMatch(
        /^https:\/\/q\.example\/cb\?tenant=a&code=[\w-]{43}&iss=http%3A%2F%2Flocalhost%3A4000%2F$/,
      );
    });

    it('token: an access token in the fragment, with token_type, expires_in, scope and state; no refresh token', async () => {
      const browser = fresh();
      const res = await browser.authorize(
        codeRequest({
          client_id: 'spa',
          response_type: 'token',
          audience: DEMO_API,
          scope: 'openid offline_access read:messages',
        }),
      );
      expect(res.headers.get('location')).toMatch(/^http:\/\/localhost:3000\/callback#access_token=/);
      const params = responseParams(res);
      expect([...params.keys()]).toEqual([
        'access_token',
        'token_type',
        'expires_in',
        'scope',
        'state',
        'iss',
      ]);
      expect(params.get('token_type')).toBe('Bearer');
      expect(params.get('expires_in')).toBe('86400');
      expect(params.get('scope')).toBe('openid read:messages');
      const claims = decodeJwt(params.get('access_token') ?? '');
      expect(claims).toMatchObject({ sub: 'auth0|alice', azp: 'spa', scope: 'openid read:messages' });
      expect(claims.aud).toEqual([DEMO_API, 'http://localhost:4000/userinfo']);
      expect(await server.store.list('refreshTokens')).toEqual([]);
    });

    it('id_token token: an ID token with at_hash, nonce and auth_time', async () => {
      const browser = fresh();
      const res = await browser.authorize(
        codeRequest({
          client_id: 'spa',
          response_type: 'token id_token',
          scope: 'openid email',
          nonce: 'n-42',
        }),
      );
      const params = responseParams(res);
      expect([...params.keys()]).toEqual([
        'access_token',
        'token_type',
        'expires_in',
        'scope',
        'id_token',
        'state',
        'iss',
      ]);
      const idToken = decodeJwt(params.get('id_token') ?? '');
      const now = Math.floor(server.clock.ms / 1000);
      expect(idToken).toMatchObject({
        iss: 'http://localhost:4000/',
        aud: 'spa',
        sub: 'auth0|alice',
        nonce: 'n-42',
        auth_time: now,
        email: 'alice@example.com',
        at_hash: await leftHalfHash(params.get('access_token') ?? ''),
      });
    });

    it('id_token: only an ID token, in form_post when asked, with a nonce-only script and a noscript button', async () => {
      const browser = fresh();
      const res = await browser.authorize(
        codeRequest({
          client_id: 'spa',
          response_type: 'id_token',
          scope: 'openid',
          nonce: 'n',
          response_mode: 'form_post',
        }),
      );
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      const nonce = /script-src 'nonce-([A-Za-z0-9+/=]{24})'/.exec(csp)?.[1];
      expect(nonce).toBeDefined();
      expect(csp).toBe(
        `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; form-action 'self' http://localhost:3000; frame-ancestors 'self'; base-uri 'none'`,
      );
      const html = await res.text();
      expect(html).toContain(`<form method="post" action="${CALLBACK}">`);
      expect(html).toContain('<noscript>');
      expect(html).toContain('<button type="submit">Continue</button>');
      expect(html).toContain(`<script nonce="${nonce}">document.forms[0].submit();</script>`);
      expect(html.match(/<script/g)).toHaveLength(1);
      const fields = formPostFields(html);
      expect(Object.keys(fields)).toEqual(['id_token', 'state', 'iss']);
      expect(decodeJwt(fields.id_token)).toMatchObject({ nonce: 'n', aud: 'spa' });
      // A second form_post page has another nonce.
      const again = await browser.get(
        authorizePath(
          codeRequest({
            client_id: 'spa',
            response_type: 'id_token',
            scope: 'openid',
            nonce: 'n',
            response_mode: 'form_post',
          }),
        ),
      );
      expect(again.headers.get('content-security-policy')).not.toContain(nonce);
    });

    it('accepts the request as a form POST (OIDC Core section 3.1.2.1), answering 303', async () => {
      const browser = fresh();
      await browser.authorize(codeRequest());
      const res = await browser.post('authorize', codeRequest());
      expect(res.status).toBe(303);
      expect(responseParams(res).get('code')).toBeTruthy();
      const wrongType = await server.fetch('authorize', {
        method: 'POST',
        body: '{}',
        headers: { 'Content-Type': 'application/json' },
      });
      await expectErrorPage(wrongType, 'must be a form');
    });
  });

  describe('SSO session', () => {
    it('skips the login form after a login; prompt=login and max_age ask again', async () => {
      const browser = fresh();
      await browser.authorize(codeRequest());
      const sso = await browser.get(authorizePath(codeRequest()));
      expect(responseParams(sso).get('code')).toBeTruthy();

      const forced = await browser.get(authorizePath(codeRequest({ prompt: 'login' })));
      expect(forced.headers.get('location')).toMatch(/\/u\/login\//);
      server.clock.ms += 120_000;
      const fresh60 = await browser.get(authorizePath(codeRequest({ max_age: '60' })));
      expect(fresh60.headers.get('location')).toMatch(/\/u\/login\//);
      const within = await browser.get(authorizePath(codeRequest({ max_age: '600' })));
      expect(responseParams(within).get('code')).toBeTruthy();
      const zero = await browser.get(authorizePath(codeRequest({ max_age: '0' })));
      expect(zero.headers.get('location')).toMatch(/\/u\/login\//);

      // After the new login, auth_time is the new login time, and the same interaction does not loop.
      const loggedIn = await browser.login(fresh60.headers.get('location') ?? '');
      const code = responseParams(loggedIn).get('code') ?? '';
      const record = await server.store.get<AuthorizationCodeRecord>('codes', code);
      expect(record?.authTime).toBe(Math.floor(server.clock.ms / 1000));
    });

    it('prompt=none: login_required without a session, consent_required without consent, a code with both', async () => {
      const browser = fresh();
      const none = await browser.get(authorizePath(codeRequest({ prompt: 'none' })));
      expect(none.headers.get('location')).toBe(
        `${CALLBACK}?error=login_required&error_description=The+user+is+not+logged+in+%28prompt%3Dnone%29.&state=xyz${ISS}`,
      );
      const loginUrl = await browser.startLogin(codeRequest({ scope: 'openid' }));
      await browser.login(loginUrl);
      const noConsent = await browser.get(authorizePath(codeRequest({ prompt: 'none' })));
      expectRedirectError(noConsent, 'consent_required');
      expect(responseParams(noConsent).get('state')).toBe('xyz');
      await browser.authorize(codeRequest());
      const ok = await browser.get(authorizePath(codeRequest({ prompt: 'none' })));
      expect(responseParams(ok).get('code')).toBeTruthy();
      const tooOld = await browser.get(authorizePath(codeRequest({ prompt: 'none', max_age: '0' })));
      expectRedirectError(tooOld, 'login_required', /max_age has passed/);
      const implicit = await browser.get(
        authorizePath(
          codeRequest({ client_id: 'spa', response_type: 'id_token', nonce: 'n', prompt: 'none' }),
        ),
      );
      expect(implicit.headers.get('location')).toMatch(/#error=consent_required&/);
    });

    it('cookie mode: an HttpOnly, SameSite=Lax session cookie on the issuer path', async () => {
      const browser = fresh({ basePath: '/server/' });
      const loginUrl = await browser.startLogin(codeRequest());
      expect(loginUrl).toMatch(/^http:\/\/localhost:4000\/server\/u\/login\//);
      const res = await browser.login(loginUrl);
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^op_session=[\w-]{43}; Path=\/server\/; HttpOnly; SameSite=Lax$/);
      const https = new TestBrowser(createTestServer({ makeStore, issuer: 'https://op.example/' }));
      const login = await https.login(await https.startLogin(codeRequest()));
      expect(login.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
      // Another user agent (no cookie) is not logged in.
      const other = new TestBrowser(server);
      expect((await other.get(authorizePath(codeRequest()))).headers.get('location')).toMatch(/\/u\/login\//);
    });

    it('profile mode: one session for the browser profile, in the store, no cookie', async () => {
      const browser = fresh({ sessionMode: 'profile', basePath: '/server/' });
      const res = await browser.authorize(codeRequest());
      expect(browser.setCookies).toEqual([]);
      expect(responseParams(res).get('code')).toBeTruthy();
      expect(await server.store.get('sessions', 'profile')).toMatchObject({
        id: 'profile',
        userId: 'auth0|alice',
      });
      // Any request of the profile (no cookie at all) is logged in.
      const other = new TestBrowser(server);
      expect(responseParams(await other.get(authorizePath(codeRequest()))).get('code')).toBeTruthy();
      const session = await (await other.get('admin/session')).json();
      expect(session).toEqual({
        session: {
          userId: 'auth0|alice',
          email: 'alice@example.com',
          name: 'Alice Liddell',
          authTime: Math.floor(server.clock.ms / 1000),
        },
      });
    });

    it('a session ends a week after the login', async () => {
      const browser = fresh();
      await browser.authorize(codeRequest());
      server.clock.ms += 7 * 86400_000 + 1000;
      expect((await browser.get(authorizePath(codeRequest()))).headers.get('location')).toMatch(
        /\/u\/login\//,
      );
    });
  });
});
