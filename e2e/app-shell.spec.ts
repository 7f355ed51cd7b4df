import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';

test.describe('App shell', () => {
  test('navigation, skip link and 404', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.playground.open('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a flow');
    await expect(page.getByText('Discouraged by RFC 9700')).toHaveCount(2);
    await page.keyboard.press('Tab');
    await expect(flow.playground.skipLink).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main')).toBeFocused();
    for (const name of ['Inspector', 'Tenant', 'Providers', 'Flows']) {
      await flow.playground.nav.getByRole('link', { name }).click();
      await expect(flow.playground.nav.getByRole('link', { name })).toHaveClass(/active/);
    }
    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await page.goto('/flows/no-such-flow');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Unknown flow');
  });

  test('the theme choice is applied and survives a reload', async ({ page }) => {
    const flow = new FlowPage(page);
    await page.emulateMedia({ colorScheme: 'light' });
    await flow.playground.open('/');
    await expect(page.locator('html')).not.toHaveAttribute('data-theme');
    await flow.playground.theme.selectOption('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe('rgb(15, 17, 21)');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(flow.playground.theme).toHaveValue('dark');
    await flow.playground.theme.selectOption('system');
    await expect(page.locator('html')).not.toHaveAttribute('data-theme');
  });

  test('375 px wide: no horizontal scrolling of the page, tokens included', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    const flow = new FlowPage(page);
    for (const path of ['/', '/flows/device']) {
      await flow.playground.open(path);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    }
    await flow.open('password');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received/);
    await flow.showPanel('Timeline');
    await page.getByRole('list', { name: 'HTTP exchanges' }).locator('summary').first().click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });

  test('no inline script runs: the CSP forbids it', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.playground.open('/');
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline'; connect");
    expect(csp?.match(/script-src[^;]*/)?.[0]).not.toContain('unsafe-inline');
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
  });

  test('untrusted text from the server is inert', async ({ page }) => {
    const flow = new FlowPage(page);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs += 1;
      void d.dismiss();
    });
    await flow.open('password', '?username=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/invalid_grant/);
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    expect(dialogs).toBe(0);
  });

  test('the server-starting state disables actions until the worker controls the page', async ({ page }) => {
    await page.goto('/flows/client-credentials');
    const send = page.getByRole('button', { name: 'Send the token request' });
    // On a first visit the worker is not in control yet: the banner shows and the action waits.
    const sawStarting = await page
      .getByText('Starting the in-browser server')
      .isVisible()
      .catch(() => false);
    if (sawStarting) await expect(send).toBeDisabled();
    await expect(send).toBeEnabled({ timeout: 20_000 });
  });
});

test.describe('Keyboard alone', () => {
  /** Presses Tab until the element is focused (at most `max` times), like a keyboard user would. */
  async function tabTo(
    page: import('@playwright/test').Page,
    target: import('@playwright/test').Locator,
    max = 80,
  ) {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await target.evaluate((el) => el === document.activeElement)) return;
    }
    throw new Error('Not reachable with Tab');
  }

  test('a flow runs from the picker to tokens, with a visible focus ring', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.playground.open('/');
    const link = flow.playground.flowLink('Client Credentials');
    await tabTo(page, link);
    const outline = await link.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect(flow.heading).toHaveText('Client Credentials');
    const send = flow.button('Send the token request');
    await tabTo(page, send);
    await page.keyboard.press('Enter');
    await expect(flow.result).toHaveText(/^Tokens received: access_token\./);
  });
});
