import {
  base64url,
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import { oauthError } from '../errors.ts';
import type { Client } from '../tenant/schema.ts';

/** The algorithms client assertions and request objects may be signed with (FAPI 2.0 §5.4 allows PS256 and ES256). */
export const CLIENT_SIGNING_ALGS = ['RS256', 'PS256', 'ES256'] as const;
export type ClientSigningAlg = (typeof CLIENT_SIGNING_ALGS)[number];

/** A jwks_uri answer is read up to this many bytes, and waited for this long. */
export const JWKS_URI_MAX_BYTES = 32 * 1024;
export const JWKS_URI_TIMEOUT_MS = 3000;

/** Members that only a private key has (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for a loopback host name (RFC 8252 §7.3, §8.3), as the tenant's URI rules say. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname);
}

/** `https:`, or `http:` on a loopback host: where this server fetches a client's keys from. */
export function isFetchableJwksUri(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.hash || url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/**
 * Checks one public key a client registers: RSA (2048 bits or more) or EC P-256, no private
 * members, `use` (if any) `sig`, `alg` (if any) one this server verifies, and importable.
 * Returns why it is refused, or undefined when it is good.
 */
export async function checkPublicJwk(jwk: Record<string, unknown>): Promise<string | undefined> {
  const kty = jwk.kty;
  if (kty !== 'RSA' && kty !== 'EC') return `kty must be RSA or EC, not ${JSON.stringify(kty)}`;
  const present = PRIVATE_MEMBERS.filter((member) => member in jwk);
  if (present.length)
    return `it holds private key members (${present.join(', ')}): register the public key only`;
  if (jwk.use !== undefined && jwk.use !== 'sig') return 'use must be sig';
  if (jwk.alg !== undefined && !(CLIENT_SIGNING_ALGS as readonly unknown[]).includes(jwk.alg))
    return `alg must be one of ${CLIENT_SIGNING_ALGS.join(', ')}`;
  if (kty === 'EC' && jwk.crv !== 'P-256') return 'an EC key must be on the curve P-256 (ES256)';
  if (kty === 'RSA') {
    if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') return 'an RSA key needs n and e';
    let modulus: Uint8Array;
    try {
      modulus = base64url.decode(jwk.n);
    } catch {
      return 'n is not base64url';
    }
    if (modulus.length * 8 < 2048) return 'an RSA key must have at least 2048 bits';
  }
  const alg = typeof jwk.alg === 'string' ? jwk.alg : kty === 'EC' ? 'ES256' : 'RS256';
  try {
    await importJWK(jwk as JWK, alg);
  } catch {
    return 'it is not a valid key';
  }
  return undefined;
}

/** Reads a response body up to `limit` bytes; larger answers are refused. */
async function boundedText(response: Response, limit: number): Promise<string> {
  if (Number(response.headers.get('content-length') ?? '0') > limit) {
    await response.body?.cancel();
    throw new Error(`the answer is larger than ${limit} bytes`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`the answer is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** jose's fetch for remote key sets, with the size bounded and the scheme checked at every use. */
const boundedFetch = async (
  url: string,
  options: { headers: Headers; method: 'GET'; redirect: 'manual'; signal: AbortSignal },
): Promise<Response> => {
  if (!isFetchableJwksUri(url)) throw new Error('only https: or loopback http: key set URLs are fetched');
  const response = await fetch(url, { ...options, credentials: 'omit' });
  const text = await boundedText(response, JWKS_URI_MAX_BYTES);
  return new Response(text, { status: response.status, headers: response.headers });
};

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;
/** Remote key sets by URL (cached keys, cooldown between refetches); a copy per host, bounded. */
const remoteSets = new Map<string, RemoteKeySet>();
const MAX_REMOTE_SETS = 64;

function remoteKeySet(uri: string): RemoteKeySet {
  let set = remoteSets.get(uri);
  if (!set) {
    set = createRemoteJWKSet(new URL(uri), {
      timeoutDuration: JWKS_URI_TIMEOUT_MS,
      cooldownDuration: 5000,
      cacheMaxAge: 60_000,
      [customFetch]: boundedFetch,
    });
    if (remoteSets.size >= MAX_REMOTE_SETS) remoteSets.delete(remoteSets.keys().next().value as string);
    remoteSets.set(uri, set);
  }
  return set;
}

/** Why a jwks_uri could not be used, in words (jose's error names are not for people). */
export function describeJwksUriFailure(uri: string, error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'ERR_JWKS_TIMEOUT' || name === 'TimeoutError' || name === 'AbortError')
    return `jwks_uri ${uri} did not answer within ${JWKS_URI_TIMEOUT_MS / 1000} s.`;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_JWKS_INVALID' || /JSON Web Key Set/.test(message))
    return `jwks_uri ${uri} did not answer 200 with a JSON Web Key Set.`;
  if (/larger than/.test(message)) return `jwks_uri ${uri}: ${message}.`;
  return `jwks_uri ${uri} could not be fetched (${message}).`;
}

/**
 * Fetches a jwks_uri now (registration), bounded in time and size, and returns its key set.
 * Throws `invalid_client_metadata` with the reason when it cannot be fetched or holds bad keys.
 */
export async function fetchJwksUri(uri: string): Promise<JSONWebKeySet> {
  const set = remoteKeySet(uri);
  try {
    await set.reload();
  } catch (error) {
    remoteSets.delete(uri);
    throw oauthError('invalid_client_metadata', describeJwksUriFailure(uri, error));
  }
  const jwks = set.jwks();
  if (!jwks || !Array.isArray(jwks.keys) || jwks.keys.length === 0)
    throw oauthError('invalid_client_metadata', `jwks_uri ${uri} holds no keys.`);
  return jwks;
}

/** The keys a client's signatures are checked with; undefined when it registered none. */
export function clientKeySet(client: Client): JWTVerifyGetKey | undefined {
  if (client.jwks) return createLocalJWKSet(client.jwks as JSONWebKeySet);
  if (client.jwksUri) return remoteKeySet(client.jwksUri);
  return undefined;
}
