import { parseAuthorizeParams } from '../../checks/authorize-params.ts';
import type { ServerContext } from '../../context.ts';
import { errorPage } from '../../pages/error-page.ts';
import { readBodyText } from '../../params.ts';
import type { Route } from '../route.ts';
import { proceed } from './flow.ts';
import { type AuthorizeInteraction, newInteractionBase } from './interaction.ts';
import { authorizationError, redirectStatus } from './respond.ts';
import { validateAuthorizeRequest } from './validate.ts';

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
 * The authorization endpoint (RFC 6749 §3.1), by GET or by form POST (OIDC Core §3.1.2.1).
 * A valid request goes on to login, consent, and the response to the client.
 */
async function authorize(ctx: ServerContext, request: Request): Promise<Response> {
  const pairs = await requestPairs(request);
  if (pairs instanceof Response) return pairs;
  const validation = validateAuthorizeRequest(ctx, parseAuthorizeParams(pairs));
  if (validation.kind === 'page') {
    return errorPage({
      error: validation.error.code,
      description: validation.error.description,
      hint: 'The application that sent you here cannot be trusted with the result, so you stay on this page. Tell its developers about this error.',
    });
  }
  if (validation.kind === 'redirect') {
    return authorizationError(validation.target, validation.error, redirectStatus(request));
  }
  const interaction: AuthorizeInteraction = {
    ...newInteractionBase(ctx),
    kind: 'authorize',
    request: validation.request,
  };
  return proceed(ctx, request, interaction, { stored: false });
}

export const authorizeRoute: Route = {
  methods: ['GET', 'POST'],
  path: '/authorize',
  handler: authorize,
};
