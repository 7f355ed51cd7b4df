import type { User } from '../tenant/schema.ts';

/** OIDC Core §5.4: the claims each scope asks for. */
export const SCOPE_CLAIMS: Readonly<Record<string, readonly string[]>> = {
  profile: [
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
  ],
  email: ['email', 'email_verified'],
  address: ['address'],
  phone: ['phone_number', 'phone_number_verified'],
};

/** Every user claim this server can release (OIDC Core §5.1), for discovery's `claims_supported`. */
export const USER_CLAIMS: readonly string[] = ['sub', ...Object.values(SCOPE_CLAIMS).flat()];

/** One entry of a `claims` request (OIDC Core §5.5.1): `null`, or how the claim is asked for. */
export interface RequestedClaim {
  essential?: boolean;
  value?: unknown;
  values?: unknown[];
}

export type RequestedClaims = Record<string, RequestedClaim | null>;

/** The `claims` request parameter (OIDC Core §5.5): claims asked for in userinfo and in the ID token. */
export interface ClaimsRequest {
  userinfo?: RequestedClaims;
  id_token?: RequestedClaims;
}

/** The scopes whose claims a `claims` request asks for: what the user is asked to consent to. */
export function scopesOfClaims(claims: ClaimsRequest | undefined): string[] {
  const names = new Set([...Object.keys(claims?.userinfo ?? {}), ...Object.keys(claims?.id_token ?? {})]);
  return Object.entries(SCOPE_CLAIMS)
    .filter(([, members]) => members.some((name) => names.has(name)))
    .map(([scope]) => scope);
}

function address(user: User): Record<string, string> | undefined {
  if (!user.address) return undefined;
  const a = user.address;
  const parts: Record<string, string | undefined> = {
    formatted: a.formatted,
    street_address: a.streetAddress,
    locality: a.locality,
    region: a.region,
    postal_code: a.postalCode,
    country: a.country,
  };
  const present = Object.entries(parts).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return present.length ? Object.fromEntries(present) : undefined;
}

/**
 * The standard claims a user has, by their OIDC names. A claim the user does not have is left out:
 * "it SHOULD NOT be present with a null or empty string value" (OIDC Core §5.3.2).
 */
function standardClaims(user: User): Record<string, unknown> {
  const all: Record<string, unknown> = {
    name: user.name ?? user.email,
    given_name: user.givenName,
    family_name: user.familyName,
    middle_name: user.middleName,
    nickname: user.nickname ?? user.email.split('@')[0],
    preferred_username: user.preferredUsername,
    profile: user.profile,
    picture: user.picture,
    website: user.website,
    gender: user.gender,
    birthdate: user.birthdate,
    zoneinfo: user.zoneinfo,
    locale: user.locale,
    // OIDC Core §5.1: updated_at is a number of seconds since the epoch.
    updated_at: Math.floor(Date.parse(user.updatedAt) / 1000),
    email: user.email,
    email_verified: user.emailVerified,
    address: address(user),
    phone_number: user.phoneNumber,
    phone_number_verified: user.phoneNumber === undefined ? undefined : (user.phoneNumberVerified ?? false),
  };
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined && value !== ''));
}

/**
 * Claims of a user for the granted scopes (OIDC Core §5.4), plus those a `claims` request names
 * (§5.5), for ID tokens and /userinfo. `sub` is always there (§5.3.2).
 */
export function userClaims(
  user: User,
  scope: readonly string[],
  requested: RequestedClaims = {},
): Record<string, unknown> {
  const available = standardClaims(user);
  const names = new Set([...scope.flatMap((s) => SCOPE_CLAIMS[s] ?? []), ...Object.keys(requested)]);
  const claims: Record<string, unknown> = { sub: user.id };
  for (const name of names) {
    if (name !== 'sub' && Object.hasOwn(available, name)) claims[name] = available[name];
  }
  return claims;
}
