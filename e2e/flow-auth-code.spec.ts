import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';

test.describe('Authorization Code (confidential web-app)', () => {
  test('authorize in the frame, then redeem the code with client_secret_basic', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code');
    await expect(flow.param('Client ID')).toHaveValue('web-app');
    await flow.authorizeInFrame();
    await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
    await flow.nextStep.click();
    await expect(flow.rawRequest).toHaveValue(/\nAuthorization: Basic d2Vi••••••\n/);
    await expect(flow.rawRequest).toHaveValue(/&code=[A-Za-z0-9_-]{4}••••••&/);
    await flow.revealRequest.check();
    await expect(flow.rawRequest).toHaveValue(/\nAuthorization: Basic d2ViLWFwcDp3ZWItYXBwLXNlY3JldA==\n/);
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(
      'Tokens received: access_token, id_token, refresh_token. Scope granted: openid profile email offline_access read:messages.',
    );
  });

  test('error: a wrong client secret is 401 invalid_client', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code');
    await flow.authorizeInFrame();
    await flow.nextStep.click();
    await flow.param('Client secret').fill('not-the-secret');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^401 invalid_client/);
    // The secret is not in the URL.
    expect(page.url()).not.toContain('not-the-secret');
  });

  test('error: a redirect_uri that differs from the one sent to /authorize is invalid_grant', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code');
    await flow.authorizeInFrame();
    await flow.nextStep.click();
    await flow.revealRequest.check();
    const raw = await flow.rawRequest.inputValue();
    await flow.rawRequest.fill(
      raw.replace(
        /redirect_uri=[^&\s]+/,
        `redirect_uri=${encodeURIComponent('http://localhost:3000/callback')}`,
      ),
    );
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^400 invalid_grant/);
  });
});

test.describe('Authorization Code: the server refuses to redirect', () => {
  test('error: an unregistered redirect_uri gets an error page, shown as the step result', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code', `?redirect_uri=${encodeURIComponent('https://evil.example.com/callback')}`);
    await flow.openInFrame.click();
    await expect(flow.result).toHaveText(
      /^The server showed an error page instead of redirecting back: .*Callback URL mismatch\. https:\/\/evil\.example\.com\/callback is not in the list/,
    );
  });
});
