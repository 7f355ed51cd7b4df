import { describe, expect, it } from 'vitest';
import { createTestServer, storeFactories } from '../testing/harness.ts';
import { authorizePath, codeRequest, DEMO_API, TestBrowser } from './authorize/browser-testing.ts';

describe.each(Object.entries(storeFactories))('session and consent panel (%s store)', (_name, makeStore) => {
  it('GET /admin/session is null before a login, the user after; DELETE ends it', async () => {
    const server = createTestServer({ makeStore, sessionMode: 'profile' });
    const browser = new TestBrowser(server);
    const before = await browser.get('admin/session');
    expect(before.status).toBe(200);
    expect(before.headers.get('content-type')).toBe('application/json');
    expect(before.headers.get('cache-control')).toBe('no-store');
    expect(await before.json()).toEqual({ session: null });
    await browser.authorize(codeRequest());
    const authTime = Math.floor(server.clock.ms / 1000);
    expect(await (await browser.get('admin/session')).json()).toEqual({
      session: { userId: 'auth0|alice', email: 'alice@example.com', name: 'Alice Liddell', authTime },
    });
    const deleted = await server.fetch('admin/session', { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await (await browser.get('admin/session')).json()).toEqual({ session: null });
    expect((await browser.get(authorizePath(codeRequest()))).headers.get('location')).toMatch(/\/u\/login\//);
  });

  it('DELETE /admin/session in cookie mode clears the cookie', async () => {
    const server = createTestServer({ makeStore });
    const browser = new TestBrowser(server);
    await browser.authorize(codeRequest());
    const res = await server.fetch('admin/session', {
      method: 'DELETE',
      headers: { Cookie: `op_session=${browser.cookies.get('op_session')}` },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toBe('op_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
    expect(await (await browser.get('admin/session')).json()).toEqual({ session: null });
  });

  it('lists consents, revokes them by filter or all; a revoked consent is asked again', async () => {
    const server = createTestServer({ makeStore });
    const alice = new TestBrowser(server);
    await alice.authorize(codeRequest({ audience: DEMO_API, scope: 'openid read:messages' }));
    await alice.authorize(codeRequest({ client_id: 'spa', response_type: 'token' }));
    const bob = new TestBrowser(server);
    await bob.authorize(codeRequest(), { email: 'bob@example.com', password: 'builder' });
    const all = await (await server.fetch('admin/consents')).json();
    expect(all.consents).toHaveLength(3);
    expect(all.consents).toContainEqual({
      userId: 'auth0|alice',
      clientId: 'web-app',
      audience: DEMO_API,
      scopes: ['openid', 'read:messages'],
    });
    expect(all.consents).toContainEqual({
      userId: 'auth0|alice',
      clientId: 'spa',
      audience: null,
      scopes: ['openid', 'profile', 'email'],
    });
    const filtered = await (await server.fetch('admin/consents?user_id=auth0%7Cbob')).json();
    expect(filtered).toEqual({
      consents: [
        { userId: 'auth0|bob', clientId: 'web-app', audience: null, scopes: ['openid', 'profile', 'email'] },
      ],
    });

    const one = await server.fetch(
      `admin/consents?client_id=web-app&user_id=auth0%7Calice&audience=${encodeURIComponent(DEMO_API)}`,
      {
        method: 'DELETE',
      },
    );
    expect(one.status).toBe(204);
    expect((await (await server.fetch('admin/consents')).json()).consents).toHaveLength(2);
    const again = await alice.get(
      authorizePath(codeRequest({ audience: DEMO_API, scope: 'openid read:messages' })),
    );
    expect(again.headers.get('location')).toMatch(/\/u\/consent\//);

    expect((await server.fetch('admin/consents', { method: 'DELETE' })).status).toBe(204);
    expect(await (await server.fetch('admin/consents')).json()).toEqual({ consents: [] });
  });
});
