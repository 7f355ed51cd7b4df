import { base64url } from 'jose';

/** A random, URL-safe identifier with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(bytes)));
}
