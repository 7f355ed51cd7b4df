import { headerValue } from '../../../lib/http/headers.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import { reasonPhrase } from './raw-http.ts';
import { type ExportOptions, prepareExchanges } from './secrets.ts';

/** HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): the subset dev tools read. */
export interface HarNameValue {
  name: string;
  value: string;
}
export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: { mimeType: string; text: string; params?: HarNameValue[] };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; text?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
}
export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: [];
    entries: HarEntry[];
    comment?: string;
  };
}

export interface HarOptions extends ExportOptions {
  creatorVersion?: string;
}

const byteLength = (text: string | null) => (text === null ? 0 : new TextEncoder().encode(text).length);
const nameValues = (headers: [string, string][]) => headers.map(([name, value]) => ({ name, value }));

function formParams(body: string): HarNameValue[] {
  return [...new URLSearchParams(body)].map(([name, value]) => ({ name, value }));
}

function queryString(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function entryOf(exchange: HttpExchange): HarEntry {
  const { request, response } = exchange;
  const requestType = headerValue(request.headers, 'content-type') ?? 'application/octet-stream';
  const responseType = headerValue(response.headers, 'content-type') ?? 'application/octet-stream';
  const location = headerValue(response.headers, 'location') ?? '';
  let redirectURL = location;
  try {
    // HAR 1.2: redirectURL is the Location target; a relative one is resolved against the request.
    if (location && !/^[a-z][a-z0-9+.-]*:/i.test(location)) redirectURL = new URL(location, request.url).href;
  } catch {
    // keep the header's own text
  }
  return {
    startedDateTime: new Date(exchange.startedAt).toISOString(),
    time: Math.max(0, exchange.durationMs),
    request: {
      method: request.method.toUpperCase(),
      url: request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: nameValues(request.headers),
      queryString: queryString(request.url),
      ...(request.body !== null
        ? {
            postData: {
              mimeType: requestType,
              text: request.body,
              ...(requestType.includes('application/x-www-form-urlencoded')
                ? { params: formParams(request.body) }
                : {}),
            },
          }
        : {}),
      headersSize: -1,
      bodySize: byteLength(request.body),
    },
    response: {
      status: response.status,
      statusText: reasonPhrase(response.status, response.statusText),
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: nameValues(response.headers),
      content: {
        size: byteLength(response.body),
        mimeType: responseType,
        ...(response.body !== null ? { text: response.body } : {}),
      },
      redirectURL,
      headersSize: -1,
      bodySize: byteLength(response.body),
    },
    cache: {},
    timings: { send: 0, wait: Math.max(0, exchange.durationMs), receive: 0 },
    ...(exchange.source ? { comment: `made by the ${exchange.source}` } : {}),
  };
}

/** The whole run as a HAR 1.2 log that browser dev tools import; secrets masked unless `reveal`. */
export function runToHar(exchanges: readonly HttpExchange[], options: HarOptions = {}): Har {
  const prepared = prepareExchanges(exchanges, options).sort((a, b) => a.startedAt - b.startedAt);
  return {
    log: {
      version: '1.2',
      creator: { name: 'OAuth Flow Playground', version: options.creatorVersion ?? '0.1.0' },
      pages: [],
      entries: prepared.map(entryOf),
      ...(options.reveal ? {} : { comment: 'Secrets and tokens are masked as <masked>.' }),
    },
  };
}

/** The HAR as the text of a `.har` file. */
export function harFileText(exchanges: readonly HttpExchange[], options: HarOptions = {}): string {
  return `${JSON.stringify(runToHar(exchanges, options), null, 2)}\n`;
}
