import * as v from 'valibot';

/**
 * The tenant is data: the demo tenant, or one the UI edited or imported. It is parsed at the
 * edge, and an invalid tenant gets one error per bad field, named by its path.
 */
export const grantTypes = [
  'authorization_code',
  'implicit',
  'refresh_token',
  'client_credentials',
  'password',
  'http://auth0.com/oauth/grant-type/password-realm',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:ietf:params:oauth:grant-type:token-exchange',
  'urn:openid:params:grant-type:ciba',
] as const;
export type GrantType = (typeof grantTypes)[number];

const nonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));
const seconds = v.pipe(
  v.number(),
  v.integer('must be a whole number of seconds'),
  v.minValue(1),
  v.maxValue(10 * 365 * 86400),
);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const ALLOWED = 'use https:, http: on loopback (localhost, 127.0.0.1, [::1])';

/**
 * What is wrong with a tenant URI, or `undefined`. Allowed: the `{app}` placeholder (the host's
 * own app URL), `https:`, `http:` on a loopback host only (RFC 8252 §7.3, §8.3), and, where
 * `privateUse` is set, a private-use scheme named by a reverse domain name such as
 * `com.example.app:` (RFC 8252 §7.1). Never `javascript:`, `data:`, `file:` or the like: a
 * redirect to them runs script or reads local files in the user's browser.
 */
export function tenantUriProblem(value: string, privateUse: boolean): string | undefined {
  const concrete = value.replace(/^\{app\}/, 'https://app.invalid');
  let url: URL;
  try {
    url = new URL(concrete);
  } catch {
    return 'must be an absolute URI without a fragment (or start with {app})';
  }
  if (url.hash || !/^[\x21-\x7e]+$/.test(concrete))
    return 'must be an absolute URI without a fragment (or start with {app})';
  const scheme = url.protocol;
  const choices = privateUse ? `${ALLOWED} or a private-use scheme such as com.example.app:` : ALLOWED;
  if (scheme === 'https:') return undefined;
  if (scheme === 'http:')
    return LOOPBACK_HOSTS.has(url.hostname)
      ? undefined
      : 'http: is allowed only on loopback (localhost, 127.0.0.1, [::1]); use https: (RFC 8252 §8.3)';
  if (privateUse && scheme.slice(0, -1).includes('.')) return undefined;
  if (['javascript:', 'data:', 'file:', 'vbscript:', 'blob:', 'about:'].includes(scheme))
    return `${scheme} URIs are not allowed: ${choices} (RFC 8252 §7)`;
  return privateUse
    ? `${scheme} is not allowed: ${choices} (a reverse domain name, RFC 8252 §7.1)`
    : `${scheme} is not allowed: ${choices}`;
}

const uriRule = (privateUse: boolean) =>
  v.pipe(
    v.string(),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const problem = tenantUriProblem(dataset.value, privateUse);
      if (problem) addIssue({ message: problem });
    }),
  );
/** A URI a browser is sent to (redirect, logout): https, loopback http or a private-use scheme. */
export const tenantUri = uriRule(true);
/** A URI a page loads (a picture): https or loopback http only. */
export const tenantWebUri = uriRule(false);
/**
 * A web origin `scheme://host[:port]` (no path, no trailing slash), or `{app}`: the host's own
 * origin. Auth0 names the lists of these Allowed Origins (CORS) and Allowed Web Origins.
 */
const ORIGIN_RULE =
  'must be an origin: https://host[:port], or http: on loopback, with no path or trailing slash (or {app})';
const webOrigin = v.pipe(
  v.string(),
  v.check((s) => {
    if (s === '{app}') return true;
    try {
      const u = new URL(s);
      const scheme = u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname));
      return scheme && u.origin === s;
    } catch {
      return false;
    }
  }, ORIGIN_RULE),
);
const jsonValue: v.GenericSchema<unknown> = v.lazy(() =>
  v.union([
    v.string(),
    v.number(),
    v.boolean(),
    v.null(),
    v.array(jsonValue),
    v.record(v.string(), jsonValue),
  ]),
);

/** OIDC Core §5.1.1: the parts of a postal address; each is optional. */
const addressSchema = v.object({
  formatted: v.optional(nonEmpty),
  streetAddress: v.optional(nonEmpty),
  locality: v.optional(nonEmpty),
  region: v.optional(nonEmpty),
  postalCode: v.optional(nonEmpty),
  country: v.optional(nonEmpty),
});

