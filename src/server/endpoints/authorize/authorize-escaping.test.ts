import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestServer, storeFactories } from '../../testing/harness.ts';
import { authorizePath, CALLBACK, codeRequest, TestBrowser } from './browser-testing.ts';

const XSS = '"><img src=x onerror=alert(1)>';

describe.each(Object.entries(storeFactories))(
  '/authorize escaping and robustness (%s store)',
  (_name, makeStore) => {
    it('escapes login_hint on the login page', async () => {
      const browser = new TestBrowser(createTestServer({ makeStore }));
      const loginUrl = await browser.startLogin(codeRequest({ login_hint: XSS }));
      const html = await (await browser.get(loginUrl)).text();
      expect(html).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
      expect(html).not.toContain('<img');
    });

    it('escapes tenant text (client name, API name, scope descriptions) on the login and consent pages', async () => {
      const browser = new TestBrowser(
        createTestServer({
          makeStore,
          tenant: {
            users: [{ id: 'u1', email: 'u@example.com', password: 'pw' }],
            apis: [
              {
                identifier: 'https://api.test',
                name: `API ${XSS}`,
                scopes: [{ value: 'read:x', description: `Reads ${XSS}` }],
              },
            ],
            clients: [
              {
                clientId: 'c',
                name: `<script>alert(1)</script>`,
                type: 'confidential',
                clientSecret: 's',
                grantTypes: ['authorization_code'],
                redirectUris: [CALLBACK],
              },
            ],
          },
        }),
      );
      const loginUrl = await browser.startLogin(
        codeRequest({ client_id: 'c', audience: 'https://api.test', scope: 'openid read:x' }),
      );
      const loginHtml = await (await browser.get(loginUrl)).text();
      expect(loginHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(loginHtml).not.toContain('<script>');
      const consentUrl = (await browser.login(loginUrl, 'u@example.com', 'pw')).headers.get('location') ?? '';
      const html = await (await browser.get(consentUrl)).text();
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<img');
      expect(html).toContain('Reads &quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    });

    it('random requests never get a 5xx, and only redirect to a registered URI or the server itself', async () => {
      const server = createTestServer({ makeStore });
      const names = [
        'response_type',
        'client_id',
        'redirect_uri',
        'scope',
        'audience',
        'state',
        'nonce',
        'code_challenge',
        'code_challenge_method',
        'response_mode',
        'prompt',
        'max_age',
        'login_hint',
        'connection',
      ];
      const values = fc.oneof(
        fc.constantFrom(
          'code',
          'token',
          'id_token token',
          'spa',
          'web-app',
          CALLBACK,
          'openid',
          'none',
          'login',
          '0',
        ),
        fc.string({ maxLength: 60 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.constantFrom(...names), values), { maxLength: 12 }),
          async (pairs) => {
            const res = await server.fetch(authorizePath(pairs), { redirect: 'manual' });
            expect(res.status).toBeLessThan(500);
            const location = res.headers.get('location');
            if (location !== null) {
              expect(
                location.startsWith(`${CALLBACK}?`) ||
                  location.startsWith(`${CALLBACK}#`) ||
                  location.startsWith('http://localhost:4000/u/login/'),
              ).toBe(true);
            } else if (res.status === 200) {
              expect(await res.text()).toContain(
                '<form method="post" action="http://localhost:3000/callback">',
              );
            } else {
              expect(res.status).toBe(400);
              expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
            }
          },
        ),
        { numRuns: 150 },
      );
    });
  },
);
