import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';
import { LoginPage } from './pages/login.ts';

/** `/` or the sub-path build's `/playground/`, escaped for regular expressions. */
const base = (process.env.BASE_PATH ?? '/').replace(/[/.]/g, '\\$&');

test.describe('Authorization Code + PKCE (spa)', () => {
  test('in the in-page browser: PKCE derived, login, consent, code, tokens', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce');
    await expect(flow.heading).toHaveText('Authorization Code + PKCE');

    await flow.button('Derive the code challenge').click();
    await expect(page.getByText('BASE64URL of those 32 bytes = code_challenge')).toBeVisible();
    await expect(flow.result).toHaveText('code_challenge ready (method S256).');
    await flow.nextStep.click();

    await expect(flow.currentStepHeading()).toHaveText('Step 2 of 3: Send the user to /authorize');
    await expect(flow.rawRequest).toHaveValue(
      new RegExp(`^GET ${base}server\\/authorize\\?response_type=code&client_id=spa&`),
    );
    await expect(flow.rawRequest).toHaveValue(/code_challenge_method=S256/);
    await flow.authorizeInFrame();
    await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
    await expect(flow.frameAddress).toContainText('/callback?code=');
    await flow.nextStep.click();

    await expect(flow.currentStepHeading()).toHaveText('Step 3 of 3: Exchange the code for tokens');
    await expect(flow.rawRequest).toHaveValue(new RegExp(`^POST ${base}server\\/oauth\\/token HTTP\\/1.1`));
    await expect(flow.rawRequest).toHaveValue(/grant_type=authorization_code&code=.+&code_verifier=/);
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(
      'Tokens received: access_token, id_token, refresh_token. Scope granted: openid profile email offline_access read:messages.',
    );
    await expect(page.getByText('Status: done')).toBeVisible();
    // The timeline holds the app's token request and the frame's navigations traced by the worker.
    await expect(
      flow.timelineEntry(new RegExp(`^200 POST ${base}server\\/oauth\\/token app$`)),
    ).toBeVisible();
    await expect(
      flow.timelineEntry(new RegExp(`GET ${base}server\\/authorize\\?.* browser$`)).first(),
    ).toBeVisible();
    await expect(
      flow.timelineEntry(new RegExp(`^303 POST ${base}server\\/u\\/consent\\/.* browser$`)).first(),
    ).toBeVisible();
    await expect(flow.tokens.getByRole('tab', { name: 'Access token' })).toBeVisible();
    // Secrets and codes never reach the URL.
    expect(page.url()).not.toMatch(/code=|state=|verifier|token/);
  });

  test('as a full-page redirect that comes back to the same step', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce', '?scope=openid+profile+read%3Amessages');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.redirect.click();
    const login = new LoginPage(page);
    await login.logInAs();
    await login.accept.click();
    await page.waitForURL(/\/flows\/auth-code-pkce\?scope=openid\+profile\+read%3Amessages$/);
    await expect(flow.currentStepHeading()).toHaveText('Step 2 of 3: Send the user to /authorize');
    await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(
      'Tokens received: access_token, id_token. Scope granted: openid profile read:messages.',
    );
  });

  test('error: a callback with a state this tab did not send is rejected (CSRF)', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.redirect.click();
    await expect(new LoginPage(page).logIn).toBeVisible();
    // An attacker's link lands on the callback with their own code and state.
    await page.goto(`${process.env.BASE_PATH ?? '/'}callback?code=attacker-code&state=forged-by-attacker`);
    await expect(page.getByRole('alert')).toContainText('Rejected: state mismatch.');
    await expect(page.getByRole('alert')).toContainText('forged-by-attacker');
    // The code was stripped from the address bar at once.
    expect(new URL(page.url()).search).toBe('');
    await page.getByRole('link', { name: 'Back to the flow' }).click();
    await expect(flow.result).toContainText(
      'Rejected: the state in the callback ("forged-by-attacker") does not match the one sent',
    );
  });

  test('error: a callback with error= shows the server error', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce', '?prompt=none');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.redirect.click();
    await expect(page.getByRole('alert')).toContainText(
      'The authorization server answered with an error: login_required',
    );
  });

  test('error: a wrong code_verifier is refused with invalid_grant', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.authorizeInFrame();
    await flow.nextStep.click();
    await expect(flow.currentStepHeading()).toHaveText('Step 3 of 3: Exchange the code for tokens');
    const raw = await flow.rawRequest.inputValue();
    await flow.rawRequest.fill(raw.replace(/code_verifier=[^&\s]+/, `code_verifier=${'x'.repeat(43)}`));
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^400 invalid_grant: /);
  });

  test('error: consent declined comes back as access_denied', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce', '?prompt=consent');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.openInFrame.click();
    const frame = flow.frame();
    await frame.logInAs();
    await frame.decline.click();
    await expect(flow.result).toHaveText(/^The server answered access_denied/);
  });
});
