import type { HttpExchange } from '../../../shared/trace.ts';
import { type ExportOptions, prepareExchanges } from './secrets.ts';

/** Headers the browser sets itself (fetch refuses or ignores them, Fetch §4.6 forbidden names). */
const BROWSER_HEADERS = new Set([
  'host',
  'content-length',
  'connection',
  'origin',
  'referer',
  'cookie',
  'user-agent',
  'accept-encoding',
  'accept-language',
]);

/**
 * The request as a `fetch()` call for this page's developer console, where the in-browser server
 * answers (its service worker serves `<origin><base>server/`). It evaluates to the response's JSON
 * (or its text when it is not JSON).
 */
export function exchangeToFetch(exchange: HttpExchange, options: ExportOptions = {}): string {
  const [prepared] = prepareExchanges([exchange], options);
  const { request } = prepared;
  const headers = request.headers.filter(
    ([name]) => !BROWSER_HEADERS.has(name.toLowerCase()) && !name.toLowerCase().startsWith('sec-'),
  );
  const init: string[] = [`  method: ${JSON.stringify(request.method.toUpperCase())},`];
  if (headers.length > 0) {
    init.push('  headers: {');
    for (const [name, value] of headers) init.push(`    ${JSON.stringify(name)}: ${JSON.stringify(value)},`);
    init.push('  },');
  }
  if (request.body !== null && request.body !== '') init.push(`  body: ${JSON.stringify(request.body)},`);
  return [
    `// Paste into the developer console of the playground's page: the in-browser server answers there.`,
    `fetch(${JSON.stringify(request.url)}, {`,
    ...init,
    '})',
    '  .then((response) => response.text())',
    '  .then((text) => {',
    '    try {',
    '      return JSON.parse(text);',
    '    } catch {',
    '      return text;',
    '    }',
    '  });',
    '',
  ].join('\n');
}
