import { describe, expect, it } from 'vitest';
import { DEMO_API, M2M, tokens, verifyWithJwks, WEB_APP } from '../endpoints/token-testing.ts';
import { createTestServer, storeFactories, type TestServer } from '../testing/harness.ts';
import { ACCESS_TOKEN_TYPE, ID_TOKEN_TYPE } from './token-exchange.ts';

const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';

async function aliceTokens(server: TestServer, scope = 'openid profile read:messages write:messages') {
  const { body } = await tokens(
    server,
    {
      grant_type: 'password',
      username: 'alice@example.com',
      password: 'wonderland',
      audience: DEMO_API,
      scope,
    },
    WEB_APP,
  );
  return { accessToken: String(body.access_token), idToken: String(body.id_token) };
}

describe.each(Object.entries(storeFactories))('token exchange (RFC 8693) (%s store)', (_name, makeStore) => {
  it('exchanges an access token for a narrower one and says the issued_token_type', async () => {
    const server = createTestServer({ makeStore });
    const { accessToken } = await aliceTokens(server);
    const { res, body } = await tokens(
      server,
      {
        grant_type: EXCHANGE,
        subject_token: accessToken,
        subject_token_type: ACCESS_TOKEN_TYPE,
        audience: DEMO_API,
        scope: 'read:messages',
      },
      WEB_APP,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({
      access_token: expect.any(String),
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'read:messages',
    });
    const claims = await verifyWithJwks(server, body.access_token, { typ: 'at+jwt', audience: DEMO_API });
    expect(claims).toMatchObject({
      sub: 'auth0|alice',
      azp: 'web-app',
      gty: 'token-exchange',
      scope: 'read:messages',
    });
    expect(claims.act).toBeUndefined();
  });

  it('exchanges an ID token, adds act for an actor token, and a refresh token for offline_access', async () => {
    const server = createTestServer({ makeStore });
    const { idToken } = await aliceTokens(server);
    const actor = await tokens(server, { grant_type: 'client_credentials', audience: DEMO_API }, M2M);
    const { res, body } = await tokens(
      server,
      {
        grant_type: EXCHANGE,
        subject_token: idToken,
        subject_token_type: ID_TOKEN_TYPE,
        actor_token: String(actor.body.access_token),
        actor_token_type: ACCESS_TOKEN_TYPE,
        audience: DEMO_API,
        scope: 'write:messages offline_access',
      },
      WEB_APP,
    );
    expect(res.status).toBe(200);
    expect(body.refresh_token).toEqual(expect.any(String));
    expect(body.scope).toBe('write:messages offline_access');
    const claims = await verifyWithJwks(server, body.access_token, { audience: DEMO_API });
    // RFC 8693 §4.1: the act claim names the acting party.
    expect(claims.act).toEqual({ sub: 'm2m@clients' });
    expect(claims.sub).toBe('auth0|alice');
  });

  it('keeps the subject access token scope when no scope is asked', async () => {
    const server = createTestServer({ makeStore });
    const { accessToken } = await aliceTokens(server, 'openid read:messages');
    const { body } = await tokens(
      server,
      {
        grant_type: EXCHANGE,
        subject_token: accessToken,
        subject_token_type: ACCESS_TOKEN_TYPE,
        audience: DEMO_API,
      },
      WEB_APP,
    );
    expect(body.scope).toBe('openid read:messages');
  });

  it('refuses a scope wider than the subject access token with invalid_scope', async () => {
    const server = createTestServer({ makeStore });
    const { accessToken } = await aliceTokens(server, 'read:messages');
    const { res, body } = await tokens(
      server,
      {
        grant_type: EXCHANGE,
        subject_token: accessToken,
        subject_token_type: ACCESS_TOKEN_TYPE,
        audience: DEMO_API,
        scope: 'write:messages',
      },
      WEB_APP,
    );
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_scope',
      error_description: "The scope exceeds the subject token's scope: write:messages",
    });
  });

  it.each([
    ['a forged token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', ACCESS_TOKEN_TYPE],
    ['an unknown opaque token', 'opaque', ACCESS_TOKEN_TYPE],
    ['an access token presented as an ID token', 'ACCESS', ID_TOKEN_TYPE],
  ])('refuses %s with invalid_request (RFC 8693 §2.2.2)', async (_what, token, type) => {
    const server = createTestServer({ makeStore });
    const { accessToken } = await aliceTokens(server);
    const { res, body } = await tokens(
      server,
      {
        grant_type: EXCHANGE,
        subject_token: token === 'ACCESS' ? accessToken : token,
        subject_token_type: type,
        audience: DEMO_API,
      },
      WEB_APP,
    );
    expect(res.status).toBe(400);
    expect(body.error).toBe('invalid_request');
  });

  it('refuses an expired subject token', async () => {
    const server = createTestServer({ makeStore });
    const { idToken } = await aliceTokens(server);
    server.clock.ms += 36_000_000;
    const { res, body } = await tokens(
      server,
      { grant_type: EXCHANGE, subject_token: idToken, subject_token_type: ID_TOKEN_TYPE, audience: DEMO_API },
      WEB_APP,
    );
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_request',
      error_description: 'subject_token is not a valid, unexpired ID token of this server.',
    });
  });

  it('refuses an unsupported subject_token_type', async () => {
    const server = createTestServer({ makeStore });
    const { res, body } = await tokens(
      server,
      {
        grant_type: EXCHANGE,
        subject_token: 'x',
        subject_token_type: 'urn:ietf:params:oauth:token-type:saml2',
      },
      WEB_APP,
    );
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_request',
      error_description: `Unsupported subject_token_type; use ${ACCESS_TOKEN_TYPE} or ${ID_TOKEN_TYPE}.`,
    });
  });

  it.each(['subject_token', 'subject_token_type'])('requires %s', async (name) => {
    const server = createTestServer({ makeStore });
    const form: Record<string, string> = {
      grant_type: EXCHANGE,
      subject_token: 'x',
      subject_token_type: ID_TOKEN_TYPE,
    };
    delete form[name];
    const { res, body } = await tokens(server, form, WEB_APP);
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_request',
      error_description: `Missing required parameter: ${name}`,
    });
  });

  it('requires actor_token_type with actor_token', async () => {
    const server = createTestServer({ makeStore });
    const { idToken } = await aliceTokens(server);
    const { res, body } = await tokens(
      server,
      {
        grant_type: EXCHANGE,
        subject_token: idToken,
        subject_token_type: ID_TOKEN_TYPE,
        actor_token: idToken,
      },
      WEB_APP,
    );
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_request',
      error_description: 'Missing required parameter: actor_token_type',
    });
  });

  it('answers an unknown audience with invalid_target (RFC 8693 §2.2.2)', async () => {
    const server = createTestServer({ makeStore });
    const { idToken } = await aliceTokens(server);
    const { res, body } = await tokens(
      server,
      {
        grant_type: EXCHANGE,
        subject_token: idToken,
        subject_token_type: ID_TOKEN_TYPE,
        audience: 'https://x.example',
      },
      WEB_APP,
    );
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_target',
      error_description: 'Unknown audience: https://x.example',
    });
  });

  it('refuses a revoked subject access token', async () => {
    const server = createTestServer({ makeStore });
    const { accessToken } = await aliceTokens(server);
    const revoked = await server.post('oauth/revoke', { token: accessToken }, WEB_APP);
    expect(revoked.status).toBe(200);
    const { res, body } = await tokens(
      server,
      {
        grant_type: EXCHANGE,
        subject_token: accessToken,
        subject_token_type: ACCESS_TOKEN_TYPE,
        audience: DEMO_API,
      },
      WEB_APP,
    );
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_request',
      error_description:
        'subject_token is not a valid access token of this server: The access token was revoked.',
    });
  });
});
