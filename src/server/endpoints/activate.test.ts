import { describe, expect, it } from 'vitest';
import { createTestServer, storeFactories, type TestServer } from '../testing/harness.ts';
import type { DeviceCodeRecord } from '../tokens/records.ts';
import { TestBrowser } from './authorize/browser-testing.ts';

interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri_complete: string;
}

async function startDevice(server: TestServer, scope = 'openid offline_access read:messages') {
  const res = await server.post('oauth/device/code', {
    client_id: 'device-app',
    scope,
    audience: 'https://api.example.com',
  });
  expect(res.status).toBe(200);
  return (await res.json()) as DeviceAuthorization;
}

async function deviceRecord(server: TestServer, deviceCode: string) {
  return server.store.get<DeviceCodeRecord>('deviceCodes', deviceCode);
}

async function poll(server: TestServer, deviceCode: string) {
  const res = await server.post('oauth/token', {
    grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
    device_code: deviceCode,
    client_id: 'device-app',
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.each(Object.entries(storeFactories))('/activate (%s store)', (_name, makeStore) => {
  it('prefills the Code field from verification_uri_complete, and does not approve by itself', async () => {
    const server = createTestServer({ makeStore });
    const device = await startDevice(server);
    const browser = new TestBrowser(server);
    const res = await browser.get(device.verification_uri_complete);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self';");
    const html = await res.text();
    expect(html).toContain('<h1>Activate your device</h1>');
    expect(html).toContain('<form method="post" action="http://localhost:4000/activate">');
    expect(html).toContain('<label for="user_code">Code</label>');
    expect(html).toContain(`value="${device.user_code}"`);
    expect(html).toContain('<button type="submit">Continue</button>');
    expect((await deviceRecord(server, device.device_code))?.status).toBe('pending');
  });

  it('escapes a reflected user_code', async () => {
    const browser = new TestBrowser(createTestServer({ makeStore }));
    const html = await (
      await browser.get('activate?user_code=%22%3E%3Cscript%3Ealert(1)%3C/script%3E')
    ).text();
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).not.toContain('<script>');
  });

  it('code -> login -> confirm -> Accept approves the device code (lower case, no dash accepted)', async () => {
    const server = createTestServer({ makeStore });
    const device = await startDevice(server);
    const browser = new TestBrowser(server);
    const typed = device.user_code.replace('-', '').toLowerCase();
    const afterCode = await browser.post('activate', { user_code: typed });
    expect(afterCode.status).toBe(303);
    const loginUrl = afterCode.headers.get('location') ?? '';
    expect(loginUrl).toMatch(/^http:\/\/localhost:4000\/u\/login\/[\w-]{43}$/);
    const loginPage = await (await browser.get(loginUrl)).text();
    expect(loginPage).toContain('Device App (public)');
    const afterLogin = await browser.login(loginUrl);
    expect(afterLogin.status).toBe(303);
    const confirmUrl = afterLogin.headers.get('location') ?? '';
    expect(confirmUrl).toMatch(/\/u\/consent\/[\w-]{43}$/);
    const confirm = await browser.get(confirmUrl);
    const html = await confirm.text();
    expect(html).toContain('<h1>Confirm your device</h1>');
    expect(html).toContain(`<p class="user-code">${device.user_code}</p>`);
    expect(html).toContain('<li><code>read:messages</code>: Read your messages</li>');
    expect(html).toContain('>Accept</button>');
    expect(html).toContain('>Decline</button>');
    expect((await poll(server, device.device_code)).body.error).toBe('authorization_pending');

    const done = await browser.post(confirmUrl, { decision: 'accept' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('<h1>Device connected</h1>');
    const now = Math.floor(server.clock.ms / 1000);
    expect(await deviceRecord(server, device.device_code)).toMatchObject({
      status: 'approved',
      userId: 'auth0|alice',
      authTime: now,
    });
    server.clock.ms += 5000;
    const tokens = await poll(server, device.device_code);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', scope: 'openid offline_access read:messages' });
    // The confirmation is used: a second Accept does nothing.
    expect((await browser.post(confirmUrl, { decision: 'accept' })).status).toBe(400);
  });

  it('with an SSO session, goes straight to the confirmation; Decline denies the device code', async () => {
    const server = createTestServer({ makeStore });
    const browser = new TestBrowser(server);
    const loginUrl = await browser.startLogin({
      response_type: 'code',
      client_id: 'web-app',
      redirect_uri: 'http://localhost:3000/callback',
    });
    await browser.login(loginUrl);
    const device = await startDevice(server);
    const afterCode = await browser.post('activate', { user_code: ` ${device.user_code} ` });
    const confirmUrl = afterCode.headers.get('location') ?? '';
    expect(confirmUrl).toMatch(/\/u\/consent\//);
    const done = await browser.post(confirmUrl, { decision: 'decline' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('<h1>Access denied</h1>');
    expect((await deviceRecord(server, device.device_code))?.status).toBe('denied');
    server.clock.ms += 5000;
    expect((await poll(server, device.device_code)).body.error).toBe('access_denied');
  });

  it('shows the form again with a clear message for an unknown, expired or used code', async () => {
    const server = createTestServer({ makeStore });
    const browser = new TestBrowser(server);
    const unknown = await browser.post('activate', { user_code: 'BCDF-GHJK' });
    expect(unknown.status).toBe(400);
    const html = await unknown.text();
    expect(html).toContain('That code is not valid. Check the code shown on your device and try again.');
    expect(html).toContain('<label for="user_code">Code</label>');
    expect(html).toContain('value="BCDF-GHJK"');

    const empty = await browser.post('activate', {});
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Enter the code shown on your device.');

    const device = await startDevice(server);
    server.clock.ms += 901_000;
    const expired = await browser.post('activate', { user_code: device.user_code });
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain(
      'That code has expired. Start again on your device to get a new code.',
    );

    const used = await startDevice(server);
    await server.store.update<DeviceCodeRecord>(
      'deviceCodes',
      used.device_code,
      (r) => r && { ...r, status: 'denied' },
    );
    const usedRes = await browser.post('activate', { user_code: used.user_code });
    expect(await usedRes.text()).toContain('That code was already used.');
  });

  it('a device code that expires while the user confirms is not approved', async () => {
    const server = createTestServer({ makeStore });
    const browser = new TestBrowser(server);
    const device = await startDevice(server);
    const loginUrl =
      (await browser.post('activate', { user_code: device.user_code })).headers.get('location') ?? '';
    const confirmUrl = (await browser.login(loginUrl)).headers.get('location') ?? '';
    server.clock.ms += 900_000;
    const res = await browser.post(confirmUrl, { decision: 'accept' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This code has expired or was already used.');
    expect((await deviceRecord(server, device.device_code))?.status).toBe('pending');
  });
});
