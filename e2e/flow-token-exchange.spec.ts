import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';

test.describe('Token Exchange', () => {
  test('an access token obtained earlier is exchanged', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('password');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received/);
    await page.goto('/flows/token-exchange');
    await expect(flow.rawRequest).toHaveValue(/subject_token=ey/);
    await flow.button('Send the exchange request').click();
    await expect(flow.result).toHaveText(
      /^Tokens received: access_token.*issued_token_type: urn:ietf:params:oauth:token-type:access_token\.$/,
    );
  });

  test('error: a subject token this server did not issue is refused', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('token-exchange');
    await flow.param('Subject token value (blank: the one picked above)').fill('garbage.token.value');
    await flow.button('Send the exchange request').click();
    await expect(flow.result).toHaveText(/^400 invalid_(grant|request)/);
  });

  test('error: a client without the token-exchange grant is unauthorized_client', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('password');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received/);
    await page.goto('/flows/token-exchange?client_id=m2m');
    await flow.param('Client secret').fill('m2m-secret');
    await flow.button('Send the exchange request').click();
    await expect(flow.result).toHaveText(/^400 unauthorized_client/);
  });
});
