import type http from 'node:http';
import { expect, type Page, type Response, test } from '@playwright/test';
import { LoginPage } from './pages/login.ts';
import { SDK_APP_ORIGIN, SdkAppPage, startSdkApp } from './pages/sdk-app.ts';
import { close } from './pages/support-servers.ts';

/**
 * Auth0's SPA SDK, unmodified, in a page on http://localhost:3000 against `npm run server`
 * (playwright.config's Node host). No request is intercepted: every CORS preflight, frame and
 * popup is the browser's own.
 */
const domain = `http://localhost:${process.env.E2E_NODE_PORT ?? 4100}`;
let app: http.Server;

test.beforeAll(async () => {
  app = await startSdkApp('auth0', domain);
});
test.afterAll(async () => {
  await close(app);
});

const tokenResponse = (page: Page) =>
  page.waitForResponse((r) => r.url() === `${domain}/oauth/token` && r.request().method() === 'POST');

async function tokenExchange(response: Response) {
  const request = response.request();
  const sent = request.postData() ?? '';
  const body = request.headers()['content-type']?.includes('json')
    ? (JSON.parse(sent) as Record<string, string>)
    : Object.fromEntries(new URLSearchParams(sent));
  return {
    sent: body,
    received: (await response.json()) as Record<string, string>,
    auth0Client: request.headers()['auth0-client'],
    allowOrigin: response.headers()['access-control-allow-origin'],
  };
}

test.describe('@auth0/auth0-spa-js against npm run server', () => {
  test('loginWithRedirect, handleRedirectCallback, getUser, refresh rotation, silent frame, logout', async ({
    page,
  }) => {
    const spa = new SdkAppPage(page);
    await spa.open();
    await expect(spa.session).toHaveText('Not signed in');

    await spa.button('Log in').click();
    await page.waitForURL((url) => url.href.startsWith(`${domain}/u/login/`));
    const login = new LoginPage(page);
    const exchanged = tokenResponse(page);
    await login.logInAs();
    // The consent page shows unless an earlier spec on this server already granted these scopes.
    await Promise.race([exchanged, login.accept.click().catch(() => exchanged)]);
    const first = await tokenExchange(await exchanged);
    expect(first.sent.grant_type).toBe('authorization_code');
    expect(first.auth0Client).toEqual(expect.any(String));
    expect(first.allowOrigin).toBe(SDK_APP_ORIGIN);
    expect(first.received.refresh_token).toEqual(expect.any(String));
    await expect(spa.session).toHaveText('Signed in as Alice Liddell (alice@example.com)');
    expect(page.url()).toBe(`${SDK_APP_ORIGIN}/`);

    // getTokenSilently with useRefreshTokens: the refresh_token grant, and the refresh token rotates.
    const refreshed = tokenResponse(page);
    await spa.button('Refresh the token').click();
    const rotation = await tokenExchange(await refreshed);
    expect(rotation.sent.grant_type).toBe('refresh_token');
    expect(rotation.sent.refresh_token).toBe(first.received.refresh_token);
    expect(rotation.received.refresh_token).toEqual(expect.any(String));
    expect(rotation.received.refresh_token).not.toBe(first.received.refresh_token);
    await expect(spa.result).toHaveText(
      'Access token for https://api.example.com with scope openid profile email read:messages offline_access',
    );

    // The next refresh uses the successor.
    const again = tokenResponse(page);
    await spa.button('Refresh the token').click();
    expect((await tokenExchange(await again)).sent.refresh_token).toBe(rotation.received.refresh_token);

    // getTokenSilently without refresh tokens: a hidden iframe, prompt=none, response_mode=web_message.
    const framed = page.waitForResponse((r) => r.url().startsWith(`${domain}/authorize?`));
    const frameToken = tokenResponse(page);
    await spa.button('Get a token in a hidden frame').click();
    const authorize = new URL((await framed).url()).searchParams;
    expect(authorize.get('prompt')).toBe('none');
    expect(authorize.get('response_mode')).toBe('web_message');
    const silent = await tokenExchange(await frameToken);
    expect(silent.sent.grant_type).toBe('authorization_code');
    expect(silent.received.access_token).toEqual(expect.any(String));
    await expect(spa.result).toHaveText(
      'Access token for https://api.example.com with scope openid profile email read:messages',
    );

    await spa.button('Call the API').click();
    await expect(spa.result).toHaveText('The API answered 200');

    // logout: /v2/logout with client_id and returnTo, back to the app, the session gone.
    const loggedOut = page.waitForRequest((r) => r.url().startsWith(`${domain}/v2/logout?`));
    await spa.button('Log out').click();
    const logout = new URL((await loggedOut).url()).searchParams;
    expect(logout.get('client_id')).toBe('spa');
    expect(logout.get('returnTo')).toBe(`${SDK_APP_ORIGIN}/`);
    await page.waitForURL(`${SDK_APP_ORIGIN}/`);
    await expect(spa.session).toHaveText('Not signed in');
    await spa.button('Get a token in a hidden frame').click();
    await expect(spa.result).toHaveText('Error: login_required: The user is not logged in (prompt=none).');
  });

  test('loginWithPopup: the popup posts the code back with web_message', async ({ page }) => {
    const spa = new SdkAppPage(page);
    await spa.open();
    await expect(spa.session).toHaveText('Not signed in');
    const opened = page.waitForEvent('popup');
    await spa.button('Log in with a popup').click();
    const popup = await opened;
    const login = new LoginPage(popup);
    const closed = popup.waitForEvent('close');
    const exchanged = tokenResponse(page);
    await login.logInAs();
    // The consent page shows unless an earlier test of this server already granted these scopes.
    await Promise.race([closed, login.accept.click().catch(() => closed)]);
    await closed;
    const { sent, allowOrigin } = await tokenExchange(await exchanged);
    expect(sent.grant_type).toBe('authorization_code');
    expect(allowOrigin).toBe(SDK_APP_ORIGIN);
    await expect(spa.session).toHaveText('Signed in as Alice Liddell (alice@example.com)');
  });
});
