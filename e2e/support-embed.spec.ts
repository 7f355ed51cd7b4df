import type http from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { LoginPage } from './pages/login.ts';
import { EmbedHostPage, startHostServer } from './pages/support-embed.ts';
import { close } from './pages/support-servers.ts';

/**
 * The docs page is served by its own server (127.0.0.1, another port). As `localhost:<port>` it is
 * another origin of the same site as the app; as `127.0.0.1:<port>` it is another site, where
 * Chromium treats the frame as third-party and refuses it a service worker.
 */
// E2E_NODE_PORT + 100, as listed in the e2e build's VITE_EMBED_ORIGINS (playwright.config.ts).
const HOST_PORT = Number(process.env.E2E_NODE_PORT ?? 4100) + 100;
const HOST = `http://localhost:${HOST_PORT}`;

let host: http.Server;

test.beforeAll(async ({ baseURL }) => {
  const app = new URL(baseURL ?? 'http://localhost:4173').origin;
  const embed = (query: string) => `${app}/embed?${query}`;
  host = await startHostServer(HOST_PORT, {
    listed: embed(`flow=auth-code-pkce&scope=openid+profile&allowed_origins=${encodeURIComponent(HOST)}`),
    unlisted: embed('flow=client-credentials&allowed_origins=https%3A%2F%2Fdocs.example.com'),
  });
});

test.afterAll(async () => {
  await close(host);
});

test.describe('Embedded in a page of another origin', () => {
  test('a client_secret typed into the extra parameters is in no event', async ({ page }) => {
    const docs = new EmbedHostPage(page);
    await page.goto(`${HOST}/listed`);
    await docs.waitForEvent('ready', 30_000);
    await docs.frame.getByText(/^More parameters/).click();
    await docs.frame
      .getByLabel('Extra parameters (key=value, one a line)', { exact: true })
      .fill('foo=bar\nclient_secret=typed-in-the-extras');
    await docs.send({ type: 'hello' });
    await expect
      .poll(async () => (await docs.received()).filter((e) => e.data.type === 'ready').length)
      .toBe(2);
    const ready = await docs.waitForEvent('ready');
    expect(ready.data.params).toMatchObject({ extra: 'foo=bar' });
    await docs.send({ type: 'start-flow' });
    await docs.send({ type: 'run-step' });
    await expect(docs.events).toContainText('step-changed Generate the PKCE verifier and challenge (ok)');
    expect(JSON.stringify(await docs.received())).not.toContain('typed-in-the-extras');
    await expect(docs.frame.getByRole('link', { name: 'Open in a new tab' })).not.toHaveAttribute(
      'href',
      /typed-in-the-extras/,
    );
  });

  test('the host drives a flow by postMessage, worker included, and gets the tokens', async ({
    page,
    baseURL,
  }) => {
    const docs = new EmbedHostPage(page);
    await page.goto(`${HOST}/listed`);
    const ready = await docs.waitForEvent('ready', 30_000);
    expect(ready.origin).toBe(new URL(baseURL ?? '').origin);
    expect(ready.data).toMatchObject({
      source: 'oauth-playground',
      type: 'ready',
      flowId: 'auth-code-pkce',
      server: 'ready',
      tokensAllowed: true,
      params: { scope: 'openid profile' },
    });
    // No chrome: the app's navigation is not in the frame.
    await expect(docs.frame.getByRole('navigation', { name: 'Main' })).toHaveCount(0);

    await docs.send({ type: 'set-parameters', params: { scope: 'openid profile email' } });
    await expect(docs.frame.getByLabel('Scope as sent (space-separated; type any other value)')).toHaveValue(
      'openid profile email',
    );
    await docs.send({ type: 'start-flow' });
    await docs.send({ type: 'run-step' });
    await expect(docs.events).toContainText('step-changed Generate the PKCE verifier and challenge (ok)');
    await docs.send({ type: 'next-step' });
    await expect(docs.events).toContainText('step-changed Send the user to /authorize');
    // The server's pages refuse to be framed by another origin's page (frame-ancestors 'self'),
    // so the embed opens them in a window; the worker serves them there, and the embed
    // learns the result from the worker's trace.
    const [popup] = await Promise.all([page.waitForEvent('popup'), docs.send({ type: 'run-step' })]);
    await expect(docs.serverWindowNote).toContainText(
      "Log in and consent in the authorization server's window",
    );
    await new LoginPage(popup).logInAndConsent();
    await expect.poll(() => popup.isClosed()).toBe(true);
    await expect(docs.events).toContainText('step-changed Send the user to /authorize (ok)');
    await docs.send({ type: 'next-step' });
    await expect(docs.events).toContainText('step-changed Exchange the code for tokens');
    await docs.send({ type: 'run-step' });

    const finished = await docs.waitForEvent('flow-finished');
    expect(finished.data).toMatchObject({ flowId: 'auth-code-pkce', status: 'done' });
    expect(finished.data.tokenTypes).toEqual(['access_token', 'id_token']);
    const tokens = finished.data.tokens as Record<string, string>;
    expect(tokens.id_token.split('.')).toHaveLength(3);
    const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ sub: 'auth0|alice', email: 'alice@example.com' });
    await expect(docs.events).toContainText('flow-finished with tokens');
  });

  test('commands from an unlisted origin are ignored with a visible note, and no tokens are sent', async ({
    page,
  }) => {
    const docs = new EmbedHostPage(page);
    await page.goto(`${HOST}/unlisted`);
    const ready = await docs.waitForEvent('ready', 30_000);
    expect(ready.data).toMatchObject({ flowId: 'client-credentials', tokensAllowed: false, server: 'ready' });

    await docs.send({ type: 'start-flow' });
    await expect(docs.notes).toHaveText(
      `Ignored a "start-flow" message from ${HOST}: that origin is not listed in allowed_origins.`,
    );
    await expect(docs.frame.getByText('Status: idle')).toBeVisible();
    // The embedded playground itself has no accessibility violations (its frame, not the host page).
    expect((await new AxeBuilder({ page }).include('iframe').analyze()).violations).toEqual([]);

    // The user runs the flow in the frame: the host hears it finish, without token values.
    await docs.frame.getByRole('button', { name: 'Send the token request' }).click();
    const finished = await docs.waitForEvent('flow-finished');
    expect(finished.data).toMatchObject({ flowId: 'client-credentials', tokenTypes: ['access_token'] });
    expect(finished.data).not.toHaveProperty('tokens');
  });
});

test.describe('Embedded where the worker cannot run', () => {
  // The cross-site frame (no worker, or a partitioned one) is in embed-cross-site.spec.ts.
  test.describe('with service workers blocked', () => {
    test.use({ serviceWorkers: 'block' });

    test('the server runs in the frame and says so; the flow works without a worker', async ({ page }) => {
      const docs = new EmbedHostPage(page);
      await page.goto(`${HOST}/unlisted`);
      const ready = await docs.waitForEvent('ready', 30_000);
      expect(ready.data).toMatchObject({ server: 'ready', flowId: 'client-credentials' });
      await expect(docs.note('The server runs in this frame')).toBeVisible();
      await docs.frame.getByRole('button', { name: 'Send the token request' }).click();
      const finished = await docs.waitForEvent('flow-finished');
      expect(finished.data).toMatchObject({ flowId: 'client-credentials', tokenTypes: ['access_token'] });
    });
  });
});
