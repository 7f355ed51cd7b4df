import { type AuthorizeParams, parseAuthorizeParams, singleParam } from '../../checks/authorize-params.ts';
import type { ResponseTarget } from '../../checks/authorize-request.ts';
import { checkClient } from '../../checks/client.ts';
import { checkRedirectUri } from '../../checks/redirect-uri.ts';
import { errorResponseMode } from '../../checks/response-type.ts';
import type { ServerContext } from '../../context.ts';
import { oauthError } from '../../errors.ts';
import { consumePushedRequest, REQUEST_URI_PREFIX } from './pushed.ts';
import { requestObjectParams } from './request-object.ts';

export interface ResolvedRequest {
  /** The parameters the request stands for: its own, or those of its request object or pushed request. */
  params: AuthorizeParams;
  /** True when it came from a pushed request (RFC 9126), which a PAR-only client needs. */
  pushed: boolean;
}

/**
 * Turns `request` (a signed request object, RFC 9101) or `request_uri` (one this server issued
 * at /oauth/par, RFC 9126) into the authorization request it stands for; other requests pass
 * through. Only the object's or pushed parameters are used, not the ones beside them (RFC 9101
 * §6.3), except `client_id`, which must name the same client.
 */
export async function resolveAuthorizeRequest(
  ctx: ServerContext,
  params: AuthorizeParams,
): Promise<ResolvedRequest> {
  const hasRequest = params.values.has('request') || params.duplicated.has('request');
  const hasUri = params.values.has('request_uri') || params.duplicated.has('request_uri');
  if (!hasRequest && !hasUri) return { params, pushed: false };
  if (hasRequest && hasUri)
    throw oauthError('invalid_request', 'Send request or request_uri, not both (RFC 9101 §5).');
  const client = checkClient(ctx.tenant, params);
  if (hasUri) {
    const requestUri = singleParam(params, 'request_uri');
    if (requestUri === undefined)
      throw oauthError('invalid_request', "Parameter 'request_uri' is not usable.");
    if (!requestUri.startsWith(REQUEST_URI_PREFIX)) {
      // OIDC Core §6.2: this server does not fetch request objects by reference.
      throw oauthError(
        'request_uri_not_supported',
        'This server does not fetch request objects from a request_uri; push the request to /oauth/par and use the request_uri it returns.',
      );
    }
    const pushed = await consumePushedRequest(ctx, requestUri, client.clientId);
    return { params: parseAuthorizeParams(pushed.pairs), pushed: true };
  }
  const requestObject = singleParam(params, 'request');
  if (requestObject === undefined) throw oauthError('invalid_request', "Parameter 'request' is not usable.");
  return {
    params: parseAuthorizeParams(await requestObjectParams(ctx, client, requestObject)),
    pushed: false,
  };
}

/**
 * Where an error about `request` / `request_uri` goes: the redirect URI of the parameters beside
 * them when that is registered for their client (so it is safe to send the browser there), else
 * nowhere (an error page, RFC 6749 §4.1.2.1).
 */
export function outerTarget(ctx: ServerContext, params: AuthorizeParams): ResponseTarget | undefined {
  try {
    const client = checkClient(ctx.tenant, params);
    const redirectUri = checkRedirectUri(client, params);
    return {
      issuer: ctx.issuer,
      redirectUri: redirectUri.uri,
      responseMode: errorResponseMode(params),
      state: singleParam(params, 'state'),
    };
  } catch {
    return undefined;
  }
}
