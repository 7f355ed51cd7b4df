import { type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DecodedJwt, readToken } from './decode.ts';
import { parseKeyText, verifySignature } from './verify.ts';

function decoded(token: string): DecodedJwt {
  const reading = readToken(token);
  if (reading.type !== 'jwt') throw new Error(`not a JWT: ${JSON.stringify(reading)}`);
  return reading;
}

function tamper(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  claims.sub = 'mallory';
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

interface Signer {
  token: string;
  jwk: JWK;
  spki: string;
  privateKey: CryptoKey;
}
let es: Signer;
let rs: Signer;
let otherJwk: JWK;

beforeAll(async () => {
  for (const alg of ['ES256', 'RS256'] as const) {
    const { privateKey, publicKey } = await generateKeyPair(alg);
    const jwk = { ...(await exportJWK(publicKey)), kid: `${alg}-key`, alg, use: 'sig' };
    const token = await new SignJWT({ sub: 'alice' })
      .setProtectedHeader({ alg, kid: jwk.kid })
      .setIssuer('https://foreign.example/')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const value = { token, jwk, spki: await exportSPKI(publicKey), privateKey };
    if (alg === 'ES256') es = value;
    else rs = value;
  }
  const other = await generateKeyPair('ES256');
  otherJwk = { ...(await exportJWK(other.publicKey)), kid: 'ES256-key', alg: 'ES256' };
});

describe('parseKeyText', () => {
  it('recognizes a JWK, a JWKS, an SPKI PEM and a certificate', () => {
    expect(parseKeyText(JSON.stringify(es.jwk))).toMatchObject({ ok: true, kind: 'jwk' });
    expect(parseKeyText(JSON.stringify({ keys: [es.jwk] }))).toMatchObject({ ok: true, kind: 'jwks' });
    expect(parseKeyText(`\n${es.spki}\n`)).toMatchObject({ ok: true, kind: 'spki' });
    expect(parseKeyText('-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----')).toMatchObject({
      ok: true,
      kind: 'x509',
    });
  });

  it.each([
    ['', 'Paste a JWK, a JWKS or a PEM public key.'],
    ['hello', 'Not a key: paste a JWK or JWKS (JSON) or a PEM (-----BEGIN PUBLIC KEY-----).'],
    ['{"kty":', 'The key is not valid JSON'],
    ['{"keys":[]}', 'The JWKS has no keys.'],
    ['{"keys":[{"n":"x"}]}', 'Every member of "keys" must be a JWK with a "kty".'],
    ['{"n":"x"}', 'A JWK needs a "kty" (key type); a JWKS needs a "keys" array.'],
    [
      '{"kty":"EC","crv":"P-256","x":"a","y":"b","d":"c"}',
      'This JWK is a private key ("d"). Paste the public key only.',
    ],
    [
      '{"kty":"oct","k":"c2VjcmV0"}',
      'This is a symmetric key ("oct"); the inspector verifies public-key signatures.',
    ],
    ['-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----', 'This is a private key.'],
    ['-----BEGIN RSA PUBLIC KEY-----\nMII\n-----END RSA PUBLIC KEY-----', 'This is a PKCS#1 RSA public key.'],
    ['-----BEGIN PUBLIC KEY-----\nMII', 'The PEM has a BEGIN line but no matching END line.'],
  ])('explains why %j is not usable', (text, message) => {
    const parsed = parseKeyText(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message.startsWith(message)).toBe(true);
  });
});

describe('verifySignature', () => {
  it('verifies ES256 and RS256 tokens with a JWKS, a JWK and a PEM', async () => {
    for (const { token, jwk, spki } of [es, rs]) {
      const t = decoded(token);
      const alg = String(t.header.alg);
      expect(await verifySignature(t, { type: 'jwks', jwks: { keys: [otherJwk, jwk] } })).toEqual({
        status: 'valid',
        message: `Signature valid (${alg}, key from the JWKS).`,
        kid: jwk.kid,
      });
      expect(await verifySignature(t, { type: 'pasted', text: JSON.stringify(jwk) })).toMatchObject({
        status: 'valid',
        message: `Signature valid (${alg}, the pasted JWK).`,
      });
      expect(await verifySignature(t, { type: 'pasted', text: spki })).toMatchObject({
        status: 'valid',
        message: `Signature valid (${alg}, the pasted public key).`,
      });
    }
  });

  it('says "signature invalid" for a tampered token', async () => {
    const t = decoded(tamper(es.token));
    expect(await verifySignature(t, { type: 'jwks', jwks: { keys: [es.jwk] } })).toMatchObject({
      status: 'invalid',
      message: 'Signature invalid: the header or payload was changed, or another key signed it.',
    });
    expect((await verifySignature(decoded(tamper(rs.token)), { type: 'pasted', text: rs.spki })).status).toBe(
      'invalid',
    );
  });

  it('says "signature invalid" when another key with the same kid signed it', async () => {
    const result = await verifySignature(decoded(es.token), {
      type: 'pasted',
      text: JSON.stringify(otherJwk),
    });
    expect(result.status).toBe('invalid');
  });

  it('tries every key when several match (no kid)', async () => {
    const { kid: _a, ...first } = otherJwk;
    const { kid: _b, ...second } = es.jwk;
    const jwks = { keys: [first, second] };
    const signedByEs = await new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'ES256' })
      .sign(es.privateKey);
    expect((await verifySignature(decoded(signedByEs), { type: 'jwks', jwks })).status).toBe('valid');
    const stranger = (await generateKeyPair('ES256')).privateKey;
    const signedByStranger = await new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'ES256' })
      .sign(stranger);
    expect((await verifySignature(decoded(signedByStranger), { type: 'jwks', jwks })).status).toBe('invalid');
  });

  it('finds no key for a token from another issuer', async () => {
    const result = await verifySignature(decoded(rs.token), {
      type: 'jwks',
      jwks: { keys: [es.jwk] },
      label: "this server's JWKS",
    });
    expect(result).toEqual({
      status: 'no-key',
      message: `No key in this server's JWKS matches this token (alg RS256, kid "RS256-key"). It was probably signed by another issuer.`,
    });
  });

  it('refuses a key of another algorithm', async () => {
    const result = await verifySignature(decoded(rs.token), { type: 'pasted', text: JSON.stringify(es.jwk) });
    expect(result).toEqual({
      status: 'error',
      message: 'The pasted JWK is for ES256, but the token is signed with RS256.',
    });
    const pem = await verifySignature(decoded(rs.token), { type: 'pasted', text: es.spki });
    expect(pem.status).toBe('error');
  });

  it('never verifies alg "none" and explains HMAC', async () => {
    const none = decoded(`${Buffer.from('{"alg":"none"}').toString('base64url')}.e30.`);
    expect(await verifySignature(none, { type: 'jwks', jwks: { keys: [es.jwk] } })).toMatchObject({
      status: 'unsigned',
    });
    const hs = decoded(`${Buffer.from('{"alg":"HS256"}').toString('base64url')}.e30.AAAA`);
    expect(await verifySignature(hs, { type: 'jwks', jwks: { keys: [es.jwk] } })).toMatchObject({
      status: 'unsupported',
    });
  });

  it('fetches a JWKS URL through the given fetch and reports network errors plainly', async () => {
    const requested: string[] = [];
    const fakeFetch = (async (input: RequestInfo | URL) => {
      requested.push(String(input));
      return new Response(JSON.stringify({ keys: [rs.jwk] }), {
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    const ok = await verifySignature(
      decoded(rs.token),
      { type: 'jwks-url', url: 'https://foreign.example/.well-known/jwks.json' },
      { fetch: fakeFetch },
    );
    expect(ok).toMatchObject({
      status: 'valid',
      message: 'Signature valid (RS256, key from https://foreign.example/.well-known/jwks.json).',
    });
    expect(requested).toEqual(['https://foreign.example/.well-known/jwks.json']);

    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const down = await verifySignature(
      decoded(rs.token),
      { type: 'jwks-url', url: 'https://down.example/jwks' },
      { fetch: failing },
    );
    expect(down.status).toBe('error');
    expect(down.message).toContain('could not be fetched');
    expect(await verifySignature(decoded(rs.token), { type: 'jwks-url', url: 'not a url' })).toEqual({
      status: 'error',
      message: 'The JWKS URL is not a valid URL.',
    });
  });
});
