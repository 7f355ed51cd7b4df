import { SERVER_STATUS_CHANNEL, type ServerStatusMessage, type WorkerCommand } from '../../../sw/protocol.ts';
import { messages, StatusStore } from './status.ts';

/** The app's base path with its trailing slash (`/` or `/playground/`): the worker's scope. */
export const basePath: string = import.meta.env.BASE_URL;

/** The in-browser server's issuer: `<origin><base>server/`. */
export function serverIssuer(): string {
  return new URL(`${basePath}server/`, location.origin).href;
}

export const statusStore = new StatusStore();

/** How long a registered worker may take to control the page before we call it blocked. */
const CONTROL_TIMEOUT_MS = 10_000;

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

/** Resolves once a worker controls this page, or rejects after CONTROL_TIMEOUT_MS. */
function controlled(container: ServiceWorkerContainer, reg: ServiceWorkerRegistration): Promise<void> {
  if (container.controller) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(messages.notControlled)), CONTROL_TIMEOUT_MS);
    container.addEventListener(
      'controllerchange',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
    // A first load is claimed by the new worker's activate; an already active worker (after a hard
    // reload) is asked to claim this page.
    void container.ready.then((ready) => post(ready.active ?? reg.active, { type: 'claim' }));
  });
}

/** The first request to the server: it is up, and its storage works. */
async function probe(): Promise<void> {
  const response = await fetch(`${basePath}server/.well-known/openid-configuration`, { cache: 'no-store' });
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) throw new Error(messages.notServing);
  const body = (await response.json()) as { issuer?: unknown; error?: unknown; error_description?: unknown };
  if (response.status === 503 && typeof body.error_description === 'string') {
    storageError = true;
    throw new Error(body.error_description);
  }
  if (!response.ok || body.issuer !== serverIssuer()) throw new Error(messages.notServing);
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
      statusStore.set({ status: 'ready' });
    }
  });
}

async function start(): Promise<void> {
  performance.mark('in-browser-server:register');
  if (!window.isSecureContext) {
    statusStore.set({ status: 'unsupported', message: messages.notSecure });
    return;
  }
  if (!('serviceWorker' in navigator) || !navigator.serviceWorker) {
    statusStore.set({ status: 'unsupported', message: messages.noServiceWorker });
    return;
  }
  const container = navigator.serviceWorker;
  try {
    registration = await container.register(`${basePath}sw.js`, {
      type: 'module',
      scope: basePath,
      updateViaCache: 'none',
    });
  } catch (error) {
    statusStore.set({ status: 'unsupported', message: `${messages.noServiceWorker} (${errorText(error)})` });
    return;
  }
  watchStorage();
  try {
    await controlled(container, registration);
    await probe();
  } catch (error) {
    statusStore.set({ status: 'error', message: errorText(error) });
    return;
  }
  performance.mark('in-browser-server:ready');
  performance.measure(
    'in-browser-server:cold-start',
    'in-browser-server:register',
    'in-browser-server:ready',
  );
  statusStore.set({ status: 'ready' });
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
