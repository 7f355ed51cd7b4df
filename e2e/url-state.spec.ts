import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';

test.describe('The URL holds the flow and its non-secret parameters', () => {
  test('an edited parameter is in the search, and a reload restores it', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce');
    await flow.param('Audience').fill('https://other.example.com');
    await flow.scopeChip('write:messages').check();
    await expect(page).toHaveURL(/audience=https%3A%2F%2Fother\.example\.com/);
    await expect(page).toHaveURL(
      /scope=openid\+profile\+email\+offline_access\+read%3Amessages\+write%3Amessages/,
    );
    await page.reload();
    await expect(flow.param('Audience')).toHaveValue('https://other.example.com');
    await expect(flow.scopeChip('write:messages')).toBeChecked();
  });

  test('a shared link sets the parameters in a fresh tab', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('client-credentials', '?scope=read%3Amessages&client_auth=client_secret_basic');
    await expect(flow.scopeChip('write:messages')).not.toBeChecked();
    await expect(flow.rawRequest).toHaveValue(/\nAuthorization: Basic /);
    await expect(flow.rawRequest).toHaveValue(/scope=read%3Amessages$/);
  });

  test('back and forward restore the flow and its parameters', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.playground.open('/');
    await flow.playground.flowLink('Client Credentials').click();
    await expect(flow.heading).toHaveText('Client Credentials');
    await flow.param('Audience').fill('https://a.example.com');
    await expect(page).toHaveURL(/audience=https%3A%2F%2Fa\.example\.com/);
    await flow.playground.nav.getByRole('link', { name: 'Flows' }).click();
    await flow.playground.flowLink('Device Authorization').click();
    await expect(flow.heading).toHaveText('Device Authorization');
    await page.goBack();
    await page.goBack();
    await expect(flow.heading).toHaveText('Client Credentials');
    await expect(flow.param('Audience')).toHaveValue('https://a.example.com');
    await page.goForward();
    await page.goForward();
    await expect(flow.heading).toHaveText('Device Authorization');
  });

  test('secrets, state, nonce, verifier, codes and tokens never enter the URL', async ({ page }) => {
    const flow = new FlowPage(page);
    await flow.open('client-credentials');
    await flow.param('Client secret').fill('super-secret-value');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^401 invalid_client/);
    expect(page.url()).not.toContain('super-secret-value');

    await flow.open('auth-code-pkce');
    await flow.button('Derive the code challenge').click();
    await flow.showMoreParameters();
    const state = await flow.param('State').inputValue();
    const nonce = await flow.param('Nonce').inputValue();
    const verifier = await flow.param('PKCE code_verifier').inputValue();
    expect(state).not.toBe('');
    const visited: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(frame.url());
    });
    await flow.nextStep.click();
    await flow.authorizeInFrame();
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received/);
    for (const url of [...visited, page.url()]) {
      for (const secret of [state, nonce, verifier]) expect(url).not.toContain(secret);
      expect(url).not.toMatch(/code=|token=/);
    }
  });
});
