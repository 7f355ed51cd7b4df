/**
 * Key pairs made in the browser for the flows that sign (private_key_jwt, request objects), and
 * the JWTs signed with them. Loaded on demand (jose's signing code stays out of the first load).
 * The private keys are non-extractable CryptoKeys kept in this tab's memory: they can sign, and
 * nothing (not even this app) can read them out.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

export type ClientSigningAlg = 'ES256' | 'PS256' | 'RS256';

export interface ClientKeyInfo {
  kid: string;
  alg: ClientSigningAlg;
  publicJwk: JWK;
  extractable: boolean;
}

const privateKeys = new Map<string, { key: CryptoKey; alg: ClientSigningAlg }>();

export async function makeClientKey(alg: ClientSigningAlg): Promise<ClientKeyInfo> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: false });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  privateKeys.set(kid, { key: privateKey, alg });
  return { kid, alg, publicJwk: { ...jwk, kid, alg, use: 'sig' }, extractable: privateKey.extractable };
}

export function hasClientKey(kid: string | undefined): boolean {
  return kid !== undefined && privateKeys.has(kid);
}

/** Signs `payload` with the key `kid` made in this tab; the header gets alg, kid and `typ` if given. */
export async function signWithClientKey(kid: string, payload: JWTPayload, typ?: string): Promise<string> {
  const entry = privateKeys.get(kid);
  if (!entry) throw new Error('The key pair is gone (the page was reloaded): run the key step again.');
  return new SignJWT(payload)
    .setProtectedHeader({ alg: entry.alg, kid, ...(typ ? { typ } : {}) })
    .sign(entry.key);
}
