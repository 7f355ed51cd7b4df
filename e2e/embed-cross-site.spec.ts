import type http from 'node:http';
import {
  type Browser,
  type BrowserContext,
  type BrowserType,
  expect,
  type LaunchOptions,
  type Page,
  test,
} from '@playwright/test';
import { createLocalJWKSet, decodeJwt, type JSONWebKeySet, jwtVerify } from 'jose';
import { LoginPage } from './pages/login.ts';
import { EmbedHostPage, startHostServer } from './pages/support-embed.ts';
import { close } from './pages/support-servers.ts';

/**
 * A docs page on another site (127.0.0.1) embeds the playground (localhost). Two Chromium set-ups:
 * Playwright's defaults (storage partitioning off: the cross-site frame is refused a service worker
 * and its storage, so the server runs in the frame's page), and Chromium's own default (storage
 * partitioned: the frame gets a worker of its own, in a partition no popup shares). In both, the
 * reader finishes the flow inside the frame.
 */
const NODE_PORT = Number(process.env.E2E_NODE_PORT ?? 4100);
/** Listed in the e2e build's VITE_EMBED_ORIGINS (playwright.config.ts). */
const DOCS = `http://127.0.0.1:${NODE_PORT + 102}`;
/** A redirect URI the demo tenant registers for web-app on another origin (src/server/tenant/demo.ts). */
const ELSEWHERE = 'http://localhost:3000/callback';
/** Not listed: it may drive the embed, but gets no token values. */
const OTHER = `http://127.0.0.1:${NODE_PORT + 103}`;

let docsServer: http.Server;
let otherServer: http.Server;

test.beforeAll(async ({ baseURL }) => {
  const app = new URL(baseURL ?? 'http://localhost:4173').origin;
  const embed = (query: string) => `${app}/embed?${query}`;
  const pkce = embed(`flow=auth-code-pkce&scope=openid+profile&allowed_origins=${encodeURIComponent(DOCS)}`);
  docsServer = await startHostServer(NODE_PORT + 102, {
    flow: pkce,
    early: { url: pkce, early: { type: 'set-parameters', params: { scope: 'openid profile email' } } },
    device: embed(`flow=device&allowed_origins=${encodeURIComponent(DOCS)}`),
    leave: embed(
      `flow=auth-code-pkce&redirect_uri=${encodeURIComponent(ELSEWHERE)}&allowed_origins=${encodeURIComponent(DOCS)}`,
    ),
  });
  otherServer = await startHostServer(NODE_PORT + 103, {
    flow: embed(`flow=client-credentials&allowed_origins=${encodeURIComponent(OTHER)}`),
  });
});

test.afterAll(async () => {
  await close(docsServer);
  await close(otherServer);
});

interface SetUp {
  name: string;
  /** Does the frame get a (partitioned) service worker of its own? */
  worker: boolean;
  context(browser: Browser, partitioned: () => Promise<Browser>): Promise<BrowserContext>;
}

let partitionedBrowser: Browser | undefined;

/**
 * Chromium as it ships: Playwright's own `--disable-features=…` list, read from the running
 * browser's command line (chrome://version), without ThirdPartyStoragePartitioning.
 */
async function launchPartitioned(
  browser: Browser,
  browserType: BrowserType,
  launchOptions: LaunchOptions,
): Promise<Browser> {
  const page = await browser.newPage();
  await page.goto('chrome://version');
  const commandLine = (await page.locator('#command_line').textContent()) ?? '';
  await page.close();
  const disabled = commandLine.split(/\s+/).find((arg) => arg.startsWith('--disable-features=')) ?? '';
  expect(disabled.split(/[=,]/)).toContain('ThirdPartyStoragePartitioning');
  const features = disabled
    .slice('--disable-features='.length)
    .split(',')
    .filter((feature) => feature !== 'ThirdPartyStoragePartitioning');
  return browserType.launch({
    ...launchOptions,
    ignoreDefaultArgs: [disabled],
    args: [...(launchOptions.args ?? []), `--disable-features=${features.join(',')}`],
  });
}

const setUps: SetUp[] = [
  {
    name: 'Playwright defaults (partitioning off, third-party storage refused)',
    worker: false,
    context: (browser) => browser.newContext(),
  },
  {
    name: 'Chromium defaults (storage partitioned)',
    worker: true,
    context: async (_browser, partitioned) => (await partitioned()).newContext(),
  },
];

