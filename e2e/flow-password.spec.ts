import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';

test.describe('Resource Owner Password (discouraged)', () => {
  test('alice’s password traded for tokens, with the RFC 9700 warning', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('password');
    await expect(page.getByText('Discouraged by RFC 9700.')).toBeVisible();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(
      'Tokens received: access_token, id_token, refresh_token. Scope granted: openid profile email offline_access read:messages.',
    );
    // The password is a secret: never in the URL.
    expect(page.url()).not.toContain('wonderland');
  });

  test('password-realm names the connection', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open(
      'password',
      `?grant_type=${encodeURIComponent('http://auth0.com/oauth/grant-type/password-realm')}`,
    );
    await expect(flow.rawRequest).toHaveValue(/realm=Username-Password-Authentication/);
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token, refresh_token\./);
  });

  test('error: a wrong password is invalid_grant', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('password');
    await flow.param('Password').fill('not-wonderland');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^400 invalid_grant/);
  });

  test('error: a client without the password grant is unauthorized_client', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('password', '?client_id=m2m');
    await flow.param('Client secret').fill('m2m-secret');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^400 unauthorized_client/);
  });
});
