import { type ConsoleMessage, expect, type Page, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';
import { TenantEditorPage } from './pages/support-tenant.ts';

/**
 * The flow page as a learner uses it: the in-page browser's geometry, copy buttons, text
 * selection of a token, the session panel, the presets' texts, and a console without warnings.
 * E2E_SCREENSHOTS=<folder> also saves screenshots of a finished flow there (never into the repo).
 */
const screenshots = process.env.E2E_SCREENSHOTS;

/** The page inside the in-page browser scrolls not at all: its content fits the frame. */
async function frameScroll(page: Page, title = 'Authorization server') {
  const frame = await page.locator(`iframe[title="${title}"]`).contentFrame();
  return frame.locator(':root').evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return { scrollHeight: root.scrollHeight, clientHeight: root.clientHeight };
  });
}

async function expectInsideViewport(
  page: Page,
  box: { x: number; y: number; width: number; height: number },
) {
  const viewport = page.viewportSize();
  if (!viewport) throw new Error('no viewport');
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
}

async function toAuthorizeStep(flow: FlowPage) {
  await flow.open('auth-code-pkce');
  await flow.button('Derive the code challenge').click();
  await flow.nextStep.click();
}

for (const viewport of [
  { width: 1280, height: 900 },
  { width: 375, height: 812 },
]) {
  test.describe(`The in-page browser at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('comes into view, shows login and consent without scrolling inside, folds after the callback', async ({
      page,
    }) => {
      const flow = new FlowPage(page);
      await toAuthorizeStep(flow);
      await flow.openInFrame.click();
      const login = flow.frame();
      await expect(login.logIn).toBeInViewport({ ratio: 1 });
      await expect
        .poll(async () => (await frameScroll(page)).scrollHeight)
        .toBeLessThanOrEqual((await frameScroll(page)).clientHeight);
      await login.logInAs();

      await expect(login.accept).toBeVisible();
      await expect(login.accept).toBeInViewport({ ratio: 1 });
      await expect
        .poll(async () => {
          const { scrollHeight, clientHeight } = await frameScroll(page);
          return scrollHeight <= clientHeight;
        })
        .toBe(true);
      const accept = await login.accept.boundingBox();
      const frameBox = await page.locator('iframe[title="Authorization server"]').boundingBox();
      if (!accept || !frameBox) throw new Error('Accept or the frame has no box');
      await expectInsideViewport(page, accept);
      // The button lies inside the frame's box: nothing of the page is cut off.
      expect(accept.y + accept.height).toBeLessThanOrEqual(frameBox.y + frameBox.height);
      expect(accept.x + accept.width).toBeLessThanOrEqual(frameBox.x + frameBox.width);
      if (screenshots) {
        await page.screenshot({ path: `${screenshots}/consent-${viewport.width}.png` });
      }

      await login.accept.click();
      await expect(flow.result).toHaveText(/^State matches/);
      // Its job done, the frame folds to its last address; the page can be shown again.
      const frameRegion = page.getByRole('region', { name: 'Authorization server' });
      await expect(frameRegion.locator('iframe')).toBeHidden();
      await expect(flow.frameAddress).toContainText('/callback?code=');
      await expect(frameRegion.getByText('The app received the callback')).toBeVisible();
      await frameRegion.getByRole('button', { name: 'Show the page' }).click();
      await expect(frameRegion.locator('iframe')).toBeVisible();
      await expect(frameRegion.getByRole('button', { name: 'Hide the page' })).toHaveAttribute(
        'aria-expanded',
        'true',
      );
    });
  });
}

test.describe('Tokens and requests are copied exactly', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('the copy buttons put exactly the token and the raw request on the clipboard; selecting a token selects only it', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.open('password');
    const raw = await flow.rawRequest.inputValue();
    await flow.button('Copy the raw HTTP request').click();
    await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(raw);

    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received/);
    // The token as the server sent it, from the step's response with secrets revealed.
    await page.getByLabel('Reveal secrets in this step').check();
    const response = await page
      .locator('section', { has: flow.currentStepHeading() })
      .getByText(/"access_token":\s*"/)
      .textContent();
    const issued = /"access_token":\s*"([^"]+)"/.exec(response ?? '')?.[1];
    expect(issued).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const accessTab = flow.tokens.getByRole('tab', { name: 'Access token' });
    await expect(accessTab).toHaveAttribute('aria-selected', 'true');
    await flow.tokens.getByRole('button', { name: 'Copy the access token' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(issued);

    // Drag-selecting the encoded token from its first character to its last yields only the token.
    const encoded = flow.tokens.getByText(issued ?? '', { exact: true });
    await expect(encoded).toBeVisible();
    await encoded.scrollIntoViewIfNeeded();
    // From the left edge of its first character to the right edge of its last one.
    const [first, last] = await encoded.evaluate((element) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      const texts: Text[] = [];
      while (walker.nextNode()) texts.push(walker.currentNode as Text);
      const rectOf = (node: Text, offset: number) => {
        const range = document.createRange();
        range.setStart(node, offset);
        range.setEnd(node, offset + 1);
        return range.getBoundingClientRect();
      };
      const head = texts[0];
      const tail = texts[texts.length - 1];
      if (!head || !tail) throw new Error('no text');
      const a = rectOf(head, 0);
      const b = rectOf(tail, tail.length - 1);
      return [
        { x: a.left + 1, y: a.top + a.height / 2 },
        { x: b.right - 1, y: b.top + b.height / 2 },
      ];
    });
    if (!first || !last) throw new Error('the encoded token has no characters');
    await page.mouse.move(first.x, first.y);
    await page.mouse.down();
    await page.mouse.move((first.x + last.x) / 2, (first.y + last.y) / 2, { steps: 5 });
    await page.mouse.move(last.x + 1, last.y, { steps: 5 });
    await page.mouse.up();
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(issued);
    await page.keyboard.press('Control+C');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(issued);

    // The selected tab looks selected, the others do not.
    const idTab = flow.tokens.getByRole('tab', { name: 'ID token' });
    await idTab.click();
    await expect(idTab).toHaveAttribute('aria-selected', 'true');
    await expect(accessTab).toHaveAttribute('aria-selected', 'false');
    const look = (tab: typeof idTab) =>
      tab.evaluate((el) => {
        const style = getComputedStyle(el);
        return `${style.backgroundColor} ${style.boxShadow} ${style.fontWeight}`;
      });
    expect(await look(idTab)).not.toBe(await look(accessTab));
    await flow.tokens.getByRole('button', { name: 'Copy the ID token' }).click();
    const idToken = await page.evaluate(() => navigator.clipboard.readText());
    expect(idToken).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(idToken).not.toBe(issued);
  });
});

test.describe('The session panel', () => {
  test('follows the in-page browser logging in and out; Log out says what happened', async ({ page }) => {
    const flow = new FlowPage(page);
    await toAuthorizeStep(flow);
    await expect(flow.session.getByText('No login session')).toBeVisible();
    await flow.openInFrame.click();
    await flow.frame().logInAs();
    // Logged in, before the consent: the panel knows at once (it is told, not polling).
    await expect(flow.frame().accept).toBeVisible();
    await expect(flow.session.getByText(/^Logged in as Alice Liddell/)).toBeVisible({ timeout: 2_000 });
    await flow.frame().accept.click();
    await expect(flow.result).toHaveText(/^State matches/);

    await flow.useTokens.getByRole('button', { name: 'Log out (/v2/logout)' }).click();
    await expect(flow.useTokens.getByRole('status')).toHaveText(
      /^302: the server ended its login session and sent the browser to http:\/\/localhost:\d+\//,
    );
    await expect(flow.session.getByText('No login session')).toBeVisible({ timeout: 2_000 });
  });
});

test.describe('Preset texts', () => {
  test('the server’s answer is introduced once', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce');
    await flow.preset('prompt=none without a session').click();
    await expect(flow.presets.getByRole('alert')).toHaveText(/^The server answered login_required/);
    await expect(flow.presets.getByText(/The server answered/)).toHaveCount(1);
    // An answer that does not say who answered gets the label.
    await flow.preset('Expired access token').click();
    await expect(flow.presets.getByRole('alert')).toHaveText(/^401 /);
    await expect(flow.presets.getByText('The server answered:')).toBeVisible();
  });

  test('a status 0 (no HTTP answer) is explained as such', async ({ page }) => {
    // The preset's "wrong" redirect URI is registered: the server redirects instead of refusing.
    const tenant = new TenantEditorPage(page);
    const flow = new FlowPage(page);
    await flow.playground.open('/');
    await tenant.open();
    const uris = tenant.field(tenant.client('spa'), 'Redirect URIs');
    await uris.fill(`${await uris.inputValue()}\nhttps://evil.example.com/callback`);
    await expect(tenant.saveStatus).toHaveText('All changes saved');

    await flow.open('auth-code-pkce');
    await flow.preset('Redirect URI mismatch').click();
    await expect(flow.presets.getByRole('alert')).toHaveText(
      /^No HTTP answer to read \(status 0\): the server redirected, and a redirect is opaque to fetch\. The error did not happen/,
    );
    await expect(flow.presets.getByText('The server answered:')).toHaveCount(0);
  });
});

