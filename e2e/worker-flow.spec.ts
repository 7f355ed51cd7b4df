import { expect, type Page, test } from '@playwright/test';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { LoginPage } from './pages/login.ts';
import {
  ALICE,
  API_AUDIENCE,
  type AuthorizeRequest,
  basePathOf,
  codeRedemption,
  reachesNetwork,
  redeem,
  spaAuthorizeRequest,
  startServer,
  WorkerControl,
} from './worker-support.ts';

/** The callback URL's query (the worker answered /authorize with a redirect to the app's /callback). */
async function callbackParams(page: Page, request: AuthorizeRequest): Promise<URLSearchParams> {
  let landed: URL | undefined;
  await page.waitForURL((url) => {
    if (url.href.startsWith(`${request.redirectUri}?`)) landed = url;
    return landed !== undefined;
  });
  return (landed as URL).searchParams;
}

async function expectTokens(page: Page, issuer: string, request: AuthorizeRequest, code: string) {
  const result = await redeem(page, `${issuer}oauth/token`, codeRedemption(request, code));
  expect(result.status).toBe(200);
  expect(result.cacheControl).toBe('no-store');
  expect(result.body).toMatchObject({ token_type: 'Bearer', expires_in: 86400 });
  expect(String(result.body.scope).split(' ').sort()).toEqual(
    ['email', 'offline_access', 'openid', 'profile', 'read:messages'].sort(),
  );
  expect(result.body.refresh_token).toEqual(expect.any(String));
  const jwks = createLocalJWKSet(
    await page.evaluate(async (url) => (await fetch(url)).json(), `${issuer}.well-known/jwks.json`),
  );
  const idToken = await jwtVerify(String(result.body.id_token), jwks, { issuer, audience: 'spa' });
  expect(idToken.payload).toMatchObject({ sub: 'auth0|alice', nonce: request.nonce, email: ALICE.email });
  const accessToken = await jwtVerify(String(result.body.access_token), jwks, { issuer });
  expect(accessToken.protectedHeader.typ).toBe('at+jwt');
  expect(decodeJwt(String(result.body.access_token)).aud).toContain(API_AUDIENCE);
}

test.describe('Authorization Code + PKCE through the in-browser server', () => {
  test('completes with the worker stopped between every step', async ({ page, context, baseURL }) => {
    const base = basePathOf(baseURL);
    await startServer(page, base);
    const origin = new URL(page.url()).origin;
    const issuer = `${origin}${base}server/`;
    const workers = await WorkerControl.attach(context, page);
    const server = new LoginPage(page);
    const request = spaAuthorizeRequest(origin, base);

    await workers.stopAll();
    await page.goto(request.url);
    await expect(server.logIn).toBeVisible();

    await workers.stopAll();
    await server.logInAs(ALICE.email, ALICE.password);
    await expect(server.accept).toBeVisible();

    await workers.stopAll();
    await server.accept.click();
    const params = await callbackParams(page, request);
    expect(params.get('state')).toBe(request.state);
    const code = params.get('code');
    expect(code).toEqual(expect.any(String));

    await workers.stopAll();
    await expectTokens(page, issuer, request, code as string);
  });

  test('a reload of the login page mid-flow still completes', async ({ page, baseURL }) => {
    const base = basePathOf(baseURL);
    await startServer(page, base);
    const origin = new URL(page.url()).origin;
    const server = new LoginPage(page);
    const request = spaAuthorizeRequest(origin, base);

    await page.goto(request.url);
    await expect(server.logIn).toBeVisible();
    const loginUrl = page.url();
    await page.reload();
    expect(page.url()).toBe(loginUrl);
    await server.logInAs(ALICE.email, ALICE.password);
    await server.accept.click();
    const params = await callbackParams(page, request);
    expect(params.get('state')).toBe(request.state);
    await expectTokens(page, `${origin}${base}server/`, request, params.get('code') as string);
  });

  test('two pages redeem the same code at the same moment: one gets tokens, the other invalid_grant', async ({
    page,
    context,
    baseURL,
  }) => {
    const base = basePathOf(baseURL);
    await startServer(page, base);
    const origin = new URL(page.url()).origin;
    const server = new LoginPage(page);
    const request = spaAuthorizeRequest(origin, base);
    await page.goto(request.url);
    await server.logInAs(ALICE.email, ALICE.password);
    await server.accept.click();
    const code = (await callbackParams(page, request)).get('code') as string;

    const other = await context.newPage();
    await other.goto(base);
    await expect.poll(() => other.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const tokenUrl = `${origin}${base}server/oauth/token`;
    // RFC 6749 §4.1.2: the code is single use; the store consumes it in one transaction.
    const results = await Promise.all([
      redeem(page, tokenUrl, codeRedemption(request, code)),
      redeem(other, tokenUrl, codeRedemption(request, code)),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 400]);
    const loser = results.find((r) => r.status === 400);
    expect(loser?.body.error).toBe('invalid_grant');
    const winner = results.find((r) => r.status === 200);
    expect(winner?.body.access_token).toEqual(expect.any(String));
  });

  test('form_post: the worker turns the POST to /callback into the app route with the fields in the fragment', async ({
    page,
    baseURL,
  }) => {
    const base = basePathOf(baseURL);
    await startServer(page, base);
    const origin = new URL(page.url()).origin;
    const server = new LoginPage(page);
    const request = spaAuthorizeRequest(origin, base, { response_mode: 'form_post' });
    await page.goto(request.url);
    await server.logInAs(ALICE.email, ALICE.password);
    await server.accept.click();
    // The URL the worker redirected to, as it landed: the app's callback route may rewrite it next.
    let landed: URL | undefined;
    await page.waitForURL((url) => {
      if (url.href.startsWith(`${request.redirectUri}#`)) landed = url;
      return landed !== undefined;
    });
    const url = landed as URL;
    expect(url.search).toBe('');
    const fields = new URLSearchParams(url.hash.slice(1));
    expect(fields.get('state')).toBe(request.state);
    await expectTokens(page, `${origin}${base}server/`, request, fields.get('code') as string);
  });

  test('offline after the first load, the flow still completes', async ({ page, context, baseURL }) => {
    test.skip(process.env.E2E_DEV === '1', 'the dev server serves unbundled modules: nothing is precached');
    const base = basePathOf(baseURL);
    await startServer(page, base);
    const origin = new URL(page.url()).origin;
    // The first visit precached the app shell.
    await expect
      .poll(() =>
        page.evaluate(
          async (shell) => (await caches.match(shell)) !== undefined,
          `${origin}${base}index.html`,
        ),
      )
      .toBe(true);
    const server = new LoginPage(page);
    const request = spaAuthorizeRequest(origin, base);

    expect(await reachesNetwork(page)).toBe(true);
    await context.setOffline(true);
    await page.goto(request.url);
    await server.logInAs(ALICE.email, ALICE.password);
    await server.accept.click();
    const params = await callbackParams(page, request);
    // The callback route is the app shell from the precache.
    await expect(page).toHaveTitle('OAuth Flow Playground');
    await expectTokens(page, `${origin}${base}server/`, request, params.get('code') as string);
    // And the network really is gone for this page.
    expect(await reachesNetwork(page)).toBe(false);
  });
});
