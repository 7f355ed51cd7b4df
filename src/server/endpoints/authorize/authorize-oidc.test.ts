import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTestServer, storeFactories, type TestServer } from '../../testing/harness.ts';
import type { AuthorizationCodeRecord } from '../../tokens/records.ts';
import { tokens, verifyWithJwks, WEB_APP } from '../token-testing.ts';
import { authorizePath, CALLBACK, codeRequest, responseParams, TestBrowser } from './browser-testing.ts';

/** RFC 9207: every authorization response ends with the issuer. */
const ISS = '&iss=http%3A%2F%2Flocalhost%3A4000%2F';

/** The OpenID Connect request parameters of /authorize (OIDC Core §3.1.2.1, §5.5), on the wire. */
describe.each(Object.entries(storeFactories))(
  '/authorize OpenID Connect parameters (%s store)',
  (_name, makeStore) => {
    let server: TestServer;
    const fresh = () => {
      server = createTestServer({ makeStore });
      return new TestBrowser(server);
    };

    async function redeem(res: Response) {
      const code = responseParams(res).get('code') ?? '';
      const { body } = await tokens(
        server,
        { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
        WEB_APP,
      );
      return body;
    }

    /** Logs in as Alice and answers the ID token of a code request for web-app. */
    async function aliceIdToken(browser: TestBrowser): Promise<string> {
      const body = await redeem(await browser.authorize(codeRequest({ scope: 'openid' })));
      return String(body.id_token);
    }

    it('sends a claims parameter that is not JSON back as invalid_request, with state', async () => {
      const browser = fresh();
      const res = await browser.get(authorizePath(codeRequest({ claims: '{"userinfo":' })));
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(
        `${CALLBACK}?error=invalid_request&error_description=The+claims+parameter+is+not+valid+JSON.&state=xyz${ISS}`,
      );
    });

    it('sends an unknown display value back as invalid_request; accepts page, popup, touch and wap', async () => {
      const browser = fresh();
      const bad = await browser.get(authorizePath(codeRequest({ display: 'tv' })));
      expect(bad.headers.get('location')).toBe(
        `${CALLBACK}?error=invalid_request&error_description=Unsupported+display+value%3A+tv+%28supported%3A+page%2C+popup%2C+touch%2C+wap%29.&state=xyz${ISS}`,
      );
      const good = await browser.get(authorizePath(codeRequest({ display: 'popup' })));
      expect(good.status).toBe(302);
      expect(good.headers.get('location')).toMatch(/^http:\/\/localhost:4000\/u\/login\//);
    });

    it('accepts ui_locales, claims_locales, acr_values, an unknown parameter and scopes in any order', async () => {
      const browser = fresh();
      const res = await browser.authorize(
        codeRequest({
          scope: 'email openid',
          ui_locales: 'se fr-CA',
          claims_locales: 'de',
          acr_values: '0',
          extra: 'foobar',
          nonce: 'n-1',
        }),
      );
      expect(res.status).toBe(303); // after the consent form's POST
      const body = await redeem(res);
      const id = await verifyWithJwks(server, String(body.id_token), { typ: 'JWT', audience: 'web-app' });
      expect(id).toMatchObject({ sub: 'auth0|alice', nonce: 'n-1', acr: '0', email: 'alice@example.com' });
    });

    it('leaves acr out of the ID token when no acr was asked for', async () => {
      const browser = fresh();
      const id = decodeJwt(await aliceIdToken(browser));
      expect(id).not.toHaveProperty('acr');
    });

    it('fails an essential acr it cannot meet with unmet_authentication_requirements', async () => {
      const browser = fresh();
      const claims = JSON.stringify({ id_token: { acr: { essential: true, values: ['urn:example:mfa'] } } });
      const res = await browser.get(authorizePath(codeRequest({ claims })));
      expect(responseParams(res).get('error')).toBe('unmet_authentication_requirements');
      expect(responseParams(res).get('state')).toBe('xyz');
    });

    it('claims: the id_token member goes into the ID token, the userinfo member only into /userinfo', async () => {
      const browser = fresh();
      const claims = JSON.stringify({
        userinfo: { name: { essential: true }, phone_number: null },
        id_token: { email: { essential: true }, auth_time: { essential: true } },
      });
      const res = await browser.authorize(codeRequest({ scope: 'openid', claims }));
      // The code carries the claims request to the token endpoint.
      const code = responseParams(res).get('code') ?? '';
      const record = await server.store.get<AuthorizationCodeRecord>('codes', code);
      expect(record?.claims).toEqual({
        userinfo: { name: { essential: true }, phone_number: null },
        id_token: { email: { essential: true }, auth_time: { essential: true } },
      });
      const body = await redeem(res);
      expect(body.scope).toBe('openid');
      const id = await verifyWithJwks(server, String(body.id_token), { typ: 'JWT', audience: 'web-app' });
      expect(id.email).toBe('alice@example.com');
      expect(id).not.toHaveProperty('name');
      expect(id).not.toHaveProperty('phone_number');
      const userinfo = await server.fetch('userinfo', {
        headers: { Authorization: `Bearer ${body.access_token}` },
      });
      expect(userinfo.status).toBe(200);
      expect(await userinfo.json()).toEqual({
        sub: 'auth0|alice',
        name: 'Alice Liddell',
        phone_number: '+441632960001',
      });
    });

    it('claims that need consent beyond the scope are on the consent page', async () => {
      const browser = fresh();
      const login = await browser.startLogin(
        codeRequest({ scope: 'openid', claims: '{"userinfo":{"phone_number":null}}' }),
      );
      const consent = await browser.login(login);
      const page = await browser.get(consent.headers.get('location') ?? '');
      const html = await page.text();
      expect(html).toContain('<li><code>phone</code>: Your phone number and whether it is verified</li>');
    });

    it('scope without openid is plain OAuth: a code, then tokens without an ID token', async () => {
      const browser = fresh();
      const res = await browser.authorize(
        codeRequest({ scope: 'read:messages', audience: 'https://api.example.com' }),
      );
      const body = await redeem(res);
      expect(body.scope).toBe('read:messages');
      expect(body).not.toHaveProperty('id_token');
      const userinfo = await server.fetch('userinfo', {
        headers: { Authorization: `Bearer ${body.access_token}` },
      });
      expect(userinfo.status).toBe(403);
    });

    it('address and phone scopes: the claims in the ID token and in /userinfo', async () => {
      const browser = fresh();
      const body = await redeem(await browser.authorize(codeRequest({ scope: 'openid address phone' })));
      expect(body.scope).toBe('openid address phone');
      const expected = {
        sub: 'auth0|alice',
        address: {
          formatted: '1 Rabbit Hole Lane\nOxford OX1 1DP\nUnited Kingdom',
          street_address: '1 Rabbit Hole Lane',
          locality: 'Oxford',
          region: 'Oxfordshire',
          postal_code: 'OX1 1DP',
          country: 'United Kingdom',
        },
        phone_number: '+441632960001',
        phone_number_verified: true,
      };
      const id = await verifyWithJwks(server, String(body.id_token), { typ: 'JWT', audience: 'web-app' });
      expect(id).toMatchObject(expected);
      const userinfo = await server.fetch('userinfo', {
        headers: { Authorization: `Bearer ${body.access_token}` },
      });
      expect(await userinfo.json()).toEqual(expected);
    });

    describe('id_token_hint (OIDC Core §3.1.2.1)', () => {
      it('with prompt=none and the logged-in user: a code at once, same sub and auth_time', async () => {
        const browser = fresh();
        const first = await aliceIdToken(browser);
        server.clock.ms += 60_000;
        const res = await browser.get(
          authorizePath(codeRequest({ scope: 'openid', prompt: 'none', id_token_hint: first })),
        );
        expect(res.status).toBe(302);
        const params = responseParams(res);
        expect([...params.keys()]).toEqual(['code', 'state', 'iss']);
        const second = decodeJwt(String((await redeem(res)).id_token));
        expect(second.sub).toBe(decodeJwt(first).sub);
        expect(second.auth_time).toBe(decodeJwt(first).auth_time);
      });

      it('an expired hint is still a hint', async () => {
        const browser = fresh();
        const first = await aliceIdToken(browser);
        server.clock.ms += 40_000 * 1000; // past the ID token's 36000 s
        const res = await browser.get(
          authorizePath(codeRequest({ scope: 'openid', prompt: 'none', id_token_hint: first })),
        );
        expect([...responseParams(res).keys()]).toEqual(['code', 'state', 'iss']);
      });

      it('a hint for another user than the one logged in: login_required with prompt=none', async () => {
        const browser = fresh();
        await aliceIdToken(browser);
        const bob = new TestBrowser(server);
        const bobToken = String(
          (
            await redeem(
              await bob.authorize(codeRequest({ scope: 'openid' }), {
                email: 'bob@example.com',
                password: 'builder',
              }),
            )
          ).id_token,
        );
        const res = await browser.get(
          authorizePath(codeRequest({ scope: 'openid', prompt: 'none', id_token_hint: bobToken })),
        );
        expect(res.headers.get('location')).toBe(
          `${CALLBACK}?error=login_required&error_description=The+logged-in+user+is+not+the+one+id_token_hint+names%2C+and+prompt%3Dnone+forbids+a+login.&state=xyz${ISS}`,
        );
      });

      it('a hint for another user without prompt=none: the login form; logging in as someone else is login_required', async () => {
        const browser = fresh();
        await aliceIdToken(browser);
        const bob = new TestBrowser(server);
        const bobToken = String(
          (
            await redeem(
              await bob.authorize(codeRequest({ scope: 'openid' }), {
                email: 'bob@example.com',
                password: 'builder',
              }),
            )
          ).id_token,
        );
        const login = await browser.startLogin(codeRequest({ scope: 'openid', id_token_hint: bobToken }));
        const res = await browser.login(login, 'alice@example.com', 'wonderland');
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toBe(
          `${CALLBACK}?error=login_required&error_description=The+user+who+logged+in+is+not+the+one+id_token_hint+names.&state=xyz${ISS}`,
        );
      });

      it('a token that is not our ID token for this client: invalid_request', async () => {
        const browser = fresh();
        const first = await aliceIdToken(browser);
        const [header, payload] = first.split('.');
        for (const hint of ['not-a-jwt', `${header}.${payload}.c2lnbmF0dXJl`]) {
          const res = await browser.get(authorizePath(codeRequest({ scope: 'openid', id_token_hint: hint })));
          expect(res.headers.get('location')).toBe(
            `${CALLBACK}?error=invalid_request&error_description=id_token_hint+is+not+an+ID+token+this+server+issued+to+web-app.&state=xyz${ISS}`,
          );
        }
        // An ID token of another client is not a hint for this one.
        const res = await browser.get(
          authorizePath({
            ...codeRequest({ scope: 'openid', id_token_hint: first }),
            client_id: 'spa',
            code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
            code_challenge_method: 'S256',
          }),
        );
        expect(responseParams(res).get('error_description')).toBe(
          'id_token_hint is not an ID token this server issued to spa.',
        );
      });

      it('claims.id_token.sub.value works as a hint too', async () => {
        const browser = fresh();
        await aliceIdToken(browser);
        const claims = JSON.stringify({ id_token: { sub: { value: 'auth0|bob' } } });
        const res = await browser.get(
          authorizePath(codeRequest({ scope: 'openid', prompt: 'none', claims })),
        );
        expect(responseParams(res).get('error')).toBe('login_required');
        const same = JSON.stringify({ id_token: { sub: { value: 'auth0|alice' } } });
        const ok = await browser.get(
          authorizePath(codeRequest({ scope: 'openid', prompt: 'none', claims: same })),
        );
        expect([...responseParams(ok).keys()]).toEqual(['code', 'state', 'iss']);
      });
    });
  },
);