test.describe('Flows that need a token from another flow', () => {
  test('Refresh Token without a refresh token says so and links to a flow that gives one', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.open('refresh-token');
    await expect(
      page.getByText(/^No refresh token in this tab yet, so a refresh request can only fail\./),
    ).toBeVisible();
    await expect(flow.button('Send the refresh request')).toBeDisabled();
    await page.getByRole('link', { name: 'Run Authorization Code + PKCE' }).click();
    await expect(flow.heading).toHaveText('Authorization Code + PKCE');
  });

  test('Token Exchange without a token says so; a pasted token or one obtained earlier lifts it', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.open('token-exchange');
    await expect(page.getByText(/^No token to exchange in this tab yet/)).toBeVisible();
    await expect(flow.button('Send the exchange request')).toBeDisabled();
    await expect(page.getByRole('link', { name: 'Run Resource Owner Password' })).toBeVisible();
    // Sending anyway shows the server's answer, for those who want to see it.
    await flow.button('Send it anyway').click();
    await expect(flow.result).toHaveText(/^400 /);

    await flow.open('password');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received/);
    await flow.open('token-exchange');
    await expect(page.getByText(/^No token to exchange/)).toHaveCount(0);
    await expect(flow.button('Send the exchange request')).toBeEnabled();
  });
});