for (const setUp of setUps) {
  test.describe(`Embedded on another site, ${setUp.name}`, () => {
    let context: BrowserContext;
    let page: Page;

    test.beforeEach(async ({ browser, playwright, launchOptions }) => {
      const partitioned = async () => {
        partitionedBrowser ??= await launchPartitioned(browser, playwright.chromium, launchOptions);
        return partitionedBrowser;
      };
      context = await setUp.context(browser, partitioned);
      page = await context.newPage();
    });

    test.afterEach(async () => {
      await context.close();
    });

    test('the reader logs in and accepts inside the frame; the listed docs page gets verifiable tokens', async () => {
      const docs = new EmbedHostPage(page);
      await page.goto(`${DOCS}/flow`);
      const ready = await docs.waitForEvent('ready', 30_000);
      expect(ready.data).toMatchObject({ type: 'ready', server: 'ready', tokensAllowed: true });
      const controlled = await page
        .frameLocator('iframe[title="OAuth playground"]')
        .locator('body')
        .evaluate(
          () => navigator.serviceWorker?.controller !== null && navigator.serviceWorker !== undefined,
        );
      expect(controlled).toBe(setUp.worker);
      await expect(docs.note('The server runs in this frame')).toHaveCount(setUp.worker ? 0 : 1);

      await docs.frame.getByRole('button', { name: 'Derive the code challenge' }).click();
      await docs.frame.getByRole('button', { name: /^Next step: / }).click();
      await docs.frame.getByRole('button', { name: 'Open in the in-page browser' }).click();
      await new LoginPage(docs.serverPages).logInAndConsent();
      await expect(
        docs.frame.getByText('State matches. Received an authorization code by query.'),
      ).toBeVisible();
      await expect(docs.frame.getByLabel('Frame address')).toContainText('/callback?code=');
      // No popup: the login happened in the frame.
      expect(context.pages()).toHaveLength(1);
      await docs.frame.getByRole('button', { name: /^Next step: / }).click();
      await docs.frame.getByRole('button', { name: 'Send the token request' }).click();

      const finished = await docs.waitForEvent('flow-finished');
      expect(finished.data).toMatchObject({ flowId: 'auth-code-pkce', status: 'done' });
      const tokens = finished.data.tokens as Record<string, string>;
      expect(Object.keys(tokens).sort()).toEqual(['access_token', 'id_token']);
      expect(decodeJwt(tokens.id_token)).toMatchObject({ sub: 'auth0|alice' });
      // The frame's own server signed it: the frame's inspector verifies it against that JWKS.
      await docs.showPanel('Tokens');
      await expect(
        docs.frame
          .getByRole('region', { name: 'Tokens', exact: true })
          .getByRole('status')
          .filter({
            hasText: 'Signature valid',
          })
          .first(),
      ).toHaveText('Signature valid (RS256, key from this server’s JWKS).');
      if (setUp.worker) {
        // With a worker the JWKS is at its URL for the frame: verify here with jose too.
        const jwks = (await page
          .frameLocator('iframe[title="OAuth playground"]')
          .locator('body')
          .evaluate(async () => (await fetch('/server/.well-known/jwks.json')).json())) as JSONWebKeySet;
        const { payload } = await jwtVerify(tokens.id_token, createLocalJWKSet(jwks));
        expect(payload.iss).toMatch(/^http:\/\/localhost:\d+\/server\/$/);
      }
    });

    test('a reload of the docs page in the middle of the login leaves a usable frame', async () => {
      const docs = new EmbedHostPage(page);
      await page.goto(`${DOCS}/flow`);
      await docs.waitForEvent('ready', 30_000);
      await docs.frame.getByRole('button', { name: 'Derive the code challenge' }).click();
      await docs.frame.getByRole('button', { name: /^Next step: / }).click();
      await docs.frame.getByRole('button', { name: 'Open in the in-page browser' }).click();
      await expect(new LoginPage(docs.serverPages).logIn).toBeVisible();

      await page.reload();
      await docs.waitForEvent('ready', 30_000);
      await docs.send({ type: 'start-flow' });
      await docs.send({ type: 'run-step' });
      await docs.send({ type: 'next-step' });
      await docs.send({ type: 'run-step' });
      await new LoginPage(docs.serverPages).logInAndConsent();
      await expect(docs.events).toContainText('step-changed Send the user to /authorize (ok)');
      await docs.send({ type: 'next-step' });
      await docs.send({ type: 'run-step' });
      const finished = await docs.waitForEvent('flow-finished');
      expect(finished.data.tokenTypes).toEqual(['access_token', 'id_token']);
    });

    test('the device flow: the verification page on the second device inside the frame, then polling', async () => {
      const docs = new EmbedHostPage(page);
      await page.goto(`${DOCS}/device`);
      await docs.waitForEvent('ready', 30_000);
      await docs.frame.getByRole('button', { name: 'Request a device code' }).click();
      await docs.frame.getByRole('button', { name: /^Next step: / }).click();
      await docs.frame.getByRole('button', { name: 'Open the verification page' }).click();
      const device = new LoginPage(
        docs.frame.frameLocator('iframe[title="Second device: verification page"]'),
      );
      await device.continue.click();
      await device.logInAs();
      await device.accept.click();
      // No popup: the second device is a pane of the frame.
      expect(context.pages()).toHaveLength(1);
      await docs.frame.getByRole('button', { name: /^Next step: / }).click();
      await docs.frame.getByRole('button', { name: 'Poll once' }).click();

      const finished = await docs.waitForEvent('flow-finished');
      expect(finished.data).toMatchObject({ flowId: 'device', status: 'done' });
      const tokens = finished.data.tokens as Record<string, string>;
      expect(Object.keys(tokens)).toContain('access_token');
      expect(decodeJwt(tokens.id_token)).toMatchObject({ sub: 'auth0|alice' });
    });

    test('bad input: a redirect to another origin is shown as leaving the playground and never requested', async () => {
      const requested: string[] = [];
      context.on('request', (request) => requested.push(request.url()));
      const docs = new EmbedHostPage(page);
      await page.goto(`${DOCS}/leave`);
      await docs.waitForEvent('ready', 30_000);
      await docs.frame.getByRole('button', { name: 'Derive the code challenge' }).click();
      await docs.frame.getByRole('button', { name: /^Next step: / }).click();
      await docs.frame.getByRole('button', { name: 'Open in the in-page browser' }).click();
      await new LoginPage(docs.serverPages).logInAndConsent();

      const leaving = docs.frame.getByRole('alert').filter({ hasText: 'This leads out of the playground' });
      await expect(leaving).toContainText(`to ${ELSEWHERE}?code=`);
      await expect(leaving).toContainText('so it did not open this address');
      await expect(leaving.getByRole('link', { name: 'Open it in a new tab' })).toHaveAttribute(
        'href',
        new RegExp(`^${ELSEWHERE.replace(/[/.]/g, '\\$&')}\\?code=`),
      );
      await expect(docs.frame.getByLabel('Frame address')).toContainText(ELSEWHERE);
      expect(requested.filter((url) => url.startsWith('http://localhost:3000'))).toEqual([]);
      // Nothing lost: the consent page is back, and the frame still answers commands.
      await leaving.getByRole('button', { name: 'Back to the previous page' }).click();
      await expect(new LoginPage(docs.serverPages).accept).toBeVisible();
      await docs.send({ type: 'start-flow', flow: 'client-credentials' });
      await docs.send({ type: 'run-step' });
      const finished = await docs.waitForEvent('flow-finished');
      expect(finished.data).toMatchObject({ flowId: 'client-credentials', status: 'done' });
      expect(requested.filter((url) => url.startsWith('http://localhost:3000'))).toEqual([]);
    });

    test('a page not in the deployed list drives the embed but gets no token values', async () => {
      const docs = new EmbedHostPage(page);
      await page.goto(`${OTHER}/flow`);
      const ready = await docs.waitForEvent('ready', 30_000);
      expect(ready.data).toMatchObject({ server: 'ready', tokensAllowed: false });
      await expect(
        docs.note(
          `Token values are not sent to ${OTHER}: this deployment of the playground does not list it`,
        ),
      ).toBeVisible();
      await docs.send({ type: 'run-step' });
      const finished = await docs.waitForEvent('flow-finished');
      expect(finished.data).toMatchObject({ flowId: 'client-credentials', tokenTypes: ['access_token'] });
      expect(finished.data).not.toHaveProperty('tokens');
    });

    test('bad input: malformed commands are named in the frame; an early command waits for ready', async () => {
      const docs = new EmbedHostPage(page);
      await page.goto(`${DOCS}/early`);
      await docs.waitForEvent('ready', 30_000);
      await expect(
        docs.note(
          'Received "set-parameters" before the playground was ready: it runs once the server has started.',
        ),
      ).toBeVisible();
      await expect(
        docs.frame.getByLabel('Scope as sent (space-separated; type any other value)'),
      ).toHaveValue('openid profile email');
      await docs.send({ type: 'start-flow', flow: 'no-such-flow' });
      await expect(docs.notes.filter({ hasText: 'unknown flow no-such-flow' })).toHaveText(
        `Ignored a message from ${DOCS}: unknown flow no-such-flow.`,
      );
      await page.evaluate(() => (window as unknown as { send(m: unknown): void }).send('start'));
      await expect(docs.notes.filter({ hasText: 'a command is an object' })).toHaveText(
        `Ignored a message from ${DOCS}: a command is an object with a string "type".`,
      );
      // Nothing lost: the flow still runs.
      await expect(docs.frame.getByText('Status: idle')).toBeVisible();
    });
  });
}

test.afterAll(async () => {
  await partitionedBrowser?.close();
  partitionedBrowser = undefined;
});
