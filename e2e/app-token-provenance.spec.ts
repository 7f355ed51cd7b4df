import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';

/** Tokens keep where they came from: the flow, the client and the server that issued them. */
test.describe('Token provenance', () => {
  test('PKCE tokens on the Token Exchange page pass the azp check and refresh as spa', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.authorizeInFrame();
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token, refresh_token/);

    await flow.open('token-exchange');
    await expect(flow.param('Client ID')).toHaveValue('web-app');
    await expect(flow.tokens).toContainText('From Authorization Code + PKCE, issued to client spa');
    await expect(flow.tokens.getByRole('list', { name: 'Summary' })).toContainText('no check failed');
    await flow.tokens.getByText(/: show each check$/).click();
    const azp = flow.tokens.getByRole('listitem').filter({ hasText: 'Authorized party (azp)' });
    await expect(azp).toContainText(/pass\s*Authorized party \(azp\): "spa" is this client\./);
    await expect(flow.tokens).not.toContainText("is not the client 'web-app'");

    const panel = flow.useTokens;
    await expect(panel).toContainText('as the client they were issued to (spa)');
    await panel.getByRole('button', { name: 'Refresh the tokens' }).click();
    await expect(panel.getByRole('status')).toHaveText(
      /^Tokens received: access_token, id_token, refresh_token/,
    );
    const refresh = flow.timelineEntry(/^200 POST \/server\/oauth\/token app$/).last();
    await refresh.click();
    await expect(refresh.locator('xpath=ancestor::li[1]')).toContainText(
      /grant_type=refresh_token&refresh_token=\S+&client_id=spa/,
    );
  });
});
