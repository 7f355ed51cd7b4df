import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { issuerUrl } from '../../../lib/app-url.ts';
import { serverFetch } from '../../../lib/server-connection.ts';
import type { Tenant, TenantFieldError } from '../../../server/tenant/schema.ts';

/**
 * The in-browser server's admin endpoints for the tenant (public API of the tenant feature:
 * the share feature uses it too). The stored tenant keeps its `{app}` placeholders.
 */
const adminUrl = (path: string) => new URL(`admin/${path}`, issuerUrl()).href;

/** The server refused a tenant: one error per bad field. */
export class TenantRejectedError extends Error {
  constructor(readonly errors: TenantFieldError[]) {
    super(`The server refused the tenant: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    this.name = 'TenantRejectedError';
  }
}

async function failure(response: Response, what: string): Promise<Error> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as {
      error?: string;
      error_description?: string;
      errors?: TenantFieldError[];
    };
    if (body.error === 'invalid_tenant' && Array.isArray(body.errors))
      return new TenantRejectedError(body.errors);
    if (body.error)
      return new Error(`${what}: ${response.status} ${body.error} ${body.error_description ?? ''}`.trim());
  } catch {
    // not JSON (e.g. the worker is not running and the static server answered)
  }
  return new Error(`${what}: the server answered ${response.status}. Is the in-browser server running?`);
}

async function readTenant(response: Response, what: string): Promise<Tenant> {
  if (!response.ok) throw await failure(response, what);
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json'))
    throw new Error(`${what}: the answer is not JSON. Is the in-browser server running?`);
  return (await response.json()) as Tenant;
}

export async function fetchTenant(): Promise<Tenant> {
  return readTenant(await serverFetch(adminUrl('tenant'), { cache: 'no-store' }), 'Reading the tenant');
}

export async function saveTenant(tenant: unknown): Promise<Tenant> {
  const response = await serverFetch(adminUrl('tenant'), {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(tenant),
  });
  return readTenant(response, 'Saving the tenant');
}

export async function resetTenant(): Promise<Tenant> {
  const response = await serverFetch(adminUrl('tenant'), {
    method: 'DELETE',
    headers: { 'Content-Type': 'application/json' },
  });
  return readTenant(response, 'Resetting the tenant');
}

export interface Jwks {
  keys: { kid?: string; alg?: string; kty?: string; use?: string }[];
}

export async function rotateKeys(): Promise<Jwks> {
  const response = await serverFetch(adminUrl('keys/rotate'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (!response.ok) throw await failure(response, 'Rotating the keys');
  return (await response.json()) as Jwks;
}

export async function fetchJwks(): Promise<Jwks> {
  const response = await serverFetch(new URL('.well-known/jwks.json', issuerUrl()), { cache: 'no-store' });
  if (!response.ok) throw await failure(response, 'Reading the JWKS');
  return (await response.json()) as Jwks;
}

/** A client made by dynamic registration, as registered (RFC 7591 §3.2.1 metadata, no secret). */
export interface RegisteredClient {
  client_id: string;
  client_name?: string;
  client_id_issued_at?: number;
  token_endpoint_auth_method?: string;
  grant_types?: string[];
  redirect_uris?: string[];
  jwks_uri?: string;
  jwks?: { keys?: unknown[] };
  require_pushed_authorization_requests?: boolean;
}

export async function fetchRegisteredClients(): Promise<RegisteredClient[]> {
  const response = await fetch(adminUrl('registered-clients'), { cache: 'no-store' });
  if (!response.ok) throw await failure(response, 'Reading the registered clients');
  const body = (await response.json()) as { clients?: unknown };
  if (!Array.isArray(body.clients))
    throw new Error('Reading the registered clients: the answer has no list.');
  return body.clients.filter(
    (c): c is RegisteredClient =>
      typeof c === 'object' && c !== null && typeof (c as RegisteredClient).client_id === 'string',
  );
}

export const registeredClientsQuery = () =>
  queryOptions({ queryKey: ['admin', 'registered-clients'], queryFn: fetchRegisteredClients, retry: 1 });

export const tenantQuery = () =>
  queryOptions({ queryKey: ['admin', 'tenant'], queryFn: fetchTenant, retry: 1 });
export const jwksQuery = () => queryOptions({ queryKey: ['server', 'jwks'], queryFn: fetchJwks, retry: 1 });
export const saveTenantMutation = () =>
  mutationOptions({ mutationKey: ['admin', 'tenant', 'save'], mutationFn: saveTenant });
