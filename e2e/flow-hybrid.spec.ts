import { expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { FlowPage } from './pages/flow.ts';

async function authorize(flow: FlowPage, page: Page, axe?: string): Promise<void> {
  await flow.openInFrame.click();
  await flow.frame().logInAs();
  if (axe) await expectNoAxeViolations(page, axe);
  await flow.frame().accept.click();
}

test.describe('Hybrid flow (hybrid-app)', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`code id_token: front channel, ID token with nonce and c_hash, iss, then the code; axe on every step (${theme})`, async ({
      page,
    }) => {
      test.setTimeout(300_000);
      await page.emulateMedia({ colorScheme: theme });
      const flow = new FlowPage(page);
      await flow.open('hybrid');
      await expect(flow.heading).toHaveText('Hybrid (OpenID Connect)');
      await expect(flow.param('Response type')).toHaveValue('code id_token');
      await expect(flow.param('Response mode')).toHaveValue('fragment');
      await expect(flow.rawRequest).toHaveValue(/response_type=code\+id_token&client_id=hybrid-app&/);
      await expectNoAxeViolations(page, `the authorize step (${theme})`);
      await authorize(flow, page, `the consent page (${theme})`);
      await expect(flow.result).toHaveText(
        'State matches. Received an authorization code, id_token by fragment.',
      );
      await expect(flow.fact('iss (front channel)')).toHaveText(/\/server\/$/);
      await expect(flow.fact('id_token (front channel)')).toBeVisible();
      await expectNoAxeViolations(page, `the front-channel response (${theme})`);
      await flow.nextStep.click();

      await flow.button('Verify iss, the ID token, c_hash and at_hash').click();
      await expect(flow.result).toHaveText('All 4 checks pass: the front channel can be trusted.');
      await expect(flow.fact('✓ iss parameter (RFC 9207 §2.4)')).toHaveText(/^expected "(.+)", got "\1"$/);
      // The nonce is a secret of the run: masked until revealed.
      await expect(flow.fact('✓ nonce (OIDC Core §3.3.2.11)')).toHaveText('expe••••••');
      await page.getByLabel('Reveal secrets in this step').check();
      await expect(flow.fact('✓ nonce (OIDC Core §3.3.2.11)')).toHaveText(
        /^expected "([\w-]+)" \(sent to \/authorize\), got "\1"$/,
      );
      await expect(flow.fact('✓ c_hash (OIDC Core §3.3.2.11)')).toHaveText(
        /^expected "([\w-]{22})" \(left half of the RS256 hash of the code\), got "\1"$/,
      );
      await expect(flow.fact('✓ Signature, iss, aud, exp (OIDC Core §3.1.3.7)')).toHaveText(
        /^RS256 signature verified with the server's key "[\w-]+"; .*aud "hybrid-app"$/,
      );
      await expectNoAxeViolations(page, `the verification (${theme})`);
      await flow.nextStep.click();

      await expect(flow.rawRequest).toHaveValue(
        /^POST .*\/oauth\/token HTTP\/1.1\nHost: .+\nAuthorization: Basic /,
      );
      await flow.button('Send the token request').click();
      await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token\./);
      await expect(flow.fact('iss, sub: front channel vs token endpoint')).toHaveText('iss same, sub same');
      await expect(flow.fact('Claims only in the front-channel ID token')).toHaveText(/c_hash/);
      await expectNoAxeViolations(page, `the token step (${theme})`);
    });
  }

  test('code id_token token by form_post: at_hash and c_hash both check out', async ({ page }) => {
    test.setTimeout(120_000);
    const flow = new FlowPage(page);
    await flow.open('hybrid');
    await flow.param('Response type').selectOption('code id_token token');
    await flow.param('Response mode').selectOption('form_post');
    await authorize(flow, page);
    await expect(flow.result).toHaveText(
      'State matches. Received an authorization code, access_token, id_token by form_post.',
    );
    await flow.nextStep.click();
    await flow.button('Verify iss, the ID token, c_hash and at_hash').click();
    await expect(flow.result).toHaveText('All 5 checks pass: the front channel can be trusted.');
    await expect(flow.fact('✓ at_hash (OIDC Core §3.3.2.11)')).toHaveText(
      /^expected "([\w-]{22})" \(left half of the RS256 hash of the access token\), got "\1"$/,
    );
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token\./);
  });

  test('code token: no ID token in the front channel, only iss to check; the ID token comes from the token endpoint', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const flow = new FlowPage(page);
    await flow.open('hybrid');
    await flow.param('Response type').selectOption('code token');
    await authorize(flow, page);
    await expect(flow.result).toHaveText(
      'State matches. Received an authorization code, access_token by fragment.',
    );
    await flow.nextStep.click();
    await flow.button('Verify iss, the ID token, c_hash and at_hash').click();
    await expect(flow.result).toHaveText('All 1 checks pass: the front channel can be trusted.');
    await expect(flow.fact('ID token')).toHaveText(
      /^none in the front channel with response_type code token/,
    );
  });

  test('error preset: without a nonce the server refuses the hybrid request', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('hybrid');
    await flow.preset('Hybrid without a nonce').click();
    await expect(flow.presets.getByRole('alert')).toHaveText(
      'The server answered invalid_request: Missing required parameter: nonce (required for response_type code id_token).',
    );
  });

  test('error preset: response_mode=query is refused, tokens never go in a query', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('hybrid');
    await flow.preset('Hybrid with response_mode=query').click();
    await expect(flow.presets.getByRole('alert')).toHaveText(
      'The server answered invalid_request: response_mode query is not allowed with response_type code id_token.',
    );
  });
});

test.describe('Hybrid without service workers (the server in the page)', () => {
  test.use({ serviceWorkers: 'block' });

  test('code id_token in the worker-less browser: verified against the JWKS, then the code', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const flow = new FlowPage(page);
    await flow.openInPageMode('hybrid');
    await flow.authorizeInFrame();
    await expect(flow.result).toHaveText(
      'State matches. Received an authorization code, id_token by fragment.',
    );
    await flow.nextStep.click();
    await flow.button('Verify iss, the ID token, c_hash and at_hash').click();
    await expect(flow.result).toHaveText('All 4 checks pass: the front channel can be trusted.');
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token\./);
  });
});
