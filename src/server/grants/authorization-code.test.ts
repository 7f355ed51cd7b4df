import { describe, expect, it } from 'vitest';
import {
  basic,
  CALLBACK,
  DEMO_API,
  nowOf,
  putCode,
  putPkceCode,
  tokens,
  VERIFIER,
  verifyWithJwks,
  WEB_APP,
} from '../endpoints/token-testing.ts';
import { createTestServer, storeFactories } from '../testing/harness.ts';
import { s256 } from '../tokens/hash.ts';
import type { AuthorizationCodeRecord, GrantRecord } from '../tokens/records.ts';

const redeem = (code: string, extra: Record<string, string> = {}) => ({
  grant_type: 'authorization_code',
  code,
  redirect_uri: CALLBACK,
  ...extra,
});

describe.each(Object.entries(storeFactories))('authorization_code grant (%s store)', (_name, makeStore) => {
  it('exchanges a code for an access token, an ID token and a refresh token', async () => {
    const server = createTestServer({ makeStore });
    const { code } = await putCode(server);
    const { res, body } = await tokens(server, redeem(code), WEB_APP);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'openid profile email offline_access read:messages',
      id_token: expect.any(String),
      refresh_token: expect.any(String),
    });
    const now = nowOf(server);
    const access = await verifyWithJwks(server, body.access_token, { typ: 'at+jwt', audience: DEMO_API });
    expect(access).toMatchObject({
      iss: server.issuer,
      sub: 'auth0|alice',
      aud: [DEMO_API, 'http://localhost:4000/userinfo'],
      azp: 'web-app',
      scope: 'openid profile email offline_access read:messages',
      iat: now,
      exp: now + 86400,
    });
    const id = await verifyWithJwks(server, body.id_token, { typ: 'JWT', audience: 'web-app' });
    expect(id).toEqual({
      iss: server.issuer,
      sub: 'auth0|alice',
      aud: 'web-app',
      iat: now,
      exp: now + 36000,
      auth_time: now - 5,
      nonce: 'n-0S6_WzA2Mj',
      name: 'Alice Liddell',
      nickname: 'alice',
      picture: 'https://www.gravatar.com/avatar/alice?d=identicon',
      updated_at: Date.parse('2026-01-01T00:00:00.000Z') / 1000,
      given_name: 'Alice',
      family_name: 'Liddell',
      middle_name: 'Pleasance',
      preferred_username: 'alice',
      profile: 'https://example.com/users/alice',
      website: 'https://example.com/alice',
      gender: 'female',
      birthdate: '1852-05-04',
      zoneinfo: 'Europe/London',
      locale: 'en-GB',
      email: 'alice@example.com',
      email_verified: true,
    });
  });

  it('issues an opaque access token without audience, and no ID token or refresh token unless granted', async () => {
    const server = createTestServer({ makeStore });
    const { code } = await putCode(server, { audience: undefined, scope: ['read:messages'] });
    const { res, body } = await tokens(server, redeem(code), WEB_APP);
    expect(res.status).toBe(200);
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'read:messages',
    });
    expect(String(body.access_token)).not.toContain('.');
  });

  it('is single use: a second redemption is invalid_grant and revokes the tokens of the first (RFC 6749 §4.1.2)', async () => {
    const server = createTestServer({ makeStore });
    const { code } = await putCode(server);
    const first = await tokens(server, redeem(code), WEB_APP);
    expect(first.res.status).toBe(200);
    const userinfo = () =>
      server.fetch('userinfo', { headers: { Authorization: `Bearer ${first.body.access_token}` } });
    expect((await userinfo()).status).toBe(200);

    const second = await tokens(server, redeem(code), WEB_APP);
    expect(second.res.status).toBe(400);
    expect(second.body).toEqual({
      error: 'invalid_grant',
      error_description: 'The authorization code was already used; the tokens issued from it are revoked.',
    });
    expect((await userinfo()).status).toBe(401);
    const refresh = await tokens(
      server,
      { grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) },
      WEB_APP,
    );
    expect(refresh.res.status).toBe(400);
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('lets exactly one of two parallel redemptions succeed', async () => {
    const server = createTestServer({ makeStore });
    const { code } = await putCode(server);
    const results = await Promise.all([
      tokens(server, redeem(code), WEB_APP),
      tokens(server, redeem(code), WEB_APP),
    ]);
    expect(results.map((r) => r.res.status).sort()).toEqual([200, 400]);
    expect(results.find((r) => r.res.status === 400)?.body.error).toBe('invalid_grant');
    const record = await server.store.get<AuthorizationCodeRecord>('codes', code);
    const grant = await server.store.get<GrantRecord>('grants', String(record?.grantId));
    // The reuse revoked what the winner got.
    expect(grant?.revokedAt).toBe(nowOf(server));
  });

  it('answers an unknown code with invalid_grant', async () => {
    const server = createTestServer({ makeStore });
    const { res, body } = await tokens(server, redeem('no-such-code'), WEB_APP);
    expect(res.status).toBe(400);
    expect(body).toEqual({ error: 'invalid_grant', error_description: 'Invalid authorization code.' });
  });

  it('requires code', async () => {
    const server = createTestServer({ makeStore });
    const { res, body } = await tokens(
      server,
      { grant_type: 'authorization_code', redirect_uri: CALLBACK },
      WEB_APP,
    );
    expect(res.status).toBe(400);
    expect(body).toEqual({ error: 'invalid_request', error_description: 'Missing required parameter: code' });
  });

  it('binds the code to its client', async () => {
    const server = createTestServer({ makeStore });
    const { code } = await putCode(server, { clientId: 'spa' });
    const { res, body } = await tokens(server, redeem(code), WEB_APP);
    expect(res.status).toBe(400);
    expect(body.error).toBe('invalid_grant');
    // The rightful client can still use it.
    const record = await server.store.get<AuthorizationCodeRecord>('codes', code);
    expect(record?.consumedAt).toBeUndefined();
  });

  it('answers an expired code with invalid_grant', async () => {
    const server = createTestServer({ makeStore });
    const { code } = await putCode(server);
    server.clock.ms += 600_000;
    const { res, body } = await tokens(server, redeem(code), WEB_APP);
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_grant',
      error_description: 'The authorization code has expired.',
    });
  });

  it('accepts a code one second before it expires', async () => {
    const server = createTestServer({ makeStore });
    const { code } = await putCode(server);
    server.clock.ms += 599_000;
    expect((await tokens(server, redeem(code), WEB_APP)).res.status).toBe(200);
  });

  it('requires the redirect_uri sent to /authorize (RFC 6749 §4.1.3)', async () => {
    const server = createTestServer({ makeStore });
    const { code } = await putCode(server);
    const missing = await tokens(server, { grant_type: 'authorization_code', code }, WEB_APP);
    expect(missing.res.status).toBe(400);
    expect(missing.body).toEqual({
      error: 'invalid_request',
      error_description: 'Missing required parameter: redirect_uri',
    });
    const other = await tokens(
      server,
      redeem(code, { redirect_uri: 'https://oauth.pstmn.io/v1/callback' }),
      WEB_APP,
    );
    expect(other.res.status).toBe(400);
    expect(other.body).toEqual({
      error: 'invalid_grant',
      error_description: 'redirect_uri does not match the one sent to /authorize.',
    });
    expect((await tokens(server, redeem(code), WEB_APP)).res.status).toBe(200);
  });

  it('does not require redirect_uri when /authorize had none', async () => {
    const server = createTestServer({ makeStore });
    const { code } = await putCode(server, { redirectUri: undefined });
    expect((await tokens(server, { grant_type: 'authorization_code', code }, WEB_APP)).res.status).toBe(200);
  });

  it('answers a user removed from the tenant with invalid_grant', async () => {
    const server = createTestServer({ makeStore });
    const { code } = await putCode(server, { userId: 'auth0|gone' });
    const { res, body } = await tokens(server, redeem(code), WEB_APP);
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_grant',
      error_description: 'The user of this grant no longer exists.',
    });
  });

  describe('PKCE (RFC 7636)', () => {
    it('exchanges a code for a public client with the right S256 verifier', async () => {
      const server = createTestServer({ makeStore });
      const { code } = await putPkceCode(server);
      const { res, body } = await tokens(server, redeem(code, { client_id: 'spa', code_verifier: VERIFIER }));
      expect(res.status).toBe(200);
      expect(body.refresh_token).toEqual(expect.any(String));
      await verifyWithJwks(server, body.id_token, { audience: 'spa' });
    });

    it('accepts the plain method', async () => {
      const server = createTestServer({ makeStore });
      const { code } = await putPkceCode(server, { codeChallenge: VERIFIER, codeChallengeMethod: 'plain' });
      const { res } = await tokens(server, redeem(code, { client_id: 'spa', code_verifier: VERIFIER }));
      expect(res.status).toBe(200);
    });

    it('answers a wrong verifier with invalid_grant', async () => {
      const server = createTestServer({ makeStore });
      const { code } = await putPkceCode(server);
      const { res, body } = await tokens(
        server,
        redeem(code, { client_id: 'spa', code_verifier: `${VERIFIER}x` }),
      );
      expect(res.status).toBe(400);
      expect(body).toEqual({
        error: 'invalid_grant',
        error_description: 'code_verifier does not match the code_challenge.',
      });
    });

    it('answers a missing verifier with invalid_request', async () => {
      const server = createTestServer({ makeStore });
      const { code } = await putPkceCode(server);
      const { res, body } = await tokens(server, redeem(code, { client_id: 'spa' }));
      expect(res.status).toBe(400);
      expect(body).toEqual({
        error: 'invalid_request',
        error_description: 'Missing required parameter: code_verifier',
      });
    });

    it.each([
      ['too short', 'a'.repeat(42)],
      ['too long', 'a'.repeat(129)],
      ['outside the alphabet', `${'a'.repeat(42)}!`],
    ])('answers a verifier %s with invalid_request', async (_what, verifier) => {
      const server = createTestServer({ makeStore });
      const { code } = await putPkceCode(server, { codeChallenge: await s256(verifier) });
      const { res, body } = await tokens(server, redeem(code, { client_id: 'spa', code_verifier: verifier }));
      expect(res.status).toBe(400);
      expect(body).toEqual({
        error: 'invalid_request',
        error_description: 'code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~].',
      });
    });

    it('accepts verifiers of 43 and 128 characters', async () => {
      const server = createTestServer({ makeStore });
      for (const verifier of ['A'.repeat(43), '-._~'.repeat(32)]) {
        const { code } = await putPkceCode(server, { codeChallenge: await s256(verifier) });
        expect(
          (await tokens(server, redeem(code, { client_id: 'spa', code_verifier: verifier }))).res.status,
        ).toBe(200);
      }
    });

    it('refuses a verifier for a code issued without a challenge (RFC 9700 §2.1.1)', async () => {
      const server = createTestServer({ makeStore });
      const { code } = await putCode(server);
      const { res, body } = await tokens(server, redeem(code, { code_verifier: VERIFIER }), WEB_APP);
      expect(res.status).toBe(400);
      expect(body.error).toBe('invalid_grant');
    });

    it('refuses a public client code without a challenge', async () => {
      const server = createTestServer({ makeStore });
      const { code } = await putCode(server, { clientId: 'spa' });
      const { res, body } = await tokens(server, redeem(code, { client_id: 'spa' }));
      expect(res.status).toBe(400);
      expect(body.error).toBe('invalid_grant');
    });

    it('lets a confidential client use PKCE too', async () => {
      const server = createTestServer({ makeStore });
      const { code } = await putPkceCode(server, { clientId: 'web-app' });
      const { res } = await tokens(
        server,
        redeem(code, { code_verifier: VERIFIER }),
        basic('web-app', 'web-app-secret'),
      );
      expect(res.status).toBe(200);
    });
  });
});
