import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { expect, type Page, test } from '@playwright/test';

/**
 * A new build's worker replaces the old one without breaking the page: the user is told, and the
 * reload takes the new one. The spec serves a copy of the build it can change (sw.js) itself.
 */

const e2ePort = Number(process.env.E2E_PORT ?? 4173);
const builtDir = process.env.E2E_PORT ? `dist-e2e-${e2ePort}` : 'dist';
const port = e2ePort + 700;
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

let root = '';
let server: Server;

test.skip(process.env.E2E_DEV === '1', 'needs a build (dist) to serve and change');

test.beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'playground-update-'));
  cpSync(builtDir, root, { recursive: true });
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    let file = join(root, path);
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    res.writeHead(200, {
      'Content-Type': types[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(port, 'localhost', resolve));
});

test.afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

/** Which build controls the page: the new build answers `which-build`, the old one does not. */
function controllerBuild(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const controller = navigator.serviceWorker.controller;
        if (!controller) return resolve('none');
        navigator.serviceWorker.addEventListener('message', (event) => resolve(String(event.data)), {
          once: true,
        });
        controller.postMessage('which-build');
        setTimeout(() => resolve('build-1'), 1000);
      }),
  );
}

test('a new build: the page is told, keeps working, and Reload takes the new worker', async ({ page }) => {
  const origin = `http://localhost:${port}`;
  await page.goto(`${origin}/`);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect(page.getByText('Starting the in-browser server…')).toHaveCount(0);
  expect(await controllerBuild(page)).toBe('build-1');

  // Build 2: sw.js changes (it always does when any file changes: the precache list is in it).
  appendFileSync(
    join(root, 'sw.js'),
    "\nself.addEventListener('message', (e) => { if (e.data === 'which-build') e.source?.postMessage('build-2'); });\n",
  );
  await page.evaluate(async () => (await navigator.serviceWorker.ready).update());

  const banner = page.getByRole('status').filter({ hasText: 'A new version is available.' });
  await expect(banner).toBeVisible();
  // The old worker still serves this page until the user reloads.
  expect(await controllerBuild(page)).toBe('build-1');
  const discovery = await page.evaluate(
    async () => (await fetch('/server/.well-known/openid-configuration')).status,
  );
  expect(discovery).toBe(200);

  await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);
  await expect.poll(() => controllerBuild(page)).toBe('build-2');
  await expect(banner).toHaveCount(0);
  const jwks = await page.evaluate(async () => (await fetch('/server/.well-known/jwks.json')).status);
  expect(jwks).toBe(200);
});
