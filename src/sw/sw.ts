import { createAuthorizationServer } from '../server/app.ts';
import { databaseName, IdbStore } from '../server/store/idb.ts';
import type { TraceExchange } from '../shared/trace.ts';
import { answerFormPost } from './callback.ts';
import { dropOldCaches, fromPrecache, navigate, precache, precacheUrls } from './precache.ts';
import {
  type BrowseReply,
  SERVER_STATUS_CHANNEL,
  type SerializedRequest,
  type ServerStatusMessage,
  type TraceSinceReply,
  type WorkerCommand,
} from './protocol.ts';
import { hostPaths, isServerPath } from './scope.ts';
import { traced } from './trace.ts';
import { TraceBuffer, traceDatabaseName } from './trace-buffer.ts';

declare const self: ServiceWorkerGlobalScope;

/**
 * The browser host: the authorization server core at `<base>server/`, state in IndexedDB. The
 * browser may stop this worker between any two requests; nothing lives only in its memory.
 */
const scope = self.registration.scope;
const paths = hostPaths(scope);
const server = createAuthorizationServer({
  store: new IdbStore({ name: databaseName(paths.base) }),
  issuer: paths.issuer,
  appUrl: paths.appUrl,
  sessionMode: 'profile',
});
const precached = new Set(precacheUrls(scope));
/** What was traced lately, for a page that was away (full-page redirect); host state, not the server's. */
const traceBuffer = new TraceBuffer({ name: traceDatabaseName(paths.base) });
const keep = (exchange: TraceExchange) => traceBuffer.add(exchange);

let statusChannel: BroadcastChannel | undefined;
let storageFailing = false;

/** Tells every tab when storage fails (503 temporarily_unavailable) and when it works again. */
async function reportStorage(response: Response): Promise<void> {
  const failing = response.status === 503;
  if (!failing && !storageFailing) return;
  let message: ServerStatusMessage = { type: 'storage-ok' };
  if (failing) {
    const body = (await response.json().catch(() => ({}))) as {
      error?: unknown;
      error_description?: unknown;
    };
    if (body.error !== 'temporarily_unavailable' || typeof body.error_description !== 'string') return;
    message = { type: 'storage-error', description: body.error_description };
  }
  storageFailing = failing;
  statusChannel ??= new BroadcastChannel(SERVER_STATUS_CHANNEL);
  statusChannel.postMessage(message);
}

async function serve(request: Request, defer: (work: Promise<unknown>) => void): Promise<Response> {
  const response = await server.fetch(request);
  if (response.status === 503 || storageFailing) defer(reportStorage(response.clone()));
  return response;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      await precache(scope);
      // First install: take over at once. An update waits until the app asks (it tells the user first).
      if (!self.registration.active) await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(Promise.all([dropOldCaches(), self.clients.claim()]));
});

/** A navigation of the app's worker-less in-page browser: served and traced as one, answered as data. */
async function browse(
  serialized: SerializedRequest,
  defer: (work: Promise<unknown>) => void,
): Promise<BrowseReply> {
  const url = new URL(serialized.url);
  if (url.origin !== self.location.origin || !isServerPath(paths, url.pathname)) {
    return { type: 'browse', error: `not this server's address: ${url.origin}${url.pathname}` };
  }
  const body = serialized.method === 'GET' || serialized.method === 'HEAD' ? undefined : serialized.body;
  const request = new Request(url, { method: serialized.method, headers: serialized.headers, body });
  const response = await traced(request, (r) => serve(r, defer), defer, keep, 'navigate');
  return {
    type: 'browse',
    response: {
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers],
      body: response.body ? await response.text() : null,
    },
  };
}

self.addEventListener('message', (event) => {
  const command = event.data as WorkerCommand | null;
  if (command?.type === 'skip-waiting') event.waitUntil(self.skipWaiting());
  else if (command?.type === 'claim') event.waitUntil(self.clients.claim());
  else if (command?.type === 'trace-since') {
    const port = event.ports[0];
    if (!port) return;
    event.waitUntil(
      traceBuffer.since(command.since).then(
        (exchanges) => port.postMessage({ type: 'trace-since', exchanges } satisfies TraceSinceReply),
        (error: unknown) =>
          port.postMessage({ type: 'trace-since', error: String(error) } satisfies TraceSinceReply),
      ),
    );
  } else if (command?.type === 'browse') {
    const port = event.ports[0];
    if (!port) return;
    const defer = (work: Promise<unknown>) => event.waitUntil(work);
    event.waitUntil(
      browse(command.request, defer).then(
        (reply) => port.postMessage(reply),
        (error: unknown) => port.postMessage({ type: 'browse', error: String(error) } satisfies BrowseReply),
      ),
    );
  }
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const defer = (work: Promise<unknown>) => event.waitUntil(work);

  if (isServerPath(paths, url.pathname)) {
    event.respondWith(traced(request, (r) => serve(r, defer), defer, keep));
    return;
  }
  if (url.pathname === paths.callbackPath && request.method === 'POST') {
    event.respondWith(
      traced(request, (r) => answerFormPost(r, `${url.origin}${paths.callbackPath}`), defer, keep),
    );
    return;
  }
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request, scope));
    return;
  }
  if (precached.has(`${url.origin}${url.pathname}`)) event.respondWith(fromPrecache(request));
});
