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
  const location = headers.find(([name]) => name.toLowerCase() === 'location')?.[1];
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
