import { oauthError } from '../errors.ts';
import type { Client } from '../tenant/schema.ts';
import { type AuthorizeParams, singleParam } from './authorize-params.ts';

/**
 * Auth0: `response_mode=web_message` posts the response to the redirect URI's origin, which must
 * be one of the client's Allowed Web Origins; otherwise the response stays on the server (an
 * error page), since no window can be trusted with it.
 */
export function checkWebMessageOrigin(client: Client, redirectUri: string, params: AuthorizeParams): void {
  if (singleParam(params, 'response_mode') !== 'web_message') return;
  let origin: string | undefined;
  try {
    const url = new URL(redirectUri);
    if (url.protocol === 'http:' || url.protocol === 'https:') origin = url.origin;
  } catch {
    origin = undefined;
  }
  if (origin === undefined || !(client.webOrigins ?? []).includes(origin)) {
    throw oauthError(
      'invalid_request',
      `The specified redirect_uri '${redirectUri}' does not have a registered origin.`,
    );
  }
}
