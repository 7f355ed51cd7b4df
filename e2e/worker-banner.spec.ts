import { expect, test } from '@playwright/test';
import { basePathOf } from './worker-support.ts';

/** Bad conditions give a clear message in the app, never a blank page (issue 4). */

test.describe('service workers blocked', () => {
  test.use({ serviceWorkers: 'block' });

  test('the app says the server runs in the page instead, and why', async ({ page, baseURL }) => {
    await page.goto(basePathOf(baseURL));
    const note = page.getByRole('status', { name: 'Server mode' });
    await expect(note).toContainText('The server runs in this page: no service worker can serve it here.');
    await note.getByText('Why no service worker').click();
    await expect(note).toContainText('Service workers are blocked');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect(page).toHaveTitle('OAuth Flow Playground');
  });
});

test('storage over quota: the worker answers 503 and the app shows the reason', async ({
  page,
  context,
  baseURL,
}) => {
  const base = basePathOf(baseURL);
  const origin = new URL(baseURL ?? '').origin;
  const cdp = await context.newCDPSession(page);
  // One byte of quota: reads work, the first write (the signing key, saved on first start) fails.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
  await page.goto(base);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The in-browser server is unavailable.');
  await expect(alert).toContainText('the browser storage quota for this site is exhausted');

  const res = await page.evaluate(async (url) => {
    const r = await fetch(url);
    return { status: r.status, type: r.headers.get('content-type'), body: await r.json() };
  }, `${base}server/.well-known/jwks.json`);
  expect(res.status).toBe(503);
  expect(res.type).toBe('application/json');
  expect(res.body.error).toBe('temporarily_unavailable');

  // Quota back: the next request works and the banner goes away.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  const again = await page.evaluate(
    async (url) => (await fetch(url)).status,
    `${base}server/.well-known/jwks.json`,
  );
  expect(again).toBe(200);
  await expect(alert).toHaveCount(0);
});

test('a hard reload (which bypasses the worker) is claimed again: the server stays usable', async ({
  page,
  context,
  baseURL,
}) => {
  const base = basePathOf(baseURL);
  await page.goto(base);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.addInitScript(() => {
    (window as { controlledAtStart?: boolean }).controlledAtStart =
      navigator.serviceWorker.controller !== null;
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.reload', { ignoreCache: true });
  // The page started without the worker (as after Shift+Reload)...
  await page.waitForFunction(() => 'controlledAtStart' in window);
  expect(await page.evaluate(() => (window as { controlledAtStart?: boolean }).controlledAtStart)).toBe(
    false,
  );
  // ...and the app asked the active worker to claim it.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await expect(page.getByText('Starting the in-browser server…')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  const status = await page.evaluate(
    async (url) => (await fetch(url)).status,
    `${base}server/.well-known/openid-configuration`,
  );
  expect(status).toBe(200);
});
