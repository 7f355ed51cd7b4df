import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { computeHashes, runChecks } from './checks.ts';
import { type DecodedJwt, readToken } from './decode.ts';

const URL_ = 'http://localhost:4000/api/messages';
const NOW = 1_800_000_000;

async function proof(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  const jwt = await new SignJWT({ htm: 'GET', htu: URL_, jti: 'j-1', iat: NOW, ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk, ...header })
    .sign(privateKey);
  return { token: readToken(jwt) as DecodedJwt, jkt: await calculateJwkThumbprint(jwk) };
}

const statuses = (checks: { id: string; status: string }[]) =>
  Object.fromEntries(checks.map((c) => [c.id, c.status]));

describe('the inspector reads DPoP proofs (RFC 9449 §4.3)', () => {
  it('a good proof for its request passes every check, and shows its key thumbprint', async () => {
    const { token, jkt } = await proof({ ath: 'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo' });
    const expected = {
      accessToken: 'Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU',
      dpop: { method: 'GET', url: `${URL_}?x=1` },
    };
    const hashes = await computeHashes(token, expected);
    const checks = runChecks(token, { expected, now: NOW + 5, clock: 'browser', hashes });
    expect(statuses(checks)).toEqual({
      'dpop-typ': 'pass',
      'dpop-alg': 'pass',
      'dpop-jwk': 'pass',
      'dpop-signature': 'pass',
      'dpop-htm': 'pass',
      'dpop-htu': 'pass',
      'dpop-iat': 'pass',
      'dpop-jti': 'pass',
      'dpop-ath': 'pass',
    });
    expect(checks.find((c) => c.id === 'dpop-jwk')?.detail).toContain(jkt);
  });

  it('fails another method or URL, an old iat, a wrong ath, a private jwk', async () => {
    const { token } = await proof({ ath: 'wrong' });
    const expected = {
      accessToken: 'token',
      dpop: { method: 'POST', url: 'http://localhost:4000/userinfo' },
    };
    const hashes = await computeHashes(token, expected);
    const checks = statuses(runChecks(token, { expected, now: NOW + 400, clock: 'browser', hashes }));
    expect(checks).toMatchObject({
      'dpop-htm': 'fail',
      'dpop-htu': 'fail',
      'dpop-iat': 'fail',
      'dpop-ath': 'fail',
    });
    const pair = await generateKeyPair('ES256', { extractable: true });
    const leaky = await new SignJWT({ htm: 'GET', htu: URL_, jti: 'x', iat: NOW })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(pair.privateKey) })
      .sign(pair.privateKey);
    const read = readToken(leaky) as DecodedJwt;
    expect(statuses(runChecks(read, { now: NOW, clock: 'browser' }))['dpop-jwk']).toBe('fail');
  });

  it('compares an access token’s cnf.jkt with the client’s key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const at = await new SignJWT({
      iss: 'i',
      sub: 's',
      aud: 'a',
      exp: NOW + 60,
      iat: NOW,
      scope: 'x',
      cnf: { jkt: 'abc' },
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' })
      .sign(privateKey);
    const token = readToken(at) as DecodedJwt;
    const check = (jkt?: string) =>
      runChecks(token, { now: NOW, clock: 'browser', expected: jkt ? { dpop: { jkt } } : undefined }).find(
        (c) => c.id === 'cnf',
      );
    expect(check('abc')?.status).toBe('pass');
    expect(check('xyz')?.status).toBe('fail');
    expect(check()?.status).toBe('info');
  });
});
