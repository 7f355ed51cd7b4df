import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';

/** Issue 5 item 7: one click each, the server's exact error, and what causes it. */
test.describe('Error presets', () => {
  let flow: FlowPage;
  test.beforeEach(async ({ page }) => {
    flow = new FlowPage(page);
    await flow.open('auth-code-pkce');
  });

  const serverAnswer = () => flow.presets.getByRole('alert');
  const cause = () => flow.presets.getByText('What causes it:');

  test('redirect URI mismatch: an error page, never a redirect', async ({ page }) => {
    await flow.preset('Redirect URI mismatch').click();
    await expect(serverAnswer()).toHaveText(
      /^400 .*invalid_request: Callback URL mismatch\. https:\/\/evil\.example\.com\/callback is not in the list/,
    );
    await expect(cause()).toBeVisible();
    await expect(page).toHaveURL(/redirect_uri=https%3A%2F%2Fevil\.example\.com%2Fcallback/);
  });

  test('nonce missing', async () => {
    await flow.preset('Nonce missing').click();
    await expect(serverAnswer()).toHaveText(/^The server answered invalid_request: .*nonce/);
    await expect(flow.heading).toHaveText('Implicit');
  });

  test('prompt=none without a session', async () => {
    await flow.preset('prompt=none without a session').click();
    await expect(serverAnswer()).toHaveText(/^The server answered login_required/);
  });

  test('expired access token', async () => {
    await flow.preset('Expired access token').click();
    await expect(serverAnswer()).toHaveText(/^401 .*WWW-Authenticate: Bearer .*error="invalid_token"/);
    await expect(flow.heading).toHaveText('Client Credentials');
  });

  test('insufficient scope at the API', async () => {
    await flow.preset('Insufficient scope at the API').click();
    await expect(serverAnswer()).toHaveText(/^403 .*error="insufficient_scope"/);
  });

  test('device code expired', async () => {
    await flow.preset('Device code expired').click();
    await expect(serverAnswer()).toHaveText(/^400 expired_token/);
  });

  test('authorization code reused', async () => {
    await flow.preset('Authorization code reused').click();
    await flow.frame().logInAndConsent();
    await expect(serverAnswer()).toHaveText(/^400 invalid_grant/);
  });

  test('wrong code_verifier', async () => {
    await flow.preset('Wrong code_verifier').click();
    await flow.frame().logInAndConsent();
    await expect(serverAnswer()).toHaveText(/^400 invalid_grant/);
  });

  test('consent declined', async () => {
    await flow.preset('Consent declined').click();
    const frame = flow.frame();
    await frame.logInAs();
    await frame.decline.click();
    await expect(serverAnswer()).toHaveText(/^The server answered access_denied/);
  });

  test('rotated refresh token reused', async () => {
    await flow.preset('Rotated refresh token reused').click();
    await flow.frame().logInAndConsent();
    await expect(serverAnswer()).toHaveText(/^400 invalid_grant/);
  });

  test('CIBA denied on the authentication device: access_denied at the next poll', async () => {
    await flow.preset('CIBA request denied').click();
    await expect(flow.presets.getByRole('status')).toContainText('press Deny');
    const device = flow.frame('Second device: authentication device');
    await device.logInAs();
    await device.root.getByRole('button', { name: 'Deny' }).click();
    await expect(serverAnswer()).toHaveText(
      '400 access_denied: The user denied the authentication request.',
      { timeout: 20_000 },
    );
    await expect(flow.heading).toHaveText('CIBA (backchannel authentication)');
  });

  test('CIBA login_hint naming nobody, polling too fast, an expired auth_req_id', async () => {
    await flow.preset('CIBA login_hint names nobody').click();
    await expect(serverAnswer()).toHaveText('400 unknown_user_id: No user has that login_hint.');
    await flow.preset('CIBA polling too fast').click();
    await expect(serverAnswer()).toHaveText(/^400 slow_down: .*the interval is now 10 s\.$/);
    await flow.preset('CIBA auth_req_id expired').click();
    await expect(serverAnswer()).toHaveText(/^400 expired_token: The auth_req_id has expired/);
    await expect(flow.presets).toContainText('(CIBA Core §11 expired_token).');
  });
});
