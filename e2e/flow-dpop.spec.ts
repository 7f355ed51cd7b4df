import { expect, type Page, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { FlowPage } from './pages/flow.ts';

const base = (process.env.BASE_PATH ?? '/').replace(/[/.]/g, '\\$&');

/** Runs the DPoP flow (spa, which needs server nonces) to the API call; axe on every step. */
async function runToApi(page: Page, axe?: string, pageMode = false): Promise<FlowPage> {
  const flow = new FlowPage(page);
  const step = page.locator('section', { has: flow.currentStepHeading() });
  const check = async (what: string) => {
    if (axe) await expectNoAxeViolations(page, `${what} (${axe})`);
  };
  if (pageMode) await flow.openInPageMode('dpop');
  else await flow.open('dpop');
  await expect(flow.heading).toHaveText('DPoP: sender-constrained tokens');
  await check('first step');
  await flow.button('Generate the DPoP key pair').click();
  await expect(flow.result).toHaveText(/^ES256 DPoP key pair ready; thumbprint \(jkt\) [\w-]{43}\.$/);
  const jkt = /\(jkt\) ([\w-]{43})/.exec((await flow.result.textContent()) ?? '')?.[1] ?? '';
  await expect(
    page.getByText('a non-extractable CryptoKey: it signs in this tab and cannot be exported'),
  ).toBeVisible();
  await check('key step');
  await flow.nextStep.click();

  await flow.button('Derive the code challenge').click();
  await flow.nextStep.click();
  await expect(flow.currentStepHeading()).toHaveText(
    'Step 3 of 9: Send the user to /authorize with dpop_jkt',
  );
  await expect(flow.rawRequest).toHaveValue(new RegExp(`dpop_jkt=${jkt}`));
  await flow.authorizeInFrame();
  await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
  await check('authorize step');
  await flow.nextStep.click();

  await flow.button('Sign the DPoP proof').click();
  await expect(flow.result).toHaveText(
    new RegExp(`^DPoP proof signed for POST https?://[^ ]+${base}server/oauth/token, without a nonce\\.$`),
  );
  // The proof decoded: header with typ and the public jwk, payload with htm, htu, iat, jti.
  await expect(step.getByText(/"typ": "dpop\+jwt"/)).toBeVisible();
  await expect(step.getByText(/"jwk": \{/)).toBeVisible();
  await expect(step.getByText(/"htm": "POST",\s+"htu": "http.*"iat": \d+/s)).toBeVisible();
  await check('proof step');
  await flow.nextStep.click();

  // The proof travels in the DPoP header, masked like every JWT until revealed.
  await expect(flow.rawRequest).toHaveValue(/\nDPoP: eyJ\w••••••/);
  await flow.button('Send the token request with the proof').click();
  await expect(flow.result).toHaveText(
    /^The server wants a nonce in the proof: 400 use_dpop_nonce, DPoP-Nonce [\w-]+\./,
  );
  await check('nonce round trip');
  await flow.nextStep.click();

  await flow.button('Sign the DPoP proof').click();
  await expect(flow.result).toHaveText(/, with the server nonce\.$/);
  await flow.nextStep.click();
  await flow.button('Send the token request with the proof').click();
  await expect(flow.result).toHaveText(
    /^Tokens received: access_token, id_token, refresh_token\..* token_type DPoP; cnf\.jkt is the thumbprint of this tab’s key\.$/,
  );
  await expect(step.getByText(jkt, { exact: true })).toHaveCount(2);
  await check('bound tokens');
  await flow.nextStep.click();

  await flow.button('Sign the DPoP proof').click();
  await expect(flow.result).toHaveText(
    /^DPoP proof signed for GET .*\/api\/messages, with the server nonce and ath\.$/,
  );
  await flow.nextStep.click();
  await expect(flow.rawRequest).toHaveValue(/\nAuthorization: DPoP eyJ\w••••••/);
  return flow;
}

test.describe('DPoP flow (spa, server nonces)', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`key, proof, nonce round trip, bound token, API with ath; axe on every step (${theme})`, async ({
      page,
    }) => {
      test.setTimeout(300_000);
      await page.emulateMedia({ colorScheme: theme });
      const flow = await runToApi(page, theme);
      await flow.button('GET /api/messages with the proof').click();
      await expect(flow.result).toHaveText('200: the API accepted the DPoP-bound token with its proof.');
      await expect(
        flow.timelineEntry(new RegExp(`^400 POST ${base}server\\/oauth\\/token app$`)),
      ).toBeVisible();
      await expect(
        flow.timelineEntry(new RegExp(`^200 POST ${base}server\\/oauth\\/token app$`)),
      ).toBeVisible();
      await expect(
        flow.timelineEntry(new RegExp(`^200 GET ${base}server\\/api\\/messages app$`)),
      ).toBeVisible();
      await expectNoAxeViolations(page, `API step done (${theme})`);
    });
  }

  test('error: the same proof twice is 401 invalid_dpop_proof (jti seen before)', async ({ page }) => {
    const flow = await runToApi(page);
    await flow.button('GET /api/messages with the proof').click();
    await expect(flow.result).toHaveText(/^200:/);
    await flow.button('GET /api/messages with the proof').click();
    await expect(flow.result).toHaveText(
      /^401 WWW-Authenticate: DPoP realm="[^"]+", error="invalid_dpop_proof", error_description="This DPoP proof was already used \(its jti was seen before\)\."/,
    );
  });

  test('error presets: Bearer use of the bound token, a proof without the nonce', async ({ page }) => {
    test.setTimeout(180_000);
    const flow = new FlowPage(page);
    await flow.open('dpop');
    await flow.preset('DPoP-bound token used as Bearer').click();
    await expect(flow.frame().email).toBeVisible();
    await flow.frame().logInAndConsent();
    await expect(flow.presets.getByRole('alert')).toHaveText(
      /401 invalid_token: This access token is DPoP-bound: send it as Authorization: DPoP with a DPoP proof\. \(WWW-Authenticate: DPoP realm="[^"]+", error="invalid_token"/,
    );
    // alice has a session and has consented now: no login this time.
    await flow.preset('DPoP proof without the server nonce').click();
    await expect(flow.presets.getByRole('alert')).toHaveText(
      /401 use_dpop_nonce: This server requires a nonce in the DPoP proof.*\(WWW-Authenticate: DPoP realm="[^"]+", error="use_dpop_nonce"/,
    );
    await flow.preset('DPoP proof for another request (htm)').click();
    await expect(flow.presets.getByRole('alert')).toHaveText(
      /401 invalid_dpop_proof: The DPoP proof's htm must be POST, the method of this request\./,
    );
  });

  test('the DPoP toggle of client credentials: a bound token, and "Use the tokens" signs proofs', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.open('client-credentials', '?dpop=on');
    await expect(flow.param('Sender-constrain tokens with DPoP')).toHaveValue('on');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/ token_type DPoP; cnf\.jkt is the thumbprint of this tab’s key\.$/);
    await expect(page.getByText('DPoP proof: payload')).toBeVisible();
    await flow.useTokens.getByRole('button', { name: 'GET /api/messages' }).click();
    await expect(flow.useTokens.getByRole('status')).toHaveText('200 OK');
    await expect(flow.useTokens.getByText(/^Authorization: DPoP eyJ\w••••••$/m)).toBeVisible();
  });

  test.describe('without service workers (the server in the page)', () => {
    test.use({ serviceWorkers: 'block' });
    test('the same flow: nonce round trip, bound token, API with ath', async ({ page }) => {
      const flow = await runToApi(page, undefined, true);
      await flow.button('GET /api/messages with the proof').click();
      await expect(flow.result).toHaveText('200: the API accepted the DPoP-bound token with its proof.');
    });
  });
});

test('the timeline shows the DPoP proof it sent decoded (header and payload, never the signature)', async ({
  page,
}) => {
  const flow = new FlowPage(page);
  await flow.open('client-credentials', '?dpop=on');
  await flow.button('Send the token request').click();
  await expect(flow.result).toHaveText(/ token_type DPoP;/);
  const summary = page.locator('summary', {
    hasText: new RegExp(`^200 POST ${base}server\\/oauth\\/token app$`),
  });
  const entry = flow.timeline.getByRole('listitem').filter({ has: summary });
  await entry.locator('summary').click();
  await entry.getByRole('button', { name: 'Pretty' }).click();
  await expect(entry.getByText('Decoded JWT (DPoP header): header')).toBeVisible();
  await expect(entry.getByText(/"typ": "dpop\+jwt",\s+"alg": "ES256",\s+"jwk": \{/)).toBeVisible();
  await expect(entry.getByText(/"htm": "POST",\s+"htu": "http[^"]+\/server\/oauth\/token"/)).toBeVisible();
});
