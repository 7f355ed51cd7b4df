import { base64url } from 'jose';

/** The hash behind at_hash / c_hash: the one of the ID token's `alg` (Ed25519 uses SHA-512). */
export function hashForAlg(alg: string): 'SHA-256' | 'SHA-384' | 'SHA-512' | undefined {
  if (alg === 'EdDSA' || alg === 'Ed25519') return 'SHA-512';
  const bits = /^(?:RS|PS|ES|HS)(256|384|512)K?$/.exec(alg)?.[1];
  return bits ? (`SHA-${bits}` as 'SHA-256' | 'SHA-384' | 'SHA-512') : undefined;
}

/**
 * `at_hash` / `c_hash`: base64url of the left-most half of the hash of the ASCII value.
 * @see [OpenID Connect Core §3.3.2.11](https://openid.net/specs/openid-connect-core-1_0.html#HybridIDToken)
 */
export async function leftHalfHash(value: string, alg: string): Promise<string | undefined> {
  const hash = hashForAlg(alg);
  if (!hash) return undefined;
  const digest = new Uint8Array(await crypto.subtle.digest(hash, new TextEncoder().encode(value)));
  return base64url.encode(digest.slice(0, digest.length / 2));
}

/** DPoP `ath`: base64url of the SHA-256 of the access token's ASCII bytes (RFC 9449 §4.2). */
export async function accessTokenHash(accessToken: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken));
  return base64url.encode(new Uint8Array(digest));
}
