import { oauthError } from '../errors.ts';
import { splitScope } from '../params.ts';
import type { Api, Tenant } from '../tenant/schema.ts';
import type { AuthorizeParams } from './authorize-params.ts';
import type { ResponseType } from './authorize-request.ts';
import { findApi, grantableScopes } from './scope.ts';

/** The API named by `audience` (Auth0: an unknown one is `access_denied`, "Service not found"). */
export function checkAudience(tenant: Tenant, params: AuthorizeParams): Api | undefined {
  return findApi(tenant, params.values.get('audience'));
}

/**
 * The scopes that can be granted: syntax checked, unknown scopes dropped (RFC 6749 §3.3).
 * An ID token needs `openid` (OIDC Core §3.1.2.1). Implicit responses never carry a refresh
 * token, so `offline_access` is not granted to them.
 */
export function checkScope(
  params: AuthorizeParams,
  api: Api | undefined,
  responseType: ResponseType,
): string[] {
  const requested = splitScope(params.values.get('scope'));
  let scope = grantableScopes(requested, api);
  // OIDC Core §3.3.2.1: the hybrid flow is OpenID Connect, so it needs openid too.
  if ((responseType.includes('id_token') || responseType.startsWith('code ')) && !scope.includes('openid'))
    throw oauthError('invalid_scope', `response_type ${responseType} requires the openid scope.`);
  // The hybrid flow's code may still get a refresh token at the token endpoint.
  if (!responseType.startsWith('code')) scope = scope.filter((s) => s !== 'offline_access');
  return scope;
}
