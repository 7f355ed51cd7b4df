import { expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { FlowPage } from './pages/flow.ts';

/**
 * The flow page on a phone (375 px): the panels fold under the steps, so a finished flow is a
 * short page with the current step and its result first; each panel opens on demand.
 */
const phone = { width: 375, height: 812 };
/** E2E_SCREENSHOTS=<folder> also saves each open panel there (never into the repo). */
const screenshots = process.env.E2E_SCREENSHOTS;
/** A finished Authorization Code + PKCE flow at 375 px with every panel stacked under the steps. */
const STACKED_HEIGHT = 8216;

async function finishAuthCodePkce(flow: FlowPage) {
  await flow.open('auth-code-pkce');
  await flow.button('Derive the code challenge').click();
  await flow.nextStep.click();
  await flow.authorizeInFrame();
  await expect(flow.result).toHaveText(/^State matches/);
  await flow.nextStep.click();
  await flow.button('Send the token request').click();
  await expect(flow.result).toHaveText(/^Tokens received/);
}

const pageSize = (page: Page) =>
  page.evaluate(() => ({
    height: document.documentElement.scrollHeight,
    width: document.documentElement.scrollWidth,
  }));

/** Visible buttons and summaries smaller than WCAG 2.2's 24 × 24 px target (SC 2.5.8). */
const smallTargets = (page: Page) =>
  page.getByRole('main').evaluate((main) =>
    [...main.querySelectorAll('button, summary, select')]
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.height < 24 || box.width < 24))
      .map(({ el, box }) => `${el.textContent?.trim().slice(0, 40)} (${box.width}×${box.height})`),
  );

test.describe('The flow page at 375 px', () => {
  test.use({ viewport: phone });

  test('a finished flow is a short page: the step and its result first, the panels folded', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await finishAuthCodePkce(flow);
    // The parameters folded when the run started; they open again on demand.
    await expect(flow.param('Client ID')).toBeHidden();
    await page.getByRole('heading', { name: 'Parameters' }).click();
    await expect(flow.param('Client ID')).toBeVisible();
    await page.getByRole('heading', { name: 'Parameters' }).click();
    await expect(flow.param('Client ID')).toBeHidden();

    const size = await pageSize(page);
    test.info().annotations.push({ type: 'page height', description: `${size.height} px` });
    expect(size.width).toBeLessThanOrEqual(phone.width);
    expect(size.height).toBeLessThan(STACKED_HEIGHT / 3);
    // From the top of the page, the current step's heading comes within the first screen and a half,
    // and the folded panels after the step.
    const top = (locator: typeof flow.heading) =>
      locator.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    const stepTop = await top(flow.currentStepHeading());
    test.info().annotations.push({ type: 'step heading at', description: `${stepTop} px` });
    expect(stepTop).toBeLessThan(phone.height * 1.5);
    expect(await top(flow.panelButtons)).toBeGreaterThan(await top(flow.result));
    await expect(flow.tokens).toBeHidden();
    await expect(flow.timeline).toBeHidden();
    expect(await smallTargets(page)).toEqual([]);
  });

  test('each panel opens and shows its content, one at a time, and closes again', async ({ page }) => {
    const flow = new FlowPage(page);
    await finishAuthCodePkce(flow);
    const contents = [
      { label: 'Tokens', shows: flow.tokens.getByRole('tab', { name: 'Access token' }) },
      {
        label: 'Use tokens',
        shows: flow.useTokens.getByRole('button', { name: 'GET /api/messages' }),
      },
      {
        label: 'Diagram',
        shows: page
          .getByRole('list', { name: 'Messages of Authorization Code + PKCE' })
          .getByText('App → User agent'),
      },
      { label: 'Timeline', shows: flow.timelineEntry(/^200 POST \S*\/oauth\/token app$/) },
      { label: 'Presets', shows: flow.preset('prompt=none without a session') },
      { label: 'Session', shows: flow.session.getByText(/^Logged in as Alice Liddell/) },
    ];
    for (const [i, { label, shows }] of contents.entries()) {
      const button = flow.panelButton(label);
      await expect(button).toHaveAttribute('aria-expanded', 'false');
      await button.click();
      await expect(button).toHaveAttribute('aria-expanded', 'true');
      await expect(shows.first()).toBeVisible();
      if (screenshots) {
        await page.screenshot({
          path: `${screenshots}/phone-panel-${label.replace(/\W+/g, '-')}.png`,
          fullPage: true,
        });
      }
      // Opening one closes the one open before.
      const previous = contents[i - 1];
      if (previous) await expect(flow.panelButton(previous.label)).toHaveAttribute('aria-expanded', 'false');
      expect((await pageSize(page)).width).toBeLessThanOrEqual(phone.width);
      expect(await smallTargets(page), `targets with ${label} open`).toEqual([]);
    }
    // A closed panel keeps its state: the timeline's open exchange is still open when it reopens.
    await flow.panelButton('Timeline').click();
    await flow.timelineEntry(/^200 POST \S*\/oauth\/token app$/).click();
    await flow.panelButton('Session').click();
    await expect(flow.timeline).toBeHidden();
    await flow.panelButton('Timeline').click();
    await expect(flow.timeline.locator('details[open]')).toHaveCount(1);
    expect((await pageSize(page)).width).toBeLessThanOrEqual(phone.width);
    await flow.panelButton('Timeline').click();
    await expect(flow.panelButton('Timeline')).toHaveAttribute('aria-expanded', 'false');
    await expect(flow.timeline).toBeHidden();
  });

  test('a preset of another flow opens that flow with its presets panel open on the answer', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce');
    await flow.panelButton('Presets').click();
    await flow.preset('Expired access token').click();
    await expect(flow.heading).toHaveText('Client Credentials');
    await expect(flow.panelButton('Presets')).toHaveAttribute('aria-expanded', 'true');
    await expect(flow.presets.getByRole('alert')).toHaveText(/^401 /);
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`axe finds no violations, panels folded and open (${theme})`, async ({ page }) => {
      test.setTimeout(180_000);
      await page.emulateMedia({ colorScheme: theme });
      const flow = new FlowPage(page);
      await finishAuthCodePkce(flow);
      await expectNoAxeViolations(page, `finished flow at 375 px, panels folded (${theme})`);
      await flow.panelButton('Tokens').click();
      await expectNoAxeViolations(page, `finished flow at 375 px, tokens open (${theme})`);
    });
  }
});
