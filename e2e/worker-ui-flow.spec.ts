import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';
import { LoginPage } from './pages/login.ts';
import { reachesNetwork, WorkerControl } from './worker-support.ts';

/**
 * The Authorization Code + PKCE flow in the UI, as a user does it (issue 4): with the browser
 * stopping the in-browser server between every step (nothing may live only in the worker's memory),
 * and offline after the first visit (the worker's precache serves the app).
 */
test.describe('Authorization Code + PKCE in the UI through the in-browser server', () => {
  test('in the in-page browser, the worker stopped between every step', async ({ page, context }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce');
    const workers = await WorkerControl.attach(context, page);

    await workers.stopAll();
    await flow.button('Derive the code challenge').click();
    await expect(flow.result).toHaveText('code_challenge ready (method S256).');
    await flow.nextStep.click();

    await workers.stopAll();
    await flow.openInFrame.click();
    const frame = flow.frame();
    await expect(frame.logIn).toBeVisible();

    await workers.stopAll();
    await frame.logInAs();
    await expect(frame.accept).toBeVisible();

    await workers.stopAll();
    await frame.accept.click();
    await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
    await expect(flow.frameAddress).toContainText('/callback?code=');
    await flow.nextStep.click();

    await workers.stopAll();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(
      'Tokens received: access_token, id_token, refresh_token. Scope granted: openid profile email offline_access read:messages.',
    );
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('as a full-page redirect, the worker stopped between every step', async ({ page, context }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce', '?scope=openid+profile+read%3Amessages');
    const workers = await WorkerControl.attach(context, page);

    await workers.stopAll();
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();

    await workers.stopAll();
    await flow.redirect.click();
    const login = new LoginPage(page);
    await expect(login.logIn).toBeVisible();

    await workers.stopAll();
    await login.logInAs();
    await expect(login.accept).toBeVisible();

    await workers.stopAll();
    await login.accept.click();
    await page.waitForURL(/\/flows\/auth-code-pkce\?scope=openid\+profile\+read%3Amessages$/);
    await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
    await flow.nextStep.click();

    await workers.stopAll();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(
      'Tokens received: access_token, id_token. Scope granted: openid profile read:messages.',
    );
  });

  test('offline after the first visit: the app (lazy routes included) and the flow still work', async ({
    page,
    context,
  }) => {
    test.skip(process.env.E2E_DEV === '1', 'the dev server serves unbundled modules: nothing is precached');
    const flow = new FlowPage(page);
    await flow.playground.open('/');
    // The first visit precached the app shell and every built asset.
    await expect
      .poll(() => page.evaluate(async () => (await caches.keys()).some((n) => n.includes('precache'))))
      .toBe(true);
    expect(await reachesNetwork(page)).toBe(true);
    await context.setOffline(true);
    await flow.open('auth-code-pkce');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.authorizeInFrame();
    await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(
      'Tokens received: access_token, id_token, refresh_token. Scope granted: openid profile email offline_access read:messages.',
    );
    expect(await reachesNetwork(page)).toBe(false);
  });
});
