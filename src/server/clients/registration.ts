import * as v from 'valibot';
import { oauthError } from '../errors.ts';
import {
  type Client,
  clientSchema,
  type GrantType,
  grantTypes,
  type Tenant,
  type TokenEndpointAuthMethod,
  tokenEndpointAuthMethods,
} from '../tenant/schema.ts';
import { randomToken } from '../tokens/random.ts';
import { checkPublicJwk, fetchJwksUri, isFetchableJwksUri, isLoopbackHost } from './client-keys.ts';

/** Largest registration request read; larger ones are `invalid_client_metadata`. */
export const MAX_METADATA_BYTES = 16 * 1024;
const MAX_URIS = 20;
const MAX_URI_LENGTH = 2000;

/** Response types a client may register, and the grant each needs (RFC 7591 §2.1). */
const responseTypeGrants: Record<string, GrantType[]> = {
  code: ['authorization_code'],
  token: ['implicit'],
  id_token: ['implicit'],
  'id_token token': ['implicit'],
  'code id_token': ['authorization_code', 'implicit'],
  'code token': ['authorization_code', 'implicit'],
  'code id_token token': ['authorization_code', 'implicit'],
};
const canonical = (value: string) => [...new Set(value.split(' ').filter(Boolean))].sort().join(' ');
const canonicalResponseTypes = new Map(Object.keys(responseTypeGrants).map((t) => [canonical(t), t]));

const uriList = v.pipe(
  v.array(v.pipe(v.string(), v.maxLength(MAX_URI_LENGTH, `must be at most ${MAX_URI_LENGTH} characters`))),
  v.maxLength(MAX_URIS, `must list at most ${MAX_URIS} URIs`),
);

/**
 * The client metadata this server understands (RFC 7591 §2, RFC 9126 §6, RFC 9449 §5.2,
 * RFC 9396 §10). Other members are ignored (RFC 7591 §2: "MUST ignore any client metadata ... it
 * does not understand").
 */
const metadataSchema = v.looseObject({
  redirect_uris: v.optional(uriList),
  post_logout_redirect_uris: v.optional(uriList),
  grant_types: v.optional(
    v.pipe(v.array(v.picklist(grantTypes, 'is not a grant type this server supports')), v.minLength(1)),
  ),
  response_types: v.optional(
    v.pipe(
      v.array(
        v.pipe(
          v.string(),
          v.check(
            (t) => canonicalResponseTypes.has(canonical(t)),
            'is not a response type this server supports',
          ),
        ),
      ),
      v.minLength(1),
    ),
  ),
  token_endpoint_auth_method: v.optional(
    v.picklist(tokenEndpointAuthMethods, `must be one of ${tokenEndpointAuthMethods.join(', ')}`),
  ),
  jwks: v.optional(
    v.object({
      keys: v.pipe(
        v.array(v.record(v.string(), v.unknown())),
        v.minLength(1, 'must hold at least one key'),
        v.maxLength(10, 'must hold at most 10 keys'),
      ),
    }),
  ),
  jwks_uri: v.optional(v.pipe(v.string(), v.maxLength(MAX_URI_LENGTH))),
  dpop_bound_access_tokens: v.optional(v.boolean()),
  require_pushed_authorization_requests: v.optional(v.boolean()),
  authorization_details_types: v.optional(
    v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(200))), v.maxLength(20)),
  ),
  client_name: v.optional(v.pipe(v.string(), v.maxLength(200, 'must be at most 200 characters'))),
});
type Metadata = v.InferOutput<typeof metadataSchema>;

/**
 * Why a redirect URI cannot be registered, or undefined when it can: `https:`, `http:` on a
 * loopback host (RFC 8252 §7.3), or a private-use scheme with a dot (RFC 8252 §7.1); absolute,
 * without a fragment (RFC 6749 §3.1.2) or credentials.
 */
