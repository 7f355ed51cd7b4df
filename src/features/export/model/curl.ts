import { headerValue } from '../../../lib/http/headers.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import { type ExportOptions, prepareExchanges } from './secrets.ts';

/** Quotes a word for POSIX shells: single quotes, with each `'` written as `'\''`. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Headers that curl sets itself or that only a browser sends. */
const SKIPPED_HEADERS = new Set([
  'host',
  'content-length',
  'connection',
  'accept-encoding',
  'accept-language',
  'user-agent',
  'referer',
  'upgrade-insecure-requests',
  'cache-control',
  'pragma',
  'priority',
]);

function keepHeader(name: string) {
  const lower = name.toLowerCase();
  return !SKIPPED_HEADERS.has(lower) && !lower.startsWith('sec-');
}

function decodeFormPart(text: string) {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * The request of an exchange as a curl command. Form bodies become one `--data-urlencode` per
 * parameter, so that each one reads plainly and can be edited; secrets are masked unless `reveal`.
 */
export function exchangeToCurl(exchange: HttpExchange, options: ExportOptions = {}): string {
  const [prepared] = prepareExchanges([exchange], options);
  const { request } = prepared;
  const method = request.method.toUpperCase();
  const hasBody = request.body !== null && request.body !== '';
  const parts: string[] = ['curl'];
  if (method !== 'GET' || hasBody) parts.push(`-X ${method}`);
  parts.push(shellQuote(request.url));
  for (const [name, value] of request.headers) {
    if (keepHeader(name)) parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (hasBody && request.body !== null) {
    const type = (headerValue(request.headers, 'content-type') ?? '').toLowerCase();
    if (type.includes('application/x-www-form-urlencoded')) {
      for (const pair of request.body.split('&')) {
        if (!pair) continue;
        const eq = pair.indexOf('=');
        const name = decodeFormPart(eq < 0 ? pair : pair.slice(0, eq));
        const value = eq < 0 ? '' : decodeFormPart(pair.slice(eq + 1));
        // curl --data-urlencode 'name=content' encodes content and sends name as is.
        const safeName = /^[A-Za-z0-9._~:-]+$/.test(name) ? name : encodeURIComponent(name);
        parts.push(`--data-urlencode ${shellQuote(`${safeName}=${value}`)}`);
      }
    } else {
      parts.push(`--data-raw ${shellQuote(request.body)}`);
    }
  }
  return parts.join(' \\\n  ');
}
