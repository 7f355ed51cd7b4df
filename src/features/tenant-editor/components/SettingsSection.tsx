import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Tenant, TenantFieldError } from '../../../server/tenant/schema.ts';
import { jwksQuery, rotateKeys } from '../api/tenant-api.ts';
import { CheckboxField, LinesField, NumberField, SelectField, TextField } from './fields.tsx';

interface Props {
  tenant: Tenant;
  errors: readonly TenantFieldError[];
  onChange(tenant: Tenant): void;
}

const lifetimes = [
  ['idTokenLifetime', 'ID token lifetime (seconds)'],
  ['codeLifetime', 'Authorization code lifetime (seconds)'],
  ['refreshTokenLifetime', 'Refresh token lifetime (seconds)'],
  ['opaqueAccessTokenLifetime', 'Opaque access token lifetime (seconds)'],
  ['deviceCodeLifetime', 'Device code lifetime (seconds)'],
  ['deviceInterval', 'Device polling interval (seconds)'],
] as const;

export function SettingsSection({ tenant, errors, onChange }: Props) {
  const set = (patch: Partial<Tenant>) => onChange({ ...tenant, ...patch });
  const client = useQueryClient();
  const jwks = useQuery(jwksQuery());
  const rotate = useMutation({
    mutationFn: rotateKeys,
    onSuccess: (data) => client.setQueryData(jwksQuery().queryKey, data),
  });
  return (
    <>
      <section className="tenant-section" aria-labelledby="tenant-tokens">
        <h2 id="tenant-tokens">Tokens and signing</h2>
        <div className="tenant-grid">
          <TextField
            label="Tenant name"
            path="name"
            errors={errors}
            value={tenant.name}
            onChange={(name) => set({ name })}
          />
          {lifetimes.map(([key, label]) => (
            <NumberField
              key={key}
              label={label}
              path={key}
              errors={errors}
              value={tenant[key]}
              onChange={(value) => set({ [key]: value })}
            />
          ))}
          <SelectField
            label="Signing algorithm"
            path="signingAlg"
            errors={errors}
            value={tenant.signingAlg}
            options={['RS256', 'ES256'] as const}
            help="For ID tokens and JWT access tokens."
            onChange={(signingAlg) => set({ signingAlg })}
          />
        </div>
        <fieldset className="tenant-checks">
          <legend>Add users' custom claims to</legend>
          <CheckboxField
            label="ID tokens"
            path="customClaims.idToken"
            errors={errors}
            checked={tenant.customClaims.idToken}
            onChange={(idToken) => set({ customClaims: { ...tenant.customClaims, idToken } })}
          />
          <CheckboxField
            label="Access tokens"
            path="customClaims.accessToken"
            errors={errors}
            checked={tenant.customClaims.accessToken}
            onChange={(accessToken) => set({ customClaims: { ...tenant.customClaims, accessToken } })}
          />
          <CheckboxField
            label="Userinfo"
            path="customClaims.userinfo"
            errors={errors}
            checked={tenant.customClaims.userinfo}
            onChange={(userinfo) => set({ customClaims: { ...tenant.customClaims, userinfo } })}
          />
        </fieldset>
        <div className="tenant-keys">
          <h3>Signing keys</h3>
          {jwks.isError && <p role="alert">{jwks.error.message}</p>}
          {jwks.data && (
            <ul aria-label="Signing keys">
              {jwks.data.keys.map((key, i) => (
                <li key={key.kid ?? i}>
                  <code>{key.kid}</code> {key.alg} {i === 0 ? '' : ''}
                </li>
              ))}
            </ul>
          )}
          <button type="button" onClick={() => rotate.mutate()} disabled={rotate.isPending}>
            Rotate signing keys
          </button>
          <output aria-live="polite">
            {rotate.isSuccess && 'A new key signs from now on; the old ones stay in the JWKS.'}
            {rotate.isError && rotate.error.message}
          </output>
        </div>
      </section>
      <section className="tenant-section" aria-labelledby="tenant-connections">
        <h2 id="tenant-connections">Connections</h2>
        <LinesField
          label="Connections"
          path="connections"
          errors={errors}
          help="One per line. The password-realm grant's realm names one of them."
          value={tenant.connections.map((c) => c.name)}
          onChange={(names) => set({ connections: names.map((name) => ({ name })) })}
        />
      </section>
    </>
  );
}