export function redirectUriProblem(value: string): string | undefined {
  if (!/^[\x21-\x7e]+$/.test(value)) return 'has spaces or characters outside ASCII';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an absolute URI';
  }
  if (url.hash || value.includes('#')) return 'must not have a fragment (RFC 6749 §3.1.2)';
  if (url.username || url.password) return 'must not carry credentials';
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (scheme === 'https') return url.hostname ? undefined : 'needs a host';
  if (scheme === 'http')
    return isLoopbackHost(url.hostname)
      ? undefined
      : 'uses http: on a host that is not loopback (use https:, or http://localhost, 127.0.0.1 or [::1])';
  // RFC 8252 §7.1: private-use schemes are reverse domain names (com.example.app:/callback).
  if (scheme.includes('.')) return undefined;
  return `uses the scheme ${scheme}:, which cannot be a redirect URI (use https:, loopback http: or a private-use scheme such as com.example.app:)`;
}

function metadataError(field: string, message: string) {
  return oauthError(
    field === 'redirect_uris' || field === 'post_logout_redirect_uris'
      ? 'invalid_redirect_uri'
      : 'invalid_client_metadata',
    `${field}: ${message}`,
  );
}

/** Parses the registration request body, or throws the RFC 7591 §3.2.2 error that says what is wrong. */
export function parseMetadata(input: unknown): Metadata {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw oauthError('invalid_client_metadata', 'The registration request must be a JSON object.');
  const result = v.safeParse(metadataSchema, input);
  if (!result.success) {
    const issue = result.issues[0];
    const path = v.getDotPath(issue) ?? '';
    const field = path.split('.')[0] || '(metadata)';
    throw metadataError(field, `${path} ${issue.message}`.trim());
  }
  return result.output;
}

export interface Registration {
  client: Client;
  /** The metadata as registered, for the 201 response and later reads (no secret in it). */
  metadata: Record<string, unknown>;
}

/**
 * Checks registration metadata as a whole and makes the client: consistent grant and response
 * types, redirect URIs for redirect-based grants, a key set for private_key_jwt (inline or a
 * `jwks_uri` that answers), and a secret for secret-based methods.
 * @see [RFC 7591 §2, §3.2](https://www.rfc-editor.org/rfc/rfc7591.html#section-2)
 */
