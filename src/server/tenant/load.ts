import { oauthError } from '../errors.ts';
import type { Store } from '../store/types.ts';
import { demoTenant } from './demo.ts';
import { parseTenant, type Tenant, type TenantInput } from './schema.ts';

/**
 * Parsing and resolving are pure, so their results are kept by the tenant's JSON text (cheaper to
 * compute than a validation): the tenant is not re-validated on every request.
 */
const parsed = new Map<string, ReturnType<typeof parseTenant>>();
/**
 * The same, by the tenant object itself: an in-memory store hands back the object it was given,
 * so the usual request costs one lookup instead of a JSON serialisation of the whole tenant. A
 * store that returns copies (IndexedDB) falls through to the text key.
 */
const parsedByObject = new WeakMap<object, ReturnType<typeof parseTenant>>();
const resolved = new WeakMap<Tenant, Map<string, Tenant>>();
const MAX_CACHED = 8;

function parseCached(input: TenantInput): ReturnType<typeof parseTenant> {
  const known = parsedByObject.get(input);
  if (known) return known;
  const key = JSON.stringify(input);
  let result = parsed.get(key);
  if (!result) {
    result = parseTenant(input);
    if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value as string);
    parsed.set(key, result);
  }
  parsedByObject.set(input, result);
  return result;
}

/** Replaces the `{app}` placeholder with the host's app URL. */
export function resolveTenant(tenant: Tenant, appUrl: string): Tenant {
  let byUrl = resolved.get(tenant);
  if (!byUrl) {
    byUrl = new Map();
    resolved.set(tenant, byUrl);
  }
  let result = byUrl.get(appUrl);
  if (!result) {
    result = resolveUris(tenant, appUrl);
    byUrl.set(appUrl, result);
  }
  return result;
}

function resolveUris(tenant: Tenant, appUrl: string): Tenant {
  const resolve = (uri: string) => uri.replace(/^\{app\}/, appUrl);
  const appOrigin = new URL(appUrl).origin;
  const resolveOrigin = (origin: string) => (origin === '{app}' ? appOrigin : origin);
  return {
    ...tenant,
    clients: tenant.clients.map((client) => ({
      ...client,
      redirectUris: client.redirectUris.map(resolve),
      postLogoutRedirectUris: client.postLogoutRedirectUris.map(resolve),
      allowedOrigins: client.allowedOrigins.map(resolveOrigin),
      webOrigins: client.webOrigins.map(resolveOrigin),
    })),
  };
}

/** The tenant as saved (unresolved, as the user edited it), or the host's default. */
export async function storedTenant(store: Store, fallback: TenantInput = demoTenant): Promise<Tenant> {
  const saved = await store.get<TenantInput>('meta', 'tenant');
  const result = parseCached(saved ?? fallback);
  if (result.ok) return result.tenant;
  if (saved) {
    // A tenant saved by an older build that no longer parses: fall back rather than fail every request.
    const again = parseCached(fallback);
    if (again.ok) return again.tenant;
  }
  throw oauthError('server_error', 'The configured tenant is invalid.');
}

export async function saveTenant(store: Store, input: unknown): Promise<Tenant> {
  const result = parseTenant(input);
  if (!result.ok) {
    throw oauthError('invalid_tenant', 'The tenant is invalid.', { extra: { errors: result.errors } });
  }
  await store.put('meta', 'tenant', result.tenant);
  return result.tenant;
}

export async function resetTenant(store: Store): Promise<void> {
  await store.delete('meta', 'tenant');
}
