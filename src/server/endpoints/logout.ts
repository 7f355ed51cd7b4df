import { type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
import type { ServerContext } from '../context.ts';
import { OAuthError } from '../errors.ts';
import { errorPage, messagePage } from '../pages/error-page.ts';
import { bodyParams } from '../params.ts';
import { endSession } from '../session/session.ts';
import type { Client } from '../tenant/schema.ts';
import { redirect, redirectStatus } from './authorize/respond.ts';
import type { Route } from './route.ts';

class LogoutError extends Error {}

function loggedOut(setCookie: string | undefined): Response {
  const page = messagePage({ title: 'Logged out', message: 'You are logged out.' });
  if (setCookie) page.headers.append('Set-Cookie', setCookie);
  return page;
}

function done(request: Request, location: string | undefined, setCookie?: string) {
  if (!location) return loggedOut(setCookie);
  return redirect(location, redirectStatus(request), setCookie ? { 'Set-Cookie': setCookie } : {});
}

/** Exact match only (as for redirect URIs, RFC 9700 §4.1.3), against one client's or any client's list. */
function registered(clients: readonly Client[], uri: string): boolean {
  return clients.some((c) => c.postLogoutRedirectUris.includes(uri));
}

function findClient(ctx: ServerContext, clientId: string): Client {
  const client = ctx.tenant.clients.find((c) => c.clientId === clientId);
  if (!client) throw new LogoutError(`Unknown client: ${clientId}`);
  return client;
}

function single(params: URLSearchParams | Map<string, string>, name: string): string | undefined {
  if (params instanceof URLSearchParams) {
    const all = params.getAll(name);
    if (all.length > 1) throw new LogoutError(`Parameter '${name}' was included more than once.`);
    return all[0] || undefined;
  }
  return params.get(name);
}

function failed(error: unknown): Response {
  if (error instanceof LogoutError)
    return errorPage({ error: 'invalid_request', description: error.message });
  if (error instanceof OAuthError)
    return errorPage({ error: error.code, description: error.description, status: error.status });
  throw error;
}

/**
 * Auth0 `GET /v2/logout`: ends the session; `returnTo` must be an allowed logout URL of the
 * `client_id` when one is given, else of any client.
 */
async function auth0Logout(ctx: ServerContext, request: Request): Promise<Response> {
  let returnTo: string | undefined;
  try {
    const params = new URL(request.url).searchParams;
    returnTo = single(params, 'returnTo');
    const clientId = single(params, 'client_id');
    const clients = clientId !== undefined ? [findClient(ctx, clientId)] : ctx.tenant.clients;
    if (returnTo !== undefined && !registered(clients, returnTo)) {
      throw new LogoutError(`The returnTo URL is not in the list of allowed logout URLs: ${returnTo}`);
    }
  } catch (error) {
    return failed(error);
  }
  const { setCookie } = await endSession(ctx, request);
  return done(request, returnTo, setCookie);
}

/** The client an ID token hint was issued to; an expired hint is still a hint (OIDC RP-Initiated Logout §2). */
async function hintedClientId(ctx: ServerContext, idTokenHint: string): Promise<string> {
  const keys = await ctx.keys.all(ctx.tenant.signingAlg, ctx.now);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(
      idTokenHint,
      async (header) => {
        const key = keys.find((k) => k.kid === header.kid) ?? keys[0];
        return key.publicKey;
      },
      { issuer: ctx.issuer, currentDate: new Date(ctx.now * 1000) },
    ));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) payload = error.payload;
    else throw new LogoutError('The id_token_hint is not an ID token issued by this server.');
  }
  const aud = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
  if (typeof aud !== 'string') throw new LogoutError('The id_token_hint has no audience.');
  return aud;
}

/**
 * OpenID Connect RP-Initiated Logout 1.0 §2-3: ends the session, then redirects to a registered
 * `post_logout_redirect_uri` of the client (named by `client_id` or the `id_token_hint`) with `state`.
 */
async function oidcLogout(ctx: ServerContext, request: Request): Promise<Response> {
  let location: string | undefined;
  try {
    const params: URLSearchParams | Map<string, string> =
      request.method === 'POST' ? await bodyParams(request) : new URL(request.url).searchParams;
    const postLogoutRedirectUri = single(params, 'post_logout_redirect_uri');
    const idTokenHint = single(params, 'id_token_hint');
    let clientId = single(params, 'client_id');
    const state = single(params, 'state');
    if (idTokenHint !== undefined) {
      const hinted = await hintedClientId(ctx, idTokenHint);
      if (clientId !== undefined && clientId !== hinted)
        throw new LogoutError('client_id does not match the audience of the id_token_hint.');
      clientId = hinted;
    }
    if (postLogoutRedirectUri !== undefined) {
      if (clientId === undefined)
        throw new LogoutError(
          'post_logout_redirect_uri needs client_id or id_token_hint to name the client.',
        );
      const client = findClient(ctx, clientId);
      if (!client.postLogoutRedirectUris.includes(postLogoutRedirectUri))
        throw new LogoutError(
          `post_logout_redirect_uri is not registered for client ${clientId}: ${postLogoutRedirectUri}`,
        );
      const query = state !== undefined ? new URLSearchParams({ state }).toString() : '';
      location = query
        ? `${postLogoutRedirectUri}${postLogoutRedirectUri.includes('?') ? '&' : '?'}${query}`
        : postLogoutRedirectUri;
    } else if (clientId !== undefined) {
      findClient(ctx, clientId);
    }
  } catch (error) {
    return failed(error);
  }
  const { setCookie } = await endSession(ctx, request);
  return done(request, location, setCookie);
}

export const auth0LogoutRoute: Route = { methods: ['GET'], path: '/v2/logout', handler: auth0Logout };
export const oidcLogoutRoute: Route = { methods: ['GET', 'POST'], path: '/oidc/logout', handler: oidcLogout };
