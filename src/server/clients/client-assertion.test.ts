import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  type ClientAlg,
  type ClientKey,
  clientAssertion,
  clientKey,
  JWT_BEARER,
  registerClient,
  signJwt,
} from '../testing/client-keys.ts';
import { createTestServer, storeFactories, type TestServer } from '../testing/harness.ts';

const API = 'https://api.example.com';

async function pkjClient(server: TestServer, alg: ClientAlg = 'ES256') {
  const key = await clientKey(alg);
  const { client_id } = await registerClient(server, {
    grant_types: ['client_credentials'],
    token_endpoint_auth_method: 'private_key_jwt',
    jwks: { keys: [key.publicJwk] },
  });
  return { key, clientId: client_id };
}

function tokenWith(server: TestServer, assertion: string, extra: Record<string, string> = {}) {
  return server.post('oauth/token', {
    grant_type: 'client_credentials',
    audience: API,
    client_assertion_type: JWT_BEARER,
    client_assertion: assertion,
    ...extra,
  });
}

async function expectInvalidClient(res: Response, description: string) {
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toBeNull();
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(await res.json()).toEqual({ error: 'invalid_client', error_description: description });
}

describe.each(Object.entries(storeFactories))('private_key_jwt (%s store)', (_name, makeStore) => {
  it.each(['RS256', 'PS256', 'ES256'] as const)(
    'authenticates a %s assertion at the token endpoint',
    async (alg) => {
      const server = createTestServer({ makeStore });
      const { key, clientId } = await pkjClient(server, alg);
      const res = await tokenWith(server, await clientAssertion(server, key, clientId), {
        client_id: clientId,
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({
        token_type: 'Bearer',
        scope: 'read:messages write:messages',
        expires_in: 86400,
      });
    },
  );

  it('accepts aud as the issuer, the token endpoint, or an array holding one of them (RFC 7523 section 3)', async () => {
    const server = createTestServer({ makeStore });
    const { key, clientId } = await pkjClient(server);
    for (const aud of [
      server.issuer,
      `${server.issuer}oauth/token`,
      ['https://other.example', server.issuer],
    ]) {
      const res = await tokenWith(server, await clientAssertion(server, key, clientId, { aud }));
      expect(res.status).toBe(200);
    }
  });

  it('refuses a replayed assertion (same jti): 401 invalid_client', async () => {
    const server = createTestServer({ makeStore });
    const { key, clientId } = await pkjClient(server);
    const assertion = await clientAssertion(server, key, clientId);
    expect((await tokenWith(server, assertion)).status).toBe(200);
    await expectInvalidClient(
      await tokenWith(server, assertion),
      'The client assertion was used before (same jti): make a new assertion for every request.',
    );
  });

  it('lets exactly one of two simultaneous uses of one assertion through (atomic jti store)', async () => {
    const server = createTestServer({ makeStore });
    const { key, clientId } = await pkjClient(server);
    const assertion = await clientAssertion(server, key, clientId);
    const statuses = (await Promise.all([tokenWith(server, assertion), tokenWith(server, assertion)])).map(
      (r) => r.status,
    );
    expect(statuses.sort()).toEqual([200, 401]);
  });

  it('refuses a foreign key, alg none, an HMAC and garbage: 401 invalid_client', async () => {
    const server = createTestServer({ makeStore });
    const { clientId } = await pkjClient(server);
    const foreign = await clientKey('ES256');
    await expectInvalidClient(
      await tokenWith(server, await clientAssertion(server, foreign, clientId)),
      "The client assertion's signature does not verify with the client's registered keys.",
    );
    const now = Math.floor(server.clock.ms / 1000);
    const claims = { iss: clientId, sub: clientId, aud: server.issuer, jti: 'j1', exp: now + 60 };
    await expectInvalidClient(
      await tokenWith(server, new UnsecuredJWT(claims).encode()),
      "The client assertion's alg 'none' is not accepted: sign it with RS256, PS256, ES256.",
    );
    const hmac = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    await expectInvalidClient(
      await tokenWith(server, hmac),
      "The client assertion's alg 'HS256' is not accepted: sign it with RS256, PS256, ES256.",
    );
    await expectInvalidClient(
      await tokenWith(server, 'not-a-jwt'),
      'client_assertion is not a signed JWT (header.payload.signature, base64url).',
    );
  });

  it('checks the claims: aud, iss = sub = client_id, exp, jti, and a short lifetime', async () => {
    const server = createTestServer({ makeStore });
    const { key, clientId } = await pkjClient(server);
    const now = Math.floor(server.clock.ms / 1000);
    const cases: [Record<string, unknown>, string][] = [
      [
        { aud: 'https://other.example/' },
        'The client assertion is not meant for this server: aud must be the issuer or the URL of this endpoint (RFC 7523 section 3).',
      ],
      [
        { sub: 'someone-else' },
        `The client assertion's iss and sub must both be the client_id ${clientId} (RFC 7523 section 3).`,
      ],
      [{ exp: now - 60 }, 'The client assertion has expired (exp).'],
      [
        { exp: undefined },
        'The client assertion is missing or has a bad exp claim (RFC 7523 section 3, OIDC Core section 9).',
      ],
      [
        { jti: undefined },
        'The client assertion is missing or has a bad jti claim (RFC 7523 section 3, OIDC Core section 9).',
      ],
      [{ nbf: now + 600 }, 'The client assertion is not valid yet (nbf is in the future).'],
      [
        { exp: now + 7200 },
        "The client assertion's exp is more than 3600 s ahead: make short-lived assertions.",
      ],
    ];
    for (const [overrides, description] of cases) {
      await expectInvalidClient(
        await tokenWith(server, await clientAssertion(server, key, clientId, overrides)),
        description,
      );
    }
    await expectInvalidClient(
      await tokenWith(server, await clientAssertion(server, key, 'unknown-client')),
      'Unknown client or wrong client credentials.',
    );
  });

  it('refuses a client_id that differs from the assertion, a wrong assertion type, and two methods at once', async () => {
    const server = createTestServer({ makeStore });
    const { key, clientId } = await pkjClient(server);
    await expectInvalidClient(
      await tokenWith(server, await clientAssertion(server, key, clientId), { client_id: 'web-app' }),
      'client_id does not match the iss of the client assertion.',
    );
    const wrongType = await tokenWith(server, await clientAssertion(server, key, clientId), {
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer',
    });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toEqual({
      error: 'invalid_request',
      error_description:
        'Unsupported client_assertion_type: urn:ietf:params:oauth:client-assertion-type:saml2-bearer (use urn:ietf:params:oauth:client-assertion-type:jwt-bearer).',
    });
    const noAssertion = await server.post('oauth/token', {
      grant_type: 'client_credentials',
      audience: API,
      client_assertion_type: JWT_BEARER,
    });
    expect(await noAssertion.json()).toEqual({
      error: 'invalid_request',
      error_description: 'Missing required parameter: client_assertion',
    });
    const both = await tokenWith(server, await clientAssertion(server, key, clientId), {
      client_secret: 'x',
    });
    expect(both.status).toBe(400);
    expect((await both.json()).error).toBe('invalid_request');
  });

  it('a private_key_jwt client cannot fall back to client_id alone; a secret client cannot use an assertion', async () => {
    const server = createTestServer({ makeStore });
    const { clientId } = await pkjClient(server);
    await expectInvalidClient(
      await server.post('oauth/token', {
        grant_type: 'client_credentials',
        audience: API,
        client_id: clientId,
      }),
      `Client ${clientId} authenticates with private_key_jwt: send a client_assertion.`,
    );
    const key = await clientKey('ES256');
    await expectInvalidClient(
      await tokenWith(server, await clientAssertion(server, key, 'm2m')),
      'Client m2m has no registered keys (jwks or jwks_uri).',
    );
    const withSecret = await registerClient(server, {
      grant_types: ['client_credentials'],
      jwks: { keys: [key.publicJwk] },
    });
    await expectInvalidClient(
      await tokenWith(server, await clientAssertion(server, key, withSecret.client_id)),
      `Client ${withSecret.client_id} is registered with token_endpoint_auth_method client_secret_basic, not private_key_jwt.`,
    );
  });

  it('authenticates at introspection and revocation too, with aud the endpoint called', async () => {
    const server = createTestServer({ makeStore });
    const { key, clientId } = await pkjClient(server);
    const { access_token } = await (
      await tokenWith(server, await clientAssertion(server, key, clientId))
    ).json();
    const introspect = await server.post('oauth/introspect', {
      token: access_token,
      client_assertion_type: JWT_BEARER,
      client_assertion: await clientAssertion(server, key, clientId, {
        aud: `${server.issuer}oauth/introspect`,
      }),
    });
    expect(introspect.status).toBe(200);
    expect(await introspect.json()).toMatchObject({ active: true, client_id: clientId });
    const revoke = await server.post('oauth/revoke', {
      token: access_token,
      client_assertion_type: JWT_BEARER,
      client_assertion: await clientAssertion(server, key, clientId, { aud: `${server.issuer}oauth/revoke` }),
    });
    expect(revoke.status).toBe(200);
    // An audience of another endpoint of this server is not this endpoint.
    await expectInvalidClient(
      await server.post('oauth/introspect', {
        token: access_token,
        client_assertion_type: JWT_BEARER,
        client_assertion: await clientAssertion(server, key, clientId, {
          aud: `${server.issuer}oauth/revoke`,
        }),
      }),
      'The client assertion is not meant for this server: aud must be the issuer or the URL of this endpoint (RFC 7523 section 3).',
    );
  });

  it('picks the key by kid among several registered keys', async () => {
    const server = createTestServer({ makeStore });
    const [a, b]: ClientKey[] = [await clientKey('ES256'), await clientKey('RS256')];
    const { client_id } = await registerClient(server, {
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [a.publicJwk, b.publicJwk] },
    });
    const now = Math.floor(server.clock.ms / 1000);
    const claims = { iss: client_id, sub: client_id, aud: server.issuer, exp: now + 60 };
    expect((await tokenWith(server, await signJwt(a, { ...claims, jti: 'a' }))).status).toBe(200);
    expect((await tokenWith(server, await signJwt(b, { ...claims, jti: 'b' }))).status).toBe(200);
  });
});
