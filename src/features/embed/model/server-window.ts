import { headerValue } from '../../../lib/http/headers.ts';
import type { HttpExchange } from '../../../shared/trace.ts';

/**
 * The server's pages (login, consent, activation) send `frame-ancestors 'self'`: inside an embed
 * on another origin they cannot show in a frame, because every ancestor, the docs page too, must
 * match (CSP Level 3 §6.4.2). The embed shows them in a window of their own instead, and learns
 * where /authorize sent the browser back from the worker's trace (its redirect's Location).
 */
export function isFramedByAnotherOrigin(win: Window = window): boolean {
  if (win.top === win) return false;
  try {
    return win.top?.location.origin !== win.location.origin;
  } catch {
    return true;
  }
}

/** The URL /authorize redirected to, when it is the app's callback; else null. */
export function callbackLocation(exchange: HttpExchange, callbackUrl: string): string | null {
  const { status, headers } = exchange.response;
  if (status < 300 || status > 399) return null;
  const location = headerValue(headers, 'location');
  if (!location) return null;
  let target: URL;
  try {
    target = new URL(location, exchange.request.url);
  } catch {
    return null;
  }
  const callback = new URL(callbackUrl);
  return target.origin === callback.origin && target.pathname === callback.pathname ? target.href : null;
}

export const SERVER_WINDOW_NAME = 'oauth-playground-server';
export const SERVER_WINDOW_FEATURES = 'popup,width=520,height=720';

/**
 * May the embed open the server's pages in a popup? Only when every page that frames it is on
 * its own host (another port or scheme of the same site): a popup is a top-level window, which
 * shares storage, and so the worker and its server, with this frame only when the frame's
 * storage is not partitioned by a cross-site top level. Anywhere else the in-frame browser is
 * used; it works in every case.
 */
export function popupSharesServer(ancestorOrigins: readonly string[], ownHost: string): boolean {
  if (ancestorOrigins.length === 0) return false;
  return ancestorOrigins.every((origin) => {
    try {
      return new URL(origin).hostname === ownHost;
    } catch {
      return false;
    }
  });
}
