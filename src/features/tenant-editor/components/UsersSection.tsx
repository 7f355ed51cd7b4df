import type { Tenant, TenantFieldError, User } from '../../../server/tenant/schema.ts';
import { newUser, replaceAt } from '../model/draft.ts';
import { CheckboxField, SelectField, TextAreaField, TextField } from './fields.tsx';

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
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the id is being edited; a key from it would remount the card on each keystroke
          <fieldset key={i} className="tenant-card">
            <legend>User {user.email || `#${i + 1}`}</legend>
            <div className="tenant-grid">
              <TextField
                label="Email"
                type="email"
                path={`${path}.email`}
                errors={errors}
                value={user.email}
                onChange={(email) => set({ email })}
              />
              <TextField
                label="Password"
                path={`${path}.password`}
                errors={errors}
                value={user.password}
                onChange={(password) => set({ password })}
              />
              <TextField
                label="User ID (sub)"
                path={`${path}.id`}
                errors={errors}
                value={user.id}
                onChange={(id) => set({ id })}
              />
              <TextField
                label="Name"
                path={`${path}.name`}
                errors={errors}
                value={user.name ?? ''}
                onChange={(name) => set({ name })}
              />
              <TextField
                label="Nickname"
                path={`${path}.nickname`}
                errors={errors}
                value={user.nickname ?? ''}
                onChange={(nickname) => set({ nickname })}
              />
              <SelectField
                label="Connection"
                path={`${path}.connection`}
                errors={errors}
                value={user.connection}
                options={
                  connections.includes(user.connection) ? connections : [user.connection, ...connections]
                }
                onChange={(connection) => set({ connection })}
              />
            </div>
            <CheckboxField
              label="Email verified"
              path={`${path}.emailVerified`}
              errors={errors}
              checked={user.emailVerified}
              onChange={(emailVerified) => set({ emailVerified })}
            />
            <TextAreaField
              label="Custom claims (JSON)"
              path={`${path}.claims`}
              errors={errors}
              rows={3}
              help="Added to ID tokens, access tokens and userinfo as set under Tokens. Use namespaced names."
              value={user.claims}
              format={formatClaims}
              parse={parseClaims}
              onChange={(claims) => set({ claims })}
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
