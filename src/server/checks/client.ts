import { oauthError } from '../errors.ts';
import type { Client, Tenant } from '../tenant/schema.ts';
import { type AuthorizeParams, singleParam } from './authorize-params.ts';

/**
 * The client named by `client_id`. An unknown client gets an error page, never a redirect
 * (RFC 6749 §4.1.2.1), so the caller renders what this throws.
 */
export function checkClient(tenant: Tenant, params: AuthorizeParams): Client {
  if (params.duplicated.has('client_id'))
    throw oauthError('invalid_request', "Parameter 'client_id' was included more than once.");
  const clientId = singleParam(params, 'client_id');
  if (clientId === undefined) {
    if (params.overlong.has('client_id'))
      throw oauthError('invalid_request', "Parameter 'client_id' is too long.");
    throw oauthError('invalid_request', 'Missing required parameter: client_id');
  }
  const client = tenant.clients.find((c) => c.clientId === clientId);
  if (!client) throw oauthError('invalid_client', `Unknown client: ${clientId}`, { status: 400 });
  return client;
}
