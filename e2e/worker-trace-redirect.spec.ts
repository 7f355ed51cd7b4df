import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';
import { LoginPage } from './pages/login.ts';
import { WorkerControl } from './worker-support.ts';

/** `/` or the sub-path build's `/playground/`, escaped for regular expressions. */
const base = (process.env.BASE_PATH ?? '/').replace(/[/.]/g, '\\$&');

test.describe('Timeline after a full-page redirect (the worker keeps its trace)', () => {
  test('login and consent traced while the app was away show up in order, the worker stopped in between', async ({
    page,
    context,
  }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    const workers = await WorkerControl.attach(context, page);

    await flow.redirect.click();
    const login = new LoginPage(page);
    await login.logInAs();
    await expect(login.accept).toBeVisible();
    // Nothing of the app listens now; the worker is stopped, losing everything it held in memory.
    await workers.stopAll();
    await login.accept.click();

    await page.waitForURL(/\/flows\/auth-code-pkce(\?.*)?$/);
    await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token/);

    // Traced before the stop: /authorize, the login page and its form post.
    const authorize = flow.timelineEntry(new RegExp(`^\\d{3} GET ${base}server\\/authorize\\?.* browser$`));
    const loginPost = flow.timelineEntry(new RegExp(`^30[23] POST ${base}server\\/u\\/login.* browser$`));
    // Traced after the worker restarted: the consent's form post, redirecting to /callback.
    const consentPost = flow.timelineEntry(new RegExp(`^303 POST ${base}server\\/u\\/consent\\/.* browser$`));
    const tokenPost = flow.timelineEntry(new RegExp(`^200 POST ${base}server\\/oauth\\/token app$`));
    for (const entry of [authorize, loginPost, consentPost, tokenPost]) await expect(entry).toHaveCount(1);

    // In the order they happened, each once.
    const summaries = await flow.timeline.locator('summary').allTextContents();
    const at = (pattern: RegExp) => summaries.findIndex((s) => pattern.test(s));
    const order = [
      at(/GET \S*server\/authorize\?/),
      at(/POST \S*server\/u\/login/),
      at(/GET \S*server\/u\/consent/),
      at(/POST \S*server\/u\/consent/),
      at(/POST \S*server\/oauth\/token/),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(new Set(summaries).size).toBe(summaries.length);
  });
});