export const userSchema = v.object({
  id: nonEmpty,
  email: v.pipe(v.string(), v.email('must be an email address')),
  password: v.pipe(v.string(), v.minLength(1, 'must not be empty')),
  connection: v.optional(nonEmpty, 'Username-Password-Authentication'),
  name: v.optional(v.string()),
  nickname: v.optional(v.string()),
  picture: v.optional(tenantWebUri),
  emailVerified: v.optional(v.boolean(), false),
  // OIDC Core §5.1: the other standard claims of the profile, phone and address scopes.
  givenName: v.optional(nonEmpty),
  familyName: v.optional(nonEmpty),
  middleName: v.optional(nonEmpty),
  preferredUsername: v.optional(nonEmpty),
  profile: v.optional(tenantWebUri),
  website: v.optional(tenantWebUri),
  gender: v.optional(nonEmpty),
  birthdate: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^(\d{4}|\d{4}-\d{2}-\d{2})$/, 'must be YYYY-MM-DD, 0000-MM-DD or YYYY (OIDC Core §5.1)'),
    ),
  ),
  zoneinfo: v.optional(nonEmpty),
  locale: v.optional(nonEmpty),
  phoneNumber: v.optional(
    v.pipe(v.string(), v.regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 number such as +14255551212')),
  ),
  phoneNumberVerified: v.optional(v.boolean()),
  address: v.optional(addressSchema),
  updatedAt: v.optional(
    v.pipe(v.string(), v.isoTimestamp('must be an ISO timestamp')),
    '2026-01-01T00:00:00.000Z',
  ),
  /** Custom claims, added where `tenant.customClaims` says. Names should be namespaced URLs. */
  claims: v.optional(v.record(v.string(), jsonValue), {}),
});

export const apiSchema = v.object({
  identifier: nonEmpty,
  name: v.optional(v.string()),
  scopes: v.array(
    v.object({
      value: v.pipe(
        nonEmpty,
        v.regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'must be a scope token (RFC 6749 §3.3)'),
      ),
      description: v.optional(v.string(), ''),
    }),
  ),
  allowOfflineAccess: v.optional(v.boolean(), true),
  tokenLifetime: v.optional(seconds, 86400),
});

/** How a client authenticates at the token endpoint (RFC 7591 §2, OIDC Core §9). */
export const tokenEndpointAuthMethods = [
  'client_secret_basic',
  'client_secret_post',
  'none',
  'private_key_jwt',
] as const;
export type TokenEndpointAuthMethod = (typeof tokenEndpointAuthMethods)[number];

/** A client's public keys as a JWK Set (RFC 7517 §5); each key is checked where it is used. */
const jwksSchema = v.object({
  keys: v.pipe(
    v.array(v.looseObject({ kty: nonEmpty })),
    v.minLength(1, 'must hold at least one key'),
    v.maxLength(10, 'must hold at most 10 keys'),
  ),
});

export const clientSchema = v.pipe(
  v.object({
    clientId: nonEmpty,
    name: v.optional(v.string()),
    type: v.picklist(['confidential', 'public']),
    clientSecret: v.optional(v.pipe(v.string(), v.minLength(1))),
    grantTypes: v.array(v.picklist(grantTypes)),
    redirectUris: v.optional(v.array(tenantUri), []),
    postLogoutRedirectUris: v.optional(v.array(tenantUri), []),
    /** PKCE is required for public clients using authorization_code unless set to false. */
    requirePkce: v.optional(v.boolean()),
    rotateRefreshTokens: v.optional(v.boolean(), false),
    /**
     * Auth0's rotation "reuse interval" (`refresh_token.leeway`): for this many seconds after a
     * rotation, the rotated refresh token may be used again and returns its successor.
     */
    refreshTokenReuseInterval: v.optional(
      v.pipe(
        v.number(),
        v.integer('must be a whole number of seconds'),
        v.minValue(0, 'must be 0 or more seconds'),
        v.maxValue(86400, 'must be at most 86400 seconds (a day)'),
      ),
      0,
    ),
    /** Auth0 Allowed Origins (CORS): origins whose scripts may call the token and other endpoints. */
    allowedOrigins: v.optional(v.array(webOrigin), []),
    /** Auth0 Allowed Web Origins: origins that may receive `response_mode=web_message` responses. */
    webOrigins: v.optional(v.array(webOrigin), []),
    /** First-party clients may skip the consent page. */
    skipConsent: v.optional(v.boolean(), false),
    /** RFC 9449 §5.2 `dpop_bound_access_tokens`: every token request must carry a DPoP proof. */
    dpopBoundAccessTokens: v.optional(v.boolean(), false),
    /** RFC 9449 §8, §9: DPoP proofs of this client (token endpoint and its tokens at the resources) need a server nonce. */
    requireDpopNonce: v.optional(v.boolean(), false),
    /** RFC 9396 §10 `authorization_details_types`: when set, the only types this client may request. */
    authorizationDetailsTypes: v.optional(v.array(nonEmpty)),
    /** Client grants for client_credentials: the audiences and scopes this client may get. */
    clientGrants: v.optional(v.array(v.object({ audience: nonEmpty, scopes: v.array(nonEmpty) })), []),
    /** The one method this client must use; unset: a secret for confidential clients, none for public. */
    tokenEndpointAuthMethod: v.optional(v.picklist(tokenEndpointAuthMethods)),
    /** Public keys for private_key_jwt and signed request objects: inline, or fetched from `jwksUri`. */
    jwks: v.optional(jwksSchema),
    jwksUri: v.optional(tenantWebUri),
    /** RFC 9126 §6: this client may only use /authorize with a pushed request. */
    requirePushedAuthorizationRequests: v.optional(v.boolean()),
  }),
  v.forward(
    v.check(
      (c) => c.type === 'public' || !!c.clientSecret || c.tokenEndpointAuthMethod === 'private_key_jwt',
      'a confidential client needs a clientSecret',
    ),
    ['clientSecret'],
  ),
  v.forward(
    v.check(
      (c) => c.tokenEndpointAuthMethod !== 'private_key_jwt' || !!c.jwks || !!c.jwksUri,
      'private_key_jwt needs jwks or jwksUri',
    ),
    ['jwks'],
  ),
  v.forward(
    v.check((c) => !(c.jwks && c.jwksUri), 'give jwks or jwksUri, not both'),
    ['jwksUri'],
  ),
);

