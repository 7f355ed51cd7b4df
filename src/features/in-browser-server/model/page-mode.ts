import type { PageHost } from '../../../page-host/host.ts';
import type { TraceExchange } from '../../../shared/trace.ts';
import type { BrowseReply, WorkerCommand } from '../../../sw/protocol.ts';
import { basePath } from './base.ts';

/**
 * Where the server core runs for this page: in the service worker (`worker`, the default), or in
 * the page itself (`page`) when no worker can control it. The page host is loaded only then.
 */
export type ServerMode = 'worker' | 'page';

let host: PageHost | undefined;
const localListeners = new Set<(exchange: TraceExchange) => void>();

/** The page host's trace: delivered to this tab's listeners only (its server is this tab's). */
export function subscribeLocalTrace(listener: (exchange: TraceExchange) => void): () => void {
  localListeners.add(listener);
  return () => localListeners.delete(listener);
}

/** Starts the core in the page (lazily loaded: it is not part of the initial JavaScript). */
export async function startPageHost(): Promise<PageHost> {
  if (host) return host;
  const { createPageHost } = await import('../../../page-host/host.ts');
  host ??= createPageHost({
    scope: new URL(basePath, location.origin).href,
    publish: (exchange) => {
      for (const listener of localListeners) listener(exchange);
    },
  });
  return host;
}

export function serverMode(): ServerMode {
  return host ? 'page' : 'worker';
}

let pageBrowserRequired = false;
const pageBrowserListeners = new Set<() => void>();

/**
 * Show the server's pages in the worker-less in-page browser even though a worker serves this
 * page: a frame on another site's page, whose worker lives in a storage partition of its own
 * (a popup would be top-level, in another partition, with another server), and whose server pages
 * cannot be framed there (`frame-ancestors 'self'` checks every ancestor, CSP3 §6.4.2).
 */
export function requirePageBrowser(): void {
  if (pageBrowserRequired) return;
  pageBrowserRequired = true;
  for (const listener of pageBrowserListeners) listener();
}

export const pageBrowserStore = {
  get: (): boolean => pageBrowserRequired || host !== undefined,
  subscribe(listener: () => void): () => void {
    pageBrowserListeners.add(listener);
    return () => pageBrowserListeners.delete(listener);
  },
};

function absolute(input: RequestInfo | URL): string {
  return new URL(input instanceof Request ? input.url : String(input), location.href).href;
}

/**
 * `fetch` for the app's own requests: those to `<base>server/` go to the page host when it runs;
 * everything else (and everything in worker mode) goes to the network, where the worker answers.
 */
export function serverFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  if (host) {
    const url = absolute(input);
    if (host.serves(url)) {
      return host.fetch(
        input instanceof Request ? new Request(input, init) : new Request(url, init),
        'fetch',
      );
    }
  }
  return fetch(input, init);
}

/** How long the worker has to answer a navigation of the in-page browser. */
const BROWSE_TIMEOUT_MS = 15_000;

async function serialize(request: Request): Promise<Extract<WorkerCommand, { type: 'browse' }>['request']> {
  return {
    method: request.method,
    url: request.url,
    headers: [...request.headers],
    body: request.method === 'GET' || request.method === 'HEAD' ? null : await request.text(),
  };
}

function askWorker(worker: ServiceWorker, request: Request): Promise<Response> {
  return serialize(request).then(
    (serialized) =>
      new Promise<Response>((resolve, reject) => {
        const channel = new MessageChannel();
        const timer = setTimeout(() => {
          channel.port1.close();
          reject(new Error('the in-browser server did not answer in time'));
        }, BROWSE_TIMEOUT_MS);
        channel.port1.addEventListener('message', (event: MessageEvent<BrowseReply>) => {
          clearTimeout(timer);
          channel.port1.close();
          const reply = event.data;
          if ('error' in reply) {
            reject(new Error(reply.error));
            return;
          }
          const { status, statusText, headers, body } = reply.response;
          // A null-body status (204, 3xx without body) must not get a body (Fetch §2.2.3).
          const nullBody = status === 204 || status === 205 || status === 304;
          resolve(new Response(nullBody ? null : body, { status, statusText, headers }));
        });
        channel.port1.start();
        worker.postMessage({ type: 'browse', request: serialized } satisfies WorkerCommand, [channel.port2]);
      }),
  );
}

/**
 * How the worker-less in-page browser reaches the server: the page host, or the worker that
 * controls this page, asked by message (a page cannot read a redirect it fetches itself: Fetch
 * returns an opaque redirect, so the worker hands over the response as data).
 */
export function browseServer(request: Request): Promise<Response> {
  if (host) return host.fetch(request, 'navigate');
  const worker = typeof navigator === 'undefined' ? null : (navigator.serviceWorker?.controller ?? null);
  if (!worker) return Promise.reject(new Error('no server controls this page'));
  return askWorker(worker, request);
}

/** True when `url` is the in-browser server's (`<origin><base>server/…`). */
export function isServerUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    const server = new URL(`${basePath}server/`, location.origin);
    return (
      parsed.origin === server.origin &&
      (parsed.pathname.startsWith(server.pathname) || `${parsed.pathname}/` === server.pathname)
    );
  } catch {
    return false;
  }
}
