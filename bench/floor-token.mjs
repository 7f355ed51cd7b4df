/**
 * The work of the floor (bench/floor.mjs, bench/floor-web.mjs) for one client_credentials request,
 * written once so that the two floors differ only in how they meet HTTP: the client secret check
 * (client_secret_basic, `m2m:m2m-secret`) and one RS256 JWT signed with jose, the key generated and
 * imported once.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';

const expected = Buffer.from(`Basic ${Buffer.from('m2m:m2m-secret').toString('base64')}`);
const { privateKey } = await generateKeyPair('RS256', { extractable: false });
const header = { alg: 'RS256', kid: 'floor', typ: 'at+jwt' };

export const floorHeaders = {
  'Content-Type': 'application/json',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
};

/** The answer to a token request: status and JSON body. */
export async function floorAnswer(issuer, authorization, body) {
  const auth = Buffer.from(authorization ?? '');
  if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) {
    return { status: 401, body: { error: 'invalid_client', error_description: 'Wrong client credentials.' } };
  }
  const params = new URLSearchParams(body);
  const now = Math.floor(Date.now() / 1000);
  const scope = params.get('scope') ?? '';
  const accessToken = await new SignJWT({
    iss: issuer,
    sub: 'm2m@clients',
    aud: params.get('audience') ?? '',
    iat: now,
    exp: now + 86400,
    scope,
    jti: randomBytes(16).toString('base64url'),
    client_id: 'm2m',
    azp: 'm2m',
    gty: 'client-credentials',
  })
    .setProtectedHeader(header)
    .sign(privateKey);
  return { status: 200, body: { access_token: accessToken, token_type: 'Bearer', expires_in: 86400, scope } };
}
