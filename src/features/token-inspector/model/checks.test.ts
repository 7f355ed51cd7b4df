import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { type Check, computeHashes, hashForAlg, inferKind, leftHalfHash, runChecks } from './checks.ts';
import { type DecodedJwt, readToken } from './decode.ts';

const NOW = 1_800_000_000;
const ISSUER = 'http://localhost:4173/server/';

function jwt(header: Record<string, unknown>, payload: Record<string, unknown>): DecodedJwt {
  const enc = (v: unknown) => base64url.encode(JSON.stringify(v));
  const reading = readToken(`${enc(header)}.${enc(payload)}.${base64url.encode(new Uint8Array(64))}`);
  if (reading.type !== 'jwt') throw new Error('test token must decode');
  return reading;
}

function byId(checks: Check[]): Record<string, Pick<Check, 'status' | 'detail'>> {
  return Object.fromEntries(checks.map((c) => [c.id, { status: c.status, detail: c.detail }]));
}

const idToken = jwt(
  { alg: 'RS256', typ: 'JWT', kid: 'k' },
  {
    iss: ISSUER,
    sub: 'auth0|alice',
    aud: 'spa',
    iat: NOW - 60,
    exp: NOW + 36000 - 60,
    auth_time: NOW - 70,
    nonce: 'n-0S6_WzA2Mj',
    // OIDC Core §A.4 example: at_hash of "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y" is "77QmUPtjPfzWtF2AnpK9RQ".
    at_hash: '77QmUPtjPfzWtF2AnpK9RQ',
    // OIDC Core §A.4: c_hash of "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk" is "LDktKdoQak3Pk0cnXxCltA".
    c_hash: 'LDktKdoQak3Pk0cnXxCltA',
  },
);

const accessToken = jwt(
  { alg: 'RS256', typ: 'at+jwt', kid: 'k' },
  {
    iss: ISSUER,
    sub: 'auth0|alice',
    aud: ['https://api.example.com', `${ISSUER}userinfo`],
    iat: NOW - 10,
    exp: NOW + 86390,
    scope: 'openid read:messages',
    jti: 'abc',
    client_id: 'spa',
    azp: 'spa',
  },
);

describe('leftHalfHash', () => {
  it('matches the examples of OpenID Connect Core Appendix A.4', async () => {
    expect(await leftHalfHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y', 'RS256')).toBe(
      '77QmUPtjPfzWtF2AnpK9RQ',
    );
    expect(await leftHalfHash('Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk', 'RS256')).toBe(
      'LDktKdoQak3Pk0cnXxCltA',
    );
  });

  it('uses the hash of the alg', async () => {
    expect(hashForAlg('ES384')).toBe('SHA-384');
    expect(hashForAlg('PS512')).toBe('SHA-512');
    expect(hashForAlg('EdDSA')).toBe('SHA-512');
    expect(hashForAlg('none')).toBeUndefined();
    expect((await leftHalfHash('x', 'ES384'))?.length).toBe(32);
    expect(await leftHalfHash('x', 'none')).toBeUndefined();
  });
});

describe('inferKind', () => {
  it('reads the kind from typ and claims, and prefers the caller', () => {
    expect(inferKind(accessToken)).toBe('access');
    expect(inferKind(idToken)).toBe('id');
    expect(inferKind(idToken, 'access')).toBe('access');
    expect(inferKind(jwt({ alg: 'RS256' }, { sub: 'x' }))).toBeUndefined();
  });
});

