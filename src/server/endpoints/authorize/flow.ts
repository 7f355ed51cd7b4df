import type { AuthorizeRequest } from '../../checks/authorize-request.ts';
import { consentCovers } from '../../consent/consents.ts';
import type { ServerContext } from '../../context.ts';
import { oauthError } from '../../errors.ts';
import { errorPage } from '../../pages/error-page.ts';
import { currentSession, sessionUser } from '../../session/session.ts';
import type { User } from '../../tenant/schema.ts';
import { scopesOfClaims } from '../../tokens/claims.ts';
import {
  type AuthorizeInteraction,
  consentPath,
  consumeInteraction,
  type Interaction,
  loginPath,
  saveInteraction,
} from './interaction.ts';
import { issueAuthorizationResult } from './issue.ts';
import { authorizationError, authorizationResponse, redirect, redirectStatus } from './respond.ts';
import { targetOf } from './validate.ts';

export function interactionExpiredPage(): Response {
  return errorPage({
    error: 'invalid_request',
    description:
      'This login link has expired or was already used. Go back to the application and start again.',
  });
}

/** True when the session may be used for this request without a new login (OIDC Core §3.1.2.1). */
function sessionSatisfies(
  ctx: ServerContext,
  interaction: AuthorizeInteraction,
  authTime: number,
  user: User,
) {
  const request = interaction.request;
  if (request.prompt.includes('login')) return false;
  // max_age=0 is prompt=login; otherwise re-authenticate once more than max_age seconds have passed.
  if (request.maxAge !== undefined && (request.maxAge === 0 || ctx.now - authTime > request.maxAge))
    return false;
  if (request.connection !== undefined && user.connection !== request.connection) return false;
  // OIDC Core §3.1.2.1 id_token_hint: only the session of the End-User it identifies will do.
  if (request.subject !== undefined && user.id !== request.subject) return false;
  return true;
}

/** What consent must cover: the scopes, and the scopes of the claims a `claims` request names (OIDC Core §5.5). */
export function consentScope(request: AuthorizeRequest): string[] {
  return [...new Set([...request.scope, ...scopesOfClaims(request.claims)])];
}

/**
 * Moves an interaction forward: log in (unless the SSO session will do), consent (unless already
 * granted), then answer the client. `prompt=none` never shows a page (OIDC Core §3.1.2.6).
 * `headers` carries a Set-Cookie from a login that just happened.
 */
export async function proceed(
  ctx: ServerContext,
  request: Request,
  interaction: Interaction,
  options: { stored: boolean; headers?: Record<string, string> },
): Promise<Response> {
  const status = redirectStatus(request);
  const headers = options.headers ?? {};
  if (!interaction.login) {
    const session = await currentSession(ctx, request);
    const user = sessionUser(ctx, session);
    const usable =
      session !== undefined &&
      user !== undefined &&
      (interaction.kind === 'device' || sessionSatisfies(ctx, interaction, session.authTime, user));
    if (!usable || !session || !user) {
      if (interaction.kind === 'authorize' && interaction.request.prompt.includes('none')) {
        if (options.stored) await consumeInteraction(ctx, interaction.id);
        const request = interaction.request;
        const error = oauthError(
          'login_required',
          !session || !user
            ? 'The user is not logged in (prompt=none).'
            : request.subject !== undefined && user.id !== request.subject
              ? 'The logged-in user is not the one id_token_hint names, and prompt=none forbids a login.'
              : 'The user must log in again (max_age has passed or another connection was asked), and prompt=none forbids it.',
        );
        return authorizationError(targetOf(ctx, interaction.request), error, status, headers);
      }
      await saveInteraction(ctx, interaction);
      return redirect(ctx.url(loginPath(interaction.id)), status, headers);
    }
    interaction.login = { userId: user.id, authTime: session.authTime, sessionId: session.id };
  }

  if (interaction.kind === 'device') {
    await saveInteraction(ctx, interaction);
    return redirect(ctx.url(consentPath(interaction.id)), status, headers);
  }

  const authorize = interaction.request;
  if (authorize.subject !== undefined && interaction.login.userId !== authorize.subject) {
    // OIDC Core §3.1.2.1: a positive response only for the End-User the hint identifies.
    if (options.stored) await consumeInteraction(ctx, interaction.id);
    const error = oauthError('login_required', 'The user who logged in is not the one id_token_hint names.');
    return authorizationError(targetOf(ctx, authorize), error, status, headers);
  }
  const client = ctx.tenant.clients.find((c) => c.clientId === authorize.clientId);
  const consented =
    !authorize.prompt.includes('consent') &&
    (client?.skipConsent ||
      // RFC 9396 §4: authorization details are shown to the user each time; no stored consent covers them.
      (authorize.authorizationDetails === undefined &&
        (await consentCovers(
          ctx,
          interaction.login.userId,
          authorize.clientId,
          authorize.audience,
          consentScope(authorize),
        ))));
  if (!consented) {
    if (authorize.prompt.includes('none')) {
      if (options.stored) await consumeInteraction(ctx, interaction.id);
      const error = oauthError(
        'consent_required',
        'The user has not consented to this request (prompt=none).',
      );
      return authorizationError(targetOf(ctx, authorize), error, status, headers);
    }
    await saveInteraction(ctx, interaction);
    return redirect(ctx.url(consentPath(interaction.id)), status, headers);
  }
  return complete(ctx, request, interaction, { stored: options.stored, headers });
}

/** Answers the client with a code or tokens, using the interaction up exactly once. */
export async function complete(
  ctx: ServerContext,
  request: Request,
  interaction: AuthorizeInteraction,
  options: { stored: boolean; headers?: Record<string, string> },
): Promise<Response> {
  const status = redirectStatus(request);
  const headers = options.headers ?? {};
  if (options.stored && !(await consumeInteraction(ctx, interaction.id))) return interactionExpiredPage();
  const authorize = interaction.request;
  const target = targetOf(ctx, authorize);
  const client = ctx.tenant.clients.find((c) => c.clientId === authorize.clientId);
  const user = ctx.tenant.users.find((u) => u.id === interaction.login?.userId);
  // The tenant changed under the interaction: a removed client's redirect URI is no longer trusted.
  if (!client?.redirectUris.includes(authorize.redirectUri))
    return errorPage({ error: 'invalid_client', description: `Unknown client: ${authorize.clientId}` });
  if (!user || !interaction.login) {
    const error = oauthError('access_denied', 'The user no longer exists.');
    return authorizationError(target, error, status, headers);
  }
  const result = await issueAuthorizationResult(ctx, authorize, client, user, interaction.login.authTime);
  return authorizationResponse(target, result, status, headers);
}
