import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { leftHalfHash } from '../../../lib/token-hash.ts';
import { checkFrontChannel, type FrontChannel } from './hybrid-checks.ts';

const ISSUER = 'https://as.example/';
let jwks: { keys: object[] };
let sign: (claims: Record<string, unknown>) => Promise<string>;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
  sign = (claims) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience('hybrid-app')
      .setIssuedAt()
      .setExpirationTime('10m')
      .setSubject('alice')
      .sign(privateKey);
});

const front = (over: Partial<FrontChannel>): FrontChannel => ({
  responseType: 'code id_token token',
  nonce: 'n-0S6_WzA2Mj',
  issuer: ISSUER,
  clientId: 'hybrid-app',
  iss: ISSUER,
  code: 'Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk',
  accessToken: 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y',
  ...over,
});

describe('hybrid front-channel checks (OIDC Core §3.3.2.12, RFC 9207)', () => {
  it('passes a response whose ID token binds the code and the access token (OIDC Core A.4 vectors)', async () => {
    const idToken = await sign({
      nonce: 'n-0S6_WzA2Mj',
      c_hash: 'LDktKdoQak3Pk0cnXxCltA',
      at_hash: '77QmUPtjPfzWtF2AnpK9RQ',
    });
    const checks = await checkFrontChannel(front({ idToken }), jwks as never);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['iss parameter (RFC 9207 §2.4)', true],
      ['Signature, iss, aud, exp (OIDC Core §3.1.3.7)', true],
      ['nonce (OIDC Core §3.3.2.11)', true],
      ['c_hash (OIDC Core §3.3.2.11)', true],
      ['at_hash (OIDC Core §3.3.2.11)', true],
    ]);
    expect(checks[3]?.detail).toBe(
      'expected "LDktKdoQak3Pk0cnXxCltA" (left half of the RS256 hash of the code), got "LDktKdoQak3Pk0cnXxCltA"',
    );
  });

  it('shows expected vs got when the code or the access token was swapped, or the nonce differs', async () => {
    const idToken = await sign({
      nonce: 'another',
      c_hash: await leftHalfHash('another-code', 'RS256'),
      at_hash: '77QmUPtjPfzWtF2AnpK9RQ',
    });
    const checks = await checkFrontChannel(front({ idToken }), jwks as never);
    const byName = Object.fromEntries(checks.map((c) => [c.name.split(' ')[0], c]));
    expect(byName.nonce).toMatchObject({
      ok: false,
      detail: 'expected "n-0S6_WzA2Mj" (sent to /authorize), got "another"',
    });
    expect(byName.c_hash?.ok).toBe(false);
    expect(byName.c_hash?.detail).toMatch(/^expected "LDktKdoQak3Pk0cnXxCltA" .*, got "[\w-]{22}"$/);
    expect(byName.at_hash?.ok).toBe(true);
  });

  it('requires c_hash with code id_token, and refuses a missing or foreign iss', async () => {
    const idToken = await sign({ nonce: 'n-0S6_WzA2Mj' });
    const checks = await checkFrontChannel(
      front({ idToken, responseType: 'code id_token', accessToken: undefined, iss: undefined }),
      jwks as never,
    );
    expect(checks[0]).toMatchObject({ ok: false });
    expect(checks[0]?.detail).toMatch(/got none/);
    expect(checks.find((c) => c.name.startsWith('c_hash'))).toMatchObject({ ok: false });
    const mixUp = await checkFrontChannel(
      front({ iss: 'https://mix-up.example/', idToken: undefined }),
      jwks as never,
    );
    expect(mixUp).toEqual([
      {
        name: 'iss parameter (RFC 9207 §2.4)',
        ok: false,
        detail: `expected "${ISSUER}", got "https://mix-up.example/"`,
      },
    ]);
  });

  it('refuses an ID token signed by another key or for another client', async () => {
    const idToken = await sign({ nonce: 'n-0S6_WzA2Mj' });
    const other = await checkFrontChannel(front({ idToken, clientId: 'web-app' }), jwks as never);
    expect(other[1]).toMatchObject({ ok: false });
    expect(other[1]?.detail).toMatch(/aud/);
    const { publicKey } = await generateKeyPair('RS256');
    const foreign = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] };
    const bad = await checkFrontChannel(front({ idToken }), foreign as never);
    expect(bad[1]).toMatchObject({ ok: false, detail: 'signature verification failed' });
  });
});
