import {
  type Client,
  grantTypes,
  type Tenant,
  type TenantFieldError,
} from '../../../server/tenant/schema.ts';
import { formatClientGrants, newClient, parseClientGrants, replaceAt } from '../model/draft.ts';
import {
  bindFields,
  CheckboxField,
  LinesField,
  NumberField,
  SelectField,
  TextAreaField,
  TextField,
} from './fields.tsx';

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
        const field = bindFields(client, path, errors, set);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the id is being edited; a key from it would remount the card on each keystroke
          <fieldset key={i} className="tenant-card">
            <legend>Client {client.clientId || `#${i + 1}`}</legend>
            <div className="tenant-grid">
              <TextField label="Client ID" {...field.text('clientId')} />
              <TextField label="Name" {...field.text('name')} />
              <SelectField
                label="Type"
                {...field.value('type')}
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
                <TextField label="Client secret" {...field.text('clientSecret')} />
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
                {...field.value('redirectUris')}
                help="One per line; compared exactly (RFC 6749 §3.1.2). {app} is this playground's URL."
              />
              <LinesField label="Logout redirect URIs" {...field.value('postLogoutRedirectUris')} />
              <LinesField
                label="Allowed Origins (CORS)"
                {...field.value('allowedOrigins')}
                help="Origins whose scripts may call the token, userinfo and other endpoints, one per line (https://app.example.com). The redirect URIs' origins are allowed too. {app} is this playground's origin."
              />
              <LinesField
                label="Allowed Web Origins"
                {...field.value('webOrigins')}
                help="Origins that may receive response_mode=web_message (silent login in a hidden frame, login in a popup), one per line."
              />
              <LinesField
                label="Authorization details types"
                {...field.optionalList('authorizationDetailsTypes')}
                help="The authorization_details types this client may request, one per line (RFC 9396 §2, §10); empty: any type the server knows."
              />
            </div>
            <div className="tenant-checks">
              <CheckboxField label="Require PKCE" {...field.check('requirePkce', client.type === 'public')} />
              <CheckboxField label="Skip consent" {...field.check('skipConsent')} />
              <CheckboxField label="Rotate refresh tokens" {...field.check('rotateRefreshTokens')} />
              <CheckboxField
                label="DPoP-bound access tokens"
                {...field.check('dpopBoundAccessTokens')}
                help="Every token request must carry a DPoP proof; a request without one is refused with invalid_dpop_proof (RFC 9449 §5, dpop_bound_access_tokens)."
              />
              <CheckboxField
                label="Require a DPoP nonce"
                {...field.check('requireDpopNonce')}
                help="At the token endpoint and the API, a proof without the server's nonce gets use_dpop_nonce and a DPoP-Nonce header; the client retries with it (RFC 9449 §8, §9)."
              />
            </div>
            {client.rotateRefreshTokens && (
              <div className="tenant-grid">
                <NumberField
                  label="Refresh token reuse interval (seconds)"
                  {...field.value('refreshTokenReuseInterval')}
                  help="Auth0's reuse interval (refresh_token.leeway): for this long after a rotation, the old refresh token still works and returns its successor; after it, reuse revokes the token family (RFC 9700 §4.14.2)."
                />
              </div>
            )}
            {(client.grantTypes.includes('client_credentials') || client.clientGrants.length > 0) && (
              <TextAreaField
                label="Client grants"
                {...field.value('clientGrants')}
                help="For client credentials: one API per line, then the scopes it may get."
                format={formatGrants}
                parse={parseGrants}
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
