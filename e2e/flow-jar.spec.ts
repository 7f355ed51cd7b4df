import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { FlowPage } from './pages/flow.ts';

const base = (process.env.BASE_PATH ?? '/').replace(/[/.]/g, '\\$&');

test.describe('Signed request (JAR)', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`key, registration, signed request object, authorize, tokens; axe on every step (${theme})`, async ({
      page,
    }) => {
      // Four axe runs on a busy machine: more than the default minute.
      test.setTimeout(300_000);
      await page.emulateMedia({ colorScheme: theme });
      const flow = new FlowPage(page);
      await flow.open('jar');
      await expect(flow.heading).toHaveText('Signed request (JAR)');
      await flow.button('Generate the key pair').click();
      await expect(flow.result).toHaveText(/^ES256 key pair ready/);
      await flow.nextStep.click();
      await flow.button('Register the client').click();
      await expect(flow.result).toHaveText(/^Registered: client_id /);
      await flow.nextStep.click();
      await flow.button('Derive the code challenge').click();
      await flow.nextStep.click();
      await flow.button('Sign the request object').click();
      await expect(flow.result).toHaveText(
        'Request object signed; the next step sends it as the request parameter.',
      );
      await expect(page.getByText('Request object: payload')).toBeVisible();
      await expect(page.getByText(/"typ": "oauth-authz-req\+jwt"/)).toBeVisible();
      await expect(page.getByText(/"code_challenge_method": "S256"/)).toBeVisible();
      await expectNoAxeViolations(page, `request object step done (${theme})`);
      await flow.nextStep.click();

      // A request object is a JWT: masked in the request editor until revealed.
      await flow.revealRequest.check();
      await expect(flow.rawRequest).toHaveValue(
        new RegExp(
          `^GET ${base}server\\/authorize\\?client_id=[\\w-]+&request=ey[\\w-]+\\.[\\w-]+\\.[\\w-]+ HTTP`,
        ),
      );
      await flow.openInFrame.click();
      await expect(flow.frame().email).toBeVisible();
      await expectNoAxeViolations(page, `authorize step with the login frame (${theme})`);
      await flow.frame().logInAndConsent();
      await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
      await flow.nextStep.click();
      await flow.button('Send the token request').click();
      await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token/);
      await expectNoAxeViolations(page, `token step done (${theme})`);
    });
  }

  test('error preset: a tampered request object is invalid_request_object', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('jar');
    await flow.preset('Request object with a bad signature').click();
    await expect(flow.presets.getByRole('alert')).toHaveText(
      "The server answered invalid_request_object: The request object's signature does not verify with the client's registered keys.",
    );
  });

  test('error: an unsigned request object (alg none) is invalid_request_object', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('jar');
    await flow.button('Generate the key pair').click();
    await flow.nextStep.click();
    await flow.button('Register the client').click();
    await flow.nextStep.click();
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.button('Sign the request object').click();
    await flow.nextStep.click();
    await flow.revealRequest.check();
    const raw = await flow.rawRequest.inputValue();
    await flow.rawRequest.fill(
      raw.replace(/request=[^&\s]+/, 'request=eyJhbGciOiJub25lIn0.eyJzY29wZSI6Im9wZW5pZCJ9.'),
    );
    await flow.openInFrame.click();
    await expect(flow.result).toHaveText(
      "The server answered invalid_request_object: The request object is not signed (alg none): sign it with the client's key (RFC 9101 section 6.1).",
    );
  });
});
