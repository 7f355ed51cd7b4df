import { createAuthorizationServer } from '../app.ts';
import type { ServerOptions } from '../context.ts';
import { createFakeIdbStore } from '../store/idb-fake.ts';
import { MemoryStore } from '../store/memory.ts';
import type { Store } from '../store/types.ts';

/** The stores every server suite runs against (IndexedDB on fake-indexeddb in Node). */
export const storeFactories: Record<string, () => Store> = {
  memory: () => new MemoryStore(),
  indexeddb: createFakeIdbStore,
};

export const TEST_ORIGIN = 'http://localhost:4000';

export interface TestServer {
  store: Store;
  issuer: string;
  /** Moves the base clock (milliseconds). */
  clock: { ms: number };
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** A form POST. */
  post(path: string, form: Record<string, string>, headers?: Record<string, string>): Promise<Response>;
}

/**
 * A server on a fresh store, issuer `http://localhost:4000/` (or under `basePath`), with a clock
 * the test controls. Paths are relative to the issuer.
 */
export function createTestServer(
  options: Partial<ServerOptions> & { basePath?: string; makeStore?: () => Store } = {},
): TestServer {
  const store = options.store ?? (options.makeStore ?? storeFactories.memory)();
  const clock = { ms: Date.UTC(2026, 0, 1) };
  const issuer = options.issuer ?? `${TEST_ORIGIN}${options.basePath ?? '/'}`;
  const server = createAuthorizationServer({
    store,
    issuer,
    appUrl: options.appUrl ?? TEST_ORIGIN,
    sessionMode: options.sessionMode ?? 'cookie',
    tenant: options.tenant,
    now: () => clock.ms,
  });
  const fetch = (path: string, init?: RequestInit) =>
    server.fetch(new Request(new URL(path.replace(/^\//, ''), issuer), init));
  return {
    store,
    issuer,
    clock,
    fetch,
    post: (path, form, headers = {}) =>
      fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(form).toString(),
      }),
  };
}
