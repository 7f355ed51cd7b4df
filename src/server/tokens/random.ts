import { base64url } from 'jose';

/**
 * Random bytes come from the platform's CSPRNG in blocks of 4 KiB, each byte handed out once:
 * one `getRandomValues` call per hundred or so tokens instead of one per token (Node's
 * `crypto.randomUUID` caches its entropy the same way).
 */
const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let used = 0;

function randomBytes(count: number): Uint8Array {
  if (count > POOL_BYTES) return crypto.getRandomValues(new Uint8Array(count));
  if (used + count > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    used = 0;
  }
  const bytes = pool.slice(used, used + count);
  // Never hand out the same bytes twice.
  pool.fill(0, used, used + count);
  used += count;
  return bytes;
}

/** A random, URL-safe identifier with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return base64url.encode(randomBytes(bytes));
}
