import { expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { FlowPage } from './pages/flow.ts';

const base = (process.env.BASE_PATH ?? '/').replace(/[/.]/g, '\\$&');
const PANE = 'Second device: authentication device';

/** The authentication device page in the second pane: log in, then Approve or Deny. */
function device(flow: FlowPage) {
  const frame = flow.frame(PANE);
  return {
    frame,
    bindingMessage: frame.root.locator('.binding-message'),
    approve: frame.root.getByRole('button', { name: 'Approve' }),
    deny: frame.root.getByRole('button', { name: 'Deny' }),
  };
}

/** Sends the backchannel request and returns the binding message the app shows. */
async function backchannelRequest(flow: FlowPage): Promise<string> {
  await flow.button('Send the request to /bc-authorize').click();
  await expect(flow.result).toHaveText('Request accepted: it lives 300 s; the app may poll every 5 s.');
  const shown = await flow.page
    .getByText(/^Sign-in \d{4}$/)
    .first()
    .textContent();
  return shown ?? '';
}

async function openDevice(flow: FlowPage, page: Page, binding: string) {
  await flow.nextStep.click();
  await expect(page.getByText(`Binding message: ${binding}`)).toBeVisible();
  await flow.button('Open the authentication device').click();
  await expect(flow.result).toHaveText(
    'The authentication device is open in the second-device pane. Poll in the next step.',
  );
}

test.describe('CIBA (ciba-app)', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`backchannel request, approval on the authentication device, polling until tokens; axe on every step (${theme})`, async ({
      page,
    }) => {
      // Five axe runs and a poll interval on a busy machine: more than the default minute.
      test.setTimeout(300_000);
      await page.emulateMedia({ colorScheme: theme });
      const flow = new FlowPage(page);
      await flow.open('ciba');
      await expect(flow.heading).toHaveText('CIBA (backchannel authentication)');
      await expect(flow.rawRequest).toHaveValue(new RegExp(`^POST ${base}server\\/bc-authorize HTTP\\/1.1`));
      await expectNoAxeViolations(page, `backchannel step (${theme})`);
      const binding = await backchannelRequest(flow);
      await expect(flow.rawRequest).toHaveValue(
        /login_hint=alice%40example\.com&binding_message=Sign-in\+\d{4}/,
      );
      await expectNoAxeViolations(page, `backchannel step done (${theme})`);

      await openDevice(flow, page, binding);
      const pane = device(flow);
      await expect(pane.frame.email).toBeVisible();
      await expectNoAxeViolations(page, `authentication device login (${theme})`);
      await pane.frame.logInAs();
      // The person sees the same message as the app: the request is theirs.
      await expect(pane.bindingMessage).toHaveText(binding);
      await expectNoAxeViolations(page, `authentication device request (${theme})`);
      await pane.approve.click();
      await expect(pane.frame.root.getByRole('heading', { name: 'Approved' })).toBeVisible();

      await flow.nextStep.click();
      await expect(flow.currentStepHeading()).toHaveText('Step 3 of 3: Poll the token endpoint');
      await expect(flow.rawRequest).toHaveValue(/grant_type=urn%3Aopenid%3Aparams%3Agrant-type%3Aciba/);
      await flow.button('Poll every 5 s').click();
      await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token, refresh_token\./, {
        timeout: 20_000,
      });
      await expect(
        flow.timelineEntry(new RegExp(`^200 POST ${base}server\\/bc-authorize app$`)),
      ).toBeVisible();
      await expect(
        flow.tokens.getByRole('status').filter({ hasText: 'Signature valid' }).first(),
      ).toBeVisible();
      await expectNoAxeViolations(page, `tokens (${theme})`);
    });
  }

  test('polling before the decision is authorization_pending, too fast is slow_down and raises the interval', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.open('ciba');
    await backchannelRequest(flow);
    await flow.step(/Poll the token endpoint/).click();
    await flow.button('Poll once').click();
    await expect(flow.result).toHaveText(
      /^400 authorization_pending: .*Still waiting for the person to decide\.$/,
    );
    await flow.button('Poll once').click();
    await expect(flow.result).toHaveText(/^400 slow_down: .*the interval is now 10 s\.$/);
    // The poller respects the raised interval.
    await expect(flow.button('Poll every 10 s')).toBeVisible();
  });

  test('error: the person denies on the authentication device, the next poll is access_denied', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.open('ciba');
    const binding = await backchannelRequest(flow);
    await openDevice(flow, page, binding);
    const pane = device(flow);
    await pane.frame.logInAs();
    await pane.deny.click();
    await expect(pane.frame.root.getByRole('heading', { name: 'Denied' })).toBeVisible();
    await flow.nextStep.click();
    await flow.button('Poll once').click();
    await expect(flow.result).toHaveText('400 access_denied: The user denied the authentication request.');
  });

  test('error: an unknown login_hint is unknown_user_id, in words', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('ciba', '?login_hint=nobody%40example.com');
    await flow.button('Send the request to /bc-authorize').click();
    await expect(flow.result).toHaveText('400 unknown_user_id: No user has that login_hint.');
  });

  test.describe('without service workers (the server runs in the page)', () => {
    test.use({ serviceWorkers: 'block' });
    test('the authentication device in the worker-less browser, then tokens', async ({ page }) => {
      const flow = new FlowPage(page);
      await flow.openInPageMode('ciba');
      const binding = await backchannelRequest(flow);
      await openDevice(flow, page, binding);
      const pane = device(flow);
      await pane.frame.logInAs();
      await expect(pane.bindingMessage).toHaveText(binding);
      await pane.approve.click();
      await flow.nextStep.click();
      await flow.button('Poll once').click();
      await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token, refresh_token\./);
    });
  });
});
