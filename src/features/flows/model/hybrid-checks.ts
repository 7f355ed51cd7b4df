/**
 * The checks a client makes on a hybrid flow's front-channel response (OIDC Core §3.3.2.12),
 * with RFC 9207's iss. Loaded when the step runs: jose stays out of the initial bundle.
 */
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { leftHalfHash } from '../../../lib/token-hash.ts';

export interface FrontChannel {
  /** What came back at the redirect URI. */
  code?: string;
  idToken?: string;
  accessToken?: string;
  iss?: string;
  /** What the client sent and knows. */
  responseType: string;
  nonce: string;
  issuer: string;
  clientId: string;
}

export interface Check {
  name: string;
  ok: boolean;
  /** Expected vs got, in words. */
  detail: string;
  /** The detail shows a secret (the nonce): masked until revealed. */
  secret?: boolean;
}

const show = (value: unknown) => (value === undefined ? '(absent)' : JSON.stringify(value));

/** RFC 9207 §2.4: the iss parameter must be the issuer the request went to. */
export function issCheck(iss: string | undefined, issuer: string): Check {
  return {
    name: 'iss parameter (RFC 9207 §2.4)',
    ok: iss === issuer,
    detail:
      iss === undefined
        ? `expected ${show(issuer)}, got none: this server says it always sends iss, so a response without it is refused`
        : `expected ${show(issuer)}, got ${show(iss)}`,
  };
}

/** A hash claim against the value it binds, computed with the hash of the ID token's alg (OIDC Core §3.3.2.11). */
async function hashCheck(
  claim: 'c_hash' | 'at_hash',
  what: string,
  value: string | undefined,
  got: unknown,
  alg: string,
  required: boolean,
): Promise<Check | undefined> {
  const name = `${claim} (OIDC Core §3.3.2.11)`;
  if (value === undefined) {
    return got === undefined
      ? undefined
      : { name, ok: false, detail: `got ${show(got)}, but no ${what} came with the ID token` };
  }
  const expected = await leftHalfHash(value, alg);
  if (got === undefined)
    return required
      ? {
          name,
          ok: false,
          detail: `expected ${show(expected)} (left half of the ${alg} hash of the ${what}), got none`,
        }
      : undefined;
  return {
    name,
    ok: got === expected,
    detail: `expected ${show(expected)} (left half of the ${alg} hash of the ${what}), got ${show(got)}`,
  };
}

/**
 * Verifies the front channel: iss, then the ID token (signature against the server's JWKS, iss,
 * aud, exp, nonce, c_hash, at_hash) when one came back.
 */
export async function checkFrontChannel(front: FrontChannel, jwks: JSONWebKeySet): Promise<Check[]> {
  const checks: Check[] = [issCheck(front.iss, front.issuer)];
  if (!front.idToken) return checks;
  let alg = '';
  try {
    alg = decodeProtectedHeader(front.idToken).alg ?? '';
  } catch {
    return [...checks, { name: 'ID token', ok: false, detail: 'not a JWT' }];
  }
  let payload: Record<string, unknown>;
  try {
    const verified = await jwtVerify(front.idToken, createLocalJWKSet(jwks), {
      issuer: front.issuer,
      audience: front.clientId,
    });
    payload = verified.payload;
    checks.push({
      name: 'Signature, iss, aud, exp (OIDC Core §3.1.3.7)',
      ok: true,
      detail: `${alg} signature verified with the server's key ${show(verified.protectedHeader.kid)}; iss ${show(payload.iss)}, aud ${show(payload.aud)}`,
    });
  } catch (error) {
    return [
      ...checks,
      {
        name: 'Signature, iss, aud, exp (OIDC Core §3.1.3.7)',
        ok: false,
        detail: error instanceof Error ? error.message : String(error),
      },
    ];
  }
  checks.push({
    name: 'nonce (OIDC Core §3.3.2.11)',
    ok: payload.nonce === front.nonce,
    detail: `expected ${show(front.nonce)} (sent to /authorize), got ${show(payload.nonce)}`,
    secret: true,
  });
  const types = front.responseType.split(' ');
  // OIDC Core §3.3.2.11: c_hash is required with code id_token and code id_token token;
  // at_hash when an access token comes with the ID token (code id_token token).
  const cHash = await hashCheck('c_hash', 'code', front.code, payload.c_hash, alg, types.includes('code'));
  const atHash = await hashCheck(
    'at_hash',
    'access token',
    front.accessToken,
    payload.at_hash,
    alg,
    types.includes('token'),
  );
  for (const check of [cHash, atHash]) if (check) checks.push(check);
  return checks;
}
