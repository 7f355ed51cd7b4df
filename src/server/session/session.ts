import type { ServerContext } from '../context.ts';
import type { User } from '../tenant/schema.ts';
import { randomToken } from '../tokens/random.ts';

/** A login session (SSO): who logged in on this user agent, and when. */
export interface LoginSession {
  id: string;
  userId: string;
  /** When the user entered their credentials (server clock, seconds): the tokens' `auth_time`. */
  authTime: number;
  createdAt: number;
}

export const SESSION_COOKIE = 'op_session';
/** The record id of the one session of a browser profile (service worker host). */
export const PROFILE_SESSION_ID = 'profile';
/** A session ends a week after the login (measured with the server clock, which the UI can move). */
export const SESSION_LIFETIME = 7 * 86400;

function cookieValue(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function cookiePath(ctx: ServerContext): string {
  return new URL(ctx.issuer).pathname;
}

/** RFC 6265: HttpOnly (no script), SameSite=Lax (sent on top-level navigations back from the app). */
function sessionCookie(ctx: ServerContext, value: string, maxAge?: number): string {
  const parts = [`${SESSION_COOKIE}=${value}`, `Path=${cookiePath(ctx)}`, 'HttpOnly', 'SameSite=Lax'];
  if (new URL(ctx.issuer).protocol === 'https:') parts.push('Secure');
  if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
  return parts.join('; ');
}

function sessionId(ctx: ServerContext, request: Request): string | undefined {
  if (ctx.sessionMode === 'profile') return PROFILE_SESSION_ID;
  const value = cookieValue(request, SESSION_COOKIE);
  return value && /^[A-Za-z0-9_-]{16,64}$/.test(value) ? value : undefined;
}

/** The live session of this user agent (cookie) or browser profile, if any. */
export async function currentSession(
  ctx: ServerContext,
  request: Request,
): Promise<LoginSession | undefined> {
  const id = sessionId(ctx, request);
  if (!id) return undefined;
  const session = await ctx.store.get<LoginSession>('sessions', id);
  if (!session) return undefined;
  if (ctx.now > session.authTime + SESSION_LIFETIME) return undefined;
  return session;
}

/** The session's user, if the session is live and the user still exists in the tenant. */
export function sessionUser(ctx: ServerContext, session: LoginSession | undefined): User | undefined {
  if (!session) return undefined;
  return ctx.tenant.users.find((u) => u.id === session.userId);
}

/**
 * Starts a session after a login, replacing the previous one of this user agent.
 * Returns the `Set-Cookie` value in cookie mode.
 */
export async function startSession(
  ctx: ServerContext,
  request: Request,
  userId: string,
): Promise<{ session: LoginSession; setCookie?: string }> {
  const previous = sessionId(ctx, request);
  if (ctx.sessionMode === 'profile') {
    const session: LoginSession = { id: PROFILE_SESSION_ID, userId, authTime: ctx.now, createdAt: ctx.now };
    await ctx.store.put('sessions', session.id, session);
    return { session };
  }
  if (previous) await ctx.store.delete('sessions', previous);
  const session: LoginSession = { id: randomToken(32), userId, authTime: ctx.now, createdAt: ctx.now };
  await ctx.store.put('sessions', session.id, session);
  return { session, setCookie: sessionCookie(ctx, session.id) };
}

/** Ends the session of this user agent; in cookie mode also returns a `Set-Cookie` that clears it. */
export async function endSession(
  ctx: ServerContext,
  request: Request,
): Promise<{ ended: boolean; setCookie?: string }> {
  const id = sessionId(ctx, request);
  const existed = id ? (await ctx.store.get<LoginSession>('sessions', id)) !== undefined : false;
  if (id) await ctx.store.delete('sessions', id);
  if (ctx.sessionMode === 'profile') return { ended: existed };
  return { ended: existed, setCookie: id ? sessionCookie(ctx, '', 0) : undefined };
}
