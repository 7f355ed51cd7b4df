import { base64url } from 'jose';

/**
 * `at_hash` / `c_hash`: the base64url of the left half of the hash of the value, with the hash
 * of the ID token's `alg` (SHA-256 for RS256 and ES256).
 * @see [OpenID Connect Core §3.1.3.6](https://openid.net/specs/openid-connect-core-1_0.html#CodeIDToken)
 */
export async function leftHalfHash(value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
  return base64url.encode(digest.slice(0, digest.length / 2));
}

/** RFC 7636 §4.2: `code_challenge = BASE64URL(SHA256(ASCII(code_verifier)))`. */
export async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url.encode(new Uint8Array(digest));
}
