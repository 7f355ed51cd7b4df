import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';

test.describe('Device Authorization', () => {
  test('code, approval on the second device, polling until tokens', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('device');
    await flow.button('Request a device code').click();
    await expect(flow.result).toHaveText(/^The device shows the code \S+; it may poll every 5 s\.$/);
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

  test('error: polling before approval is authorization_pending, too fast is slow_down', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('device');
    await flow.button('Request a device code').click();
    await flow.step(/Poll the token endpoint/).click();
    await flow.button('Poll once').click();
    await expect(flow.result).toHaveText(/^400 authorization_pending.*Still waiting for the person\.$/);
    await flow.button('Poll once').click();
    await expect(flow.result).toHaveText(/^400 slow_down.*the interval is now 10 s\.$/);
  });

  test('error: the person declines on the second device', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('device');
    await flow.button('Request a device code').click();
    await flow.nextStep.click();
    await flow.button('Open the verification page').click();
    const device = flow.frame('Second device: verification page');
    await device.continue.click();
    await device.logInAs();
    await device.decline.click();
    await flow.nextStep.click();
    await flow.button('Poll once').click();
    await expect(flow.result).toHaveText(/^400 access_denied/);
  });
});
