import type { Api, Client, Tenant, TenantFieldError, User } from '../../../server/tenant/schema.ts';

/** The errors at or below a dotted path (`clients.1` matches `clients.1.redirectUris.0`). */
export function errorsUnder(errors: readonly TenantFieldError[], path: string): TenantFieldError[] {
  return errors.filter((e) => e.path === path || e.path.startsWith(`${path}.`));
}

/** One entry per non-empty line. */
export function parseLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

function freshName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i += 1) if (!taken.includes(`${base}-${i}`)) return `${base}-${i}`;
}

export function newClient(tenant: Tenant): Client {
  return {
    clientId: freshName(
      'new-client',
      tenant.clients.map((c) => c.clientId),
    ),
    name: 'New client',
    type: 'public',
    grantTypes: ['authorization_code', 'refresh_token'],
    redirectUris: ['{app}/callback'],
    postLogoutRedirectUris: ['{app}/'],
    requirePkce: true,
    rotateRefreshTokens: true,
    refreshTokenReuseInterval: 0,
    allowedOrigins: ['{app}'],
    webOrigins: ['{app}'],
    skipConsent: false,
    dpopBoundAccessTokens: false,
    requireDpopNonce: false,
    clientGrants: [],
  };
}

export function newUser(tenant: Tenant): User {
  const email = freshName(
    'new.user',
    tenant.users.map((u) => u.email.split('@')[0]),
  );
  return {
    id: `auth0|${email}`,
    email: `${email}@example.com`,
    password: 'change-me',
    connection: tenant.connections[0]?.name ?? 'Username-Password-Authentication',
    name: 'New User',
    emailVerified: false,
    updatedAt: new Date().toISOString(),
    claims: {},
  };
}

export function newApi(tenant: Tenant): Api {
  return {
    identifier: freshName(
      'https://api.example.com/new',
      tenant.apis.map((a) => a.identifier),
    ),
    name: 'New API',
    scopes: [],
    allowOfflineAccess: true,
    tokenLifetime: 86400,
  };
}

/** `audience scope scope` per line <-> client grants. */
export function formatClientGrants(grants: Client['clientGrants']): string {
  return grants.map((g) => [g.audience, ...g.scopes].join(' ')).join('\n');
}
export function parseClientGrants(text: string): Client['clientGrants'] {
  return parseLines(text).map((line) => {
    const [audience, ...scopes] = line.split(/\s+/);
    return { audience, scopes };
  });
}

/** `scope description...` per line <-> API scopes. */
export function formatScopes(scopes: Api['scopes']): string {
  return scopes.map((s) => (s.description ? `${s.value} ${s.description}` : s.value)).join('\n');
}
export function parseScopes(text: string): Api['scopes'] {
  return parseLines(text).map((line) => {
    const at = line.search(/\s/);
    return at < 0
      ? { value: line, description: '' }
      : { value: line.slice(0, at), description: line.slice(at).trim() };
  });
}

/** Replaces the item at `index` of a list. */
export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((old, i) => (i === index ? item : old));
}

/** An optional text field: an emptied field unsets the value (the schema refuses empty strings). */
export function optionalText(text: string): string | undefined {
  return text === '' ? undefined : text;
}

/** An optional list: no line unsets it (`authorizationDetailsTypes`: unset allows every type). */
export function optionalList(list: readonly string[]): string[] | undefined {
  return list.length > 0 ? [...list] : undefined;
}

export type Address = NonNullable<User['address']>;
export const addressParts = [
  'streetAddress',
  'locality',
  'region',
  'postalCode',
  'country',
  'formatted',
] as const satisfies readonly (keyof Address)[];

/** One part of a user's address changed; an address with no part left is unset (OIDC Core §5.1.1). */
export function withAddressPart(
  address: User['address'],
  part: (typeof addressParts)[number],
  text: string,
): User['address'] {
  const next: Address = { ...address, [part]: optionalText(text) };
  for (const key of addressParts) if (next[key] === undefined) delete next[key];
  return Object.keys(next).length > 0 ? next : undefined;
}
