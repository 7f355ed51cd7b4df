import type { TraceExchange } from '../shared/trace.ts';

/**
 * What the app and the worker say to each other besides HTTP (kept free of DOM and worker types,
 * so that both sides import it).
 */

/** Messages the page posts to a worker. */
export type WorkerCommand =
  /** A waiting (new) worker: take over now; the page reloads on `controllerchange`. */
  | { type: 'skip-waiting' }
  /** The active worker: control this page (a first load or a hard reload is not controlled). */
  | { type: 'claim' }
  /**
   * The active worker: the exchanges it traced since `since` (epoch ms), from its ring buffer.
   * Answered on the MessagePort sent with the message, as a TraceSinceReply.
   */
  | { type: 'trace-since'; since: number }
  /**
   * The active worker: handle this request as a navigation of the app's worker-less in-page
   * browser (traced as one) and answer on the MessagePort with a BrowseReply. Redirects are
   * returned, not followed.
   */
  | { type: 'browse'; request: SerializedRequest };

export interface SerializedRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: string | null;
}

export type BrowseReply =
  | {
      type: 'browse';
      response: { status: number; statusText: string; headers: [string, string][]; body: string | null };
    }
  | { type: 'browse'; error: string };

export type TraceSinceReply =
  | { type: 'trace-since'; exchanges: TraceExchange[] }
  | { type: 'trace-since'; error: string };

/** Server health, broadcast by the worker on SERVER_STATUS_CHANNEL to every tab. */
export const SERVER_STATUS_CHANNEL = 'oauth-playground-server-status';

export type ServerStatusMessage = { type: 'storage-error'; description: string } | { type: 'storage-ok' };

/** The build-time list of files to precache, written into sw.js by the Vite plugin. */
export interface PrecacheManifest {
  /** Changes with every build whose files change. */
  version: string;
  /** Paths relative to the worker's scope (`index.html`, `assets/main-abc123.js`). */
  files: string[];
}
