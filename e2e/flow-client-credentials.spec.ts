import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';

test.describe('Client Credentials (m2m)', () => {
  test('a token for the API, then the API answers', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('client-credentials');
    await expect(flow.rawRequest).toHaveValue(
      /grant_type=client_credentials&audience=https%3A%2F%2Fapi\.example\.com/,
    );
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(
      'Tokens received: access_token. Scope granted: read:messages write:messages.',
    );
    await flow.useTokens.getByRole('button', { name: 'GET /api/messages' }).click();
    await expect(flow.useTokens.getByRole('status')).toHaveText('200 OK');
  });

  test('error: a wrong secret is 401 invalid_client', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('client-credentials');
    await flow.param('Client secret').fill('nope');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^401 invalid_client/);
  });

  test('error: no audience is refused', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('client-credentials');
    await flow.param('Audience').fill('');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^400 (invalid_request|access_denied)/);
  });
});
