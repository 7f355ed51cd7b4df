import { checkAcr } from '../../checks/acr.ts';
import { type AuthorizeParams, singleParam } from '../../checks/authorize-params.ts';
import type { AuthorizeRequest, ResponseTarget } from '../../checks/authorize-request.ts';
import { checkClaims, requestedSubject } from '../../checks/claims.ts';
import { checkClient } from '../../checks/client.ts';
import { checkDisplay } from '../../checks/display.ts';
import { checkNonce } from '../../checks/nonce.ts';
import { checkParameters } from '../../checks/parameters.ts';
import { checkPkce } from '../../checks/pkce.ts';
import { checkConnection, checkMaxAge, checkPrompt } from '../../checks/prompt.ts';
import { checkRedirectUri } from '../../checks/redirect-uri.ts';
import { checkAudience, checkScope } from '../../checks/request-scope.ts';
import {
  checkResponseMode,
  checkResponseType,
  checkResponseTypeAllowed,
  errorResponseMode,
} from '../../checks/response-type.ts';
import { checkWebMessageOrigin } from '../../checks/web-message.ts';
import type { ServerContext } from '../../context.ts';
import { checkDpopJkt } from '../../dpop/authorize.ts';
import { OAuthError } from '../../errors.ts';
import { checkDetailsAudience, parseAuthorizationDetails } from '../../rar/authorization-details.ts';
import type { Client } from '../../tenant/schema.ts';

export type Validation =
  /** The client or its redirect URI can't be trusted: show an error page (RFC 6749 §4.1.2.1). */
  | { kind: 'page'; error: OAuthError }
  /** Any other error: sent to the redirect URI. */
  | { kind: 'redirect'; target: ResponseTarget; error: OAuthError }
  | { kind: 'ok'; client: Client; request: AuthorizeRequest };

function asOAuthError(error: unknown): OAuthError {
  if (error instanceof OAuthError) return error;
  throw error;
}

/**
 * The chain of /authorize checks, in the order the specs need: first the client and its
 * redirect URI (failures stay on the server), then everything else (failures go to the client).
 */
export function validateAuthorizeRequest(ctx: ServerContext, params: AuthorizeParams): Validation {
  let client: Client;
  let redirectUri: { uri: string; sent: boolean };
  try {
    client = checkClient(ctx.tenant, params);
    redirectUri = checkRedirectUri(client, params);
    checkWebMessageOrigin(client, redirectUri.uri, params);
  } catch (error) {
    return { kind: 'page', error: asOAuthError(error) };
  }
  const target: ResponseTarget = {
    issuer: ctx.issuer,
    redirectUri: redirectUri.uri,
    responseMode: errorResponseMode(params),
    state: singleParam(params, 'state'),
  };
  try {
    checkParameters(params);
    const responseType = checkResponseType(params);
    const responseMode = checkResponseMode(params, responseType);
    target.responseMode = responseMode;
    checkResponseTypeAllowed(client, responseType);
    const authorizationDetails = parseAuthorizationDetails(
      ctx.tenant,
      client,
      params.values.get('authorization_details'),
    );
    const api = checkDetailsAudience(ctx.tenant, checkAudience(ctx.tenant, params), authorizationDetails);
    const scope = checkScope(params, api, responseType);
    const dpopJkt = checkDpopJkt(params);
    const nonce = checkNonce(params, responseType);
    const pkce = checkPkce(client, params, responseType);
    const prompt = checkPrompt(params);
    const maxAge = checkMaxAge(params);
    const connection = checkConnection(ctx.tenant, params);
    // OIDC Core §3.1.2.1: display, ui_locales and claims_locales are hints; the pages are English only.
    checkDisplay(params);
    const claims = checkClaims(params);
    const subject = requestedSubject(claims);
    const acr = checkAcr(params, claims);
    const request: AuthorizeRequest = {
      clientId: client.clientId,
      redirectUri: redirectUri.uri,
      redirectUriSent: redirectUri.sent,
      responseType,
      responseMode,
      scope,
      prompt,
      ...pkce,
      ...(api ? { audience: api.identifier } : {}),
      ...(target.state !== undefined ? { state: target.state } : {}),
      ...(nonce !== undefined ? { nonce } : {}),
      ...(maxAge !== undefined ? { maxAge } : {}),
      ...(params.values.has('login_hint') ? { loginHint: params.values.get('login_hint') } : {}),
      ...(connection !== undefined ? { connection } : {}),
      ...(authorizationDetails ? { authorizationDetails } : {}),
      ...(dpopJkt !== undefined ? { dpopJkt } : {}),
      ...(claims !== undefined ? { claims } : {}),
      ...(acr !== undefined ? { acr } : {}),
      ...(subject !== undefined ? { subject } : {}),
    };
    return { kind: 'ok', client, request };
  } catch (error) {
    return { kind: 'redirect', target, error: asOAuthError(error) };
  }
}

export function targetOf(ctx: ServerContext, request: AuthorizeRequest): ResponseTarget {
  return {
    issuer: ctx.issuer,
    redirectUri: request.redirectUri,
    responseMode: request.responseMode,
    state: request.state,
  };
}
