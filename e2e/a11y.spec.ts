import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { flowIds } from '../src/features/flows/model/flow-ids.ts';
import { FlowPage } from './pages/flow.ts';

async function expectNoViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe violations on ${where}`).toEqual([]);
}

test.describe('Accessibility (axe-core): zero violations', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`the picker, ${theme}`, async ({ page }) => {
      const flow = new FlowPage(page);
      await page.emulateMedia({ colorScheme: theme });
      await flow.playground.open('/');
      await expectNoViolations(page, `/ (${theme})`);
    });

    // Every flow of the registry (flow-ids.ts lists them), its first step as it opens.
    for (const id of flowIds) {
      test(`/flows/${id}, ${theme}`, async ({ page }) => {
        const flow = new FlowPage(page);
        await page.emulateMedia({ colorScheme: theme });
        await flow.open(id);
        await expect(flow.currentStepHeading()).toBeVisible();
        await expectNoViolations(page, `/flows/${id} (${theme})`);
      });
    }
  }

  test('every step of Authorization Code + PKCE, with results, frame, tokens and presets', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce');
    await flow.showMoreParameters();
    await flow.button('Derive the code challenge').click();
    await expectNoViolations(page, 'step 1 done');
    await flow.nextStep.click();
    await flow.openInFrame.click();
    await expect(flow.frame().email).toBeVisible();
    await expectNoViolations(page, 'step 2 with the login frame');
    await flow.frame().logInAndConsent();
    await expect(flow.result).toHaveText(/^State matches/);
    await expectNoViolations(page, 'step 2 done');
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received/);
    await page.getByRole('list', { name: 'HTTP exchanges' }).locator('summary').first().click();
    await expectNoViolations(page, 'step 3 done, timeline open');
    await flow.useTokens.getByRole('button', { name: 'GET /userinfo' }).click();
    await expect(flow.useTokens.getByRole('status')).toHaveText('200 OK');
    await flow.preset('Nonce missing').click();
    await expect(flow.presets.getByRole('alert')).toBeVisible();
    await expectNoViolations(page, 'presets');
  });

  test('the device flow with its second-device pane, polling, and the session panel filled', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.open('device');
    await flow.button('Request a device code').click();
    await flow.nextStep.click();
    await flow.button('Open the verification page').click();
    const device = flow.frame('Second device: verification page');
    await expect(device.continue).toBeVisible();
    await expectNoViolations(page, 'device verification pane');
    await device.continue.click();
    await device.logInAs();
    await device.accept.click();
    await expect(flow.session.getByText(/^Logged in as Alice Liddell/)).toBeVisible();
    await flow.nextStep.click();
    await flow.button('Poll once').click();
    await expect(flow.result).toHaveText(/^Tokens received/);
    await expectNoViolations(page, 'device flow done');
  });

  test('the other routes: callback, not found, inspector, tenant, providers', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.playground.open('/');
    for (const path of [
      '/callback',
      '/no-such-page',
      '/flows/no-such-flow',
      '/inspect',
      '/tenant',
      '/providers',
    ]) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      await expectNoViolations(page, path);
    }
  });
});
