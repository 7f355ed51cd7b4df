import { oauthError } from '../errors.ts';
import type { AuthorizeParams } from './authorize-params.ts';
import type { ResponseType } from './authorize-request.ts';

/**
 * OIDC Core §3.2.2.1: `nonce` is REQUIRED when the response includes an ID token from the
 * authorization endpoint; §3.3.2.11: and for every response type of the hybrid flow.
 */
export function checkNonce(params: AuthorizeParams, responseType: ResponseType): string | undefined {
  const nonce = params.values.get('nonce');
  if (nonce === undefined && (responseType.includes('id_token') || responseType.startsWith('code ')))
    throw oauthError(
      'invalid_request',
      `Missing required parameter: nonce (required for response_type ${responseType}).`,
    );
  return nonce;
}
