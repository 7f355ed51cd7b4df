import { createAuthorizationServer } from '../server/app.ts';
import { MemoryStore } from '../server/store/memory.ts';
import type { TraceExchange } from '../shared/trace.ts';
import { hostPaths, isServerPath } from '../sw/scope.ts';
import { traceRequest, traceResponse } from '../sw/trace.ts';

/** Who sent a request: the app's own code (`fetch`) or the worker-less in-page browser (`navigate`). */
export type RequestKind = 'fetch' | 'navigate';

/**
 * The page host: the authorization server core run in the page itself, for a page that no
 * service worker can control (a cross-site frame with third-party storage refused, a private
 * window, service workers disabled). The same core, tenant and trace as the worker; the state is
 * in memory, so it ends with the tab. Requests reach it by a call, never over the network.
 */
export interface PageHost {
  /** `<origin><base>server/`, as with the worker. */
  readonly issuer: string;
  /** True when `url` is this server's (`<origin><base>server/…`). */
  serves(url: string): boolean;
  fetch(request: Request, kind?: RequestKind): Promise<Response>;
}

export interface PageHostOptions {
  /** The app's base URL (`<origin><base>`), the worker's scope. */
  scope: string;
  /** Receives every exchange, as the worker's trace channel does. */
  publish(exchange: TraceExchange): void;
}

export function createPageHost(options: PageHostOptions): PageHost {
  const paths = hostPaths(options.scope);
  const origin = new URL(options.scope).origin;
  const server = createAuthorizationServer({
    store: new MemoryStore(),
    issuer: paths.issuer,
    appUrl: paths.appUrl,
    // One user agent per store: the tab. The login session is a record of the store, not a cookie.
    sessionMode: 'profile',
  });

  const serves = (url: string): boolean => {
    try {
      const parsed = new URL(url);
      return parsed.origin === origin && isServerPath(paths, parsed.pathname);
    } catch {
      return false;
    }
  };

  return {
    issuer: paths.issuer,
    serves,
    async fetch(request, kind = 'fetch') {
      const startedAt = Date.now();
      const started = performance.now();
      const requestCopy = request.clone();
      const response = await server.fetch(request);
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      const responseCopy = response.clone();
      void Promise.all([traceRequest(requestCopy), traceResponse(responseCopy)])
        .then(([tracedRequest, tracedResponse]) =>
          options.publish({
            source: 'worker',
            type: 'exchange',
            id: crypto.randomUUID(),
            startedAt,
            durationMs,
            kind,
            request: tracedRequest,
            response: tracedResponse,
          }),
        )
        .catch(() => {
          // A trace that cannot be built is dropped; the exchange itself already succeeded.
        });
      return response;
    },
  };
}
