import { once } from 'node:events';
import { createServer } from 'node:net';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dpopKey } from '../server/dpop/testing.ts';
import { type NodeHost, startNodeHost } from './host.ts';

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
const CIBA = { Authorization: `Basic ${btoa('ciba-app:ciba-app-secret')}`, ...form };

describe('modern OAuth on the Node host over real HTTP', () => {
  let host: NodeHost;
  let base: string;
  beforeAll(async () => {
    host = await startNodeHost({ port: await freePort() });
    base = host.url;
  });
  afterAll(async () => {
    await host.close();
  });

  it('runs the README CIBA example: bc-authorize, the authentication device page, the poll', async () => {
    const start = await fetch(`${base}bc-authorize`, {
      method: 'POST',
      headers: CIBA,
      body: new URLSearchParams({
        scope: 'openid profile',
        login_hint: 'alice@example.com',
        binding_message: 'W4SCT',
      }),
    });
    expect(start.status).toBe(200);
    const { auth_req_id } = await start.json();
    const poll = () =>
      fetch(`${base}oauth/token`, {
        method: 'POST',
        headers: CIBA,
        body: new URLSearchParams({ grant_type: 'urn:openid:params:grant-type:ciba', auth_req_id }),
      });
    expect((await (await poll()).json()).error).toBe('authorization_pending');
    const login = await fetch(`${base}authentication-device`, {
      method: 'POST',
      headers: form,
      body: 'email=alice%40example.com&password=wonderland',
      redirect: 'manual',
    });
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0];
    const page = await (await fetch(`${base}authentication-device`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('W4SCT');
    const approvalId = /name="request" value="([\w-]+)"/.exec(page)?.[1] ?? '';
    const approve = await fetch(`${base}authentication-device`, {
      method: 'POST',
      headers: { ...form, Cookie: cookie },
      body: new URLSearchParams({ request: approvalId, decision: 'approve' }),
    });
    expect(await approve.text()).toContain('Approved');
    await new Promise((r) => setTimeout(r, 5100));
    const tokens = await poll();
    expect(tokens.status).toBe(200);
    expect(decodeJwt((await tokens.json()).id_token).sub).toBe('auth0|alice');
  }, 20_000);

  it('binds a client credentials token to a DPoP key, proof htu as the client called it', async () => {
    const key = await dpopKey(() => Math.floor(Date.now() / 1000));
    const url = `http://127.0.0.1:${host.port}/oauth/token`;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${btoa('m2m:m2m-secret')}`,
        ...form,
        DPoP: await key.proof('POST', url),
      },
      body: 'grant_type=client_credentials&audience=https%3A%2F%2Fapi.example.com',
    });
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.token_type).toBe('DPoP');
    const api = `${base}api/messages`;
    const ok = await fetch(api, {
      headers: {
        Authorization: `DPoP ${body.access_token}`,
        DPoP: await key.proof('GET', api, { accessToken: body.access_token }),
      },
    });
    expect(ok.status).toBe(200);
  });
});
