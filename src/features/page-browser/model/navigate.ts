import { maskUrl } from '../../../lib/http/mask.ts';
import { parseCallbackUrl } from '../../callback/index.ts';
import type { CallbackResult } from '../../flows/index.ts';

/** One navigation the in-page browser makes: a link, a form submission, or a redirect's next hop. */
export interface BrowserRequest {
  method: 'GET' | 'POST';
  url: string;
  /** `application/x-www-form-urlencoded` text (a POST form). */
  body?: string;
}

/** Where the in-page browser may go, and how it reaches the server. */
export interface BrowserScope {
  /** Sends one request to the authorization server and returns its answer, redirects unfollowed. */
  transport(request: Request): Promise<Response>;
  /** True when `url` is the server's (`<origin><base>server/…`): only those are requested. */
  serves(url: string): boolean;
  /** The app's redirect URI (`<origin><base>callback`): the end of an authorization. */
  callbackUrl: string;
  /** The app's base URL (`<origin><base>`). */
  appUrl: string;
}

/** Where a navigation ended. */
export type Landing =
  /** A page of the server to show (login, consent, device, error). */
  | { kind: 'page'; url: string; status: number; html: string; csp: string | null }
  /** The app's redirect URI with the authorization's result. */
  | { kind: 'callback'; url: string; result: CallbackResult }
  /** Back in the playground, elsewhere than the callback (a logout's `returnTo`). */
  | { kind: 'app'; url: string }
  /** Another origin, or a path the server does not serve: never requested. */
  | { kind: 'elsewhere'; url: string }
  | { kind: 'failed'; url: string; message: string };

/** Browsers stop after about 20 redirects (Fetch §4.4 "HTTP-redirect fetch", step 5). */
export const MAX_REDIRECTS = 20;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The app's redirect URI (origin and path; the query is the authorization's result). */
export function isCallback(url: URL | string, callbackUrl: string): boolean {
  const at = new URL(url);
  const callback = new URL(callbackUrl);
  return at.origin === callback.origin && at.pathname === callback.pathname;
}

/**
 * A hop the in-page browser passes through without a page of its own to report: the app's
 * redirect URI (reported with its result) and the server's /authorize (a page that stays there is
 * an error page, reported when it loads). Any other address, another origin's `/callback`
 * included, is reported, so that the address bar shows it.
 */
export function isPassThroughHop(url: string, scope: Pick<BrowserScope, 'serves' | 'callbackUrl'>): boolean {
  return (
    isCallback(url, scope.callbackUrl) || (scope.serves(url) && new URL(url).pathname.endsWith('/authorize'))
  );
}

/**
 * The redirect URI reached: its result from the query or fragment, or (form_post) from the POST
 * body, which the in-page browser holds itself.
 * @see [OAuth 2.0 Form Post Response Mode §2](https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html#FormPostResponseMode)
 */
function callbackLanding(request: BrowserRequest): Landing {
  if (request.method === 'POST') {
    const params: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(request.body ?? '')) params[name] = value;
    return {
      kind: 'callback',
      url: request.url,
      result: { params, responseMode: 'form_post', displayUrl: maskUrl(request.url) },
    };
  }
  const result = parseCallbackUrl(request.url);
  return result ? { kind: 'callback', url: request.url, result } : { kind: 'app', url: request.url };
}

/**
 * The request after a redirect: 303, and 301/302 after a POST, become a GET without a body
 * (RFC 9110 §15.4.2-4, as browsers do); 307 and 308 repeat the method and body (§15.4.8-9).
 */
export function nextHop(request: BrowserRequest, status: number, location: string): BrowserRequest {
  const url = new URL(location, request.url).href;
  return status === 307 || status === 308 ? { ...request, url } : { method: 'GET', url };
}

function toFetchRequest(request: BrowserRequest): Request {
  const url = new URL(request.url);
  // RFC 9110 §4.2.4: the fragment stays in the browser.
  url.hash = '';
  return new Request(url.href, {
    method: request.method,
    headers: request.method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : undefined,
    body: request.method === 'POST' ? (request.body ?? '') : undefined,
    redirect: 'manual',
  });
}

async function asPage(url: string, response: Response): Promise<Landing> {
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  const csp = response.headers.get('content-security-policy');
  if (/^text\/html\b/i.test(type)) return { kind: 'page', url, status: response.status, html: text, csp };
  // JSON or text: shown as text, as a browser shows it.
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(url)}</title></head><body><pre style="white-space:pre-wrap;overflow-wrap:anywhere">${escapeHtml(text)}</pre></body></html>`;
  return { kind: 'page', url, status: response.status, html, csp: null };
}

/**
 * Navigates like a browser, but only within the playground: requests to the server go through
 * `scope.transport`, redirects are followed hop by hop (`onHop` sees each URL, for the address
 * bar), and the navigation stops at a page, at the app's redirect URI, or before anything
 * outside the server (which is never requested).
 */
export async function browse(
  first: BrowserRequest,
  scope: BrowserScope,
  onHop: (url: string) => void = () => {},
): Promise<Landing> {
  let request = first;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return { kind: 'failed', url: request.url, message: 'This address is not a URL.' };
    }
    onHop(url.href);
    if (isCallback(url, scope.callbackUrl)) return callbackLanding(request);
    if (!scope.serves(url.href)) {
      const app = new URL(scope.appUrl);
      return url.origin === app.origin && url.pathname.startsWith(app.pathname)
        ? { kind: 'app', url: url.href }
        : { kind: 'elsewhere', url: url.href };
    }
    let response: Response;
    try {
      response = await scope.transport(toFetchRequest(request));
    } catch (error) {
      return {
        kind: 'failed',
        url: url.href,
        message: `The server did not answer: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      try {
        request = nextHop(request, response.status, location);
      } catch {
        return { kind: 'failed', url: url.href, message: `The server redirected to a bad URL: ${location}` };
      }
      continue;
    }
    return asPage(url.href, response);
  }
  return {
    kind: 'failed',
    url: request.url,
    message: `More than ${MAX_REDIRECTS} redirects: the in-page browser stopped.`,
  };
}
