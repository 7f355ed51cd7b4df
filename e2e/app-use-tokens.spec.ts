import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';

test.describe('Use the tokens, the server clock, and the session and consent panel', () => {
  test('API, userinfo, introspect, refresh, revoke, clock', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('password');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received/);
    const panel = flow.useTokens;
    const verdict = panel.getByRole('status');

    await panel.getByRole('button', { name: 'GET /api/messages' }).click();
    await expect(verdict).toHaveText('200 OK');
    await panel.getByRole('button', { name: 'POST /api/messages' }).click();
    // read:messages only: writing needs write:messages (RFC 6750 §3.1).
    await expect(verdict).toHaveText(/^403 WWW-Authenticate: Bearer .*error="insufficient_scope"/);
    await panel.getByRole('button', { name: 'GET /userinfo' }).click();
    await expect(verdict).toHaveText('200 OK');
    await expect(panel.getByText('"email": "alice@example.com"')).toBeVisible();
    await panel.getByRole('button', { name: 'Introspect the access token' }).click();
    await expect(verdict).toHaveText('200 OK');
    await expect(panel.getByText('"active": true')).toBeVisible();
    await panel.getByRole('button', { name: 'Refresh the tokens' }).click();
    await expect(verdict).toHaveText(/^Tokens received: access_token, id_token/);
    // Past the access token's lifetime, the API refuses it; resetting the clock makes it valid again.
    await panel.getByLabel('Seconds').fill('90000');
    await panel.getByRole('button', { name: 'Move the server clock forward' }).click();
    await expect(verdict).toHaveText(/^Server clock now .* \(moved 90000 s ahead\)\.$/);
    await panel.getByRole('button', { name: 'GET /api/messages' }).click();
    await expect(verdict).toHaveText(/^401 WWW-Authenticate: Bearer .*error="invalid_token"/);
    await panel.getByRole('button', { name: 'Reset the clock' }).click();
    await expect(verdict).toHaveText(/\(moved 0 s ahead\)\.$/);
    await panel.getByRole('button', { name: 'GET /api/messages' }).click();
    await expect(verdict).toHaveText('200 OK');
    // Revoking the refresh token (RFC 7009) ends it, and the access tokens issued from it.
    await panel.getByRole('button', { name: 'Revoke the refresh token' }).click();
    await expect(verdict).toHaveText('200 OK');
    await panel.getByRole('button', { name: 'Refresh the tokens' }).click();
    await expect(verdict).toHaveText(/^400 invalid_grant/);

    await panel.getByRole('button', { name: 'GET /api/messages' }).click();
    await expect(verdict).toHaveText(
      /^401 WWW-Authenticate: Bearer .*error="invalid_token", error_description="The access token was revoked\."/,
    );
    // RFC 7662 §2.2: a 200 with active: false is an inactive token, not a plain success.
    await panel.getByRole('button', { name: 'Introspect the access token' }).click();
    await expect(verdict).toHaveText(/^Inactive: the server says this token is not active/);
    await expect(panel.getByText('"active": false')).toBeVisible();
    // Every call is in the run's timeline.
    await expect(flow.timelineEntry(/POST \S*\/oauth\/introspect app$/).first()).toBeVisible();
  });

  test('the session and the consents are shown and can be ended', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code');
    await expect(flow.session.getByText('No login session')).toBeVisible();
    await flow.authorizeInFrame();
    await expect(flow.result).toHaveText(/^State matches/);
    await expect(
      flow.session.getByText(/^Logged in as Alice Liddell \(alice@example\.com\) since/),
    ).toBeVisible();
    await expect(flow.session.getByText(/allowed web-app for https:\/\/api\.example\.com/)).toBeVisible();

    // With the session and the consent, the next /authorize asks nothing (SSO).
    await flow.start.click();
    await flow.openInFrame.click();
    await expect(flow.result).toHaveText(/^State matches/);

    await flow.session.getByRole('button', { name: 'End the session' }).click();
    await expect(flow.session.getByText('No login session')).toBeVisible();
    await flow.session.getByRole('button', { name: 'Revoke all consents' }).click();
    await expect(flow.session.getByText('No consent granted yet.')).toBeVisible();

    // Both are needed again.
    await flow.start.click();
    await flow.openInFrame.click();
    await flow.frame().logInAs();
    await expect(flow.frame().accept).toBeVisible();
  });

  test('log out through /v2/logout ends the session', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.authorizeInFrame();
    await expect(flow.session.getByText(/^Logged in as Alice Liddell/)).toBeVisible();
    await flow.useTokens.getByRole('button', { name: 'Log out (/v2/logout)' }).click();
    await expect(flow.session.getByText('No login session')).toBeVisible();
    await expect(
      flow.timelineEntry(/^302 GET \S*\/v2\/logout\?client_id=spa&returnTo=.* browser$/),
    ).toBeVisible();
  });
});

test.describe('The timeline', () => {
  test('raw and pretty views, secrets masked until revealed', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('password');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received/);
    const entry = flow.timeline.getByRole('listitem').first();
    await entry.locator('summary').click();
    await expect(entry.getByText(/password=wond••••••/)).toBeVisible();
    await entry.getByRole('button', { name: 'Pretty' }).click();
    await expect(entry.getByText('Form body')).toBeVisible();
    await expect(entry.getByRole('definition').filter({ hasText: 'wond••••••' })).toBeVisible();
    await page.getByLabel('Reveal secrets', { exact: true }).check();
    await expect(entry.getByRole('definition').filter({ hasText: /^wonderland$/ })).toBeVisible();
  });
});
