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
/** An absolute URI, or one that starts with the `{app}` placeholder (the host's own app URL). */
const uri = v.pipe(
  v.string(),
  v.check((s) => {
    const concrete = s.replace(/^\{app\}/, 'http://app.invalid');
    try {
      const u = new URL(concrete);
      return !u.hash && /^[\x21-\x7e]+$/.test(concrete);
    } catch {
      return false;
    }
  }, 'must be an absolute URI without a fragment (or start with {app})'),
);
/**
 * A web origin `scheme://host[:port]` (no path, no trailing slash), or `{app}`: the host's own
 * origin. Auth0 names the lists of these Allowed Origins (CORS) and Allowed Web Origins.
 */
const webOrigin = v.pipe(
  v.string(),
  v.check((s) => {
    if (s === '{app}') return true;
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s;
    } catch {
      return false;
    }
  }, 'must be an origin: scheme://host[:port] with no path or trailing slash (or {app})'),
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

export const userSchema = v.object({
  id: nonEmpty,
  email: v.pipe(v.string(), v.email('must be an email address')),
  password: v.pipe(v.string(), v.minLength(1, 'must not be empty')),
  connection: v.optional(nonEmpty, 'Username-Password-Authentication'),
  name: v.optional(v.string()),
  nickname: v.optional(v.string()),
  picture: v.optional(uri),
  emailVerified: v.optional(v.boolean(), false),
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

export const clientSchema = v.pipe(
  v.object({
    clientId: nonEmpty,
    name: v.optional(v.string()),
    type: v.picklist(['confidential', 'public']),
    clientSecret: v.optional(v.pipe(v.string(), v.minLength(1))),
    grantTypes: v.array(v.picklist(grantTypes)),
    redirectUris: v.optional(v.array(uri), []),
    postLogoutRedirectUris: v.optional(v.array(uri), []),
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
  }),
  v.forward(
    v.check((c) => c.type === 'public' || !!c.clientSecret, 'a confidential client needs a clientSecret'),
    ['clientSecret'],
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
