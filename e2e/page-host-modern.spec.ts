import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';

/**
 * Service workers unavailable: the flows beyond RFC 6749 complete with the server in the page.
 * (page-host.spec.ts has the RFC 6749 flows and device; flow-ciba, flow-dpop and flow-fapi2 have
 * their own; src/page-host/every-flow-e2e.test.ts checks that together they open every flow in
 * page mode.)
 */
test.use({ serviceWorkers: 'block' });

/** Generates the client's key pair and registers it by DCR: the first two steps of JAR and private_key_jwt. */
async function keyAndRegistration(flow: FlowPage): Promise<void> {
  await flow.button('Generate the key pair').click();
  await expect(flow.result).toHaveText(/^ES256 key pair ready/);
  await flow.nextStep.click();
  await flow.button('Register the client').click();
  await expect(flow.result).toHaveText(/^Registered: client_id /);
  await flow.nextStep.click();
}

test.describe('Without service workers: the newer flows', () => {
  test('Authorization Code + PAR: push, authorize with the request_uri in the worker-less browser, tokens', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.openInPageMode('auth-code-par');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.button('Push the request to /oauth/par').click();
    await expect(flow.result).toHaveText('Pushed: request_uri valid 60 s, once.');
    await flow.nextStep.click();
    await flow.authorizeInFrame();
    await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
    await expect(flow.frameAddress).toContainText('/callback?code=');
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token, refresh_token\./);
    await expect(flow.timelineEntry(/^201 POST \/server\/oauth\/par app$/)).toBeVisible();
    await expect(
      flow.timelineEntry(/^302 GET \/server\/authorize\?client_id=web-app&request_uri=.* browser$/),
    ).toBeVisible();
  });

  test('JAR: key, registration, signed request object, authorize in the worker-less browser, tokens', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.openInPageMode('jar');
    await keyAndRegistration(flow);
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.button('Sign the request object').click();
    await expect(flow.result).toHaveText(
      'Request object signed; the next step sends it as the request parameter.',
    );
    await flow.nextStep.click();
    await flow.authorizeInFrame();
    await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token/);
    await expect(flow.timelineEntry(/^201 POST \/server\/oidc\/register app$/)).toBeVisible();
  });

  test('private_key_jwt: key, registration, signed assertion, tokens', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.openInPageMode('private-key-jwt');
    await keyAndRegistration(flow);
    await flow.button('Sign the client assertion').click();
    await expect(flow.result).toHaveText(
      'Client assertion signed; it goes in the next request as client_assertion.',
    );
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(
      'Tokens received: access_token. Scope granted: read:messages write:messages.',
    );
    await expect(flow.timelineEntry(/^200 POST \/server\/oauth\/token app$/)).toBeVisible();
  });

  test('RAR: authorization_details consented in the worker-less browser, in the token, honoured by the API', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.openInPageMode('rar');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.openInFrame.click();
    await flow.frame().logInAs();
    // RFC 9396 §4: the consent page says what the details ask.
    await expect(
      flow.frame().root.getByText('Read and write your messages at https://api.example.com'),
    ).toBeVisible();
    await flow.frame().accept.click();
    await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token\./);
    expect(
      JSON.parse((await flow.fact('authorization_details claim of the access token').textContent()) ?? ''),
    ).toEqual([{ type: 'messages', actions: ['read', 'write'], locations: ['https://api.example.com'] }]);
    await flow.nextStep.click();
    await flow.button('Read the messages (GET)').click();
    await expect(flow.result).toHaveText(/^200: the API honoured the read grant/);
  });

  test('Hybrid: code id_token by fragment, then by form_post, verified, then the code for tokens', async ({
    page,
  }) => {
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

    // form_post: the in-page browser submits the page's form itself (its script never runs); the
    // login session and the consent live in the page's store, so the server answers at once.
    await flow.start.click();
    await flow.param('Response mode').selectOption('form_post');
    await flow.openInFrame.click();
    await expect(flow.result).toHaveText(
      'State matches. Received an authorization code, id_token by form_post.',
    );
    await flow.nextStep.click();
    await flow.button('Verify iss, the ID token, c_hash and at_hash').click();
    await expect(flow.result).toHaveText('All 4 checks pass: the front channel can be trusted.');
  });
});
