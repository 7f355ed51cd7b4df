import type { HttpExchange } from '../../shared/trace.ts';
import { serverFetch } from '../server-connection.ts';
import type { HttpRequestDraft } from './draft.ts';

/** Headers the browser sets itself: fetch refuses or ignores them. */
const BROWSER_HEADERS = new Set(['host', 'content-length', 'connection', 'cookie', 'origin', 'referer']);

/**
 * Sends a draft with fetch and records the exchange as the app made it. Network failures (CORS,
 * offline) come back as an exchange with status 0 and the reason in the body, never as a throw.
 */
export async function sendDraft(draft: HttpRequestDraft): Promise<HttpExchange> {
  const startedAt = Date.now();
  const headers = new Headers();
  for (const [name, value] of draft.headers) {
    if (!BROWSER_HEADERS.has(name.toLowerCase())) headers.append(name, value);
  }
  const request = { method: draft.method, url: draft.url, headers: draft.headers, body: draft.body };
  const id = crypto.randomUUID();
  try {
    const response = await serverFetch(draft.url, {
      method: draft.method,
      headers,
      body: draft.method === 'GET' || draft.method === 'HEAD' ? undefined : (draft.body ?? undefined),
      redirect: 'manual',
      credentials: 'same-origin',
      cache: 'no-store',
    });
    const body = response.type === 'opaqueredirect' ? null : await response.text();
    return {
      source: 'app',
      type: 'exchange',
      id,
      startedAt,
      durationMs: Date.now() - startedAt,
      kind: 'fetch',
      request,
      response: {
        status: response.status,
        statusText: response.type === 'opaqueredirect' ? 'redirect (opaque to fetch)' : response.statusText,
        headers: [...response.headers.entries()],
        body,
      },
    };
  } catch (error) {
    return {
      source: 'app',
      type: 'exchange',
      id,
      startedAt,
      durationMs: Date.now() - startedAt,
      kind: 'fetch',
      request,
      response: {
        status: 0,
        statusText: 'network error',
        headers: [],
        body: `The request did not complete: ${error instanceof Error ? error.message : String(error)}. A cross-origin server without CORS headers, or being offline, causes this.`,
      },
    };
  }
}

/** The response body parsed as a JSON object, or undefined. */
export function jsonBody(exchange: HttpExchange): Record<string, unknown> | undefined {
  const text = exchange.response.body;
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function formatRawResponse(exchange: HttpExchange): string {
  const { status, statusText, headers, body } = exchange.response;
  const lines = [`HTTP/1.1 ${status} ${statusText}`.trimEnd(), ...headers.map(([n, v]) => `${n}: ${v}`)];
  return `${lines.join('\n')}\n\n${body ?? ''}`;
}