export const tenantSchema = v.object({
  name: v.optional(v.string(), 'Demo tenant'),
  users: v.array(userSchema),
  apis: v.array(apiSchema),
  clients: v.array(clientSchema),
  connections: v.optional(v.array(v.object({ name: nonEmpty })), [
    { name: 'Username-Password-Authentication' },
  ]),
  idTokenLifetime: v.optional(seconds, 36000),
  codeLifetime: v.optional(seconds, 600),
  deviceCodeLifetime: v.optional(seconds, 900),
  deviceInterval: v.optional(seconds, 5),
  refreshTokenLifetime: v.optional(seconds, 2592000),
  /** Lifetime of opaque access tokens (no audience): good only for /userinfo. */
  opaqueAccessTokenLifetime: v.optional(seconds, 86400),
  signingAlg: v.optional(v.picklist(['RS256', 'ES256']), 'RS256'),
  /** Where users' custom claims go. */
  customClaims: v.optional(
    v.object({
      idToken: v.optional(v.boolean(), true),
      accessToken: v.optional(v.boolean(), true),
      userinfo: v.optional(v.boolean(), true),
    }),
    { idToken: true, accessToken: true, userinfo: true },
  ),
});

export type Tenant = v.InferOutput<typeof tenantSchema>;
export type TenantInput = v.InferInput<typeof tenantSchema>;
export type User = Tenant['users'][number];
export type Api = Tenant['apis'][number];
export type Client = Tenant['clients'][number];

export interface TenantFieldError {
  /** Dotted path of the bad field, e.g. `clients.1.redirectUris.0`. */
  path: string;
  message: string;
}

export type TenantParseResult = { ok: true; tenant: Tenant } | { ok: false; errors: TenantFieldError[] };

function crossCheck(tenant: Tenant): TenantFieldError[] {
  const errors: TenantFieldError[] = [];
  const dupes = (values: string[], path: string, what: string) => {
    values.forEach((value, i) => {
      if (values.indexOf(value) !== i)
        errors.push({ path: `${path}.${i}`, message: `duplicate ${what} ${value}` });
    });
  };
  dupes(
    tenant.clients.map((c) => c.clientId),
    'clients',
    'clientId',
  );
  dupes(
    tenant.users.map((u) => u.id),
    'users',
    'id',
  );
  dupes(
    tenant.users.map((u) => u.email.toLowerCase()),
    'users',
    'email',
  );
  dupes(
    tenant.apis.map((a) => a.identifier),
    'apis',
    'identifier',
  );
  tenant.clients.forEach((client, i) => {
    client.clientGrants.forEach((grant, j) => {
      const api = tenant.apis.find((a) => a.identifier === grant.audience);
      if (!api)
        errors.push({ path: `clients.${i}.clientGrants.${j}.audience`, message: `no API ${grant.audience}` });
    });
  });
  return errors;
}

/** Parses untrusted tenant JSON (an import, an edit) into a typed tenant or a list of field errors. */
export function parseTenant(input: unknown): TenantParseResult {
  const result = v.safeParse(tenantSchema, input);
  if (!result.success) {
    return {
      ok: false,
      errors: result.issues.map((issue) => ({
        path: v.getDotPath(issue) ?? '(tenant)',
        message: issue.message,
      })),
    };
  }
  const errors = crossCheck(result.output);
  return errors.length ? { ok: false, errors } : { ok: true, tenant: result.output };
}