test.describe('The sequence diagram', () => {
  test('no arrow runs through its label; on a phone the messages become a readable list', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await toAuthorizeStep(flow);
    await expect(flow.diagram).toBeVisible();
    // Every label sits wholly above its arrow (or beside a self-arrow), at a readable size.
    const overlaps = await flow.diagram.evaluate((svg) => {
      const problems: string[] = [];
      for (const group of svg.querySelectorAll('g')) {
        const text = group.querySelector('text');
        const arrow = group.querySelector('line, path');
        if (!text || !arrow || group.querySelector('line[stroke-dasharray]')) continue;
        const t = text.getBoundingClientRect();
        const a = arrow.getBoundingClientRect();
        const apart = t.bottom <= a.top || t.left >= a.right;
        if (!apart) problems.push(`"${text.textContent}" overlaps its arrow`);
        if (t.height < 10) problems.push(`"${text.textContent}" is ${t.height.toFixed(1)} px high`);
      }
      return problems;
    });
    expect(overlaps).toEqual([]);

    await page.setViewportSize({ width: 375, height: 812 });
    // A phone folds the panels under the steps: the diagram is one of them.
    await flow.panelButton('Diagram').click();
    await expect(flow.diagram).toBeHidden();
    const list = page.getByRole('list', { name: 'Messages of Authorization Code + PKCE' });
    await expect(list).toBeVisible();
    await expect(
      list.getByRole('listitem').filter({ hasText: 'App → User agent redirect to /authorize' }),
    ).toBeVisible();
    await expect(list.getByText('(current step)')).toHaveCount(4);
  });
});

test.describe('The console', () => {
  test('every route loads without a warning or an error', async ({ page }) => {
    const problems: string[] = [];
    const listen = (message: ConsoleMessage) => {
      if (message.type() === 'warning' || message.type() === 'error') {
        problems.push(`${message.type()} on ${page.url()}: ${message.text()}`);
      }
    };
    page.on('console', listen);
    page.on('pageerror', (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
    const flow = new FlowPage(page);
    await flow.playground.open('/');
    const flowPaths = await page
      .getByRole('main')
      .getByRole('link')
      .evaluateAll((links) =>
        links
          .map((a) => new URL((a as HTMLAnchorElement).href).pathname)
          .filter((p) => p.includes('/flows/')),
      );
    expect(flowPaths.length).toBeGreaterThanOrEqual(8);
    for (const path of [...new Set(flowPaths), '/inspect', '/tenant', '/providers', '/callback', '/']) {
      // A fresh load each time: the first paint of each route, as a shared link opens it.
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      await page.waitForLoadState('networkidle');
    }
    expect(problems).toEqual([]);
  });
});

if (screenshots) {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 375, height: 812 },
    ]) {
      test(`screenshot of a finished Authorization Code + PKCE flow, ${viewport.width} px ${colorScheme}`, async ({
        page,
      }) => {
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme });
        const flow = new FlowPage(page);
        await toAuthorizeStep(flow);
        await flow.authorizeInFrame();
        await flow.nextStep.click();
        await flow.button('Send the token request').click();
        await expect(flow.result).toHaveText(/^Tokens received/);
        const name = `${screenshots}/done-${viewport.width}-${colorScheme}`;
        await page.screenshot({ path: `${name}.png` });
        await flow.showPanel('Tokens');
        await flow.tokens.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${name}-tokens.png` });
        await page.screenshot({ path: `${name}-full.png`, fullPage: true });
      });
    }
  }
}
