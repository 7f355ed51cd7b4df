import type { TraceExchange } from '../../../shared/trace.ts';
import type { TraceSinceReply, WorkerCommand } from '../../../sw/protocol.ts';
import { TraceBuffer, traceDatabaseName } from '../../../sw/trace-buffer.ts';
import { basePath } from './base.ts';
import { isOurs } from './trace.ts';

/** How long the worker has to answer (it may have to start first). */
const REPLY_TIMEOUT_MS = 5_000;

function askWorker(worker: ServiceWorker, since: number): Promise<TraceExchange[]> {
  return new Promise((resolve, reject) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => {
      channel.port1.close();
      reject(new Error('The in-browser server did not answer.'));
    }, REPLY_TIMEOUT_MS);
    channel.port1.addEventListener('message', (event: MessageEvent<TraceSinceReply>) => {
      clearTimeout(timer);
      channel.port1.close();
      if ('exchanges' in event.data) resolve(event.data.exchanges);
      else reject(new Error(event.data.error));
    });
    channel.port1.start();
    worker.postMessage({ type: 'trace-since', since } satisfies WorkerCommand, [channel.port2]);
  });
}

let buffer: TraceBuffer | undefined;

/**
 * The exchanges the in-browser server traced since `since` (epoch ms), oldest first: what happened
 * while no page of the app was listening (a full-page redirect to the login and consent pages).
 * Asks the controlling worker; without one (a hard reload), reads the worker's buffer directly.
 * Empty when neither is possible.
 */
export async function tracedSince(since: number): Promise<TraceExchange[]> {
  let exchanges: TraceExchange[] | undefined;
  const worker = typeof navigator === 'undefined' ? null : (navigator.serviceWorker?.controller ?? null);
  if (worker) exchanges = await askWorker(worker, since).catch(() => undefined);
  if (!exchanges) {
    buffer ??= new TraceBuffer({ name: traceDatabaseName(basePath) });
    exchanges = await buffer.since(since).catch(() => []);
  }
  return exchanges.filter(isOurs).sort((a, b) => a.startedAt - b.startedAt);
}
