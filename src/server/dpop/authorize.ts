import type { AuthorizeParams } from '../checks/authorize-params.ts';
import { oauthError } from '../errors.ts';

/** A base64url SHA-256 JWK thumbprint (RFC 7638): 43 characters. */
const THUMBPRINT = /^[A-Za-z0-9_-]{43}$/;

/** RFC 9449 §10: `dpop_jkt` binds the authorization code to the client's DPoP key. */
export function checkDpopJkt(params: AuthorizeParams): string | undefined {
  const value = params.values.get('dpop_jkt');
  if (value === undefined) return undefined;
  if (!THUMBPRINT.test(value))
    throw oauthError(
      'invalid_request',
      'dpop_jkt must be the base64url SHA-256 thumbprint of a JWK (43 characters).',
    );
  return value;
}
