import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTestServer, storeFactories, type TestServer } from '../testing/harness.ts';
import { TestBrowser } from './authorize/browser-testing.ts';

const CIBA = { Authorization: `Basic ${btoa('ciba-app:ciba-app-secret')}` };
const GRANT = 'urn:openid:params:grant-type:ciba';

async function start(server: TestServer, form: Record<string, string> = {}) {
  return server.post(
    'bc-authorize',
    { scope: 'openid profile', login_hint: 'alice@example.com', binding_message: 'W4SCT', ...form },
    CIBA,
  );
}

const poll = (server: TestServer, authReqId: string) =>
  server.post('oauth/token', { grant_type: GRANT, auth_req_id: authReqId }, CIBA);

/** The user on the authentication device: logs in, then presses Approve or Deny on the one request. */
async function decide(server: TestServer, decision: 'approve' | 'deny') {
  const device = new TestBrowser(server);
  const login = await device.post('authentication-device', {
    email: 'alice@example.com',
    password: 'wonderland',
  });
  expect(login.status).toBe(303);
  const html = await (await device.get('authentication-device')).text();
  expect(html).toContain('Check that the application shows: <strong class="binding-message">W4SCT</strong>');
  const approvalId = /name="request" value="([\w-]+)"/.exec(html)?.[1] ?? '';
  return device.post('authentication-device', { request: approvalId, decision });
}

describe.each(Object.entries(storeFactories))('CIBA poll mode (%s store)', (_name, makeStore) => {
  it('is advertised in discovery', async () => {
    const doc = await (
      await createTestServer({ makeStore }).fetch('.well-known/openid-configuration')
    ).json();
    expect(doc).toMatchObject({
      backchannel_authentication_endpoint: 'http://localhost:4000/bc-authorize',
      backchannel_token_delivery_modes_supported: ['poll'],
    });
    expect(doc.grant_types_supported).toContain(GRANT);
  });

  it('auth_req_id: authorization_pending, slow_down, then tokens once the user approves, once', async () => {
    const server = createTestServer({ makeStore });
    const res = await start(server);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toEqual({ auth_req_id: expect.stringMatching(/^[\w-]{43}$/), expires_in: 300, interval: 5 });
    const pending = await poll(server, body.auth_req_id);
    expect(pending.status).toBe(400);
    expect(await pending.json()).toEqual({
      error: 'authorization_pending',
      error_description: 'The user has not yet approved the request on their device.',
    });
    expect((await (await poll(server, body.auth_req_id)).json()).error).toBe('slow_down');
    const approved = await decide(server, 'approve');
    expect(await approved.text()).toContain('Approved');
    server.clock.ms += 11_000;
    const token = await poll(server, body.auth_req_id);
    const tokens = await token.json();
    expect(token.status, JSON.stringify(tokens)).toBe(200);
    expect(decodeJwt(tokens.id_token)).toMatchObject({ sub: 'auth0|alice', aud: 'ciba-app' });
    const again = await poll(server, body.auth_req_id);
    expect((await again.json()).error).toBe('invalid_grant');
  });

  it('access_denied when the user denies, expired_token after expiry', async () => {
    const server = createTestServer({ makeStore });
    const denied = (await (await start(server)).json()).auth_req_id;
    await decide(server, 'deny');
    expect(await (await poll(server, denied)).json()).toEqual({
      error: 'access_denied',
      error_description: 'The user denied the authentication request.',
    });
    const late = (await (await start(server, { requested_expiry: '60' })).json()).auth_req_id;
    server.clock.ms += 61_000;
    expect((await (await poll(server, late)).json()).error).toBe('expired_token');
  });

  it('refuses public or non-CIBA clients, a missing openid, hint or user, and a bad binding message', async () => {
    const server = createTestServer({ makeStore });
    const spa = await server.post('bc-authorize', {
      client_id: 'spa',
      scope: 'openid',
      login_hint: 'alice@example.com',
    });
    expect(await spa.json()).toEqual({
      error: 'unauthorized_client',
      error_description: 'The client spa may not use CIBA.',
    });
    const cases: [Record<string, string>, string, number][] = [
      [{ scope: 'profile' }, 'invalid_scope', 400],
      [{ login_hint: 'nobody@example.com' }, 'unknown_user_id', 400],
      [{ binding_message: 'x'.repeat(65) }, 'invalid_binding_message', 400],
      [{ id_token_hint: 'x' }, 'invalid_request', 400],
      [{ requested_expiry: '-1' }, 'invalid_request', 400],
    ];
    for (const [form, error, status] of cases) {
      const res = await start(server, form);
      expect(res.status, error).toBe(status);
      expect((await res.json()).error).toBe(error);
    }
    const wrongSecret = await server.post(
      'bc-authorize',
      { scope: 'openid', login_hint: 'alice@example.com' },
      { Authorization: `Basic ${btoa('ciba-app:nope')}` },
    );
    expect(wrongSecret.status).toBe(401);
  });

  it('the authentication device page asks for a login first, escapes the binding message, and shows only the user’s requests', async () => {
    const server = createTestServer({ makeStore });
    await start(server, { binding_message: '<b>hi</b>' });
    const device = new TestBrowser(server);
    const first = await (await device.get('authentication-device')).text();
    expect(first).toContain('<label for="email">Email</label>');
    await device.post('authentication-device', { email: 'bob@example.com', password: 'builder' });
    expect(await (await device.get('authentication-device')).text()).toContain('No request is waiting.');
    await device.post('authentication-device', { email: 'alice@example.com', password: 'wonderland' });
    const html = await (await device.get('authentication-device')).text();
    expect(html).toContain('&lt;b&gt;hi&lt;/b&gt;');
    expect(html).not.toContain('<b>hi');
  });
});
