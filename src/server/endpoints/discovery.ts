import { ACR_VALUES_SUPPORTED } from '../checks/acr.ts';
import { DISPLAY_VALUES } from '../checks/display.ts';
import { CLIENT_SIGNING_ALGS } from '../clients/client-keys.ts';
import type { ServerContext } from '../context.ts';
import { DPOP_ALGS } from '../dpop/proof.ts';
import { AUTHORIZATION_DETAILS_TYPES } from '../rar/authorization-details.ts';
import { grantTypes } from '../tenant/schema.ts';
import { USER_CLAIMS } from '../tokens/claims.ts';
import { OIDC_SCOPES } from '../tokens/issue.ts';
import { json, type Route } from './route.ts';

/**
 * The provider's metadata.
 * @see [OpenID Connect Discovery 1.0 §3](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata)
 * @see [RFC 8414 §2](https://www.rfc-editor.org/rfc/rfc8414.html#section-2)
 */
export function discoveryDocument(ctx: ServerContext) {
  const apiScopes = ctx.tenant.apis.flatMap((api) => api.scopes.map((s) => s.value));
  const authMethods = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'];
  return {
    issuer: ctx.issuer,
    authorization_endpoint: ctx.url('authorize'),
    token_endpoint: ctx.url('oauth/token'),
    device_authorization_endpoint: ctx.url('oauth/device/code'),
    // OpenID CIBA Core §4
    backchannel_authentication_endpoint: ctx.url('bc-authorize'),
    backchannel_token_delivery_modes_supported: ['poll'],
    backchannel_user_code_parameter_supported: false,
    userinfo_endpoint: ctx.url('userinfo'),
    jwks_uri: ctx.url('.well-known/jwks.json'),
    revocation_endpoint: ctx.url('oauth/revoke'),
    introspection_endpoint: ctx.url('oauth/introspect'),
    end_session_endpoint: ctx.url('oidc/logout'),
    registration_endpoint: ctx.url('oidc/register'),
    pushed_authorization_request_endpoint: ctx.url('oauth/par'),
    require_pushed_authorization_requests: false,
    scopes_supported: [...new Set([...OIDC_SCOPES, ...apiScopes])],
    response_types_supported: [
      'code',
      'token',
      'id_token',
      'id_token token',
      'code id_token',
      'code token',
      'code id_token token',
    ],
    response_modes_supported: ['query', 'fragment', 'form_post', 'web_message'],
    grant_types_supported: [...grantTypes],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256', 'ES256'],
    token_endpoint_auth_methods_supported: authMethods,
    token_endpoint_auth_signing_alg_values_supported: [...CLIENT_SIGNING_ALGS],
    revocation_endpoint_auth_methods_supported: authMethods,
    revocation_endpoint_auth_signing_alg_values_supported: [...CLIENT_SIGNING_ALGS],
    introspection_endpoint_auth_methods_supported: authMethods,
    introspection_endpoint_auth_signing_alg_values_supported: [...CLIENT_SIGNING_ALGS],
    code_challenge_methods_supported: ['S256', 'plain'],
    // OIDC Discovery §3: the claims this server can release, and the ID token's own claims.
    claims_supported: [
      ...USER_CLAIMS,
      'iss',
      'aud',
      'iat',
      'exp',
      'auth_time',
      'nonce',
      'acr',
      'at_hash',
      'c_hash',
      'azp',
    ],
    claim_types_supported: ['normal'],
    claims_parameter_supported: true,
    acr_values_supported: [...ACR_VALUES_SUPPORTED],
    display_values_supported: [...DISPLAY_VALUES],
    ui_locales_supported: ['en'],
    claims_locales_supported: ['en'],
    // RFC 9101 §10.5; request_uri only for this server's own PAR URNs (RFC 9126 §4).
    request_parameter_supported: true,
    request_object_signing_alg_values_supported: [...CLIENT_SIGNING_ALGS],
    request_uri_parameter_supported: false,
    prompt_values_supported: ['none', 'login', 'consent'],
    // RFC 9207 §3: every authorization response carries `iss`.
    authorization_response_iss_parameter_supported: true,
    // RFC 9449 §5.1
    dpop_signing_alg_values_supported: [...DPOP_ALGS],
    // RFC 9396 §10
    authorization_details_types_supported: [...AUTHORIZATION_DETAILS_TYPES],
  };
}

export const discoveryRoute: Route = {
  methods: ['GET'],
  path: '/.well-known/openid-configuration',
  handler: async (ctx) => json(discoveryDocument(ctx)),
};

/** Public signing keys; after a rotation the previous keys stay listed. */
export const jwksRoute: Route = {
  methods: ['GET'],
  path: '/.well-known/jwks.json',
  handler: async (ctx) => json(await ctx.keys.jwks(ctx.tenant.signingAlg, ctx.now)),
};
