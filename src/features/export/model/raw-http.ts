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

/** RFC 9110 §15 reason phrases, for responses that arrive without one (HTTP/2, service workers). */
const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number, statusText: string): string {
  return statusText || REASONS[status] || '';
}

/** A response in HTTP/1.1 form (RFC 9112 §4): status line, headers, body. */
export function responseToRawHttp(response: TracedResponse): string {
  const lines = [
    `HTTP/1.1 ${response.status} ${reasonPhrase(response.status, response.statusText)}`.trimEnd(),
  ];
  for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
  return `${lines.join('\n')}\n\n${response.body ?? ''}`.trimEnd();
}

/** Request and response of an exchange as raw HTTP, secrets masked unless `reveal`. */
export function exchangeToRawHttp(exchange: HttpExchange, options: ExportOptions = {}): string {
  const [prepared] = prepareExchanges([exchange], options);
  return `${requestToRawHttp(prepared.request)}\n\n${responseToRawHttp(prepared.response)}\n`;
}
