import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { FlowPage } from './pages/flow.ts';

const API = 'https://api.example.com';

test.describe('Rich Authorization Requests (web-app, messages type)', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`edit the details, consent to them, the token carries them, the API honours them; axe on every step (${theme})`, async ({
      page,
    }) => {
      test.setTimeout(300_000);
      await page.emulateMedia({ colorScheme: theme });
      const flow = new FlowPage(page);
      await flow.open('rar');
      await expect(flow.heading).toHaveText('Rich Authorization Requests (RAR)');

      // The editor: the form and the JSON it produces.
      const raw = flow.param('Authorization details as JSON (sent as it is; edit it here too)');
      const first = flow.group('Authorization detail 1');
      await expect(first.getByRole('checkbox', { name: 'read' })).toBeChecked();
      await expect(first.getByRole('checkbox', { name: 'write' })).toBeChecked();
      await expect(first.getByLabel('Type', { exact: true })).toHaveValue('messages');
      await expect(first.getByLabel('Locations (one URL a line)')).toHaveValue(API);
      await flow.button('Add authorization detail').click();
      const second = flow.group('Authorization detail 2');
      await expect(second.getByRole('checkbox', { name: 'read' })).toBeChecked();
      await expect(second.getByRole('checkbox', { name: 'write' })).not.toBeChecked();
      expect(JSON.parse(await raw.inputValue())).toEqual([
        { type: 'messages', actions: ['read', 'write'], locations: [API] },
        { type: 'messages', actions: ['read'], locations: [API] },
      ]);
      await expectNoAxeViolations(page, `the authorization_details editor (${theme})`);
      await flow.button('Remove authorization detail 2').click();
      await expect(second).toHaveCount(0);
      await first.getByRole('checkbox', { name: 'write' }).uncheck();
      expect(JSON.parse(await raw.inputValue())).toEqual([
        { type: 'messages', actions: ['read'], locations: [API] },
      ]);
      await first.getByRole('checkbox', { name: 'write' }).check();
      expect(JSON.parse(await raw.inputValue())).toEqual([
        { type: 'messages', actions: ['read', 'write'], locations: [API] },
      ]);

      await flow.button('Derive the code challenge').click();
      await expect(flow.result).toHaveText('code_challenge ready (method S256).');
      await expectNoAxeViolations(page, `PKCE step done (${theme})`);
      await flow.nextStep.click();

      await expect(flow.currentStepHeading()).toHaveText('Step 2 of 5: Authorize with authorization_details');
      await expect(flow.rawRequest).toHaveValue(
        /&authorization_details=%5B%7B%22type%22%3A%22messages%22%2C%22actions%22%3A%5B%22read%22%2C%22write%22%5D%2C%22locations%22%3A%5B%22https%3A%2F%2Fapi\.example\.com%22%5D%7D%5D HTTP/,
      );
      await flow.openInFrame.click();
      const frame = flow.frame();
      await frame.logInAs();
      // RFC 9396 §4: the consent page says in words what the details ask.
      await expect(frame.root.getByText(`Read and write your messages at ${API}`)).toBeVisible();
      await expectNoAxeViolations(page, `the consent page with the details (${theme})`);
      await frame.accept.click();
      await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
      await flow.nextStep.click();

      await flow.button('Send the token request').click();
      await expect(flow.result).toHaveText(
        /^Tokens received: access_token, id_token\. Scope granted: openid profile\.$/,
      );
      for (const label of [
        'authorization_details in the token response',
        'authorization_details claim of the access token',
      ]) {
        expect(JSON.parse((await flow.fact(label).textContent()) ?? '')).toEqual([
          { type: 'messages', actions: ['read', 'write'], locations: [API] },
        ]);
      }
      await expectNoAxeViolations(page, `token step done (${theme})`);
      await flow.nextStep.click();

      await flow.button('Read the messages (GET)').click();
      await expect(flow.result).toHaveText(
        /^200: the API honoured the read grant and read \d+ message\(s\)\.$/,
      );
      await expectNoAxeViolations(page, `API read step done (${theme})`);
      await flow.nextStep.click();

      await flow.button('Write a message (POST)').click();
      await expect(flow.result).toHaveText(
        /^201: the API honoured the write grant and wrote message [\w-]+\.$/,
      );
      await expectNoAxeViolations(page, `API write step done (${theme})`);
    });
  }

  test('the raw JSON: invalid JSON is explained and kept as typed; the form returns once it parses', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.open('rar');
    const raw = flow.param('Authorization details as JSON (sent as it is; edit it here too)');
    const broken = `[{"type": "messages", "actions": ["read"`;
    await raw.fill(broken);
    await expect(
      page.getByText(/^Not valid JSON: .+\. Your text is kept as typed; the form returns once it parses\.$/),
    ).toBeVisible();
    await expect(raw).toHaveValue(broken);
    await expect(raw).toHaveAttribute('aria-invalid', 'true');
    await expect(flow.group('Authorization detail 1')).toHaveCount(0);
    await expectNoAxeViolations(page, 'the editor with invalid JSON');
    await raw.fill(`[{"type": "messages", "actions": ["write"], "locations": ["https://evil.example"]}]`);
    await expect(flow.group('Authorization detail 1').getByRole('checkbox', { name: 'write' })).toBeChecked();
    await expect(page.getByText(`Entry 1: the only location is the API, ${API}.`)).toBeVisible();
  });

  test('error preset: an unknown type is invalid_authorization_details, redirected to the app', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.open('rar');
    await flow.preset('Unknown authorization_details type').click();
    await expect(flow.presets.getByRole('alert')).toHaveText(
      /^The server answered invalid_authorization_details: authorization_details\[0\]: unknown type ["']payment_initiation["'] \(supported: messages\)\./,
    );
  });

  test('error preset: a write with only read granted is 403 insufficient_scope at the API', async ({
    page,
  }) => {
    const flow = new FlowPage(page);
    await flow.open('rar');
    await flow.preset('Write at the API with only read granted').click();
    await flow.frame().logInAs();
    await expect(flow.frame().root.getByText(`Read your messages at ${API}`)).toBeVisible();
    await flow.frame().accept.click();
    await expect(flow.presets.getByRole('alert')).toHaveText(
      /^403 insufficient_scope: .*\(WWW-Authenticate: Bearer .*error="insufficient_scope"/,
    );
  });
});

test.describe('Rich Authorization Requests without service workers (the server in the page)', () => {
  test.use({ serviceWorkers: 'block' });

  test('authorize with the details in the worker-less browser, tokens, read and write at the API', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const flow = new FlowPage(page);
    await flow.openInPageMode('rar');
    await flow.button('Derive the code challenge').click();
    await flow.nextStep.click();
    await flow.authorizeInFrame();
    await expect(flow.result).toHaveText('State matches. Received an authorization code by query.');
    await flow.nextStep.click();
    await flow.button('Send the token request').click();
    await expect(flow.result).toHaveText(/^Tokens received: access_token, id_token\./);
    await flow.nextStep.click();
    await flow.button('Read the messages (GET)').click();
    await expect(flow.result).toHaveText(/^200: the API honoured the read grant/);
    await flow.nextStep.click();
    await flow.button('Write a message (POST)').click();
    await expect(flow.result).toHaveText(/^201: the API honoured the write grant/);
  });
});