export async function registerClient(tenant: Tenant, metadata: Metadata): Promise<Registration> {
  const grants = metadata.grant_types ?? ['authorization_code'];
  const responseTypes = metadata.response_types ?? (grants.includes('authorization_code') ? ['code'] : []);
  // RFC 7591 §2: "If unspecified or omitted, the default is client_secret_basic".
  const method: TokenEndpointAuthMethod = metadata.token_endpoint_auth_method ?? 'client_secret_basic';

  for (const type of responseTypes) {
    const needed = responseTypeGrants[canonicalResponseTypes.get(canonical(type)) ?? ''] ?? [];
    const missing = needed.filter((g) => !grants.includes(g));
    if (missing.length)
      throw metadataError(
        'response_types',
        `${type} needs the grant type ${missing.join(' and ')} (RFC 7591 §2.1)`,
      );
  }
  if (grants.includes('authorization_code') && !responseTypes.some((t) => t.split(' ').includes('code')))
    throw metadataError('grant_types', 'authorization_code needs the response type code (RFC 7591 §2.1)');
  if (grants.includes('implicit') && !responseTypes.some((t) => /(^| )(token|id_token)( |$)/.test(t)))
    throw metadataError('grant_types', 'implicit needs the response type token or id_token (RFC 7591 §2.1)');

  const redirectUris = metadata.redirect_uris ?? [];
  const redirectBased = grants.includes('authorization_code') || grants.includes('implicit');
  if (redirectBased && redirectUris.length === 0)
    throw metadataError('redirect_uris', 'are required for the authorization_code and implicit grants');
  for (const [field, uris] of [
    ['redirect_uris', redirectUris],
    ['post_logout_redirect_uris', metadata.post_logout_redirect_uris ?? []],
  ] as const) {
    uris.forEach((uri, i) => {
      const problem = redirectUriProblem(uri);
      if (problem) throw metadataError(field, `${field}.${i} ${uri} ${problem}`);
    });
  }

  if (method === 'none' && grants.includes('client_credentials'))
    throw metadataError('grant_types', 'client_credentials needs a client that authenticates (not none)');
  if (metadata.jwks && metadata.jwks_uri)
    throw metadataError('jwks', 'give jwks or jwks_uri, not both (RFC 7591 §2)');
  if (method === 'private_key_jwt' && !metadata.jwks && !metadata.jwks_uri)
    throw metadataError(
      'token_endpoint_auth_method',
      'private_key_jwt needs the public keys: jwks or jwks_uri',
    );
  if (metadata.jwks) {
    for (const [i, key] of metadata.jwks.keys.entries()) {
      const problem = await checkPublicJwk(key);
      if (problem) throw metadataError('jwks', `jwks.keys.${i}: ${problem}`);
    }
  }
  if (metadata.jwks_uri !== undefined) {
    if (!isFetchableJwksUri(metadata.jwks_uri))
      throw metadataError('jwks_uri', 'must be an https: URL, or http: on a loopback host');
    const fetched = await fetchJwksUri(metadata.jwks_uri);
    for (const [i, key] of fetched.keys.entries()) {
      const problem = await checkPublicJwk(key as Record<string, unknown>);
      if (problem) throw metadataError('jwks_uri', `key ${i} of ${metadata.jwks_uri}: ${problem}`);
    }
  }

  const clientId = randomToken(16);
  const confidential = method !== 'none';
  const secret =
    method === 'client_secret_basic' || method === 'client_secret_post' ? randomToken(32) : undefined;
  const candidate = {
    clientId,
    ...(metadata.client_name !== undefined ? { name: metadata.client_name } : {}),
    type: confidential ? 'confidential' : 'public',
    ...(secret ? { clientSecret: secret } : {}),
    grantTypes: grants,
    redirectUris,
    postLogoutRedirectUris: metadata.post_logout_redirect_uris ?? [],
    rotateRefreshTokens: !confidential,
    // client_credentials: the API's scopes, so that registered clients get API JWTs like m2m does.
    clientGrants: grants.includes('client_credentials')
      ? tenant.apis.map((api) => ({ audience: api.identifier, scopes: api.scopes.map((s) => s.value) }))
      : [],
    tokenEndpointAuthMethod: method,
    ...(metadata.jwks ? { jwks: metadata.jwks } : {}),
    ...(metadata.jwks_uri !== undefined ? { jwksUri: metadata.jwks_uri } : {}),
    ...(metadata.require_pushed_authorization_requests !== undefined
      ? { requirePushedAuthorizationRequests: metadata.require_pushed_authorization_requests }
      : {}),
    ...(metadata.dpop_bound_access_tokens !== undefined
      ? { dpopBoundAccessTokens: metadata.dpop_bound_access_tokens }
      : {}),
    ...(metadata.authorization_details_types !== undefined
      ? { authorizationDetailsTypes: metadata.authorization_details_types }
      : {}),
  };
  const parsed = v.safeParse(clientSchema, candidate);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw oauthError('invalid_client_metadata', `${v.getDotPath(issue) ?? 'client'} ${issue.message}`);
  }

  // RFC 7591 §3.2.1: the response holds "all registered metadata about the client", as sent.
  const registered: Record<string, unknown> = {
    client_id: clientId,
    redirect_uris: redirectUris,
    grant_types: grants,
    response_types: responseTypes,
    token_endpoint_auth_method: method,
  };
  const echoed = [
    'client_name',
    'post_logout_redirect_uris',
    'jwks',
    'jwks_uri',
    'dpop_bound_access_tokens',
    'require_pushed_authorization_requests',
    'authorization_details_types',
  ] as const;
  for (const name of echoed) if (metadata[name] !== undefined) registered[name] = metadata[name];
  return { client: parsed.output, metadata: registered };
}
