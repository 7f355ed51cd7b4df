/** The in-browser server's state as the app sees it. */
export type ServerStatusKind = 'starting' | 'ready' | 'unsupported' | 'error' | 'update-available';

export interface ServerStatusSnapshot {
  status: ServerStatusKind;
  /** Where the core runs once ready: the service worker, or this page (no worker could control it). */
  mode?: 'worker' | 'page';
  /** Page mode: why no service worker serves this page. */
  reason?: string;
  /** What went wrong, in words for the user (errors), or what is happening. */
  message?: string;
}

export const messages = {
  starting: 'Starting the in-browser server…',
  noServiceWorker:
    'Service workers are unavailable in this browser window, so the in-browser server cannot start. ' +
    'Open the playground over https:// or http://localhost, in a normal (not private) window, ' +
    'and allow site data and service workers for this site.',
  notSecure:
    'This page is not a secure context, so the browser does not allow service workers and the in-browser ' +
    'server cannot start. Open the playground over https:// or http://localhost.',
  notControlled:
    'Service workers are blocked or bypassed for this page, so the in-browser server cannot serve it ' +
    '(browser settings, an extension, DevTools "Bypass for network", or a hard reload). Reload the page; ' +
    'if this persists, allow service workers for this site.',
  registrationStalled:
    'Service workers are blocked for this page: the browser did not start the in-browser server (a ' +
    'setting, an extension or the browsing mode). Allow service workers for this site, or open the ' +
    'playground in a normal window, then reload.',
  notServing:
    'The in-browser server did not answer: requests to it reach the network instead. Reload the page; if this ' +
    'persists, allow service workers for this site.',
  updateAvailable: 'A new version is available — Reload to use it.',
  pageMode:
    'The server runs in this page: no service worker can serve it here. Nothing is kept after the tab ' +
    'closes or reloads (tenant changes, logins, tokens issued).',
  pageHostFailed: 'The server could not start in the page either.',
} as const;

type Listener = () => void;

/** A tiny external store (read with useSyncExternalStore). */
export class StatusStore {
  #snapshot: ServerStatusSnapshot = { status: 'starting', message: messages.starting };
  readonly #listeners = new Set<Listener>();

  get = (): ServerStatusSnapshot => this.#snapshot;

  subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  set(next: ServerStatusSnapshot): void {
    if (
      next.status === this.#snapshot.status &&
      next.message === this.#snapshot.message &&
      next.mode === this.#snapshot.mode
    )
      return;
    this.#snapshot = next;
    for (const listener of this.#listeners) listener();
  }
}
