import { expect, test } from '@playwright/test';

/**
 * The Node host (playwright.config.ts's second webServer) as Chromium reaches it: by `localhost`,
 * both loopback addresses, and not by a name that was re-pointed at 127.0.0.1 (DNS rebinding).
 * `--host-resolver-rules` makes Chromium resolve rebind.test to 127.0.0.1, as a rebinding
 * attacker's DNS would.
 */
const port = Number(process.env.E2E_NODE_PORT ?? 4100);

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP rebind.test 127.0.0.1',
    ],
  },
});

const issuerOf = async (page: import('@playwright/test').Page, url: string) => {
  const response = await page.goto(url);
  return { status: response?.status(), body: JSON.parse((await response?.text()) ?? 'null') };
};

test('localhost, 127.0.0.1 and [::1] reach the server', async ({ page }) => {
  for (const host of ['localhost', '127.0.0.1', '[::1]']) {
    const { status, body } = await issuerOf(page, `http://${host}:${port}/.well-known/openid-configuration`);
    expect(status).toBe(200);
    expect(body.issuer).toBe(`http://localhost:${port}/`);
  }
});

test('a rebound name gets 421 Misdirected Request, not the server', async ({ page }) => {
  const { status, body } = await issuerOf(
    page,
    `http://rebind.test:${port}/.well-known/openid-configuration`,
  );
  expect(status).toBe(421);
  expect(body.error).toBe('invalid_request');
  expect(body.error_description).toContain(`not for Host rebind.test:${port}`);
  expect(body.issuer).toBeUndefined();
});

test('/admin answers a typed address but not a navigation from another site', async ({ page }) => {
  const typed = await page.goto(`http://localhost:${port}/admin/session`);
  expect(typed?.status()).toBe(200);
  expect(typed?.headers()['cache-control']).toBe('no-store');
  expect(await typed?.json()).toEqual({ session: null });

  // A page of another site (127.0.0.1 is not the same site as localhost) sends the browser there.
  await page.goto(`http://127.0.0.1:${port}/.well-known/openid-configuration`);
  const [response] = await Promise.all([
    page.waitForResponse(`http://localhost:${port}/admin/session`),
    page.evaluate((url) => {
      location.href = url;
    }, `http://localhost:${port}/admin/session`),
  ]);
  expect(response.status()).toBe(403);
  expect(response.headers()['cache-control']).toBe('no-store');
  expect((await response.json()).error).toBe('access_denied');
});
