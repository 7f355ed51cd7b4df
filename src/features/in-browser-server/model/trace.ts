import { TRACE_CHANNEL, type TraceExchange } from '../../../shared/trace.ts';
import { basePath } from './base.ts';
import { subscribeLocalTrace } from './page-mode.ts';

export type TraceListener = (exchange: TraceExchange) => void;

function isExchange(data: unknown): data is TraceExchange {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'exchange';
}

/** Only this deployment's server (another base path on the same origin shares the channel). */
export function isOurs(exchange: TraceExchange): boolean {
  return exchange.request.url.startsWith(new URL(basePath, location.origin).href);
}

/**
 * Calls `listener` with every exchange the in-browser server handles from now on, in any tab
 * (frames, redirects and form posts included), or in this tab when the server runs in the page. Returns the unsubscribe function.
 */
export function subscribeTrace(listener: TraceListener): () => void {
  // The page host (no worker) reports to this tab only.
  const stopLocal = subscribeLocalTrace((exchange) => {
    if (isOurs(exchange)) listener(exchange);
  });
  if (typeof BroadcastChannel === 'undefined') return stopLocal;
  const channel = new BroadcastChannel(TRACE_CHANNEL);
  channel.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isExchange(event.data) && isOurs(event.data)) listener(event.data);
  });
  return () => {
    stopLocal();
    channel.close();
  };
}

/** How many exchanges the recorder keeps (oldest dropped first). */
const MAX_RECORDED = 500;

type Listener = () => void;

/** Keeps the exchanges seen since it started, so a view mounted later still shows earlier ones. */
export class TraceRecorder {
  #exchanges: readonly TraceExchange[] = [];
  readonly #listeners = new Set<Listener>();
  #stop: (() => void) | undefined;

  get = (): readonly TraceExchange[] => this.#exchanges;

  subscribe = (listener: Listener): (() => void) => {
    this.start();
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  start(): void {
    this.#stop ??= subscribeTrace((exchange) => {
      this.#exchanges = [...this.#exchanges, exchange].slice(-MAX_RECORDED);
      this.#emit();
    });
  }

  clear = (): void => {
    this.#exchanges = [];
    this.#emit();
  };

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}

export const traceRecorder = new TraceRecorder();
