import { base64Url, randomUrlSafe } from './random.ts';

/** A fresh code_verifier: 32 random bytes, base64url, 43 characters (RFC 7636 §4.1). */
export function createCodeVerifier(): string {
  return randomUrlSafe(32);
}

/** code_challenge = BASE64URL(SHA256(ASCII(code_verifier))) for S256, the verifier itself for plain (RFC 7636 §4.2). */
export async function deriveCodeChallenge(verifier: string, method: string): Promise<string> {
  if (method === 'plain') return verifier;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** The hex SHA-256 of the verifier: shown so that learners can follow the S256 derivation. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
