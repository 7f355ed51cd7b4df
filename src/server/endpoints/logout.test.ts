import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTestServer, storeFactories } from '../testing/harness.ts';
import { codeRequest, responseParams, TestBrowser } from './authorize/browser-testing.ts';

async function loggedInBrowser(makeStore: () => import('../store/types.ts').Store) {
  const server = createTestServer({ makeStore });
  const browser = new TestBrowser(server);
  await browser.authorize(codeRequest());
  expect((await (await browser.get('admin/session')).json()).session).not.toBeNull();
  return { server, browser };
}

async function sessionOf(browser: TestBrowser) {
  return (await (await browser.get('admin/session')).json()).session;
}

async function idTokenFor(browser: TestBrowser): Promise<string> {
  const res = await browser.authorize(
    codeRequest({ client_id: 'spa', response_type: 'id_token', scope: 'openid', nonce: 'n' }),
  );
  return responseParams(res).get('id_token') ?? '';
}

describe.each(Object.entries(storeFactories))('logout (%s store)', (_name, makeStore) => {
  describe('GET /v2/logout (Auth0)', () => {
    it('ends the session and redirects to a registered returnTo of the client', async () => {
      const { browser } = await loggedInBrowser(makeStore);
      const res = await browser.get('v2/logout?client_id=web-app&returnTo=http%3A%2F%2Flocalhost%3A3000%2F');
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('http://localhost:3000/');
      expect(res.headers.get('set-cookie')).toBe('op_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
      expect(await sessionOf(browser)).toBeNull();
      // The next /authorize asks for the login again.
      expect(
        (await browser.get(`authorize?${new URLSearchParams(codeRequest())}`)).headers.get('location'),
      ).toMatch(/\/u\/login\//);
    });

    it('without returnTo shows a logged-out page', async () => {
      const { browser } = await loggedInBrowser(makeStore);
      const res = await browser.get('v2/logout');
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<h1>Logged out</h1>');
      expect(await sessionOf(browser)).toBeNull();
    });

    it('refuses an unregistered returnTo with a 400 page and keeps the session', async () => {
      const { browser } = await loggedInBrowser(makeStore);
      for (const returnTo of [
        'https://evil.example/',
        'http://localhost:3000',
        'http://localhost:3000/?x=<b>',
      ]) {
        const res = await browser.get(`v2/logout?${new URLSearchParams({ client_id: 'web-app', returnTo })}`);
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
        const html = await res.text();
        expect(html).toContain('The returnTo URL is not in the list of allowed logout URLs');
        expect(html).not.toContain('<b>');
      }
      // device-app registers no logout URLs.
      const res = await browser.get(
        'v2/logout?client_id=device-app&returnTo=http%3A%2F%2Flocalhost%3A3000%2F',
      );
      expect(res.status).toBe(400);
      const unknown = await browser.get(
        'v2/logout?client_id=%3Cx%3E&returnTo=http%3A%2F%2Flocalhost%3A3000%2F',
      );
      expect(unknown.status).toBe(400);
      expect(await unknown.text()).toContain('Unknown client: &lt;x&gt;');
      expect(await sessionOf(browser)).not.toBeNull();
    });

    it('without client_id accepts a URL registered by any client', async () => {
      const { browser } = await loggedInBrowser(makeStore);
      const res = await browser.get('v2/logout?returnTo=https%3A%2F%2Foauth.pstmn.io%2Fv1%2Fcallback');
      expect(res.headers.get('location')).toBe('https://oauth.pstmn.io/v1/callback');
    });
  });

  describe('GET /oidc/logout (RP-Initiated Logout)', () => {
    it('redirects to a registered post_logout_redirect_uri of the id_token_hint client, with state', async () => {
      const { browser } = await loggedInBrowser(makeStore);
      const idToken = await idTokenFor(browser);
      const res = await browser.get(
        `oidc/logout?${new URLSearchParams({
          id_token_hint: idToken,
          post_logout_redirect_uri: 'http://localhost:4000/callback',
          state: 'a b&c',
        })}`,
      );
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('http://localhost:4000/callback?state=a+b%26c');
      expect(await sessionOf(browser)).toBeNull();
    });

    it('accepts an expired id_token_hint, and client_id instead of a hint', async () => {
      const { server, browser } = await loggedInBrowser(makeStore);
      const idToken = await idTokenFor(browser);
      server.clock.ms += 40_000_000;
      const res = await browser.get(
        `oidc/logout?${new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: 'http://localhost:3000/' })}`,
      );
      expect(res.headers.get('location')).toBe('http://localhost:3000/');
      const res2 = await browser.get(
        `oidc/logout?${new URLSearchParams({ client_id: 'spa', post_logout_redirect_uri: 'http://localhost:3000/' })}`,
      );
      expect(res2.headers.get('location')).toBe('http://localhost:3000/');
    });

    it('refuses an unregistered URI, a forged hint, a mismatched client_id, or no client at all', async () => {
      const { browser } = await loggedInBrowser(makeStore);
      const idToken = await idTokenFor(browser);
      const expect400 = async (params: Record<string, string>, text: string) => {
        const res = await browser.get(`oidc/logout?${new URLSearchParams(params)}`);
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
        expect(await res.text()).toContain(text);
      };
      await expect400(
        { id_token_hint: idToken, post_logout_redirect_uri: 'https://evil.example/' },
        'post_logout_redirect_uri is not registered for client spa: https://evil.example/',
      );
      await expect400(
        { post_logout_redirect_uri: 'http://localhost:3000/' },
        'post_logout_redirect_uri needs client_id or id_token_hint',
      );
      await expect400(
        { id_token_hint: idToken, client_id: 'web-app', post_logout_redirect_uri: 'http://localhost:3000/' },
        'client_id does not match the audience of the id_token_hint.',
      );
      const { privateKey } = await (await import('jose')).generateKeyPair('RS256');
      const forged = await new SignJWT({ aud: 'spa', iss: 'http://localhost:4000/' })
        .setProtectedHeader({ alg: 'RS256' })
        .sign(privateKey);
      await expect400(
        { id_token_hint: forged, post_logout_redirect_uri: 'http://localhost:3000/' },
        'The id_token_hint is not an ID token issued by this server.',
      );
      await expect400(
        { id_token_hint: 'not-a-jwt' },
        'The id_token_hint is not an ID token issued by this server.',
      );
      expect(await sessionOf(browser)).not.toBeNull();
      const ok = await browser.get('oidc/logout');
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('You are logged out.');
      expect(await sessionOf(browser)).toBeNull();
    });

    it('accepts a form POST', async () => {
      const { browser } = await loggedInBrowser(makeStore);
      const res = await browser.post('oidc/logout', {
        client_id: 'web-app',
        post_logout_redirect_uri: 'http://localhost:3000/',
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('http://localhost:3000/');
    });
  });
});
