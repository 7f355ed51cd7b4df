import {
  TRACE_CHANNEL,
  type TracedRequest,
  type TracedResponse,
  type TraceExchange,
} from '../shared/trace.ts';

/** Bodies larger than this are cut (the timeline shows the start and says how much was left out). */
const MAX_TRACED_BODY = 256 * 1024;

const textTypes =
  /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript|jwt|[\w.+-]+\+(json|xml|jwt)))/i;

async function bodyText(message: Request | Response): Promise<string | null> {
  if (message.body === null) return null;
  const type = message.headers.get('content-type') ?? '';
  const bytes = new Uint8Array(await message.arrayBuffer());
  if (bytes.byteLength === 0) return '';
  if (type && !textTypes.test(type)) return `[binary body, ${bytes.byteLength} bytes, ${type}]`;
  const text = new TextDecoder().decode(bytes.subarray(0, MAX_TRACED_BODY));
  return bytes.byteLength > MAX_TRACED_BODY
    ? `${text}\n[… ${bytes.byteLength - MAX_TRACED_BODY} more bytes not traced]`
    : text;
}

export async function traceRequest(request: Request): Promise<TracedRequest> {
  return {
    method: request.method,
    url: request.url,
    headers: [...request.headers],
    body: request.method === 'GET' || request.method === 'HEAD' ? null : await bodyText(request),
  };
}

export async function traceResponse(response: Response): Promise<TracedResponse> {
  return {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers],
    body: await bodyText(response),
  };
}

let channel: BroadcastChannel | undefined;

/**
 * Reports one exchange to every tab of the app. The record is complete (tokens included): the app
 * masks secrets when it displays them. Nothing of it goes to the console.
 */
export function publishExchange(exchange: TraceExchange): void {
  channel ??= new BroadcastChannel(TRACE_CHANNEL);
  channel.postMessage(exchange);
}

/**
 * Handles a request and reports the exchange. `request` must be unread: a copy is taken for the
 * trace before the handler reads the body. The trace is built off the response's path (`defer`).
 * `keep` also stores the exchange (the worker's ring buffer, read after a full-page redirect).
 * `kind` is the request's mode unless told (the app's in-page browser sends navigations by message).
 */
export async function traced(
  request: Request,
  handler: (request: Request) => Promise<Response>,
  defer: (work: Promise<unknown>) => void,
  keep?: (exchange: TraceExchange) => Promise<void>,
  kind: TraceExchange['kind'] = request.mode === 'navigate' ? 'navigate' : 'fetch',
): Promise<Response> {
  const startedAt = Date.now();
  const started = performance.now();
  const requestCopy = request.clone();
  const response = await handler(request);
  const durationMs = Math.round((performance.now() - started) * 10) / 10;
  // Redirects made by the worker for navigations must stay redirects: clone only readable bodies.
  const responseCopy = response.clone();
  defer(
    (async () => {
      const [tracedRequest, tracedResponse] = await Promise.all([
        traceRequest(requestCopy),
        traceResponse(responseCopy),
      ]);
      const exchange: TraceExchange = {
        source: 'worker',
        type: 'exchange',
        id: crypto.randomUUID(),
        startedAt,
        durationMs,
        kind,
        request: tracedRequest,
        response: tracedResponse,
      };
      publishExchange(exchange);
      // A buffer that cannot be written (storage blocked or full) leaves the live trace as it is.
      await keep?.(exchange).catch(() => {});
    })().catch(() => {
      // A trace that cannot be built is dropped; the exchange itself already succeeded.
    }),
  );
  return response;
}
