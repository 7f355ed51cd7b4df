import {
  type Client,
  grantTypes,
  type Tenant,
  type TenantFieldError,
} from '../../../server/tenant/schema.ts';
import { formatClientGrants, newClient, parseClientGrants, replaceAt } from '../model/draft.ts';
import { CheckboxField, LinesField, NumberField, SelectField, TextAreaField, TextField } from './fields.tsx';

interface Props {
  tenant: Tenant;
  errors: readonly TenantFieldError[];
  onChange(tenant: Tenant): void;
}

const grantLabels: Record<(typeof grantTypes)[number], string> = {
  authorization_code: 'Authorization code',
  implicit: 'Implicit',
  refresh_token: 'Refresh token',
  client_credentials: 'Client credentials',
  password: 'Password',
  'http://auth0.com/oauth/grant-type/password-realm': 'Password realm',
  'urn:ietf:params:oauth:grant-type:device_code': 'Device code',
  'urn:ietf:params:oauth:grant-type:token-exchange': 'Token exchange',
  'urn:openid:params:grant-type:ciba': 'CIBA (backchannel)',
};

const formatGrants = (grants: Client['clientGrants']) => formatClientGrants(grants);
const parseGrants = (text: string) => ({ ok: true as const, value: parseClientGrants(text) });

export function ClientsSection({ tenant, errors, onChange }: Props) {
  const setClient = (index: number, client: Client) =>
    onChange({ ...tenant, clients: replaceAt(tenant.clients, index, client) });
  return (
    <section className="tenant-section" aria-labelledby="tenant-clients">
      <h2 id="tenant-clients">Clients</h2>
      {tenant.clients.map((client, i) => {
        const path = `clients.${i}`;
        const set = (patch: Partial<Client>) => setClient(i, { ...client, ...patch });
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the id is being edited; a key from it would remount the card on each keystroke
          <fieldset key={i} className="tenant-card">
            <legend>Client {client.clientId || `#${i + 1}`}</legend>
            <div className="tenant-grid">
              <TextField
                label="Client ID"
                path={`${path}.clientId`}
                errors={errors}
                value={client.clientId}
                onChange={(clientId) => set({ clientId })}
              />
              <TextField
                label="Name"
                path={`${path}.name`}
                errors={errors}
                value={client.name ?? ''}
                onChange={(name) => set({ name })}
              />
              <SelectField
                label="Type"
                path={`${path}.type`}
                errors={errors}
                value={client.type}
                options={['public', 'confidential'] as const}
                help="Confidential clients keep a secret (RFC 6749 §2.1)."
                onChange={(type) =>
                  set(
                    type === 'confidential'
                      ? { type, clientSecret: client.clientSecret ?? `${client.clientId}-secret` }
                      : { type, clientSecret: undefined },
                  )
                }
              />
              {client.type === 'confidential' && (
                <TextField
                  label="Client secret"
                  path={`${path}.clientSecret`}
                  errors={errors}
                  value={client.clientSecret ?? ''}
                  onChange={(clientSecret) => set({ clientSecret })}
                />
              )}
            </div>
            <fieldset className="tenant-checks">
              <legend>Grant types</legend>
              {grantTypes.map((grant) => (
                <CheckboxField
                  key={grant}
                  label={grantLabels[grant]}
                  path={`${path}.grantTypes.${grant}`}
                  errors={[]}
                  checked={client.grantTypes.includes(grant)}
                  onChange={(on) =>
                    set({
                      grantTypes: on
                        ? grantTypes.filter((g) => g === grant || client.grantTypes.includes(g))
                        : client.grantTypes.filter((g) => g !== grant),
                    })
                  }
                />
              ))}
            </fieldset>
            <div className="tenant-grid">
              <LinesField
                label="Redirect URIs"
                path={`${path}.redirectUris`}
                errors={errors}
                help="One per line; compared exactly (RFC 6749 §3.1.2). {app} is this playground's URL."
                value={client.redirectUris}
                onChange={(redirectUris) => set({ redirectUris })}
              />
              <LinesField
                label="Logout redirect URIs"
                path={`${path}.postLogoutRedirectUris`}
                errors={errors}
                value={client.postLogoutRedirectUris}
                onChange={(postLogoutRedirectUris) => set({ postLogoutRedirectUris })}
              />
              <LinesField
                label="Allowed Origins (CORS)"
                path={`${path}.allowedOrigins`}
                errors={errors}
                help="Origins whose scripts may call the token, userinfo and other endpoints, one per line (https://app.example.com). The redirect URIs' origins are allowed too. {app} is this playground's origin."
                value={client.allowedOrigins}
                onChange={(allowedOrigins) => set({ allowedOrigins })}
              />
              <LinesField
                label="Allowed Web Origins"
                path={`${path}.webOrigins`}
                errors={errors}
                help="Origins that may receive response_mode=web_message (silent login in a hidden frame, login in a popup), one per line."
                value={client.webOrigins}
                onChange={(webOrigins) => set({ webOrigins })}
              />
            </div>
            <div className="tenant-checks">
              <CheckboxField
                label="Require PKCE"
                path={`${path}.requirePkce`}
                errors={errors}
                checked={client.requirePkce ?? client.type === 'public'}
                onChange={(requirePkce) => set({ requirePkce })}
              />
              <CheckboxField
                label="Skip consent"
                path={`${path}.skipConsent`}
                errors={errors}
                checked={client.skipConsent}
                onChange={(skipConsent) => set({ skipConsent })}
              />
              <CheckboxField
                label="Rotate refresh tokens"
                path={`${path}.rotateRefreshTokens`}
                errors={errors}
                checked={client.rotateRefreshTokens}
                onChange={(rotateRefreshTokens) => set({ rotateRefreshTokens })}
              />
            </div>
            {client.rotateRefreshTokens && (
              <div className="tenant-grid">
                <NumberField
                  label="Refresh token reuse interval (seconds)"
                  path={`${path}.refreshTokenReuseInterval`}
                  errors={errors}
                  help="For this long after a rotation, the old refresh token still works and returns its successor; after it, reuse revokes the token family."
                  value={client.refreshTokenReuseInterval}
                  onChange={(refreshTokenReuseInterval) => set({ refreshTokenReuseInterval })}
                />
              </div>
            )}
            {(client.grantTypes.includes('client_credentials') || client.clientGrants.length > 0) && (
              <TextAreaField
                label="Client grants"
                path={`${path}.clientGrants`}
                errors={errors}
                help="For client credentials: one API per line, then the scopes it may get."
                value={client.clientGrants}
                format={formatGrants}
                parse={parseGrants}
                onChange={(clientGrants) => set({ clientGrants })}
              />
            )}
            <button
              type="button"
              className="danger"
              onClick={() => onChange({ ...tenant, clients: tenant.clients.filter((_, j) => j !== i) })}
            >
              Remove client {client.clientId}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        onClick={() => onChange({ ...tenant, clients: [...tenant.clients, newClient(tenant)] })}
      >
        Add a client
      </button>
    </section>
  );
}
