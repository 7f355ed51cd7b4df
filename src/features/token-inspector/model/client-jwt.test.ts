import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { inferKind, runChecks } from './checks.ts';
import { type DecodedJwt, readToken } from './decode.ts';
import { verifySignature } from './verify.ts';

const ISSUER = 'http://localhost:4000/server/';
const NOW = 1_800_000_000;
const CLIENT = 'dyn_client_1';

async function sign(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwt = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', ...header }).sign(privateKey);
  return { token: readToken(jwt) as DecodedJwt, jwk: await exportJWK(publicKey) };
}

const assertion = (overrides: Record<string, unknown> = {}) =>
  sign({ iss: CLIENT, sub: CLIENT, aud: ISSUER, jti: 'a-1', iat: NOW, exp: NOW + 60, ...overrides });

const requestObject = (overrides: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
  sign(
    {
      iss: CLIENT,
      aud: ISSUER,
      client_id: CLIENT,
      iat: NOW,
      exp: NOW + 300,
      response_type: 'code',
      redirect_uri: 'http://localhost:4000/callback',
      scope: 'openid',
      nonce: 'n-1',
      ...overrides,
    },
    { typ: 'oauth-authz-req+jwt', ...header },
  );

const statuses = (checks: { id: string; status: string }[]) =>
  Object.fromEntries(checks.map((c) => [c.id, c.status]));
const detail = (checks: { id: string; detail: string }[], id: string) =>
  checks.find((c) => c.id === id)?.detail;

describe('the inspector reads private_key_jwt client assertions (RFC 7523 §3)', () => {
  it('recognises one, and a good one passes each check', async () => {
    const { token } = await assertion();
    expect(inferKind(token)).toBe('client-assertion');
    const checks = runChecks(token, { now: NOW + 5, clock: 'browser', serverIssuer: ISSUER });
    expect(statuses(checks)).toEqual({
      signature: 'info',
      alg: 'pass',
      iss: 'info',
      sub: 'pass',
      aud: 'pass',
      jti: 'pass',
      exp: 'pass',
      iat: 'pass',
      lifetime: 'pass',
    });
    expect(detail(checks, 'aud')).toBe(`${ISSUER}, the issuer.`);
    expect(detail(checks, 'lifetime')).toBe('60 s: short-lived, as it should be.');
  });

  it('accepts the token endpoint as aud; fails another sub, another client, no jti, expiry and a long life', async () => {
    const endpoint = (await assertion({ aud: `${ISSUER}oauth/token` })).token;
    const ok = runChecks(endpoint, { now: NOW, clock: 'browser', serverIssuer: ISSUER });
    expect(detail(ok, 'aud')).toBe(`${ISSUER}oauth/token, the token endpoint.`);

    const { token } = await assertion({
      sub: 'alice',
      jti: undefined,
      aud: 'https://evil.example',
      exp: NOW + 7200,
    });
    const checks = runChecks(token, {
      kind: 'client-assertion',
      now: NOW + 10,
      clock: 'browser',
      expected: { issuer: ISSUER, clientId: 'someone-else' },
    });
    expect(statuses(checks)).toMatchObject({
      iss: 'fail',
      sub: 'fail',
      aud: 'fail',
      jti: 'fail',
      lifetime: 'fail',
    });
    expect(detail(checks, 'iss')).toBe(`"${CLIENT}", but the client is "someone-else".`);
    expect(detail(checks, 'lifetime')).toBe('7200 s: more than the 3600 s this server accepts.');
    const late = runChecks((await assertion()).token, {
      now: NOW + 61,
      clock: 'browser',
      serverIssuer: ISSUER,
    });
    expect(statuses(late).exp).toBe('fail');
  });

  it('fails HS256 (a shared secret, not the client key) and alg none', async () => {
    const secret = new TextEncoder().encode('x'.repeat(32));
    const hs = await new SignJWT({ iss: CLIENT, sub: CLIENT, aud: ISSUER, jti: 'a', exp: NOW + 60 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(secret);
    const checks = runChecks(readToken(hs) as DecodedJwt, {
      now: NOW,
      clock: 'browser',
      serverIssuer: ISSUER,
    });
    expect(statuses(checks).alg).toBe('fail');
    const none = `${btoa('{"alg":"none"}').replace(/=+$/, '')}.${hs.split('.')[1] ?? ''}.`;
    const unsigned = runChecks(readToken(none) as DecodedJwt, {
      now: NOW,
      clock: 'browser',
      serverIssuer: ISSUER,
    });
    expect(detail(unsigned, 'alg')).toBe('none: an unsigned client assertion is refused.');
  });

  it('verifies the signature with the client’s public JWK, and not with another key', async () => {
    const { token, jwk } = await assertion();
    expect((await verifySignature(token, { type: 'jwks', jwks: { keys: [jwk] } })).status).toBe('valid');
    const other = await assertion();
    expect((await verifySignature(token, { type: 'jwks', jwks: { keys: [other.jwk] } })).status).not.toBe(
      'valid',
    );
  });
});

describe('the inspector reads JAR request objects (RFC 9101)', () => {
  it('recognises one by its typ or its parameters, and a good one passes each check', async () => {
    const { token } = await requestObject();
    expect(inferKind(token)).toBe('request-object');
    const untyped = await requestObject({}, { typ: undefined });
    expect(inferKind(untyped.token)).toBe('request-object');
    const checks = runChecks(token, {
      now: NOW + 5,
      clock: 'browser',
      serverIssuer: ISSUER,
      expected: { clientId: CLIENT },
    });
    expect(statuses(checks)).toEqual({
      signature: 'info',
      typ: 'pass',
      alg: 'pass',
      iss: 'pass',
      client_id: 'pass',
      aud: 'pass',
      exp: 'pass',
      iat: 'pass',
    });
    expect(statuses(runChecks(untyped.token, { now: NOW, clock: 'browser', serverIssuer: ISSUER })).typ).toBe(
      'info',
    );
  });

  it('fails another typ, a client_id unlike iss, an audience not the issuer, and a nested request', async () => {
    const { token } = await requestObject(
      { client_id: 'other', aud: 'https://evil.example', request_uri: 'urn:x' },
      { typ: 'JWT' },
    );
    const checks = runChecks(token, {
      kind: 'request-object',
      now: NOW,
      clock: 'browser',
      serverIssuer: ISSUER,
    });
    expect(statuses(checks)).toMatchObject({ typ: 'fail', client_id: 'fail', aud: 'fail', nested: 'fail' });
    expect(detail(checks, 'client_id')).toBe(`"other", but iss is "${CLIENT}".`);
    expect(detail(checks, 'nested')).toBe('request_uri inside: a request object must not carry them.');
  });
});
