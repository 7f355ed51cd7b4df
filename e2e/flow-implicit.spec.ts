import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';

test.describe('Implicit (discouraged)', () => {
  test('id_token token in the fragment, with the RFC 9700 warning', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('implicit');
    await expect(page.getByText('Discouraged by RFC 9700.')).toBeVisible();
    await flow.authorizeInFrame();
    await expect(flow.result).toHaveText('State matches. Received access_token, id_token by fragment.');
    await expect(flow.tokens.getByRole('tab', { name: 'ID token', exact: true })).toBeVisible();
    expect(page.url()).not.toMatch(/access_token|id_token=/);
  });

  test('response_mode=form_post comes back through the worker', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('implicit', '?response_type=id_token&response_mode=form_post');
    await flow.authorizeInFrame();
    await expect(flow.result).toHaveText('State matches. Received id_token by form_post.');
    await expect(flow.timelineEntry(/^303 POST \/callback browser$/)).toBeVisible();
  });

  test('error: a client without the implicit grant is unauthorized_client', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('implicit', '?client_id=device-app&response_type=token');
    await flow.openInFrame.click();
    await expect(flow.result).toHaveText(/^The server answered unauthorized_client/);
  });

  test('error: id_token without a nonce is invalid_request', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('implicit', '?response_type=id_token');
    await flow.start.click();
    const raw = await flow.rawRequest.inputValue();
    await flow.rawRequest.fill(raw.replace(/&nonce=[^&\s]+/, ''));
    await flow.openInFrame.click();
    await expect(flow.result).toHaveText(/^The server answered invalid_request: .*nonce/);
  });
});
