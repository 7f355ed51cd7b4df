import { expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { FlowPage } from './pages/flow.ts';

const base = (process.env.BASE_PATH ?? '/').replace(/[/.]/g, '\\$&');

/** The FAPI 2.0 flow end to end; axe after every step when `theme` is given. */
async function runFapi(page: Page, theme?: string, pageMode = false): Promise<void> {
  const flow = new FlowPage(page);
  const step = page.locator('section', { has: flow.currentStepHeading() });
  const met = (text: string | RegExp) => step.getByText(text);
  const done = async (what: string) => {
    if (theme) await expectNoAxeViolations(page, `${what} (${theme})`);
    await flow.nextStep.click();
  };
  if (pageMode) await flow.openInPageMode('fapi2');
  else await flow.open('fapi2');
  await expect(flow.heading).toHaveText('FAPI 2.0 Security Profile');

  await flow.button('Generate the key pair').click();
  await expect(flow.result).toHaveText(/^ES256 key pair ready; kid [\w-]+\.$/);
  await expect(met('✓ Signing algorithm (FAPI 2.0 §5.4.1)')).toBeVisible();
  await done('client key');

  await flow.button('Generate the DPoP key pair').click();
  await expect(flow.result).toHaveText(/^ES256 DPoP key pair ready/);
  await done('DPoP key');

  await expect(flow.rawRequest).toHaveValue(/"dpop_bound_access_tokens": true/);
  await expect(flow.rawRequest).toHaveValue(/"require_pushed_authorization_requests": true/);
  await flow.button('Register the client').click();
  await expect(flow.result).toHaveText(/^Registered: client_id [\w-]+\.$/);
  await expect(met('✓ private_key_jwt (FAPI 2.0 §5.3.3.1)')).toBeVisible();
  await done('registration');

  await flow.button('Derive the code challenge').click();
  await expect(met('✓ PKCE S256 (FAPI 2.0 §5.3.3.2)')).toBeVisible();
  await done('PKCE');

  await flow.button('Sign the client assertion').click();
  await expect(met('✓ Assertion aud (FAPI 2.0 §5.3.3.1)')).toBeVisible();
  await done('PAR assertion');

  await expect(flow.rawRequest).toHaveValue(/&dpop_jkt=[\w-]{43}/);
  await flow.button('Push the request to /oauth/par').click();
  await expect(flow.result).toHaveText('Pushed: request_uri valid 60 s, once.');
  await expect(met('✓ PAR (FAPI 2.0 §5.3.3.2)')).toBeVisible();
  await done('PAR');

  await expect(flow.rawRequest).toHaveValue(
    new RegExp(`^GET ${base}server\\/authorize\\?client_id=[\\w-]+&request_uri=urn%3A[^ &]+ HTTP`),
  );
  await flow.authorizeInFrame();
  await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
  await expect(met('✓ iss checked (FAPI 2.0 §5.3.3.2)')).toBeVisible();
  await expect(step.getByText(/^http:\/\/[^/]+\/server\/$/)).toBeVisible();
  await done('authorize');

  await flow.button('Sign the client assertion').click();
  await flow.nextStep.click();

  await flow.button('Send the token request').click();
  await expect(flow.result).toHaveText(/ token_type DPoP; cnf\.jkt is the thumbprint of this tab’s key\.$/);
  await expect(step.getByText('DPoP proof: payload')).toBeVisible();
  await done('token');

  await flow.button('Sign the DPoP proof').click();
  await flow.nextStep.click();
  await flow.button('GET /api/messages with the proof').click();
  await expect(flow.result).toHaveText('200: the API accepted the DPoP-bound token with its proof.');
  await done('API');

  await flow.button('Check every requirement').click();
  await expect(flow.result).toHaveText('All 10 FAPI 2.0 requirements of this flow are met.');
  await expect(step.getByText(/^✓ .+ \(FAPI 2\.0 §5\.[\d.]+\)$/)).toHaveCount(10);
}

test.describe('FAPI 2.0 Security Profile', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`DCR, PAR, PKCE, private_key_jwt, DPoP, iss; the checklist all met; axe on every step (${theme})`, async ({
      page,
    }) => {
      test.setTimeout(420_000);
      await page.emulateMedia({ colorScheme: theme });
      await runFapi(page, theme);
      await expectNoAxeViolations(page, `checklist (${theme})`);
    });
  }

  test('error preset: a plain /authorize is refused for a client that must use PAR', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('fapi2');
    await flow.preset('Authorization request without PAR').click();
    await expect(flow.presets.getByRole('alert')).toHaveText(
      /The server answered invalid_request: Client [\w-]+ must push its authorization requests to \/oauth\/par and send the request_uri \(RFC 9126 section 6\)\./,
    );
  });

  test('error preset: the token request without a DPoP proof is 400 invalid_dpop_proof', async ({ page }) => {
    test.setTimeout(120_000);
    const flow = new FlowPage(page);
    await flow.open('fapi2');
    await flow.preset('Token request without a DPoP proof').click();
    await flow.frame().logInAndConsent();
    await expect(flow.presets.getByRole('alert')).toHaveText(
      /400 invalid_dpop_proof: The client [\w-]+ must send a DPoP proof with every token request \(dpop_bound_access_tokens\)\./,
    );
  });

  test('the checklist says what is not met yet when steps were skipped', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('fapi2');
    await flow.start.click();
    await flow.step(/Review the FAPI 2\.0 checklist/).click();
    await flow.button('Check every requirement').click();
    await expect(flow.result).toHaveText('10 of 10 requirements not met yet: run the steps before this one.');
  });

  test.describe('without service workers (the server in the page)', () => {
    test.use({ serviceWorkers: 'block' });
    test('the same flow, every requirement met', async ({ page }) => {
      test.setTimeout(180_000);
      await runFapi(page, undefined, true);
    });
  });
});
