import { oauthError } from '../errors.ts';
import type { Store } from '../store/types.ts';
import type { Client, Tenant } from '../tenant/schema.ts';

/** A client made by dynamic registration (RFC 7591), kept in the store beside the tenant. */
export interface RegisteredClient {
  clientId: string;
  /** The client as the server uses it (the tenant's client shape). */
  client: Client;
  /** The client metadata as registered (RFC 7591 §3.2.1), without the secret. */
  metadata: Record<string, unknown>;
  /** Server time (seconds) of the registration. */
  registeredAt: number;
}

/** Open registration on a playground: enough for every experiment, bounded so the store stays small. */
export const MAX_REGISTERED_CLIENTS = 200;

export async function registeredClients(store: Store): Promise<RegisteredClient[]> {
  return store.list<RegisteredClient>('registeredClients');
}

export async function saveRegisteredClient(store: Store, record: RegisteredClient): Promise<void> {
  if ((await registeredClients(store)).length >= MAX_REGISTERED_CLIENTS) {
    throw oauthError(
      'invalid_client_metadata',
      `This server already holds ${MAX_REGISTERED_CLIENTS} registered clients; reset the playground to register more.`,
    );
  }
  await store.put('registeredClients', record.clientId, record);
}

/** The tenant's own clients, then the registered ones (a tenant client wins a clash of ids). */
export function withRegisteredClients(tenant: Tenant, registered: RegisteredClient[]): Tenant {
  if (registered.length === 0) return tenant;
  const ids = new Set(tenant.clients.map((c) => c.clientId));
  const extra = registered
    .filter((r) => !ids.has(r.clientId))
    .sort((a, b) => a.registeredAt - b.registeredAt || a.clientId.localeCompare(b.clientId))
    .map((r) => r.client);
  return { ...tenant, clients: [...tenant.clients, ...extra] };
}
