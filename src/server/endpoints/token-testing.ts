import { createLocalJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { TestServer } from '../testing/harness.ts';
import { s256 } from '../tokens/hash.ts';
import type { AuthorizationCodeRecord, DeviceCodeRecord } from '../tokens/records.ts';

/** Test support for the token endpoint and the endpoints that take its tokens. */

/** `Authorization: Basic` with form-encoded credentials (RFC 6749 §2.3.1). */
export function basic(clientId: string, clientSecret: string): Record<string, string> {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return { Authorization: `Basic ${btoa(`${encode(clientId)}:${encode(clientSecret)}`)}` };
}

export const WEB_APP = basic('web-app', 'web-app-secret');
export const M2M = basic('m2m', 'm2m-secret');
export const DEMO_API = 'https://api.example.com';
export const CALLBACK = 'http://localhost:3000/callback';
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

/** Seconds since the epoch on the test server's clock. */
export function nowOf(server: TestServer): number {
  return Math.floor(server.clock.ms / 1000);
}

/** Puts an authorization code into the store, as /authorize would after login and consent. */
export async function putCode(
  server: TestServer,
  overrides: Partial<AuthorizationCodeRecord> = {},
): Promise<AuthorizationCodeRecord> {
  const now = nowOf(server);
  const record: AuthorizationCodeRecord = {
    code: `code-${crypto.randomUUID()}`,
    clientId: 'web-app',
    redirectUri: CALLBACK,
    userId: 'auth0|alice',
    scope: ['openid', 'profile', 'email', 'offline_access', 'read:messages'],
    audience: DEMO_API,
    nonce: 'n-0S6_WzA2Mj',
    authTime: now - 5,
    createdAt: now,
    expiresAt: now + 600,
    ...overrides,
  };
  await server.store.put('codes', record.code, record);
  return record;
}

/** A code for the public `spa` client with an S256 challenge of VERIFIER. */
export async function putPkceCode(
  server: TestServer,
  overrides: Partial<AuthorizationCodeRecord> = {},
): Promise<AuthorizationCodeRecord> {
  return putCode(server, {
    clientId: 'spa',
    codeChallenge: await s256(VERIFIER),
    codeChallengeMethod: 'S256',
    ...overrides,
  });
}

/** Marks a pending device code approved by a user, as /activate would. */
export async function approveDeviceCode(server: TestServer, deviceCode: string, userId = 'auth0|alice') {
  await server.store.update<DeviceCodeRecord>('deviceCodes', deviceCode, (current) =>
    current ? { ...current, status: 'approved', userId, authTime: nowOf(server) } : undefined,
  );
}

export async function tokens(
  server: TestServer,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const res = await server.post('oauth/token', form, headers);
  return { res, body: (await res.json()) as Record<string, unknown> };
}

/** Verifies a JWT against the server's published JWKS, as a client or an API would. */
export async function verifyWithJwks(
  server: TestServer,
  token: unknown,
  options: { typ?: string; audience?: string } = {},
): Promise<JWTPayload> {
  const jwks = createLocalJWKSet(await (await server.fetch('.well-known/jwks.json')).json());
  const { payload } = await jwtVerify(String(token), jwks, {
    issuer: server.issuer,
    currentDate: new Date(server.clock.ms),
    ...options,
  });
  return payload;
}

/** POST /oauth/device/code for `device-app` (RFC 8628 §3.1). */
export async function authorizeDevice(server: TestServer, form: Record<string, string> = {}) {
  const res = await server.post('oauth/device/code', {
    client_id: 'device-app',
    scope: 'openid profile offline_access read:messages',
    audience: DEMO_API,
    ...form,
  });
  return { res, body: (await res.json()) as Record<string, unknown> };
}
