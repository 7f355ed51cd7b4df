import type { HttpExchange, TracedRequest, TracedResponse } from '../../../shared/trace.ts';
import { type ExportOptions, prepareExchanges } from './secrets.ts';

/** A request as it goes on the wire in HTTP/1.1 (RFC 9112 §3): request line, Host, headers, body. */
export function requestToRawHttp(request: TracedRequest): string {
  const url = new URL(request.url);
  const lines = [`${request.method.toUpperCase()} ${url.pathname}${url.search} HTTP/1.1`];
  if (!request.headers.some(([name]) => name.toLowerCase() === 'host')) lines.push(`Host: ${url.host}`);
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  return `${lines.join('\n')}\n\n${request.body ?? ''}`.trimEnd();
}

/** A response in HTTP/1.1 form (RFC 9112 §4): status line, headers, body. */
export function responseToRawHttp(response: TracedResponse): string {
  const lines = [`HTTP/1.1 ${response.status} ${response.statusText}`.trimEnd()];
  for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
  return `${lines.join('\n')}\n\n${response.body ?? ''}`.trimEnd();
}

/** Request and response of an exchange as raw HTTP, secrets masked unless `reveal`. */
export function exchangeToRawHttp(exchange: HttpExchange, options: ExportOptions = {}): string {
  const [prepared] = prepareExchanges([exchange], options);
  return `${requestToRawHttp(prepared.request)}\n\n${responseToRawHttp(prepared.response)}\n`;
}
