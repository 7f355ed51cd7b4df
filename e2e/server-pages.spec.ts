import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { LoginPage } from './pages/login.ts';

/** The server's own pages on the Node host (`npm run server`, cookie session), in Chromium. */
const origin = `http://localhost:${process.env.E2E_NODE_PORT ?? 4100}`;
const callback = `${origin}/callback`;

function authorizeUrl(params: Record<string, string>): string {
  return `${origin}/authorize?${new URLSearchParams(params)}`;
}

async function expectAccessibleAt375(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test.describe('server pages in Chromium', () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test('form_post: the nonce script submits the form under the CSP, with no violation', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    let posted = '';
    await page.route(`${callback}**`, async (route) => {
      posted = route.request().postData() ?? '';
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Callback</h1>' });
    });
    await page.goto(
      authorizeUrl({
        response_type: 'id_token',
        response_mode: 'form_post',
        client_id: 'spa',
        redirect_uri: callback,
        scope: 'openid',
        nonce: 'n-1',
        state: 's-1',
      }),
    );
    const pages = new LoginPage(page);
    await expect(pages.email).toBeFocused();
    await expectAccessibleAt375(page);
    await pages.logInAs();
    await expect(pages.accept).toBeVisible();
    await expectAccessibleAt375(page);
    await pages.accept.click();
    await expect(page.getByRole('heading', { name: 'Callback' })).toBeVisible();
    const fields = new URLSearchParams(posted);
    expect(fields.get('state')).toBe('s-1');
    expect(fields.get('id_token')?.split('.')).toHaveLength(3);
    expect(violations).toEqual([]);
  });

  test('wrong password shows the message and keeps the interaction', async ({ page }) => {
    await page.route(`${callback}**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Callback</h1>' }),
    );
    await page.goto(
      authorizeUrl({
        response_type: 'code',
        client_id: 'web-app',
        redirect_uri: callback,
        state: 'abc',
        scope: 'openid',
      }),
    );
    const pages = new LoginPage(page);
    await pages.logInAs('alice@example.com', 'not-the-password');
    await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
    await expect(pages.email).toHaveValue('alice@example.com');
    await expectAccessibleAt375(page);
    await page.reload();
    await pages.logInAs();
    await pages.decline.click();
    await page.waitForURL((url) => url.href.startsWith(`${callback}?`));
    const result = new URL(page.url()).searchParams;
    expect(result.get('error')).toBe('access_denied');
    expect(result.get('state')).toBe('abc');
  });

  test('device activation: prefilled code, login, confirm, approved', async ({ page, request }) => {
    const device = await (
      await request.post(`${origin}/oauth/device/code`, {
        form: { client_id: 'device-app', scope: 'openid' },
      })
    ).json();
    await page.goto(device.verification_uri_complete);
    const pages = new LoginPage(page);
    await expect(pages.code).toHaveValue(device.user_code);
    await expectAccessibleAt375(page);
    await pages.continue.click();
    await pages.logInAs();
    await expect(page.getByText(device.user_code)).toBeVisible();
    await pages.accept.click();
    await expect(page.getByRole('heading', { name: 'Device connected' })).toBeVisible();
  });

  test('an unknown client gets an accessible error page, not a redirect', async ({ page }) => {
    const response = await page.goto(
      authorizeUrl({ response_type: 'code', client_id: '<nobody>', redirect_uri: callback }),
    );
    expect(response?.status()).toBe(400);
    await expect(page.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('Unknown client: <nobody>');
    await expectAccessibleAt375(page);
  });
});
