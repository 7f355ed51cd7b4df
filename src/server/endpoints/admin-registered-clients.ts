import { registeredClients } from '../clients/registered.ts';
import { json, type Route } from './route.ts';

/**
 * The clients made by dynamic registration, oldest first, as registered (RFC 7591 §3.2.1
 * metadata), for the tenant editor. Secrets are never listed.
 */
export const registeredClientsRoute: Route = {
  methods: ['GET'],
  path: '/admin/registered-clients',
  async handler(ctx) {
    const records = (await registeredClients(ctx.store)).sort(
      (a, b) => a.registeredAt - b.registeredAt || a.clientId.localeCompare(b.clientId),
    );
    return json({
      clients: records.map((record) => ({ ...record.metadata, client_id_issued_at: record.registeredAt })),
    });
  },
};
