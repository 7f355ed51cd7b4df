import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { FlowPage } from './pages/flow.ts';

/**
 * Service workers unavailable (as in a private window, or with them disabled): the server core
 * runs in the page, the in-page browser shows its pages without a worker, and every flow completes.
 */
test.use({ serviceWorkers: 'block' });

test.describe('Without service workers: the server runs in the page', () => {
  test('the mode is shown, with why and that nothing persists', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.openInPageMode('auth-code-pkce');
    await expect(flow.playground.pageModeNote).toContainText(
      'The server runs in this page: no service worker can serve it here. Nothing is kept after the tab closes',
    );
    await flow.playground.pageModeNote.getByText('Why no service worker').click();
    await expect(flow.playground.pageModeNote).toContainText('Service workers are blocked');
    expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
  });

  test('the note and the worker-less browser with the login page have no accessibility violations', async ({
    page,
  }) => {
    // axe walks the app and the frame's document: slow on a loaded 2-core machine.
    test.setTimeout(120_000);
    const flow = new FlowPage(page);
    await flow.openInPageMode('auth-code-pkce');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.openInFrame.click();
    await expect(flow.frame().logIn).toBeVisible();
    await expectNoAxeViolations(page, 'the page host with the worker-less browser open', { frames: false });
    // The document the worker-less browser shows (the login page, scripts taken out), checked on its
    // own: axe's reach into a sandboxed frame without scripts differs between Chromium versions.
    const shown = await page.locator('iframe[title="Authorization server"]').getAttribute('srcdoc');
    expect(shown).toContain('Log in');
    const standalone = await page.context().newPage();
    await standalone.setContent(shown ?? '');
    await expect(standalone.getByRole('button', { name: 'Log in' })).toBeVisible();
    await expectNoAxeViolations(standalone, 'the login page as the worker-less browser shows it');
    await standalone.close();
  });

  test('Authorization Code + PKCE: login and consent in the worker-less browser, every hop traced', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.openInPageMode('auth-code-pkce');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    // A full-page redirect would leave the page, and the server in it, behind.
    await expect(flow.redirect).toBeDisabled();
    await flow.authorizeInFrame();
    await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
    await expect(flow.frameAddress).toContainText('/callback?code=');
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(
      'Tokens received: access_token, id_token, refresh_token. Scope granted: openid profile email offline_access read:messages.',
    );
    await expect(flow.timelineEntry(/^200 POST \/server\/oauth\/token app$/)).toBeVisible();
    await expect(flow.timelineEntry(/^302 GET \/server\/authorize\?.* browser$/)).toBeVisible();
    await expect(flow.timelineEntry(/^200 GET \/server\/u\/login\/.* browser$/)).toBeVisible();
    await expect(flow.timelineEntry(/^303 POST \/server\/u\/login\/.* browser$/)).toBeVisible();
    await expect(flow.timelineEntry(/^303 POST \/server\/u\/consent\/.* browser$/)).toBeVisible();
    // The inspector verifies the token against the JWKS that this page's server publishes.
    await expect(flow.tokens.getByRole('status').filter({ hasText: 'Signature valid' }).first()).toHaveText(
      'Signature valid (RS256, key from this server’s JWKS).',
    );
  });

  test('Authorization Code, then PKCE, a refresh and a token exchange, in one tab', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.openInPageMode('auth-code');
    await flow.authorizeInFrame();
    await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token, refresh_token\./);

    // The login session lives in the page's store: the second authorization skips the login form.
    await flow.playground.switchToFlow('Authorization Code + PKCE');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.openInFrame.click();
    await flow.frame().accept.click();
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: .*refresh_token/);

    await flow.playground.switchToFlow('Refresh Token');
    await flow.button('Send the refresh request').click();
    await expect(flow.result).toHaveText(
      /^Tokens received: access_token, id_token, refresh_token\. .*Rotated: a new refresh token replaces the one just used/,
    );

    await flow.playground.switchToFlow('Token Exchange');
    await flow.button('Send the exchange request').click();
    await expect(flow.result).toHaveText(
      /^Tokens received: access_token.*issued_token_type: urn:ietf:params:oauth:token-type:access_token\.$/,
    );
  });

  test('form_post: the page’s form is submitted by the in-page browser, its script never runs', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.openInPageMode('auth-code', '?response_mode=form_post');
    await flow.authorizeInFrame();
    await expect(flow.result).toHaveText('State matches. Received an authorization code by form_post.');
    await expect(flow.timelineEntry(/^200 POST \/server\/u\/consent\/.* browser$/)).toBeVisible();
  });

  test('Implicit: tokens from the fragment', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.openInPageMode('implicit');
    await flow.authorizeInFrame();
    await expect(flow.result).toHaveText('State matches. Received access_token, id_token by fragment.');
  });

  test('Client Credentials and Resource Owner Password', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.openInPageMode('client-credentials');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(
      'Tokens received: access_token. Scope granted: read:messages write:messages.',
    );
    await flow.useTokens.getByRole('button', { name: 'GET /api/messages' }).click();
    await expect(flow.useTokens.getByRole('status')).toHaveText('200 OK');

    await flow.playground.switchToFlow('Resource Owner Password');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token, refresh_token\./);
  });

  test('Device Authorization: the verification page on the second device, then polling', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.openInPageMode('device');
    await flow.button('Request a device code').click();
    await flow.nextStep.click();
    await flow.button('Open the verification page').click();
    const device = flow.frame('Second device: verification page');
    await device.continue.click();
    await device.logInAs();
    await device.accept.click();
    await flow.nextStep.click();
    await flow.button(/^Poll every 5 s$/).click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token, refresh_token\./, {
      timeout: 20_000,
    });
  });
});
