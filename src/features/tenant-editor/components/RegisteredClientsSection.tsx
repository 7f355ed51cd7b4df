import { useQuery } from '@tanstack/react-query';
import { type RegisteredClient, registeredClientsQuery } from '../api/tenant-api.ts';

function keysOf(client: RegisteredClient): string {
  if (client.jwks_uri) return `jwks_uri ${client.jwks_uri}`;
  const count = client.jwks?.keys?.length ?? 0;
  return count ? `${count} key${count === 1 ? '' : 's'} (jwks)` : 'none';
}

/**
 * The clients apps registered themselves (POST /oidc/register, RFC 7591). They live with the
 * server's state, not in the tenant: shown here read-only; a reset of the playground removes them.
 */
export function RegisteredClientsSection({ enabled }: { enabled: boolean }) {
  const query = useQuery({ ...registeredClientsQuery(), enabled });
  const clients = query.data ?? [];
  return (
    <section className="tenant-section" aria-labelledby="tenant-registered-clients">
      <h2 id="tenant-registered-clients">Registered clients</h2>
      <p>
        Clients made by dynamic registration (<code>POST /oidc/register</code>, RFC 7591). They are kept with
        the server’s state, listed here read-only.
      </p>
      {query.isError && (
        <p role="alert" className="tenant-alert">
          {query.error.message}
        </p>
      )}
      {query.isSuccess && clients.length === 0 && <p>No client has registered yet.</p>}
      {clients.length > 0 && (
        <div className="tenant-table-wrap">
          <table className="tenant-table" aria-label="Registered clients">
            <thead>
              <tr>
                <th scope="col">client_id</th>
                <th scope="col">Name</th>
                <th scope="col">Authentication</th>
                <th scope="col">Grants</th>
                <th scope="col">Keys</th>
                <th scope="col">Redirect URIs</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((client) => (
                <tr key={client.client_id}>
                  <td>
                    <code>{client.client_id}</code>
                  </td>
                  <td>{client.client_name ?? ''}</td>
                  <td>
                    {client.token_endpoint_auth_method ?? ''}
                    {client.require_pushed_authorization_requests ? ', PAR required' : ''}
                  </td>
                  <td>{(client.grant_types ?? []).join(', ')}</td>
                  <td>{keysOf(client)}</td>
                  <td>{(client.redirect_uris ?? []).join(' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
