import { parseTenant, type Tenant, type TenantFieldError } from '../../../server/tenant/schema.ts';
import {
  applyMergePatch,
  createMergePatch,
  isJsonObject,
  type Json,
  type JsonObject,
} from './merge-patch.ts';

/**
 * Tenant changes travel as an RFC 7396 merge patch from the demo tenant, with every password and
 * client secret taken out first: a share link never carries them.
 */
export interface StrippedSecret {
  kind: 'password' | 'client_secret';
  /** The user's email or the client's id. */
  owner: string;
}

function normalized(tenant: unknown): JsonObject {
  const parsed = parseTenant(tenant);
  if (!parsed.ok)
    throw new Error(`the tenant is not valid: ${parsed.errors[0]?.path} ${parsed.errors[0]?.message}`);
  return JSON.parse(JSON.stringify(parsed.tenant)) as JsonObject;
}

function withoutSecrets(tenant: JsonObject): JsonObject {
  const users = Array.isArray(tenant.users) ? tenant.users : [];
  const clients = Array.isArray(tenant.clients) ? tenant.clients : [];
  return {
    ...tenant,
    users: users.map((user) => {
      if (!isJsonObject(user)) return user;
      const { password: _password, ...rest } = user;
      return rest;
    }),
    clients: clients.map((client) => {
      if (!isJsonObject(client)) return client;
      const { clientSecret: _secret, ...rest } = client;
      return rest;
    }),
  };
}

export interface TenantChanges {
  /** The merge patch from the demo tenant, or null when the tenant is the demo (secrets aside). */
  patch: JsonObject | null;
  /** Secrets the link cannot carry: passwords and client secrets that differ from the demo's. */
  stripped: StrippedSecret[];
}

/** The changes from `demo` to `current`, without secrets. */
export function tenantChanges(demo: unknown, current: unknown): TenantChanges {
  const demoTenant = normalized(demo) as unknown as Tenant;
  const currentTenant = normalized(current) as unknown as Tenant;
  const stripped: StrippedSecret[] = [];
  for (const user of currentTenant.users) {
    const same = demoTenant.users.find((u) => u.id === user.id);
    if (!same || same.password !== user.password) stripped.push({ kind: 'password', owner: user.email });
  }
  for (const client of currentTenant.clients) {
    if (!client.clientSecret) continue;
    const same = demoTenant.clients.find((c) => c.clientId === client.clientId);
    if (!same || same.clientSecret !== client.clientSecret)
      stripped.push({ kind: 'client_secret', owner: client.clientId });
  }
  const patch = createMergePatch(
    withoutSecrets(demoTenant as unknown as JsonObject),
    withoutSecrets(currentTenant as unknown as JsonObject),
  );
  return { patch: Object.keys(patch).length ? patch : null, stripped };
}

/** A secret the receiving side had to make up, so that the tenant is valid: shown to the user. */
export interface FilledSecret extends StrippedSecret {
  value: string;
}

export type AppliedTenant =
  | { ok: true; tenant: Tenant; filled: FilledSecret[] }
  | { ok: false; errors: TenantFieldError[] };

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/**
 * The tenant a link's patch describes: the demo tenant with the patch applied. Secrets come from
 * the receiver's own tenant (same user id / client id), else from the demo, else are made up and listed.
 */
export function applyTenantChanges(demo: unknown, patch: Json, local: unknown): AppliedTenant {
  const demoTenant = normalized(demo);
  const patched = applyMergePatch(withoutSecrets(demoTenant), patch);
  if (!isJsonObject(patched))
    return { ok: false, errors: [{ path: '(tenant)', message: 'must be an object' }] };
  const sources: Tenant[] = [];
  const localParsed = parseTenant(local);
  if (localParsed.ok) sources.push(localParsed.tenant);
  sources.push(demoTenant as unknown as Tenant);
  const filled: FilledSecret[] = [];
  const users = Array.isArray(patched.users) ? patched.users : [];
  const clients = Array.isArray(patched.clients) ? patched.clients : [];
  const withSecrets: JsonObject = {
    ...patched,
    users: users.map((user) => {
      if (!isJsonObject(user)) return user;
      const known = sources.flatMap((t) => t.users).find((u) => u.id === user.id);
      const password = known?.password ?? randomSecret();
      if (!known) filled.push({ kind: 'password', owner: String(user.email ?? user.id), value: password });
      return { ...user, password };
    }),
    clients: clients.map((client) => {
      if (!isJsonObject(client) || client.type !== 'confidential') return client;
      const known = sources
        .flatMap((t) => t.clients)
        .find((c) => c.clientId === client.clientId && c.clientSecret);
      const clientSecret = known?.clientSecret ?? randomSecret();
      if (!known) filled.push({ kind: 'client_secret', owner: String(client.clientId), value: clientSecret });
      return { ...client, clientSecret };
    }),
  };
  const parsed = parseTenant(withSecrets);
  return parsed.ok ? { ok: true, tenant: parsed.tenant, filled } : parsed;
}

/** Whether two tenants are the same data (after defaults are filled in). */
export function sameTenant(a: unknown, b: unknown): boolean {
  const pa = parseTenant(a);
  const pb = parseTenant(b);
  return pa.ok && pb.ok && JSON.stringify(pa.tenant) === JSON.stringify(pb.tenant);
}
