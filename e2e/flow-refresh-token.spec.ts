import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';

test.describe('Refresh Token', () => {
  test('a rotating refresh token from an earlier flow (spa) is rotated', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.authorizeInFrame();
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: .*refresh_token/);

    await page.goto('/flows/refresh-token');
    await flow.button('Send the refresh request').click();
    await expect(flow.result).toHaveText(
      /^Tokens received: access_token, id_token, refresh_token\. .*Rotated: a new refresh token replaces the one just used/,
    );
    // Reusing the rotated one is refused (RFC 9700 §4.14.2).
    await flow.button('Send the refresh request').click();
    await expect(flow.result).toHaveText(/^400 invalid_grant/);
  });

  test('error: an unknown refresh token is invalid_grant', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('refresh-token');
    await flow.param('Refresh token').fill('not-a-refresh-token');
    await flow.button('Send the refresh request').click();
    await expect(flow.result).toHaveText(/^400 invalid_grant/);
  });

  test('error: a refresh token used by another client is invalid_grant', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('password');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/refresh_token/);
    // Issued to web-app; spa (the refresh flow's default client) presents it.
    await page.goto('/flows/refresh-token');
    await flow.button('Send the refresh request').click();
    await expect(flow.result).toHaveText(/^400 invalid_grant/);
  });
});