describe('runChecks', () => {
  it('passes a good ID token against what the client expects', async () => {
    const expected = {
      issuer: ISSUER,
      clientId: 'spa',
      nonce: 'n-0S6_WzA2Mj',
      accessToken: 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y',
      code: 'Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk',
    };
    const checks = runChecks(idToken, {
      kind: 'id',
      expected,
      now: NOW,
      clock: 'server',
      signature: { status: 'valid', message: 'Signature valid (RS256).' },
      hashes: await computeHashes(idToken, expected),
    });
    expect(checks.map((c) => c.id)).toEqual([
      'signature',
      'alg',
      'typ',
      'iss',
      'aud',
      'exp',
      'iat',
      'nonce',
      'at_hash',
      'c_hash',
      'azp',
      'required',
    ]);
    const results = byId(checks);
    expect(results.signature).toEqual({ status: 'pass', detail: 'Signature valid (RS256).' });
    expect(results.iss).toEqual({ status: 'pass', detail: `"${ISSUER}" is the expected issuer.` });
    expect(results.aud).toEqual({ status: 'pass', detail: 'Contains "spa".' });
    expect(results.exp).toEqual({
      status: 'pass',
      detail: 'Expires in 9 h 59 min by the server clock (2027-01-15 17:59:00 UTC).',
    });
    expect(results.iat).toEqual({
      status: 'pass',
      detail: 'Issued 1 min ago by the server clock (2027-01-15 07:59:00 UTC).',
    });
    expect(results.nonce).toEqual({ status: 'pass', detail: 'Matches the nonce sent to /authorize.' });
    expect(results.at_hash).toEqual({
      status: 'pass',
      detail: 'Matches the access token (77QmUPtjPfzWtF2AnpK9RQ).',
    });
    expect(results.c_hash).toEqual({
      status: 'pass',
      detail: 'Matches the authorization code (LDktKdoQak3Pk0cnXxCltA).',
    });
    expect(results.typ.status).toBe('info');
    expect(results.required).toEqual({ status: 'pass', detail: 'All present: iss, sub, aud, exp, iat.' });
    expect(checks.every((c) => c.status !== 'fail')).toBe(true);
  });

  it('fails each claim that does not match', async () => {
    const expected = {
      issuer: 'https://other/',
      clientId: 'web-app',
      nonce: 'abc',
      accessToken: 'another-token',
    };
    const results = byId(
      runChecks(idToken, {
        kind: 'id',
        expected,
        now: NOW + 36000,
        clock: 'browser',
        hashes: await computeHashes(idToken, expected),
      }),
    );
    expect(results.iss).toEqual({
      status: 'fail',
      detail: `"${ISSUER}" is not the expected issuer "https://other/".`,
    });
    expect(results.aud).toEqual({ status: 'fail', detail: '"spa" does not contain "web-app".' });
    expect(results.exp).toEqual({
      status: 'fail',
      detail: 'Expired 1 min ago by this browser\u2019s clock (2027-01-15 17:59:00 UTC).',
    });
    expect(results.nonce).toEqual({
      status: 'fail',
      detail: '"n-0S6_WzA2Mj" is not the nonce sent, "abc": a replayed or foreign token.',
    });
    expect(results.at_hash.status).toBe('fail');
    expect(results.at_hash.detail).toMatch(
      /^"77QmUPtjPfzWtF2AnpK9RQ" but the access token hashes to "[\w-]{22}": they were not issued together\.$/,
    );
    expect(results.signature).toEqual({ status: 'info', detail: 'Not verified yet.' });
  });

  it('checks an RFC 9068 access token: typ at+jwt, audience, required claims', () => {
    const results = byId(
      runChecks(accessToken, {
        expected: { issuer: ISSUER, audience: 'https://api.example.com', clientId: 'spa' },
        now: NOW,
        clock: 'server',
      }),
    );
    expect(results.typ).toEqual({ status: 'pass', detail: '"at+jwt": an RFC 9068 JWT access token.' });
    expect(results.aud).toEqual({ status: 'pass', detail: 'Contains "https://api.example.com".' });
    expect(results.azp).toEqual({ status: 'pass', detail: '"spa" is this client.' });
    expect(results.required).toEqual({
      status: 'pass',
      detail: 'All present: iss, exp, aud, sub, client_id, iat, jti.',
    });
    expect(results.nonce).toBeUndefined();
  });

  it('warns about an access token without typ at+jwt and fails an at+jwt used as an ID token', () => {
    const plain = jwt(
      { alg: 'RS256', typ: 'JWT' },
      { iss: ISSUER, sub: 'x', aud: 'a', iat: NOW, exp: NOW + 1 },
    );
    expect(byId(runChecks(plain, { kind: 'access', now: NOW, clock: 'server' })).typ).toEqual({
      status: 'warn',
      detail: '"JWT"; RFC 9068 access tokens have "at+jwt", so an ID token cannot be passed off as one.',
    });
    expect(byId(runChecks(accessToken, { kind: 'id', now: NOW, clock: 'server' })).typ.status).toBe('fail');
    expect(byId(runChecks(plain, { kind: 'access', now: NOW, clock: 'server' })).required).toEqual({
      status: 'warn',
      detail: 'Missing: client_id, jti.',
    });
  });

  it('checks nbf, iat in the future, missing exp and millisecond timestamps', () => {
    const early = jwt({ alg: 'ES256' }, { iat: NOW + 120, nbf: NOW + 60, exp: NOW + 3600 });
    const results = byId(runChecks(early, { now: NOW, clock: 'browser' }));
    expect(results.nbf).toEqual({
      status: 'fail',
      detail: 'Not valid yet: valid in 1 min by this browser\u2019s clock.',
    });
    expect(results.iat).toEqual({
      status: 'warn',
      detail: 'Issued in the future (2 min ahead by this browser\u2019s clock): a clock is off.',
    });
    expect(byId(runChecks(early, { now: NOW, clock: 'browser', leeway: 120 })).nbf.status).toBe('pass');

    const forever = jwt({ alg: 'ES256' }, { sub: 'x' });
    expect(byId(runChecks(forever, { now: NOW, clock: 'browser' })).exp).toEqual({
      status: 'warn',
      detail: 'No exp: the token never expires.',
    });
    expect(byId(runChecks(forever, { kind: 'id', now: NOW, clock: 'browser' })).exp.status).toBe('fail');

    const millis = jwt({ alg: 'ES256' }, { exp: NOW * 1000 });
    expect(byId(runChecks(millis, { now: NOW, clock: 'browser' })).exp).toEqual({
      status: 'fail',
      detail: `exp ${NOW * 1000} looks like milliseconds; JWT times are in seconds.`,
    });
    const text = jwt({ alg: 'ES256' }, { exp: '2030-01-01' });
    expect(byId(runChecks(text, { now: NOW, clock: 'browser' })).exp.status).toBe('fail');
  });

  it('fails alg none and an ID token without the nonce it was asked for', () => {
    const none = jwt({ alg: 'none' }, { iss: ISSUER, sub: 'x', aud: 'spa', iat: NOW, exp: NOW + 10 });
    const results = byId(
      runChecks(none, { kind: 'id', expected: { nonce: 'n' }, now: NOW, clock: 'server' }),
    );
    expect(results.alg).toEqual({ status: 'fail', detail: 'alg "none": the token is not signed.' });
    expect(results.nonce).toEqual({ status: 'fail', detail: 'No nonce, but the request sent "n".' });
  });

  it('warns about several audiences without azp in an ID token', () => {
    const token = jwt(
      { alg: 'RS256' },
      { iss: ISSUER, sub: 'x', aud: ['spa', 'other'], iat: NOW, exp: NOW + 10 },
    );
    expect(byId(runChecks(token, { kind: 'id', now: NOW, clock: 'server' })).azp.status).toBe('warn');
  });
});
