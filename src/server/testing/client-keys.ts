/** Tests only: client key pairs, registration and signed JWTs made as a client would make them. */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import type { TestServer } from './harness.ts';

export type ClientAlg = 'RS256' | 'PS256' | 'ES256';

export interface ClientKey {
  alg: ClientAlg;
  kid: string;
  privateKey: CryptoKey;
  /** The public key as a client registers it. */
  publicJwk: JWK;
}

export async function clientKey(alg: ClientAlg = 'ES256'): Promise<ClientKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { alg, kid, privateKey, publicJwk: { ...jwk, kid, alg, use: 'sig' } };
}

export function registerRequest(server: TestServer, metadata: unknown): Promise<Response> {
  return server.fetch('oidc/register', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(metadata),
  });
}

/** Registers a client and returns the registration response (failing the test unless it is 201). */
export async function registerClient(
  server: TestServer,
  metadata: Record<string, unknown>,
): Promise<Record<string, unknown> & { client_id: string; client_secret?: string }> {
  const res = await registerRequest(server, metadata);
  const body = await res.json();
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** A JWT signed with the client's key; `claims` and `header` override the defaults. */
export function signJwt(
  key: ClientKey,
  claims: JWTPayload,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, ...header })
    .sign(key.privateKey);
}

/** A private_key_jwt client assertion (RFC 7523 §3) at the server's time. */
export function clientAssertion(
  server: TestServer,
  key: ClientKey,
  clientId: string,
  overrides: JWTPayload = {},
): Promise<string> {
  const now = Math.floor(server.clock.ms / 1000);
  return signJwt(key, {
    iss: clientId,
    sub: clientId,
    aud: server.issuer,
    jti: crypto.randomUUID(),
    iat: now,
    exp: now + 60,
    ...overrides,
  });
}

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
