import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';
import { SharePanel } from './pages/support-share.ts';
import { TenantEditorPage } from './pages/support-tenant.ts';

test.describe('Share a reproduction', () => {
  test('a link made in one browser restores the setup in a fresh one', async ({ browser, page }) => {
    // Browser A: a tenant change, a flow with non-default parameters, a step reached.
    const tenant = new TenantEditorPage(page);
    await new FlowPage(page).playground.open('/');
    await tenant.open();
    await tenant
      .field(tenant.client('spa'), 'Redirect URIs')
      .fill('{app}/callback\nhttp://localhost:8080/cb');
    await tenant.addUser.click();
    const newUser = tenant.user('new.user@example.com');
    await tenant.field(newUser, 'Email').fill('carol@example.com');
    await tenant.field(tenant.user('carol@example.com'), 'Password').fill('looking-glass');
    await expect(tenant.saveStatus).toHaveText('All changes saved');

    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce', '?scope=openid+email&login_hint=carol%40example.com');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await expect(flow.currentStepHeading()).toHaveText('Step 2 of 3: Send the user to /authorize');
    const share = new SharePanel(page);
    const link = await share.makeLink();
    expect(link).toMatch(/\/flows\/auth-code-pkce\?.*scope=openid\+email/);
    expect(link).toContain('step=authorize');
    expect(link).toMatch(/&tenant=z1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{8}$/);
    for (const secret of ['looking-glass', 'code_verifier', 'wonderland'])
      expect(decodeURIComponent(link)).not.toContain(secret);
    await expect(share.notCarried).toContainText('the password of carol@example.com');
    await expect(share.notCarried).toContainText('tokens, codes and the PKCE verifier of this run');

    // Browser B: a new context, the link is its first page.
    const other = await browser.newContext();
    const fresh = await other.newPage();
    await fresh.goto(link);
    const restore = new SharePanel(fresh);
    await expect(restore.tenantChanges).toContainText('adds the user carol@example.com');
    await expect(restore.tenantChanges).toContainText('changes the client spa (redirectUris)');
    await restore.apply.click();
    await expect(restore.restored).toContainText("The link's tenant is applied.");
    await expect(restore.newSecrets).toContainText('password of carol@example.com:');
    const freshFlow = new FlowPage(fresh);
    await expect(freshFlow.heading).toHaveText('Authorization Code + PKCE');
    await expect(freshFlow.currentStepHeading()).toHaveText('Step 2 of 3: Send the user to /authorize');
    await expect(fresh.getByLabel('Scope as sent (space-separated; type any other value)')).toHaveValue(
      'openid email',
    );
    expect(new URL(fresh.url()).searchParams.has('tenant')).toBe(false);

    const freshTenant = new TenantEditorPage(fresh);
    await freshTenant.open();
    await expect(freshTenant.field(freshTenant.client('spa'), 'Redirect URIs')).toHaveValue(
      '{app}/callback\nhttp://localhost:8080/cb',
    );
    await expect(freshTenant.user('carol@example.com')).toBeVisible();
    await other.close();
  });

  test('a tampered link is refused, says why, and changes nothing', async ({ page }) => {
    const tenant = new TenantEditorPage(page);
    await new FlowPage(page).playground.open('/');
    await tenant.open();
    await tenant
      .field(page.getByRole('region', { name: 'Tokens and signing' }), 'ID token lifetime (seconds)')
      .fill('600');
    await expect(tenant.saveStatus).toHaveText('All changes saved');
    const flow = new FlowPage(page);
    await flow.open('client-credentials');
    const share = new SharePanel(page);
    const link = await share.makeLink();
    await expect(share.notCarried).toContainText(
      'the parameter client_secret (a secret, code or token; enter it again)',
    );
    expect(link).not.toContain('m2m-secret');

    // Reset, then open a copy of the link with one character of the tenant data changed.
    await tenant.open();
    await tenant.reset.click();
    await tenant.confirmReset.click();
    await expect(page.getByLabel('ID token lifetime (seconds)')).toHaveValue('36000');
    const url = new URL(link);
    const value = url.searchParams.get('tenant') ?? '';
    const at = 8;
    url.searchParams.set(
      'tenant',
      value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1),
    );
    await page.goto(url.href);
    await expect(share.refused).toContainText('The tenant changes in this link cannot be used:');
    await expect(share.refused).toContainText('Your tenant and your settings were not changed.');
    await tenant.open();
    await expect(page.getByLabel('ID token lifetime (seconds)')).toHaveValue('36000');

    // The untampered link, declined: the local tenant stays.
    await page.goto(link);
    await share.keep.click();
    await expect(share.restored).toContainText('Your tenant is kept');
    await tenant.open();
    await expect(page.getByLabel('ID token lifetime (seconds)')).toHaveValue('36000');
  });
});
