import { SERVER_STATUS_CHANNEL, type ServerStatusMessage, type WorkerCommand } from '../../../sw/protocol.ts';
import { basePath } from './base.ts';
import { serverFetch, startPageHost } from './page-mode.ts';
import { messages, StatusStore } from './status.ts';

export { basePath, serverIssuer } from './base.ts';

export const statusStore = new StatusStore();

/**
 * How long an active worker may take to control the page once asked. An active worker claims a new
 * page at once; no control after this means service workers are blocked or bypassed for the page.
 */
const CONTROL_TIMEOUT_MS = 4000;
/** `register()` settles once sw.js is fetched and parsed; a browser that blocks workers never settles it. */
const REGISTER_TIMEOUT_MS = 8000;
/** Install includes the precache download: allow a slow network. */
const READY_TIMEOUT_MS = 60_000;

function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let registration: ServiceWorkerRegistration | undefined;
let started: Promise<void> | undefined;
/** Set when the user asked for the new version: the next controller change reloads the page. */
let reloading = false;
let storageError = false;

function post(worker: ServiceWorker | null | undefined, command: WorkerCommand): void {
  worker?.postMessage(command);
}

function errorText(error: unknown): string {
  return error instanceof Error && error.message ? error.message : String(error);
}

/** Resolves once a worker controls this page, or rejects when an active worker does not take it. */
async function controlled(container: ServiceWorkerContainer): Promise<void> {
  if (container.controller) return;
  const changed = new Promise<void>((resolve) =>
    container.addEventListener('controllerchange', () => resolve(), { once: true }),
  );
  // `ready` waits for an active worker (install and precache included). A first load is claimed by
  // its activation; a page loaded around an already active worker (hard reload) is claimed on request.
  const ready = await within(
    Promise.race([container.ready, changed]),
    READY_TIMEOUT_MS,
    messages.notControlled,
  );
  if (container.controller) return;
  if (ready) post(ready.active, { type: 'claim' });
  await within(changed, CONTROL_TIMEOUT_MS, messages.notControlled);
}

async function probeJson(path: string): Promise<void> {
  const response = await serverFetch(`${basePath}server/${path}`, { cache: 'no-store' });
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) throw new Error(messages.notServing);
  const body = (await response.json()) as { error?: unknown; error_description?: unknown };
  if (response.status === 503 && typeof body.error_description === 'string') {
    storageError = true;
    throw new Error(body.error_description);
  }
  if (!response.ok) throw new Error(messages.notServing);
}

/**
 * The first requests to the server: discovery (it answers) and JWKS (its storage works: the signing
 * key is created and saved on first start).
 */
async function probe(): Promise<void> {
  await probeJson('.well-known/openid-configuration');
  // Cold start, as the bench reads it: registration to the first discovery response.
  performance.measure('in-browser-server:cold-start', 'in-browser-server:register');
  await probeJson('.well-known/jwks.json');
}

function watchUpdates(container: ServiceWorkerContainer, reg: ServiceWorkerRegistration): void {
  const offerUpdate = () => {
    if (reg.waiting && container.controller) {
      statusStore.set({ status: 'update-available', message: messages.updateAvailable });
    }
  };
  offerUpdate();
  reg.addEventListener('updatefound', () => {
    const worker = reg.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed') offerUpdate();
    });
  });
  container.addEventListener('controllerchange', () => {
    // Our own reload, or another tab took the new version: this page's code is now older than its server.
    if (reloading) location.reload();
    else statusStore.set({ status: 'update-available', message: messages.updateAvailable });
  });
  // The browser checks for a new sw.js on navigations; a long-lived tab also checks when shown again.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void reg.update().catch(() => {});
  });
}

function watchStorage(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(SERVER_STATUS_CHANNEL);
  channel.addEventListener('message', (event: MessageEvent<ServerStatusMessage>) => {
    const message = event.data;
    if (message?.type === 'storage-error') {
      storageError = true;
      statusStore.set({ status: 'error', message: message.description });
    } else if (message?.type === 'storage-ok' && storageError) {
      storageError = false;
      statusStore.set({ status: 'ready', mode: 'worker' });
    }
  });
}

/**
 * No service worker can control this page: run the core in the page instead (the page host), with
 * its state in memory. `reason` says why, for the user.
 */
async function startInPage(reason: string): Promise<void> {
  try {
    await startPageHost();
    await probe();
  } catch (error) {
    statusStore.set({
      status: 'error',
      message: `${reason} ${messages.pageHostFailed} (${errorText(error)})`,
    });
    return;
  }
  statusStore.set({ status: 'ready', mode: 'page', message: messages.pageMode, reason });
}

async function start(): Promise<void> {
  performance.mark('in-browser-server:register');
  if (!window.isSecureContext) {
    // WebCrypto, which the core signs with, is missing too: neither host can run.
    statusStore.set({ status: 'unsupported', message: messages.notSecure });
    return;
  }
  if (!('serviceWorker' in navigator) || !navigator.serviceWorker) {
    await startInPage(messages.noServiceWorker);
    return;
  }
  const container = navigator.serviceWorker;
  try {
    const registered = await within(
      container.register(`${basePath}sw.js`, { type: 'module', scope: basePath, updateViaCache: 'none' }),
      REGISTER_TIMEOUT_MS,
      messages.registrationStalled,
    );
    // Some blockers (automation, extensions) replace register() with one that registers nothing.
    if (!registered) throw new Error(messages.registrationStalled);
    registration = registered;
  } catch (error) {
    const stalled = error instanceof Error && error.message === messages.registrationStalled;
    await startInPage(
      stalled ? messages.registrationStalled : `${messages.noServiceWorker} (${errorText(error)})`,
    );
    return;
  }
  watchStorage();
  try {
    await controlled(container);
  } catch (error) {
    await startInPage(errorText(error));
    return;
  }
  try {
    await probe();
  } catch (error) {
    statusStore.set({ status: 'error', message: errorText(error) });
    return;
  }
  statusStore.set({ status: 'ready', mode: 'worker' });
  watchUpdates(container, registration);
}

/**
 * Registers the in-browser server (`<base>sw.js`, a module worker scoped to the app) and resolves
 * once it controls the page and answers, or once it is known that it cannot. Safe to call many times.
 */
export function registerServer(): Promise<void> {
  started ??= start();
  return started;
}

/** Takes the new version when one waits (then reloads), or reloads to retry after an error. */
export function reloadServer(): void {
  const waiting = registration?.waiting;
  if (waiting && navigator.serviceWorker.controller) {
    reloading = true;
    post(waiting, { type: 'skip-waiting' });
    // If the controller change never comes (the worker failed), reload anyway.
    setTimeout(() => location.reload(), 3000);
    return;
  }
  location.reload();
}
