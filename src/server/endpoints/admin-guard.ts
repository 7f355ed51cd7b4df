import type { MiddlewareHandler } from 'hono';
import type { HonoEnv } from '../context.ts';
import { errorResponse, oauthError } from '../errors.ts';

/**
 * The origins that may call /admin: the server's own and the playground app's. In the browser the
 * app calls its own origin (the worker answers); the Node host also counts the `Host` it was
 * reached at (already limited to loopback names by the host), e.g. http://127.0.0.1:4000.
 */
function ownOrigins(issuer: string, appUrl: string, request: Request): Set<string> {
  const origins = new Set([new URL(issuer).origin, new URL(appUrl).origin]);
  const host = request.headers.get('host');
  if (host) origins.add(`${new URL(request.url).protocol}//${host.toLowerCase()}`);
  return origins;
}

/**
 * /admin rewrites the tenant, the clock and the keys and reads sessions: only the playground
 * itself, curl and scripts may call it. A browser names the caller in `Sec-Fetch-Site`
 * (Fetch Metadata) and `Origin` (RFC 6454 §7); a request that says it comes from another site,
 * or from an origin other than ours, is refused with 403 before it reaches the endpoint. Requests
 * without these headers (curl, Postman, a request the worker receives) go on. Every answer is
 * `Cache-Control: no-store`: it holds sessions and secrets.
 */
export function adminGuard(issuer: string, appUrl: string): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const request = c.req.raw;
    const site = request.headers.get('sec-fetch-site');
    const origin = request.headers.get('origin');
    const foreign =
      site === 'cross-site' ||
      (origin !== null && !ownOrigins(issuer, appUrl, request).has(origin.toLowerCase()));
    if (foreign) {
      return errorResponse(
        oauthError(
          'access_denied',
          origin && origin !== 'null'
            ? `The admin endpoints answer only the playground itself, not ${origin}.`
            : 'The admin endpoints answer only the playground itself, not another site.',
          { status: 403 },
        ),
      );
    }
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
  };
}
