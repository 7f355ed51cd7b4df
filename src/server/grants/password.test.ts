import { describe, expect, it } from 'vitest';
import { DEMO_API, nowOf, tokens, verifyWithJwks, WEB_APP } from '../endpoints/token-testing.ts';
import { createTestServer, storeFactories } from '../testing/harness.ts';

const REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm';
const alice = { username: 'alice@example.com', password: 'wonderland' };

describe.each(Object.entries(storeFactories))('password grants (%s store)', (_name, makeStore) => {
  it('issues tokens for the right email and password, with a refresh token for offline_access', async () => {
    const server = createTestServer({ makeStore });
    const { res, body } = await tokens(
      server,
      {
        grant_type: 'password',
        ...alice,
        audience: DEMO_API,
        scope: 'openid email offline_access read:messages',
      },
      WEB_APP,
    );
    expect(res.status).toBe(200);
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'openid email offline_access read:messages',
      id_token: expect.any(String),
      refresh_token: expect.any(String),
    });
    const access = await verifyWithJwks(server, body.access_token, { typ: 'at+jwt', audience: DEMO_API });
    expect(access).toMatchObject({ sub: 'auth0|alice', gty: 'password', azp: 'web-app' });
    const id = await verifyWithJwks(server, body.id_token, { audience: 'web-app' });
    expect(id).toMatchObject({
      sub: 'auth0|alice',
      email: 'alice@example.com',
      email_verified: true,
      auth_time: nowOf(server),
    });
    expect(id.name).toBeUndefined();
  });

  it('matches the email case-insensitively', async () => {
    const server = createTestServer({ makeStore });
    const { res } = await tokens(
      server,
      { grant_type: 'password', username: 'Alice@Example.com', password: 'wonderland' },
      WEB_APP,
    );
    expect(res.status).toBe(200);
  });

  it('drops unknown scopes and says what was granted (RFC 6749 §3.3)', async () => {
    const server = createTestServer({ makeStore });
    const { body } = await tokens(
      server,
      { grant_type: 'password', ...alice, scope: 'openid launch:rockets' },
      WEB_APP,
    );
    expect(body.scope).toBe('openid');
    expect(body.refresh_token).toBeUndefined();
  });

  it.each([
    ['a wrong password', { username: 'alice@example.com', password: 'nope' }],
    ['an unknown user', { username: 'mallory@example.com', password: 'wonderland' }],
    ["another user's password", { username: 'bob@example.com', password: 'wonderland' }],
  ])(
    'answers %s with 400 invalid_grant (RFC 6749 §5.2) "Wrong email or password."',
    async (_what, credentials) => {
      const server = createTestServer({ makeStore });
      const { res, body } = await tokens(server, { grant_type: 'password', ...credentials }, WEB_APP);
      expect(res.status).toBe(400);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(body).toEqual({ error: 'invalid_grant', error_description: 'Wrong email or password.' });
    },
  );

  it.each(['username', 'password'])('requires %s', async (name) => {
    const server = createTestServer({ makeStore });
    const form: Record<string, string> = { grant_type: 'password', ...alice };
    delete form[name];
    const { res, body } = await tokens(server, form, WEB_APP);
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_request',
      error_description: `Missing required parameter: ${name}`,
    });
  });

  it('answers an unknown audience with 403 access_denied', async () => {
    const server = createTestServer({ makeStore });
    const { res, body } = await tokens(
      server,
      { grant_type: 'password', ...alice, audience: 'https://x.example' },
      WEB_APP,
    );
    expect(res.status).toBe(403);
    expect(body).toEqual({
      error: 'access_denied',
      error_description: 'Service not found: https://x.example',
    });
  });

  it('password-realm: issues tokens when realm is the user connection', async () => {
    const server = createTestServer({ makeStore });
    const { res, body } = await tokens(
      server,
      { grant_type: REALM_GRANT, ...alice, realm: 'Username-Password-Authentication', scope: 'openid' },
      WEB_APP,
    );
    expect(res.status).toBe(200);
    expect(body.id_token).toEqual(expect.any(String));
    expect(String(body.access_token)).not.toContain('.');
  });

  it('password-realm: requires realm, and a connection of the tenant', async () => {
    const server = createTestServer({ makeStore });
    const missing = await tokens(server, { grant_type: REALM_GRANT, ...alice }, WEB_APP);
    expect(missing.res.status).toBe(400);
    expect(missing.body).toEqual({
      error: 'invalid_request',
      error_description: 'Missing required parameter: realm',
    });
    const unknown = await tokens(
      server,
      { grant_type: REALM_GRANT, ...alice, realm: 'google-oauth2' },
      WEB_APP,
    );
    expect(unknown.res.status).toBe(400);
    expect(unknown.body).toEqual({
      error: 'invalid_request',
      error_description: 'Unknown realm: google-oauth2',
    });
  });

  it('password-realm: a user of another connection is "Wrong email or password."', async () => {
    const server = createTestServer({
      makeStore,
      tenant: {
        users: [{ id: 'db|carol', email: 'carol@example.com', password: 'pw', connection: 'other-db' }],
        apis: [],
        clients: [
          {
            clientId: 'web-app',
            type: 'confidential',
            clientSecret: 'web-app-secret',
            grantTypes: [REALM_GRANT],
          },
        ],
        connections: [{ name: 'Username-Password-Authentication' }, { name: 'other-db' }],
      },
    });
    const carol = { username: 'carol@example.com', password: 'pw' };
    const wrong = await tokens(
      server,
      { grant_type: REALM_GRANT, ...carol, realm: 'Username-Password-Authentication' },
      WEB_APP,
    );
    expect(wrong.res.status).toBe(400);
    expect(wrong.body.error_description).toBe('Wrong email or password.');
    const right = await tokens(server, { grant_type: REALM_GRANT, ...carol, realm: 'other-db' }, WEB_APP);
    expect(right.res.status).toBe(200);
  });
});
