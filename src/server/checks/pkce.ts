import { oauthError } from '../errors.ts';
import type { Client } from '../tenant/schema.ts';
import type { AuthorizeParams } from './authorize-params.ts';
import type { ResponseType } from './authorize-request.ts';

/** RFC 7636 §4.2: 43 to 128 characters of the unreserved set [A-Za-z0-9-._~]. */
const CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

export interface PkceChallenge {
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
}

/** Public clients must use PKCE for the code flow unless the tenant says otherwise (RFC 9700 §2.1.1). */
export function pkceRequired(client: Client): boolean {
  return client.requirePkce ?? client.type === 'public';
}

/**
 * The PKCE challenge of a code request. The method defaults to `plain` (RFC 7636 §4.3);
 * a request for a response type without a code ignores PKCE parameters.
 */
export function checkPkce(
  client: Client,
  params: AuthorizeParams,
  responseType: ResponseType,
): PkceChallenge {
  if (!responseType.startsWith('code')) return {};
  const challenge = params.values.get('code_challenge');
  const method = params.values.get('code_challenge_method');
  if (challenge === undefined) {
    if (method !== undefined)
      throw oauthError('invalid_request', 'code_challenge_method was sent without a code_challenge.');
    if (pkceRequired(client))
      throw oauthError(
        'invalid_request',
        `PKCE is required for client ${client.clientId}: send a code_challenge.`,
      );
    return {};
  }
  if (method !== undefined && method !== 'S256' && method !== 'plain')
    throw oauthError('invalid_request', `Unsupported code_challenge_method: ${method} (use S256 or plain).`);
  if (!CHALLENGE.test(challenge))
    throw oauthError(
      'invalid_request',
      'code_challenge must be 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.2).',
    );
  return { codeChallenge: challenge, codeChallengeMethod: method ?? 'plain' };
}
