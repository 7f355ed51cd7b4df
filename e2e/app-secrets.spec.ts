import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';
import { SharePanel } from './pages/support-share.ts';

/** One definition of what is secret, in every view and every output. */
test.describe('Secrets stay masked', () => {
  test('a client_secret typed into the extra parameters enters no URL and no share link', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.open('client-credentials');
    await flow.showMoreParameters();
    await flow
      .param('Extra parameters (key=value, one a line)')
      .fill('foo=bar\nclient_secret=typed-in-the-extras\nclient_assertion=eyJhbGciOiJub25lIn0.e30.x');
    await expect(page).toHaveURL(/extra=foo%3Dbar$/);
    expect(page.url()).not.toContain('typed-in-the-extras');
    // The request editor masks it until revealed.
    await expect(flow.rawRequest).toHaveValue(/client_secret=type••••••/);
    await flow.revealRequest.check();
    await expect(flow.rawRequest).toHaveValue(/client_secret=typed-in-the-extras/);

    const share = new SharePanel(page);
    const link = await share.makeLink();
    expect(decodeURIComponent(link)).toContain('foo=bar');
    expect(decodeURIComponent(link)).not.toContain('typed-in-the-extras');
    expect(decodeURIComponent(link)).not.toContain('client_assertion');
    await expect(share.notCarried).toContainText('the extra parameter client_secret');

    await flow.button('Send the token request').click();
    await expect(page).toHaveURL(/extra=foo%3Dbar$/);
    expect(page.url()).not.toContain('typed-in-the-extras');
  });

  test("a form_post run's timeline masks the code and the tokens until revealed", async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('implicit', '?response_mode=form_post');
    await flow.authorizeInFrame();
    await expect(flow.result).toHaveText(/^State matches\. Received access_token, id_token by form_post\./);
    // The server's form_post page carries the tokens in hidden inputs (in the worker's trace).
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect(timeline).toContainText('name="id_token"');
    const masked = (await timeline.textContent()) ?? '';
    expect(masked).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./);
    expect(masked).toMatch(/name="access_token" value="(eyJh)?••••••"/);
    expect(masked).toMatch(/name="id_token" value="(eyJh)?••••••"/);
    await timeline.getByLabel('Reveal secrets').check();
    await expect(timeline).toContainText(/name="id_token" value="eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  });
});
