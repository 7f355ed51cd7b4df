import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { randomToken } from '../tokens/random.ts';
import { accessTokenHash } from './proof.ts';

/** Test support: a DPoP key pair that makes proofs (RFC 9449 §4.2), with overrides for bad ones. */
export interface DpopKey {
  jwk: JWK;
  jkt: string;
  proof(
    htm: string,
    htu: string,
    options?: {
      accessToken?: string;
      nonce?: string;
      iat?: number;
      jti?: string;
      typ?: string;
      claims?: Record<string, unknown>;
      header?: Record<string, unknown>;
    },
  ): Promise<string>;
}

export async function dpopKey(now: () => number): Promise<DpopKey> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  return {
    jwk,
    jkt: await calculateJwkThumbprint(jwk),
    async proof(htm, htu, options = {}) {
      return new SignJWT({
        htm,
        htu,
        jti: options.jti ?? randomToken(12),
        iat: options.iat ?? now(),
        ...(options.nonce !== undefined ? { nonce: options.nonce } : {}),
        ...(options.accessToken !== undefined ? { ath: await accessTokenHash(options.accessToken) } : {}),
        ...options.claims,
      })
        .setProtectedHeader({ alg: 'ES256', typ: options.typ ?? 'dpop+jwt', jwk, ...options.header })
        .sign(privateKey);
    },
  };
}
