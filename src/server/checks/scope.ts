import { oauthError } from '../errors.ts';
import type { Api, Tenant } from '../tenant/schema.ts';
import { OIDC_SCOPES } from '../tokens/issue.ts';

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ) */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** Checks the grammar of each requested scope token (RFC 6749 §3.3). */
export function checkScopeSyntax(scopes: readonly string[]): void {
  const bad = scopes.find((s) => !SCOPE_TOKEN.test(s));
  if (bad !== undefined) throw oauthError('invalid_scope', 'The scope contains an invalid character.');
}

/** The API an `audience` names; Auth0 answers an unknown one with `access_denied`. */
export function findApi(tenant: Tenant, audience: string | undefined): Api | undefined {
  if (audience === undefined) return undefined;
  const api = tenant.apis.find((a) => a.identifier === audience);
  if (!api) throw oauthError('access_denied', `Service not found: ${audience}`, { status: 403 });
  return api;
}

/**
 * What can be granted of a request: the OIDC scopes, plus the scopes the API defines. Unknown
 * scopes are dropped, and the response's `scope` says what was granted (RFC 6749 §3.3).
 * `offline_access` is kept only when the API allows offline access (or there is no API).
 */
export function grantableScopes(requested: readonly string[], api: Api | undefined): string[] {
  checkScopeSyntax(requested);
  const apiScopes = new Set(api?.scopes.map((s) => s.value) ?? []);
  return requested.filter((scope) => {
    if (scope === 'offline_access') return api ? api.allowOfflineAccess : true;
    return (OIDC_SCOPES as readonly string[]).includes(scope) || apiScopes.has(scope);
  });
}
