/**
 * A request as the playground shows it before sending: method, absolute URL, headers, body.
 * It prints as raw HTTP/1.1 and parses back, so that people can edit the text and send it as is.
 */
export interface HttpRequestDraft {
  method: string;
  url: string;
  headers: [string, string][];
  body: string | null;
}

/** `application/x-www-form-urlencoded` body from fields, dropping empty values. */
export function formBody(fields: Record<string, string | undefined>): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    if (value !== undefined && value !== '') body.set(name, value);
  return body.toString();
}

/** Raw HTTP/1.1 text of a draft: request line with origin-form target, Host, headers, blank line, body. */
export function formatRawRequest(draft: HttpRequestDraft): string {
  const url = new URL(draft.url);
  const lines = [`${draft.method.toUpperCase()} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  for (const [name, value] of draft.headers) lines.push(`${name}: ${value}`);
  return `${lines.join('\n')}\n\n${draft.body ?? ''}`;
}

export class RawRequestError extends Error {
  override name = 'RawRequestError';
}

/**
 * Parses raw HTTP/1.1 text back into a draft. The Host header gives the authority; the scheme is
 * the one of `defaultOrigin` (the playground only talks http(s) to known origins).
 */
export function parseRawRequest(text: string, defaultOrigin: string): HttpRequestDraft {
  const normalized = text.replace(/\r\n/g, '\n').replace(/^\s*\n/, '');
  const split = normalized.indexOf('\n\n');
  const head = split === -1 ? normalized : normalized.slice(0, split);
  const body = split === -1 ? '' : normalized.slice(split + 2);
  const [requestLine = '', ...headerLines] = head.split('\n');
  const match = /^([A-Za-z]+)\s+(\S+)(?:\s+HTTP\/\d(?:\.\d)?)?\s*$/.exec(requestLine.trim());
  if (!match) throw new RawRequestError('The first line must be "METHOD /path HTTP/1.1".');
  const [, method = 'GET', target = '/'] = match;
  const headers: [string, string][] = [];
  let host: string | undefined;
  for (const line of headerLines) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new RawRequestError(`This header line has no "name: value": ${line}`);
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'host') host = value;
    else headers.push([name, value]);
  }
  const base = new URL(defaultOrigin);
  let url: URL;
  try {
    url = /^https?:\/\//i.test(target)
      ? new URL(target)
      : new URL(target, `${base.protocol}//${host ?? base.host}`);
  } catch {
    throw new RawRequestError(`This is not a valid request target: ${target}`);
  }
  const upper = method.toUpperCase();
  return { method: upper, url: url.href, headers, body: upper === 'GET' || upper === 'HEAD' ? null : body };
}
