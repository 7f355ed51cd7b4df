import type { MiddlewareHandler } from 'hono';
import type { HonoEnv } from './context.ts';

/**
 * Runs a header-setting middleware (CORS) after the endpoint has answered instead of before.
 * Hono's `cors` sets its headers on `c.res` before calling `next()`, which makes Hono create a
 * placeholder Response and then copy the endpoint's Response into a new one (body stream and
 * headers): three Responses per request instead of one. Run afterwards, the same headers land on
 * the endpoint's own Response. Preflights (OPTIONS) are the middleware's own answer and go
 * through unchanged.
 */
export function afterResponse(middleware: MiddlewareHandler<HonoEnv>): MiddlewareHandler<HonoEnv> {
  const done = async () => {};
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return middleware(c, next);
    await next();
    await middleware(c, done);
  };
}
