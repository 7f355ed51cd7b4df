/**
 * DPoP key pairs made in the browser and the proofs signed with them (RFC 9449). Loaded on demand
 * (jose's signing code stays out of the first load). The private keys are non-extractable
 * CryptoKeys kept in this tab's memory, found by their RFC 7638 thumbprint (the `jkt`).
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { randomUrlSafe } from '../../../../lib/random.ts';
import { accessTokenHash } from '../../../../lib/token-hash.ts';

export type DpopAlg = 'ES256' | 'PS256' | 'RS256';

export interface DpopKeyInfo {
  /** RFC 7638 SHA-256 thumbprint of the public key: what `cnf.jkt` and `dpop_jkt` carry (RFC 9449 §6.1). */
  jkt: string;
  alg: DpopAlg;
  publicJwk: JWK;
  extractable: boolean;
}

const keys = new Map<string, { privateKey: CryptoKey; publicJwk: JWK; alg: DpopAlg }>();
let latest: string | undefined;

export async function makeDpopKey(alg: DpopAlg = 'ES256'): Promise<DpopKeyInfo> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: false });
  const publicJwk = await exportJWK(publicKey);
  const jkt = await calculateJwkThumbprint(publicJwk, 'sha256');
  keys.set(jkt, { privateKey, publicJwk, alg });
  latest = jkt;
  return { jkt, alg, publicJwk, extractable: privateKey.extractable };
}

/**
 * This tab's DPoP key: the last one made, or a new one. Flows that sign proofs without a key step
 * of their own share it, so that a token bound in one flow can be refreshed or used in another.
 */
export async function tabDpopKey(): Promise<string> {
  if (latest && keys.has(latest)) return latest;
  return (await makeDpopKey('ES256')).jkt;
}

export function hasDpopKey(jkt: string | undefined): boolean {
  return jkt !== undefined && keys.has(jkt);
}

/** `htu`: the request's URI without query and fragment (RFC 9449 §4.2). */
export function htuOf(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

export interface ProofRequest {
  htm: string;
  url: string;
  /** The server's latest DPoP-Nonce (RFC 9449 §8). */
  nonce?: string;
  /** The access token sent beside the proof at a resource: the proof gets its `ath` (§7.1). */
  accessToken?: string;
  /** Seconds since the epoch, of the server's clock. */
  iat: number;
  jti?: string;
}

/** The claims of a DPoP proof (RFC 9449 §4.2): jti, htm, htu, iat, and nonce and ath when given. */
export async function dpopProofClaims(request: ProofRequest): Promise<Record<string, string | number>> {
  const claims: Record<string, string | number> = {
    jti: request.jti ?? randomUrlSafe(16),
    htm: request.htm.toUpperCase(),
    htu: htuOf(request.url),
    iat: request.iat,
  };
  if (request.nonce) claims.nonce = request.nonce;
  if (request.accessToken !== undefined) claims.ath = await accessTokenHash(request.accessToken);
  return claims;
}

/** Signs a proof with the key `jkt`; the header carries typ dpop+jwt, alg and the public jwk (§4.2). */
export async function signDpopProof(jkt: string, request: ProofRequest): Promise<string> {
  const entry = keys.get(jkt);
  if (!entry) throw new Error('The DPoP key pair is gone (the page was reloaded): make it again.');
  return new SignJWT(await dpopProofClaims(request))
    .setProtectedHeader({ typ: 'dpop+jwt', alg: entry.alg, jwk: entry.publicJwk })
    .sign(entry.privateKey);
}
