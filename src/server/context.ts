import type { KeyRing } from './keys.ts';
import type { Store } from './store/types.ts';
import type { Tenant, TenantInput } from './tenant/schema.ts';

export interface ServerOptions {
  store: Store;
  /** The issuer, with its trailing slash: `http://localhost:4000/` or `https://app.example/server/`. */
  issuer: string;
  /** What `{app}` stands for in the tenant: the host's app URL without trailing slash. */
  appUrl: string;
  /** The tenant used until one is saved in the store (default: the demo tenant). */
  tenant?: TenantInput;
  /** The base clock in milliseconds (default `Date.now`); the stored offset moves it forward. */
  now?: () => number;
  /**
   * How the login session is found. `cookie`: an HttpOnly, SameSite=Lax cookie (Node host).
   * `profile`: one session for the browser profile, kept in the store, because a service
   * worker's responses cannot set cookies.
   */
  sessionMode: 'cookie' | 'profile';
}

/** What every endpoint gets: configuration, the tenant in force, the store, keys and the time. */
export interface ServerContext {
  readonly store: Store;
  readonly issuer: string;
  readonly appUrl: string;
  readonly sessionMode: 'cookie' | 'profile';
  /** The tenant in force for this request, `{app}` already resolved. */
  readonly tenant: Tenant;
  /** The server clock, in seconds since the epoch (offset applied). */
  readonly now: number;
  readonly keys: KeyRing;
  /** An absolute URL of this server: `url('oauth/token')`. */
  url(path: string): string;
  /** The server's own options (for admin endpoints that reset the tenant). */
  readonly options: ServerOptions;
  /** The client this request authenticated as, once known (CORS answers for that client's origins). */
  readonly caller: { clientId?: string };
}

export type HonoEnv = { Variables: { ctx: ServerContext } };
