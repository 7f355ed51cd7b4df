import { maskUrl } from '../../lib/http/mask.ts';
import type { CallbackResult } from '../flows/index.ts';

/**
 * Reads /authorize's result from the callback URL: the query (response_mode=query), or the
 * fragment (fragment, and form_post, which the worker turns into a fragment).
 */
export function parseCallbackUrl(href: string): CallbackResult | undefined {
  const url = new URL(href);
  const hash = url.hash.replace(/^#/, '');
  const fromHash = new URLSearchParams(hash);
  const fromQuery = url.searchParams;
  const source =
    [...fromHash.keys()].length > 0 ? fromHash : [...fromQuery.keys()].length > 0 ? fromQuery : undefined;
  if (!source) return undefined;
  const params: Record<string, string> = {};
  for (const [name, value] of source) params[name] = value;
  return {
    params,
    responseMode: source === fromHash ? 'fragment' : 'query',
    displayUrl: maskUrl(href),
  };
}

let captured: CallbackResult | undefined;
let capturedFrom = '';

/**
 * Takes the result out of the address bar once and strips it right away with
 * history.replaceState, so that codes and tokens do not stay in the URL or the history.
 */
export function captureCallback(): CallbackResult | undefined {
  const href = window.location.href;
  const parsed = parseCallbackUrl(href);
  if (parsed && href !== capturedFrom) {
    captured = parsed;
    capturedFrom = href;
    window.history.replaceState(window.history.state, '', window.location.pathname);
  }
  return captured;
}
