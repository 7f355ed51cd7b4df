import { type AuthorizeParams, parseAuthorizeParams, singleParam } from '../../checks/authorize-params.ts';
import type { AuthorizeRequest } from '../../checks/authorize-request.ts';
import { checkIdTokenHint } from '../../checks/id-token-hint.ts';
import type { ServerContext } from '../../context.ts';
import { OAuthError, oauthError } from '../../errors.ts';
import { errorPage } from '../../pages/error-page.ts';
import { readBodyText } from '../../params.ts';
import type { Client } from '../../tenant/schema.ts';
import type { Route } from '../route.ts';
import { proceed } from './flow.ts';
import { type AuthorizeInteraction, newInteractionBase } from './interaction.ts';
import { outerTarget, type ResolvedRequest, resolveAuthorizeRequest } from './resolve.ts';
import { authorizationError, redirectStatus } from './respond.ts';
import { targetOf, validateAuthorizeRequest } from './validate.ts';

const untrustedHint =
  'The application that sent you here cannot be trusted with the result, so you stay on this page. Tell its developers about this error.';

/** A bad `request` or `request_uri`: to the redirect URI beside it if that is registered, else a page. */
function resolutionError(ctx: ServerContext, request: Request, outer: AuthorizeParams, error: OAuthError) {
  const target = outerTarget(ctx, outer);
  if (!target) return errorPage({ error: error.code, description: error.description, hint: untrustedHint });
  return authorizationError(target, error, redirectStatus(request));
}

async function requestPairs(request: Request): Promise<[string, string][] | Response> {
  if (request.method === 'GET') return [...new URL(request.url).searchParams];
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    return errorPage({
      error: 'invalid_request',
      description: 'A POST to /authorize must be a form (application/x-www-form-urlencoded).',
    });
  }
  return [...new URLSearchParams(await readBodyText(request))];
}

/**
 * `id_token_hint` (OIDC Core §3.1.2.1), checked once the rest of the request is valid: the
 * request may then be answered only for the user it names.
 */
async function withIdTokenHint(
  ctx: ServerContext,
  client: Client,
  request: AuthorizeRequest,
  hint: string | undefined,
): Promise<AuthorizeRequest> {
  if (hint === undefined) return request;
  const subject = await checkIdTokenHint(ctx, client, hint);
  if (request.subject !== undefined && request.subject !== subject)
    throw oauthError('invalid_request', 'id_token_hint and claims.id_token.sub name different users.');
  return { ...request, subject };
}

/**
 * The authorization endpoint (RFC 6749 §3.1), by GET or by form POST (OIDC Core §3.1.2.1).
 * A valid request goes on to login, consent, and the response to the client.
 */
async function authorize(ctx: ServerContext, request: Request): Promise<Response> {
  const pairs = await requestPairs(request);
  if (pairs instanceof Response) return pairs;
  const outer = parseAuthorizeParams(pairs);
  let resolved: ResolvedRequest;
  try {
    resolved = await resolveAuthorizeRequest(ctx, outer);
  } catch (error) {
    if (error instanceof OAuthError) return resolutionError(ctx, request, outer, error);
    throw error;
  }
  const validation = validateAuthorizeRequest(ctx, resolved.params);
  if (validation.kind === 'page') {
    return errorPage({
      error: validation.error.code,
      description: validation.error.description,
      hint: untrustedHint,
    });
  }
  if (validation.kind === 'redirect') {
    return authorizationError(validation.target, validation.error, redirectStatus(request));
  }
  // RFC 9126 §6: a client registered with require_pushed_authorization_requests uses PAR only.
  if (validation.client.requirePushedAuthorizationRequests && !resolved.pushed) {
    const error = oauthError(
      'invalid_request',
      `Client ${validation.client.clientId} must push its authorization requests to /oauth/par and send the request_uri (RFC 9126 §6).`,
    );
    return authorizationError(targetOf(ctx, validation.request), error, redirectStatus(request));
  }
  let hinted: AuthorizeRequest;
  try {
    hinted = await withIdTokenHint(
      ctx,
      validation.client,
      validation.request,
      singleParam(resolved.params, 'id_token_hint'),
    );
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    return authorizationError(targetOf(ctx, validation.request), error, redirectStatus(request));
  }
  const interaction: AuthorizeInteraction = {
    ...newInteractionBase(ctx),
    kind: 'authorize',
    request: hinted,
  };
  return proceed(ctx, request, interaction, { stored: false });
}

export const authorizeRoute: Route = {
  methods: ['GET', 'POST'],
  path: '/authorize',
  handler: authorize,
};
