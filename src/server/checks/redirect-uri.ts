import { oauthError } from '../errors.ts';
import type { Client } from '../tenant/schema.ts';
import { type AuthorizeParams, singleParam } from './authorize-params.ts';

/**
 * The redirect URI: an exact (simple string) match of a registered one (RFC 9700 §4.1.3), or the
 * only registered one when none was sent (RFC 6749 §3.1.2.3). Failures are shown on an error
 * page and never redirected to (RFC 6749 §4.1.2.1).
 */
export function checkRedirectUri(client: Client, params: AuthorizeParams): { uri: string; sent: boolean } {
  if (params.duplicated.has('redirect_uri'))
    throw oauthError('invalid_request', "Parameter 'redirect_uri' was included more than once.");
  if (params.overlong.has('redirect_uri'))
    throw oauthError('invalid_request', "Parameter 'redirect_uri' is too long.");
  const sent = singleParam(params, 'redirect_uri');
  if (sent === undefined) {
    if (client.redirectUris.length === 1) return { uri: client.redirectUris[0], sent: false };
    throw oauthError('invalid_request', 'Missing required parameter: redirect_uri');
  }
  if (!client.redirectUris.includes(sent)) {
    throw oauthError(
      'invalid_request',
      `Callback URL mismatch. ${sent} is not in the list of allowed callback URLs for client ${client.clientId}.`,
    );
  }
  return { uri: sent, sent: true };
}
