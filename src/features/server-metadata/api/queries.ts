import { queryOptions } from '@tanstack/react-query';
import { serverFetch, serverIssuer } from '../../../lib/server-connection.ts';

/** The provider metadata the flows read (OpenID Connect Discovery 1.0 §3, RFC 8414 §2). */
export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  jwks_uri?: string;
  scopes_supported?: string[];
  response_types_supported?: string[];
  response_modes_supported?: string[];
  grant_types_supported?: string[];
  [name: string]: unknown;
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await serverFetch(url, { cache: 'no-store', ...init });
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export function discoveryQuery(issuer: string = serverIssuer()) {
  return queryOptions({
    queryKey: ['discovery', issuer],
    queryFn: () => getJson<ProviderMetadata>(new URL('.well-known/openid-configuration', issuer).href),
    staleTime: 60_000,
  });
}

export function jwksQuery(jwksUri: string) {
  return queryOptions({
    queryKey: ['jwks', jwksUri],
    queryFn: () => getJson<{ keys: Record<string, unknown>[] }>(jwksUri),
    staleTime: 10_000,
  });
}

/** The playground's admin endpoints (not OAuth; the in-browser server's own). */
export interface AdminSession {
  session: { userId: string; email: string; name: string; authTime: number } | null;
}
export interface AdminConsents {
  consents: { userId: string; clientId: string; audience: string | null; scopes: string[] }[];
}
export interface AdminClock {
  now: number;
  offsetSeconds: number;
}

const admin = (path: string) => new URL(`admin/${path}`, serverIssuer()).href;

export const sessionQuery = () =>
  queryOptions({
    queryKey: ['admin', 'session'],
    queryFn: () => getJson<AdminSession>(admin('session')),
    staleTime: 0,
  });
export const consentsQuery = () =>
  queryOptions({
    queryKey: ['admin', 'consents'],
    queryFn: () => getJson<AdminConsents>(admin('consents')),
    staleTime: 0,
  });
export const clockQuery = () =>
  queryOptions({
    queryKey: ['admin', 'clock'],
    queryFn: () => getJson<AdminClock>(admin('clock')),
    staleTime: 0,
  });

export function adminUrl(path: string): string {
  return admin(path);
}
