import { createHash, randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { LoginPage } from './pages/login.ts';

/** The Node host started by playwright.config.ts's second webServer (`npm run server`). */
const origin = `http://localhost:${process.env.E2E_NODE_PORT ?? 4100}`;
const issuer = `${origin}/`;
/** `{app}/callback`: registered for every demo client; on the Node host, its own origin. */
const redirectUri = `${origin}/callback`;
const API = 'https://api.example.com';

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  // RFC 7636 §4.2: S256
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

test.describe('Authorization Code + PKCE against npm run server', () => {
  test('logs in and consents through the real pages, then redeems the code', async ({ page, request }) => {
    // Nothing listens at the callback: answer it here so the browser lands somewhere.
    await page.route(`${redirectUri}**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Callback</h1>' }),
    );
    const { verifier, challenge } = pkce();
    const state = randomBytes(8).toString('hex');
    const nonce = randomBytes(8).toString('hex');
    const authorize = new URL('authorize', issuer);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: 'spa',
      redirect_uri: redirectUri,
      scope: 'openid profile email offline_access read:messages',
      audience: API,
      state,
      nonce,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();

    const pages = new LoginPage(page);
    await page.goto(authorize.href);
    await expect(pages.logIn).toBeVisible();
    await pages.logInAs('alice@example.com', 'wonderland');
    await expect(pages.accept).toBeVisible();
    await expect(pages.decline).toBeVisible();
    await expect(page.getByText('read:messages')).toBeVisible();
    await pages.accept.click();

    await page.waitForURL((url) => url.href.startsWith(`${redirectUri}?`));
    const callback = new URL(page.url()).searchParams;
    expect(callback.get('state')).toBe(state);
    const code = callback.get('code') ?? '';
    expect(code).not.toBe('');

    const redeem = () =>
      request.post(`${issuer}oauth/token`, {
        form: {
          grant_type: 'authorization_code',
          client_id: 'spa',
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
        },
      });
    const response = await redeem();
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toBe('no-store');
    const tokens = await response.json();
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 86400 });
    expect(String(tokens.scope).split(' ').sort()).toEqual(
      ['email', 'offline_access', 'openid', 'profile', 'read:messages'].sort(),
    );
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const jwks = createLocalJWKSet(await (await request.get(`${issuer}.well-known/jwks.json`)).json());
    const id = await jwtVerify(tokens.id_token, jwks, { issuer, audience: 'spa' });
    expect(id.payload).toMatchObject({
      sub: 'auth0|alice',
      nonce,
      email: 'alice@example.com',
      name: 'Alice Liddell',
    });
    const access = await jwtVerify(tokens.access_token, jwks, { issuer, audience: API, typ: 'at+jwt' });
    expect(access.payload).toMatchObject({ sub: 'auth0|alice', azp: 'spa' });

    const messages = await request.get(`${issuer}api/messages`, {
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    });
    expect(messages.status()).toBe(200);

    // RFC 6749 §4.1.2: a code is single use...
    const again = await redeem();
    expect(again.status()).toBe(400);
    expect((await again.json()).error).toBe('invalid_grant');
    // ...and a second use revokes the tokens issued from the first one.
    const revoked = await request.get(`${issuer}api/messages`, {
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    });
    expect(revoked.status()).toBe(401);

    // The login session is a cookie: the next /authorize skips the login form and the consent.
    const second = new URL(authorize);
    second.searchParams.set('state', 'second');
    await page.goto(second.href);
    await page.waitForURL((url) => url.href.startsWith(`${redirectUri}?`));
    expect(new URL(page.url()).searchParams.get('state')).toBe('second');
    const cookies = await page.context().cookies(origin);
    expect(cookies.find((c) => c.name === 'op_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  });
});
