/**
 * Text <-> URL-safe compact form: deflate-raw (RFC 1951) then base64url (RFC 4648 §5).
 * Decoding is bounded, so a crafted link cannot inflate to gigabytes.
 */
export const MAX_INFLATED_BYTES = 256 * 1024;

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('it contains characters that base64url does not use');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pump(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`it unpacks to more than ${Math.round(limit / 1024)} KB`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export async function deflateToBase64Url(text: string): Promise<string> {
  const input = new Blob([new TextEncoder().encode(text)]).stream();
  const bytes = await pump(input.pipeThrough(new CompressionStream('deflate-raw')), Number.POSITIVE_INFINITY);
  return toBase64Url(bytes);
}

export async function inflateFromBase64Url(text: string, limit = MAX_INFLATED_BYTES): Promise<string> {
  const bytes = fromBase64Url(text);
  const input = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();
  let inflated: Uint8Array;
  try {
    inflated = await pump(input.pipeThrough(new DecompressionStream('deflate-raw')), limit);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('it unpacks')) throw error;
    throw new Error('its compressed data is damaged');
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(inflated);
}

/** A short checksum (first 8 base64url characters of SHA-256) that catches truncated or edited data. */
export async function checksum(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return toBase64Url(new Uint8Array(digest)).slice(0, 8);
}
