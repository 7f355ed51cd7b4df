import type { Api, Tenant, TenantFieldError } from '../../../server/tenant/schema.ts';
import { formatScopes, newApi, parseScopes, replaceAt } from '../model/draft.ts';
import { CheckboxField, NumberField, TextAreaField, TextField } from './fields.tsx';

interface Props {
  tenant: Tenant;
  errors: readonly TenantFieldError[];
  onChange(tenant: Tenant): void;
}

const parseScopeText = (text: string) => ({ ok: true as const, value: parseScopes(text) });

export function ApisSection({ tenant, errors, onChange }: Props) {
  const setApi = (index: number, api: Api) =>
    onChange({ ...tenant, apis: replaceAt(tenant.apis, index, api) });
  return (
    <section className="tenant-section" aria-labelledby="tenant-apis">
      <h2 id="tenant-apis">APIs and scopes</h2>
      {tenant.apis.map((api, i) => {
        const path = `apis.${i}`;
        const set = (patch: Partial<Api>) => setApi(i, { ...api, ...patch });
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the id is being edited; a key from it would remount the card on each keystroke
          <fieldset key={i} className="tenant-card">
            <legend>API {api.identifier || `#${i + 1}`}</legend>
            <div className="tenant-grid">
              <TextField
                label="Identifier (audience)"
                path={`${path}.identifier`}
                errors={errors}
                value={api.identifier}
                onChange={(identifier) => set({ identifier })}
              />
              <TextField
                label="Name"
                path={`${path}.name`}
                errors={errors}
                value={api.name ?? ''}
                onChange={(name) => set({ name })}
              />
              <NumberField
                label="Access token lifetime (seconds)"
                path={`${path}.tokenLifetime`}
                errors={errors}
                value={api.tokenLifetime}
                onChange={(tokenLifetime) => set({ tokenLifetime })}
              />
            </div>
            <TextAreaField
              label="Scopes"
              path={`${path}.scopes`}
              errors={errors}
              help="One per line: the scope, then its description (RFC 6749 §3.3)."
              value={api.scopes}
              format={formatScopes}
              parse={parseScopeText}
              onChange={(scopes) => set({ scopes })}
            />
            <CheckboxField
              label="Allow offline access (refresh tokens)"
              path={`${path}.allowOfflineAccess`}
              errors={errors}
              checked={api.allowOfflineAccess}
              onChange={(allowOfflineAccess) => set({ allowOfflineAccess })}
            />
            <button
              type="button"
              className="danger"
              onClick={() => onChange({ ...tenant, apis: tenant.apis.filter((_, j) => j !== i) })}
            >
              Remove API {api.identifier}
            </button>
          </fieldset>
        );
      })}
      <button type="button" onClick={() => onChange({ ...tenant, apis: [...tenant.apis, newApi(tenant)] })}>
        Add an API
      </button>
    </section>
  );
}
