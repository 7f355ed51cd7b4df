import type { Tenant, TenantFieldError, User } from '../../../server/tenant/schema.ts';
import { addressParts, newUser, replaceAt, withAddressPart } from '../model/draft.ts';
import { bindFields, CheckboxField, SelectField, TextAreaField, TextField } from './fields.tsx';

const addressLabels: Record<(typeof addressParts)[number], string> = {
  streetAddress: 'Street address',
  locality: 'Locality (city)',
  region: 'Region',
  postalCode: 'Postal code',
  country: 'Country',
  formatted: 'Formatted address',
};
const keepText = (text: string) => ({ ok: true as const, value: text });

interface Props {
  tenant: Tenant;
  errors: readonly TenantFieldError[];
  onChange(tenant: Tenant): void;
}

type Claims = User['claims'];
const formatClaims = (claims: Claims) => JSON.stringify(claims, null, 2);
function parseClaims(text: string): { ok: true; value: Claims } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return { ok: false, message: 'must be a JSON object, e.g. {"https://example.com/roles": ["admin"]}' };
    return { ok: true, value: value as Claims };
  } catch (error) {
    return { ok: false, message: `not JSON: ${error instanceof Error ? error.message : 'syntax error'}` };
  }
}

export function UsersSection({ tenant, errors, onChange }: Props) {
  const setUser = (index: number, user: User) =>
    onChange({ ...tenant, users: replaceAt(tenant.users, index, user) });
  const connections = tenant.connections.map((c) => c.name);
  return (
    <section className="tenant-section" aria-labelledby="tenant-users">
      <h2 id="tenant-users">Users</h2>
      {tenant.users.map((user, i) => {
        const path = `users.${i}`;
        const set = (patch: Partial<User>) => setUser(i, { ...user, ...patch });
        const field = bindFields(user, path, errors, set);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the id is being edited; a key from it would remount the card on each keystroke
          <fieldset key={i} className="tenant-card">
            <legend>User {user.email || `#${i + 1}`}</legend>
            <div className="tenant-grid">
              <TextField label="Email" type="email" {...field.text('email')} />
              <TextField label="Password" {...field.text('password')} />
              <TextField label="User ID (sub)" {...field.text('id')} />
              <TextField label="Name" {...field.text('name')} />
              <TextField label="Nickname" {...field.text('nickname')} />
              <SelectField
                label="Connection"
                {...field.value('connection')}
                options={
                  connections.includes(user.connection) ? connections : [user.connection, ...connections]
                }
              />
              <TextField
                label="Phone number"
                type="tel"
                {...field.text('phoneNumber', true)}
                help="The phone_number claim (phone scope): E.164, such as +14255551212 (OIDC Core §5.1)."
              />
            </div>
            <div className="tenant-checks">
              <CheckboxField label="Email verified" {...field.check('emailVerified')} />
              <CheckboxField label="Phone number verified" {...field.check('phoneNumberVerified')} />
            </div>
            <fieldset className="tenant-grid tenant-address">
              <legend>Address (the address claim, OIDC Core §5.1.1)</legend>
              {addressParts
                .filter((part) => part !== 'formatted')
                .map((part) => (
                  <TextField
                    key={part}
                    label={addressLabels[part]}
                    path={`${path}.address.${part}`}
                    errors={errors}
                    value={user.address?.[part] ?? ''}
                    onChange={(text) => set({ address: withAddressPart(user.address, part, text) })}
                  />
                ))}
              <TextAreaField
                label={addressLabels.formatted}
                path={`${path}.address.formatted`}
                errors={errors}
                rows={3}
                help="The full address as it is printed, lines included."
                value={user.address?.formatted ?? ''}
                format={String}
                parse={keepText}
                onChange={(text) => set({ address: withAddressPart(user.address, 'formatted', text) })}
              />
            </fieldset>
            <TextAreaField
              label="Custom claims (JSON)"
              {...field.value('claims')}
              rows={3}
              help="Added to ID tokens, access tokens and userinfo as set under Tokens. Use namespaced names."
              format={formatClaims}
              parse={parseClaims}
            />
            <button
              type="button"
              className="danger"
              onClick={() => onChange({ ...tenant, users: tenant.users.filter((_, j) => j !== i) })}
            >
              Remove user {user.email}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        onClick={() => onChange({ ...tenant, users: [...tenant.users, newUser(tenant)] })}
      >
        Add a user
      </button>
    </section>
  );
}
