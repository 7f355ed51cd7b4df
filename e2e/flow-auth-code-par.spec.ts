import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { FlowPage } from './pages/flow.ts';

const base = (process.env.BASE_PATH ?? '/').replace(/[/.]/g, '\\$&');

test.describe('Authorization Code + PAR (web-app)', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`push, authorize with the request_uri, tokens; axe on every step (${theme})`, async ({ page }) => {
      // Four axe runs on a busy machine: more than the default minute.
      test.setTimeout(300_000);
      await page.emulateMedia({ colorScheme: theme });
      const flow = new FlowPage(page);
      await flow.open('auth-code-par');
      await expect(flow.heading).toHaveText('Authorization Code + PAR');
      await flow.button('Derive the code challenge').click();
      await expect(flow.result).toHaveText('code_challenge ready (method S256).');
      await flow.nextStep.click();

      await expect(flow.currentStepHeading()).toHaveText('Step 2 of 4: Push the authorization request');
      await expect(flow.rawRequest).toHaveValue(new RegExp(`^POST ${base}server\\/oauth\\/par HTTP\\/1.1`));
      await expect(flow.rawRequest).toHaveValue(
        /response_type=code&redirect_uri=.+&code_challenge_method=S256/,
      );
      await flow.button('Push the request to /oauth/par').click();
      await expect(flow.result).toHaveText('Pushed: request_uri valid 60 s, once.');
      await expect(page.getByText(/^urn:ietf:params:oauth:request_uri:/)).toBeVisible();
      await expectNoAxeViolations(page, `PAR step done (${theme})`);
      await flow.nextStep.click();

      await expect(flow.currentStepHeading()).toHaveText(
        'Step 3 of 4: Send the user to /authorize with the request_uri',
      );
      // Only client_id and request_uri travel through the browser.
      await expect(flow.rawRequest).toHaveValue(
        new RegExp(
          `^GET ${base}server\\/authorize\\?client_id=web-app&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3A[\\w-]+ HTTP`,
        ),
      );
      await flow.openInFrame.click();
      await expect(flow.frame().email).toBeVisible();
      await expectNoAxeViolations(page, `authorize step with the login frame (${theme})`);
      await flow.frame().logInAndConsent();
      await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
      await flow.nextStep.click();

      await flow.button('Send the token request').click();
      await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token, refresh_token\./);
      await expect(
        flow.timelineEntry(new RegExp(`^201 POST ${base}server\\/oauth\\/par app$`)),
      ).toBeVisible();
      await expectNoAxeViolations(page, `token step done (${theme})`);
    });
  }

  test('error preset: a reused request_uri is invalid_request_uri', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-par');
    await flow.preset('Pushed request_uri reused').click();
    await expect(flow.presets.getByRole('alert')).toHaveText(
      /^400 .*invalid_request_uri: The request_uri was already used: a pushed request works once \(RFC 9126 section 4\)\./,
    );
  });

  test('error: a pushed redirect_uri that is not registered is 400 JSON at /oauth/par', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-par', '?redirect_uri=https%3A%2F%2Fevil.example%2Fcb');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.button('Push the request to /oauth/par').click();
    await expect(flow.result).toHaveText(
      /^400 invalid_request: Callback URL mismatch\. https:\/\/evil\.example\/cb is not in the list/,
    );
  });

  test('error: a wrong client secret is 401 invalid_client at /oauth/par', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-par');
    await flow.param('Client secret').fill('nope');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.button('Push the request to /oauth/par').click();
    await expect(flow.result).toHaveText(/^401 invalid_client/);
  });
});
