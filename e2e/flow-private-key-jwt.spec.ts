import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { FlowPage } from './pages/flow.ts';

test.describe('private_key_jwt (a key made in the browser, registered by DCR)', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`key pair, registration, signed assertion, token; axe on every step (${theme})`, async ({
      page,
    }) => {
      // Four axe runs on a busy machine: more than the default minute.
      test.setTimeout(300_000);
      await page.emulateMedia({ colorScheme: theme });
      const flow = new FlowPage(page);
      await flow.open('private-key-jwt');
      await expect(flow.heading).toHaveText('private_key_jwt client authentication');
      await flow.button('Generate the key pair').click();
      await expect(flow.result).toHaveText(/^ES256 key pair ready; kid [\w-]{43}\.$/);
      await expect(
        page.getByText('a non-extractable CryptoKey: it signs in this tab and cannot be exported'),
      ).toBeVisible();
      await expectNoAxeViolations(page, `key step done (${theme})`);
      await flow.nextStep.click();

      await expect(flow.rawRequest).toHaveValue(
        /^POST .*\/oidc\/register HTTP\/1.1[\s\S]*"token_endpoint_auth_method": "private_key_jwt"/,
      );
      await flow.button('Register the client').click();
      await expect(flow.result).toHaveText(/^Registered: client_id [\w-]{22}\.$/);
      await expectNoAxeViolations(page, `registration step done (${theme})`);
      await flow.nextStep.click();

      await flow.button('Sign the client assertion').click();
      await expect(flow.result).toHaveText(
        'Client assertion signed; it goes in the next request as client_assertion.',
      );
      // The assertion, decoded: header and payload.
      await expect(page.getByText('Client assertion: header')).toBeVisible();
      await expect(page.getByText(/"typ"|"alg": "ES256"/).first()).toBeVisible();
      await expect(page.getByText(/"jti": "[\w-]+"/)).toBeVisible();
      await expectNoAxeViolations(page, `assertion step done (${theme})`);
      await flow.nextStep.click();

      await expect(flow.rawRequest).toHaveValue(
        /client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=ey/,
      );
      await flow.button('Send the token request').click();
      await expect(flow.result).toHaveText(
        'Tokens received: access_token. Scope granted: read:messages write:messages.',
      );
      await expectNoAxeViolations(page, `token step done (${theme})`);
    });
  }

  test('error preset: a replayed client assertion is 401 invalid_client', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('private-key-jwt');
    await flow.preset('Client assertion replayed').click();
    await expect(flow.presets.getByRole('alert')).toHaveText(
      '401 invalid_client: The client assertion was used before (same jti): make a new assertion for every request.',
    );
  });

  test('error: an assertion for another audience is 401 invalid_client', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('private-key-jwt');
    await flow.button('Generate the key pair').click();
    await flow.nextStep.click();
    await flow.button('Register the client').click();
    await flow.nextStep.click();
    await flow.button('Sign the client assertion').click();
    await flow.nextStep.click();
    // Swap the assertion for a token signed by nobody the server knows: the header says alg none.
    await flow.revealRequest.check();
    const raw = await flow.rawRequest.inputValue();
    await flow.rawRequest.fill(
      raw.replace(/client_assertion=[^&\s]+/, 'client_assertion=eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.'),
    );
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(
      "401 invalid_client: The client assertion's alg 'none' is not accepted: sign it with RS256, PS256, ES256.",
    );
  });
});
