import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { HonoEnv, ServerContext } from './context.ts';
import { afterResponse } from './cors-after.ts';
import type { Client, Tenant } from './tenant/schema.ts';

/**
 * Request headers a browser app may send cross-origin. Auth0's SDKs add `Auth0-Client` (their
 * name and version, base64 JSON) to every call, which makes even a form POST a preflighted request
 * (Fetch standard, CORS protocol).
 */
export const CORS_ALLOW_HEADERS = ['Authorization', 'Content-Type', 'DPoP', 'Auth0-Client'];
const CORS_OPTIONS = {
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: CORS_ALLOW_HEADERS,
  // RFC 9449 §8: a browser client must read the DPoP-Nonce header to retry with the nonce.
  exposeHeaders: ['WWW-Authenticate', 'DPoP-Nonce'],
  maxAge: 600,
};

/** Endpoints that apps on other origins call with fetch, on behalf of one client. */
export const clientCorsPaths = [
  '/oauth/token',
  '/oauth/device/code',
  '/bc-authorize',
  '/oauth/revoke',
  '/oauth/introspect',
  '/oauth/par',
  '/userinfo',
  '/api/*',
];
/** Public metadata (discovery, JWKS) and open dynamic registration (RFC 7591): any origin. */
export const publicCorsPaths = ['/.well-known/*', '/oidc/register'];

function originOf(uri: string): string | undefined {
  try {
    const { protocol, origin } = new URL(uri);
    return protocol === 'http:' || protocol === 'https:' ? origin : undefined;
  } catch {
    return undefined;
  }
}

const byTenant = new WeakMap<Tenant, { any: Set<string>; clients: Map<string, Set<string>> }>();

function originsOf(client: Client): Set<string> {
  // Registered clients saved by an older build may lack the origin lists.
  const origins = new Set([...(client.allowedOrigins ?? []), ...(client.webOrigins ?? [])]);
  for (const uri of client.redirectUris) {
    const origin = originOf(uri);
    if (origin) origins.add(origin);
  }
  return origins;
}

function tenantOrigins(tenant: Tenant) {
  let entry = byTenant.get(tenant);
  if (!entry) {
    const clients = new Map(tenant.clients.map((c) => [c.clientId, originsOf(c)]));
    entry = { any: new Set([...clients.values()].flatMap((set) => [...set])), clients };
    byTenant.set(tenant, entry);
  }
  return entry;
}

/**
 * The origins a client's scripts may call from: its Allowed Origins (CORS) and Allowed Web
 * Origins, and, as in Auth0, the origins of its Allowed Callback URLs.
 */
export function clientCorsOrigins(tenant: Tenant, clientId: string): ReadonlySet<string> {
  return tenantOrigins(tenant).clients.get(clientId) ?? new Set();
}

/** Whether some client of the tenant allows the origin (a preflight does not say which client it is for). */
export function tenantAllowsOrigin(tenant: Tenant, origin: string): boolean {
  return tenantOrigins(tenant).any.has(origin);
}

/** A request from a page of the server's own origin (the in-browser host's app) needs no CORS. */
function sameOrigin(request: Request, origin: string): boolean {
  return origin === new URL(request.url).origin;
}

/**
 * CORS for the endpoints a client's app calls, decided once the endpoint has answered. A preflight
 * (which names no client) is answered for an origin some client allows; a request that
 * authenticated its client, only for an origin that client allows. A disallowed origin gets no
 * `Access-Control-Allow-Origin` at all, so the browser withholds the answer from its script; a
 * request without `Origin` (curl, Postman, a server) is answered as always.
 */
export function clientCors(): MiddlewareHandler<HonoEnv> {
  return afterResponse(
    cors({
      ...CORS_OPTIONS,
      origin: (origin, c: Context) => {
        if (!origin || sameOrigin(c.req.raw, origin)) return null;
        const { tenant, caller }: ServerContext = c.get('ctx');
        const allowed =
          caller.clientId !== undefined
            ? clientCorsOrigins(tenant, caller.clientId).has(origin)
            : tenantAllowsOrigin(tenant, origin);
        return allowed ? origin : null;
      },
    }),
  );
}

/** CORS for public metadata: any origin, no credentials. */
export function publicCors(): MiddlewareHandler<HonoEnv> {
  return afterResponse(cors({ ...CORS_OPTIONS, origin: '*' }));
}
