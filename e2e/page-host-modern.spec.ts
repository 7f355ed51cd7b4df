import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';

/**
 * Service workers unavailable: the flows beyond RFC 6749 complete with the server in the page.
 * (page-host.spec.ts has the RFC 6749 flows and device, flow-ciba.spec.ts has CIBA; the unit test
 * src/page-host/every-flow-e2e.test.ts checks that together they open every flow in page mode.)
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
});
