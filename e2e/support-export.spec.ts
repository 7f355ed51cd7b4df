import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';
import { ExportPanel } from './pages/support-export.ts';

/** The Node host that playwright.config.ts starts (`npm run server` on E2E_NODE_PORT). */
const nodeServer = `http://localhost:${process.env.E2E_NODE_PORT ?? 4100}/`;

/** Runs an exported curl command in a shell, as a person pastes it into a terminal. */
function runInShell(command: string): { status: number; body: Record<string, unknown> } {
  const out = execFileSync('bash', ['-c', `${command} --silent --show-error --write-out '\n%{http_code}'`], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  const lines = out.trimEnd().split('\n');
  const status = Number(lines.pop());
  return { status, body: JSON.parse(lines.join('\n')) as Record<string, unknown> };
}

test.describe('Export', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('the HAR parses and lists every request of the run, secrets masked', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.authorizeInFrame();
    await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(page.getByText('Status: done')).toBeVisible();

    const exports = new ExportPanel(page);
    const har = await exports.har();
    expect(har.log.creator.name).toBe('OAuth Flow Playground');
    // Every exchange of the run, in the timeline's order.
    const timeline = await flow.timeline.locator('summary').allInnerTexts();
    expect(har.log.entries).toHaveLength(timeline.length);
    expect(timeline.length).toBeGreaterThanOrEqual(4);
    har.log.entries.forEach((entry, i) => {
      const url = new URL(entry.request.url);
      expect(timeline[i]).toContain(`${entry.response.status} ${entry.request.method} ${url.pathname}`);
      expect(new Date(entry.startedDateTime).toString()).not.toBe('Invalid Date');
    });
    const token = har.log.entries.find((e) => e.request.url.endsWith('/server/oauth/token'));
    expect(token?.request.postData?.params).toContainEqual({
      name: 'grant_type',
      value: 'authorization_code',
    });
    expect(token?.request.postData?.params).toContainEqual({ name: 'code_verifier', value: '<masked>' });
    expect(JSON.parse(token?.response.content.text ?? '{}')).toMatchObject({
      access_token: '<masked>',
      id_token: '<masked>',
      token_type: 'Bearer',
    });
    expect(JSON.stringify(har)).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);

    // With secrets included, the tokens are there.
    await exports.includeSecrets.check();
    const revealed = await exports.har();
    const revealedToken = revealed.log.entries.find((e) => e.request.url.endsWith('/server/oauth/token'));
    expect(JSON.parse(revealedToken?.response.content.text ?? '{}').access_token).toMatch(/^eyJ/);

    // The snippet for the flow uses oauth4webapi.
    await exports.showCode.click();
    await expect(exports.code).toHaveValue(/import \* as oauth from 'oauth4webapi';/);
    await expect(exports.code).toHaveValue(/oauth\.calculatePKCECodeChallenge\(codeVerifier\)/);
  });

  test('one exchange copies as curl and as raw HTTP', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('client-credentials');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token\./);
    const entry = flow.timelineEntry(/^200 POST \/server\/oauth\/token app$/);
    await entry.click();
    const exports = new ExportPanel(page);
    const buttons = exports.entryExports(entry);
    await buttons.copyCurl.click();
    const curl = await exports.clipboard();
    // A terminal cannot reach the in-browser server: the command goes to `npm run server`, and says so.
    expect(curl).toMatch(/^# Sent to npm run server \(http:\/\/localhost:4000\/\), the same demo tenant/);
    expect(curl).toMatch(/\ncurl \\\n {2}-X POST \\\n {2}http:\/\/localhost:4000\/oauth\/token \\\n/);
    expect(curl).toContain('--data-urlencode grant_type=client_credentials');
    expect(curl).toContain("--data-urlencode 'client_secret=<masked>'");
    expect(curl).not.toContain('m2m-secret');
    await buttons.copyHttp.click();
    const http = await exports.clipboard();
    expect(http).toMatch(/\nPOST \/oauth\/token HTTP\/1.1\nHost: localhost:4000\n/);
    expect(http).toContain('HTTP/1.1 200 OK');
    expect(http).toContain('"access_token":"<masked>"');
    await buttons.includeSecrets.check();
    await buttons.copyCurl.click();
    expect(await exports.clipboard()).toContain('--data-urlencode client_secret=m2m-secret');
  });

  for (const { flowId, what } of [
    { flowId: 'client-credentials', what: 'client credentials' },
    { flowId: 'password', what: 'password' },
  ]) {
    test(`the curl of a ${what} request runs against npm run server and returns tokens`, async ({ page }) => {
      const flow = new FlowPage(page);
      await flow.open(flowId);
      await flow.button('Send the token request').click();
      await expect(flow.result).toHaveText(/^Tokens received: access_token/);
      const exports = new ExportPanel(page);
      await exports.nodeServer.fill(nodeServer);
      const entry = flow.timelineEntry(/^200 POST \/server\/oauth\/token app$/);
      await entry.click();
      const buttons = exports.entryExports(entry);
      await buttons.includeSecrets.check();
      await buttons.copyCurl.click();
      const curl = await exports.clipboard();
      expect(curl).toContain(`${nodeServer}oauth/token`);
      const { status, body } = runInShell(curl);
      expect(status).toBe(200);
      expect(body.access_token).toEqual(expect.stringMatching(/^eyJ/));
      expect(body.token_type).toBe('Bearer');
    });
  }

  test('the fetch() snippet runs in the page, where the in-browser server answers', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('client-credentials');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token/);
    const entry = flow.timelineEntry(/^200 POST \/server\/oauth\/token app$/);
    await entry.click();
    const exports = new ExportPanel(page);
    const buttons = exports.entryExports(entry);
    await buttons.copyFetch.click();
    expect(await exports.clipboard()).toContain('client_secret=<masked>');
    await buttons.includeSecrets.check();
    await buttons.copyFetch.click();
    const snippet = await exports.clipboard();
    expect(snippet).toMatch(/^\/\/ Paste into the developer console/);
    const result = (await page.evaluate(snippet)) as Record<string, unknown>;
    expect(result.access_token).toEqual(expect.stringMatching(/^eyJ/));
    expect(result.scope).toBe('read:messages write:messages');
  });
});
