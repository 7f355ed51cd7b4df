import * as v from 'valibot';
import { oauthError } from '../errors.ts';
import type { ClaimsRequest } from '../tokens/claims.ts';
import type { AuthorizeParams } from './authorize-params.ts';

/** OIDC Core §5.5.1: a claim is `null` (default manner) or an object; members not understood are dropped. */
const requestedClaim = v.nullable(
  v.object({
    essential: v.optional(v.boolean('essential must be a boolean')),
    value: v.optional(v.unknown()),
    values: v.optional(v.array(v.unknown(), 'values must be an array')),
  }),
);
const requestedClaims = v.record(v.string(), requestedClaim);

/** OIDC Core §5.5: a JSON object whose `userinfo` and `id_token` members name claims; other members are ignored. */
const claimsRequest = v.object({
  userinfo: v.optional(requestedClaims),
  id_token: v.optional(requestedClaims),
});

/** The `claims` request parameter (OIDC Core §5.5), parsed and validated: bad JSON is `invalid_request`. */
export function checkClaims(params: AuthorizeParams): ClaimsRequest | undefined {
  const raw = params.values.get('claims');
  if (raw === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw oauthError('invalid_request', 'The claims parameter is not valid JSON.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw oauthError('invalid_request', 'The claims parameter must be a JSON object.');
  const result = v.safeParse(claimsRequest, json);
  if (!result.success) {
    const issue = result.issues[0];
    const path = v.getDotPath(issue);
    throw oauthError(
      'invalid_request',
      `Invalid claims parameter${path ? ` at ${path}` : ''}: ${issue.message}`,
    );
  }
  const claims: ClaimsRequest = {};
  if (result.output.userinfo) claims.userinfo = result.output.userinfo;
  if (result.output.id_token) claims.id_token = result.output.id_token;
  return claims;
}

/**
 * The subject a request insists on: `claims.id_token.sub.value` (OIDC Core §5.5.1: a positive
 * response only if that End-User has a session or authenticates now).
 */
export function requestedSubject(claims: ClaimsRequest | undefined): string | undefined {
  const sub = claims?.id_token?.sub;
  if (!sub || sub.value === undefined) return undefined;
  if (typeof sub.value !== 'string')
    throw oauthError('invalid_request', 'Invalid claims parameter: id_token.sub.value must be a string.');
  return sub.value;
}
