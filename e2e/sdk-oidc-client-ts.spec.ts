import type http from 'node:http';
import { expect, type Page, test } from '@playwright/test';
import { LoginPage } from './pages/login.ts';
import { SDK_APP_ORIGIN, SdkAppPage, startSdkApp } from './pages/sdk-app.ts';
import { close } from './pages/support-servers.ts';

/**
 * oidc-client-ts, unmodified, in a page on http://localhost:3000 against `npm run server`
 * (playwright.config's Node host). No request is intercepted.
 */
const domain = `http://localhost:${process.env.E2E_NODE_PORT ?? 4100}`;
let app: http.Server;

test.beforeAll(async () => {
  app = await startSdkApp('oidc', domain);
});
test.afterAll(async () => {
  await close(app);
});

const tokenResponse = (page: Page) =>
  page.waitForResponse((r) => r.url() === `${domain}/oauth/token` && r.request().method() === 'POST');

test.describe('oidc-client-ts against npm run server', () => {
  test('redirect, callback, userinfo, refresh rotation, revocation, logout', async ({ page, request }) => {
    const spa = new SdkAppPage(page);
    await spa.open();
    await expect(spa.session).toHaveText('Not signed in');

    await spa.button('Log in').click();
    await page.waitForURL((url) => url.href.startsWith(`${domain}/u/login/`));
    const login = new LoginPage(page);
    await login.logInAs();
    const exchanged = tokenResponse(page);
    const userinfo = page.waitForResponse((r) => r.url() === `${domain}/userinfo`);
    // The consent page shows unless an earlier test of this server already granted these scopes.
    await Promise.race([exchanged, login.accept.click().catch(() => exchanged)]);
    const first = await (await exchanged).json();
    expect(first.refresh_token).toEqual(expect.any(String));
    expect((await exchanged).headers()['access-control-allow-origin']).toBe(SDK_APP_ORIGIN);
    const profile = await userinfo;
    expect(profile.status()).toBe(200);
    expect(await profile.json()).toMatchObject({ sub: 'auth0|alice', email: 'alice@example.com' });
    await expect(spa.session).toHaveText('Signed in as Alice Liddell (alice@example.com)');

    // signinSilent with a refresh token: the refresh_token grant, and the refresh token rotates.
    const refreshed = tokenResponse(page);
    await spa.button('Refresh the token').click();
    const rotation = await refreshed;
    const sent = new URLSearchParams(rotation.request().postData() ?? '');
    expect(sent.get('grant_type')).toBe('refresh_token');
    expect(sent.get('refresh_token')).toBe(first.refresh_token);
    const second = await rotation.json();
    expect(second.refresh_token).toEqual(expect.any(String));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    await expect(spa.result).toHaveText(
      'Access token with scope openid profile email offline_access read:messages',
    );

    // revokeTokens: RFC 7009 at the revocation endpoint; the refresh token stops working.
    const revoked = page.waitForResponse((r) => r.url() === `${domain}/oauth/revoke`);
    await spa.button('Revoke the refresh token').click();
    expect((await revoked).status()).toBe(200);
    await expect(spa.result).toHaveText('Refresh token revoked');
    const reuse = await request.post(`${domain}/oauth/token`, {
      form: { grant_type: 'refresh_token', client_id: 'spa', refresh_token: second.refresh_token },
    });
    expect(reuse.status()).toBe(400);
    expect((await reuse.json()).error).toBe('invalid_grant');

    // signoutRedirect: the end_session_endpoint with id_token_hint and post_logout_redirect_uri.
    const loggedOut = page.waitForRequest((r) => r.url().startsWith(`${domain}/oidc/logout?`));
    await spa.button('Log out').click();
    const logout = new URL((await loggedOut).url()).searchParams;
    expect(logout.get('id_token_hint')).toEqual(expect.any(String));
    expect(logout.get('post_logout_redirect_uri')).toBe(`${SDK_APP_ORIGIN}/`);
    await page.waitForURL((url) => url.href.startsWith(`${SDK_APP_ORIGIN}/`));
    await expect(spa.session).toHaveText('Not signed in');
    // The server session is gone too: the next login asks for the password again.
    await spa.button('Log in').click();
    await expect(login.email).toBeVisible();
  });
});
