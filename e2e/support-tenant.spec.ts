import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { FlowPage } from './pages/flow.ts';
import { TenantEditorPage } from './pages/support-tenant.ts';

interface TenantJson {
  users: { id: string; email: string; password: string; name?: string; claims?: Record<string, unknown> }[];
  clients: { clientId: string; redirectUris: string[] }[];
  [key: string]: unknown;
}

test.describe('Tenant editor', () => {
  test('round trip: export, edit, import, then a flow uses the change', async ({ page }) => {
    const tenant = new TenantEditorPage(page);
    await new FlowPage(page).playground.open('/');
    await tenant.open();
    await expect(tenant.saveStatus).toHaveText('All changes saved');

    const exported = await tenant.exportTenant();
    const json = exported.json as unknown as TenantJson;
    expect(json.users.map((u) => u.email)).toEqual(['alice@example.com', 'bob@example.com']);
    expect(json.clients.find((c) => c.clientId === 'spa')?.redirectUris).toContain('{app}/callback');

    // Edit the file as a person would: a new user with a custom claim.
    json.users.push({
      id: 'auth0|carol',
      email: 'carol@example.com',
      password: 'looking-glass',
      name: 'Carol Tester',
      claims: { 'https://example.com/roles': ['support'] },
    });
    await tenant.importTenant('tenant.json', JSON.stringify(json, null, 2));
    await expect(page.getByRole('status').filter({ hasText: 'The imported file is applied.' })).toBeVisible();
    await expect(tenant.saveStatus).toHaveText('All changes saved');
    await expect(tenant.user('carol@example.com')).toBeVisible();

    // Persisted in the in-browser server: a reload shows it.
    await page.reload();
    await expect(tenant.field(tenant.user('carol@example.com'), 'Name')).toHaveValue('Carol Tester');

    // A flow uses the change: carol logs in with the password from the imported file.
    const flow = new FlowPage(page);
    await flow.open('auth-code-pkce', '?scope=openid+profile+email');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.openInFrame.click();
    await flow.frame().logInAs('carol@example.com', 'looking-glass');
    await flow.frame().accept.click();
    await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token\./);
    const idToken = await page.evaluate(() => {
      const run = JSON.parse(sessionStorage.getItem('oauth-playground:run') ?? '{}') as {
        tokens?: { id_token?: { value: string } };
      };
      return run.tokens?.id_token?.value ?? '';
    });
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({ sub: 'auth0|carol', email: 'carol@example.com', name: 'Carol Tester' });
    expect(claims['https://example.com/roles']).toEqual(['support']);
  });

  test('the form edits a client; an invalid edit names the field and is not saved', async ({ page }) => {
    const tenant = new TenantEditorPage(page);
    await new FlowPage(page).playground.open('/');
    await tenant.open();
    const spa = tenant.client('spa');
    const redirectUris = tenant.field(spa, 'Redirect URIs');
    await redirectUris.fill('{app}/callback\nnot a uri');
    await expect(tenant.saveStatus).toHaveText('Not saved: 1 field needs fixing');
    await expect(tenant.fieldsToFix).toContainText(
      'clients.1.redirectUris.1: must be an absolute URI without a fragment (or start with {app})',
    );
    await expect(redirectUris).toHaveAttribute('aria-invalid', 'true');
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await redirectUris.fill('{app}/callback\nhttp://localhost:8080/cb');
    await expect(tenant.saveStatus).toHaveText('All changes saved');
    await page.reload();
    await expect(tenant.field(tenant.client('spa'), 'Redirect URIs')).toHaveValue(
      '{app}/callback\nhttp://localhost:8080/cb',
    );

    // The server enforces it: the new URI is accepted by /authorize, a removed one is not.
    const origin = new URL(page.url()).origin;
    const authorize = (redirectUri: string) =>
      `${origin}/server/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: 'spa',
        redirect_uri: redirectUri,
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
        state: 's',
      })}`;
    await page.goto(authorize('http://localhost:3000/callback'));
    await expect(page.getByRole('button', { name: 'Log in' })).toHaveCount(0);
    await page.goto(authorize('http://localhost:8080/cb'));
    await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  });

  test('the form edits DPoP, authorization details types, the reuse interval and a user’s phone and address; the server applies them', async ({
    page,
  }) => {
    const tenant = new TenantEditorPage(page);
    await new FlowPage(page).playground.open('/');
    await tenant.open();
    const post = (path: string, body: Record<string, string>, bearer?: string) =>
      page.evaluate(
        async ({ path, body, bearer }) => {
          const response = await fetch(path, {
            method: bearer ? 'GET' : 'POST',
            headers: bearer
              ? { Authorization: `Bearer ${bearer}` }
              : { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: bearer ? undefined : body,
          });
          return { status: response.status, json: (await response.json()) as Record<string, unknown> };
        },
        { path, body: new URLSearchParams(body).toString(), bearer },
      );
    const m2mToken = () =>
      post('/server/oauth/token', {
        grant_type: 'client_credentials',
        client_id: 'm2m',
        client_secret: 'm2m-secret',
        audience: 'https://api.example.com',
      });
    expect((await m2mToken()).status).toBe(200);

    // RFC 9449 §5: a client with DPoP-bound access tokens must send a proof with every token request.
    const m2m = tenant.client('m2m');
    await tenant.field(m2m, 'DPoP-bound access tokens').check();
    await tenant.field(m2m, 'Require a DPoP nonce').check();
    await tenant.field(m2m, 'Authorization details types').fill('payment_initiation\naccount_information');
    await expect(tenant.saveStatus).toHaveText('All changes saved');
    expect(await m2mToken()).toMatchObject({ status: 400, json: { error: 'invalid_dpop_proof' } });

    // The reuse interval shows with rotation, and refuses more than a day with the field named.
    await tenant.field(m2m, 'Rotate refresh tokens').check();
    const interval = tenant.field(m2m, 'Refresh token reuse interval (seconds)');
    await interval.fill('90000');
    await expect(tenant.saveStatus).toHaveText('Not saved: 1 field needs fixing');
    await expect(tenant.fieldsToFix).toContainText(
      /clients\.\d+\.refreshTokenReuseInterval: must be at most 86400 seconds \(a day\)/,
    );
    await expect(interval).toHaveAttribute('aria-invalid', 'true');
    await interval.fill('30');
    await expect(tenant.saveStatus).toHaveText('All changes saved');

    // The demo user's phone_number and address claims (OIDC Core §5.1).
    const alice = tenant.user('alice@example.com');
    const phone = tenant.field(alice, 'Phone number');
    await phone.fill('4255550123');
    await expect(tenant.saveStatus).toHaveText('Not saved: 1 field needs fixing');
    await expect(tenant.fieldsToFix).toContainText(
      'users.0.phoneNumber: must be an E.164 number such as +14255551212',
    );
    await expect(phone).toHaveAttribute('aria-invalid', 'true');
    await phone.fill('+14255550123');
    await tenant.field(alice, 'Locality (city)').fill('');
    await tenant.field(alice, 'Street address').fill('2 Looking Glass Road');
    await expect(tenant.saveStatus).toHaveText('All changes saved');
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

    await page.reload();
    const again = tenant.client('m2m');
    await expect(tenant.field(again, 'DPoP-bound access tokens')).toBeChecked();
    await expect(tenant.field(again, 'Authorization details types')).toHaveValue(
      'payment_initiation\naccount_information',
    );
    await expect(tenant.field(again, 'Refresh token reuse interval (seconds)')).toHaveValue('30');
    await expect(tenant.field(tenant.user('alice@example.com'), 'Phone number')).toHaveValue('+14255550123');

    // The server's userinfo carries the edited claims.
    const issued = await post('/server/oauth/token', {
      grant_type: 'password',
      client_id: 'web-app',
      client_secret: 'web-app-secret',
      username: 'alice@example.com',
      password: 'wonderland',
      scope: 'openid phone address',
    });
    expect(issued.status).toBe(200);
    const userinfo = await post('/server/userinfo', {}, String(issued.json.access_token));
    expect(userinfo.json).toMatchObject({
      phone_number: '+14255550123',
      address: { street_address: '2 Looking Glass Road', postal_code: 'OX1 1DP' },
    });
    expect(userinfo.json.address).not.toHaveProperty('locality');
  });

  test('redirect and logout URIs refuse javascript:, data: and file: (RFC 8252 §7) and say why', async ({
    page,
  }) => {
    const tenant = new TenantEditorPage(page);
    await new FlowPage(page).playground.open('/');
    await tenant.open();
    const spa = tenant.client('spa');
    const redirectUris = tenant.field(spa, 'Redirect URIs');
    const logoutUris = tenant.field(spa, 'Logout redirect URIs');
    await redirectUris.fill('{app}/callback\njavascript:alert(document.domain)\ndata:text/html,hi');
    await logoutUris.fill('{app}/\nfile:///etc/passwd');
    await expect(tenant.saveStatus).toHaveText('Not saved: 3 fields need fixing');
    await expect(tenant.fieldsToFix).toContainText(
      'clients.1.redirectUris.1: javascript: URIs are not allowed: use https:, http: on loopback (localhost, 127.0.0.1, [::1]) or a private-use scheme such as com.example.app: (RFC 8252 §7)',
    );
    await expect(tenant.fieldsToFix).toContainText('clients.1.redirectUris.2: data: URIs are not allowed');
    await expect(tenant.fieldsToFix).toContainText(
      'clients.1.postLogoutRedirectUris.1: file: URIs are not allowed',
    );
    await expect(redirectUris).toHaveAttribute('aria-invalid', 'true');
    await expect(logoutUris).toHaveAttribute('aria-invalid', 'true');
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await page.screenshot({ path: 'test-results/tenant-uri-errors.png', fullPage: false });

    // A private-use scheme of a native app and loopback http are fine.
    await redirectUris.fill('{app}/callback\ncom.example.app:/oauth2redirect\nhttp://127.0.0.1:8080/cb');
    await logoutUris.fill('{app}/');
    await expect(tenant.saveStatus).toHaveText('All changes saved');
    await page.reload();
    await expect(tenant.field(tenant.client('spa'), 'Redirect URIs')).toHaveValue(
      '{app}/callback\ncom.example.app:/oauth2redirect\nhttp://127.0.0.1:8080/cb',
    );
  });

  test('an invalid file is refused with field errors and changes nothing; reset restores the demo', async ({
    page,
  }) => {
    const tenant = new TenantEditorPage(page);
    await new FlowPage(page).playground.open('/');
    await tenant.open();
    await tenant.importTenant('broken.json', '{"users": [');
    await expect(tenant.importErrors).toContainText('(file): not JSON');
    await tenant.importTenant(
      'invalid.json',
      JSON.stringify({
        users: [],
        apis: [],
        clients: [{ clientId: 'x', type: 'secret-ish', grantTypes: [] }],
      }),
    );
    await expect(page.getByRole('alert')).toContainText(
      'The imported file is not a valid tenant; nothing was changed.',
    );
    await expect(tenant.importErrors).toContainText('clients.0.type');
    await expect(tenant.client('spa')).toBeVisible();
    await expect(tenant.saveStatus).toHaveText('All changes saved');

    // JSON editor: a change applied as JSON, then a reset.
    await tenant.editAsJson.click();
    const text = await tenant.jsonEditor.inputValue();
    await tenant.jsonEditor.fill(text.replace('"idTokenLifetime": 36000', '"idTokenLifetime": 600'));
    await tenant.applyJson.click();
    await expect(tenant.saveStatus).toHaveText('All changes saved');
    await expect(page.getByLabel('ID token lifetime (seconds)')).toHaveValue('600');
    await tenant.reset.click();
    await tenant.confirmReset.click();
    await expect(page.getByRole('status').filter({ hasText: 'The demo tenant is back.' })).toBeVisible();
    await expect(page.getByLabel('ID token lifetime (seconds)')).toHaveValue('36000');
  });

  test('key rotation keeps the old key in the JWKS; the signing algorithm applies at once', async ({
    page,
  }) => {
    const tenant = new TenantEditorPage(page);
    await new FlowPage(page).playground.open('/');
    await tenant.open();
    await expect(tenant.signingKeys.getByRole('listitem')).toHaveCount(1);
    await tenant.rotateKeys.click();
    await expect(page.getByText('A new key signs from now on; the old ones stay in the JWKS.')).toBeVisible();
    await expect(tenant.signingKeys.getByRole('listitem')).toHaveCount(2);

    await page.getByLabel('Signing algorithm').selectOption('ES256');
    await expect(tenant.saveStatus).toHaveText('All changes saved');
    const flow = new FlowPage(page);
    await flow.open('client-credentials');
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token\./);
    const accessToken = await page.evaluate(() => {
      const run = JSON.parse(sessionStorage.getItem('oauth-playground:run') ?? '{}') as {
        tokens?: { access_token?: { value: string } };
      };
      return run.tokens?.access_token?.value ?? '';
    });
    const header = JSON.parse(Buffer.from(accessToken.split('.')[0], 'base64url').toString('utf8'));
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
  });
});
