import { Hono } from 'hono';
import { registeredClients, withRegisteredClients } from './clients/registered.ts';
import { readClockOffset } from './clock.ts';
import type { HonoEnv, ServerContext, ServerOptions } from './context.ts';
import { clientCors, clientCorsPaths, publicCors, publicCorsPaths } from './cors.ts';
import { adminGuard } from './endpoints/admin-guard.ts';
import { routes } from './endpoints/index.ts';
import { errorResponse, OAuthError, oauthError, serverErrorResponse } from './errors.ts';
import { KeyRing } from './keys.ts';
import { SWEEP_INTERVAL_SECONDS, sweepExpired } from './sweep.ts';
import { demoTenant } from './tenant/demo.ts';
import { resolveTenant, storedTenant } from './tenant/load.ts';

export interface AuthorizationServer {
  /** The whole interface: a Web-standard request in, a response out. */
  fetch(request: Request): Promise<Response>;
  readonly issuer: string;
}

/**
 * The authorization server core: a pure `(Request) => Promise<Response>` around a tenant and a
 * store. It knows nothing of its host (service worker or Node).
 */
export function createAuthorizationServer(options: ServerOptions): AuthorizationServer {
  // The tenant is the caller's at creation time: tenant caches key on the object, so a copy keeps
  // later changes to the caller's object from reaching a server already made.
  options = { ...options, tenant: options.tenant && structuredClone(options.tenant) };
  const issuer = options.issuer.endsWith('/') ? options.issuer : `${options.issuer}/`;
  const basePath = new URL(issuer).pathname.replace(/\/$/, '');
  const keys = new KeyRing(options.store);
  const now = options.now ?? Date.now;
  const app = new Hono<HonoEnv>();
  const base = basePath ? app.basePath(basePath) : app;

  base.use('/admin/*', adminGuard(issuer, options.appUrl));

  // Only the schedule lives in memory; a restarted host sweeps a little later, which is harmless.
  let nextSweepAt: number | undefined;
  base.use('*', async (c, next) => {
    const realNow = Math.floor(now() / 1000);
    nextSweepAt ??= realNow + SWEEP_INTERVAL_SECONDS;
    if (realNow >= nextSweepAt) {
      nextSweepAt = realNow + SWEEP_INTERVAL_SECONDS;
      await sweepExpired(options.store, realNow);
    }
    const tenant = withRegisteredClients(
      resolveTenant(await storedTenant(options.store, options.tenant ?? demoTenant), options.appUrl),
      await registeredClients(options.store),
    );
    const offset = await readClockOffset(options.store);
    const ctx: ServerContext = {
      store: options.store,
      issuer,
      appUrl: options.appUrl,
      sessionMode: options.sessionMode,
      tenant,
      now: Math.floor((now() + offset * 1000) / 1000),
      keys,
      url: (path) => new URL(path.replace(/^\//, ''), issuer).href,
      options,
      caller: {},
    };
    c.set('ctx', ctx);
    await next();
  });
  // After the context: which origins may call depends on the tenant in force.
  for (const path of publicCorsPaths) base.use(path, publicCors());
  for (const path of clientCorsPaths) base.use(path, clientCors());

  for (const route of routes) {
    base.on(route.methods, route.path, (c) => route.handler(c.get('ctx'), c.req.raw, c));
  }
  // A known path with another method: 405 with Allow (RFC 9110 §15.5.6).
  const allowed = new Map<string, string[]>();
  for (const route of routes) allowed.set(route.path, [...(allowed.get(route.path) ?? []), ...route.methods]);
  for (const [path, methods] of allowed) {
    base.all(path, () => {
      throw oauthError('method_not_allowed', `Use ${methods.join(' or ')} on this endpoint.`, {
        headers: { Allow: [...new Set([...methods, 'OPTIONS'])].join(', ') },
      });
    });
  }

  app.notFound(() => errorResponse(oauthError('not_found', 'There is no endpoint at this path.')));
  app.onError((error) => {
    if (error instanceof OAuthError) return errorResponse(error);
    console.error('[authorization server] unexpected error:', error instanceof Error ? error.message : error);
    return serverErrorResponse();
  });

  return {
    issuer,
    async fetch(request) {
      try {
        return await app.fetch(request);
      } catch {
        return serverErrorResponse();
      }
    },
  };
}
