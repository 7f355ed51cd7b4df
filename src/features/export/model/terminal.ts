import type { HttpExchange } from '../../../shared/trace.ts';

/**
 * Where an exported command runs. The in-browser server exists only inside this page's service
 * worker: a terminal that asked `<origin>/server/...` would get the static host's HTML with a 200.
 * So curl and raw HTTP for it go to `npm run server` (the same core and demo tenant, in Node), and
 * say what differs there; requests to another provider keep their real URLs.
 */
export const DEFAULT_NODE_SERVER = 'http://localhost:4000/';
const NODE_SERVER_KEY = 'oauth-playground:export-node-server';

/** The address of `npm run server` that exports use (changed in the export panel). */
export function nodeServerUrl(): string {
  try {
    const saved = localStorage.getItem(NODE_SERVER_KEY);
    if (saved && isHttpUrl(saved)) return withSlash(saved);
  } catch {
    // no storage: the default
  }
  return DEFAULT_NODE_SERVER;
}

export function setNodeServerUrl(url: string): boolean {
  if (!isHttpUrl(url)) return false;
  try {
    localStorage.setItem(NODE_SERVER_KEY, withSlash(url.trim()));
  } catch {
    return false;
  }
  return true;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash;
  } catch {
    return false;
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export interface TerminalTarget {
  /** The in-browser server's issuer (`<origin><base>server/`). */
  builtInIssuer: string;
  /** Where `npm run server` listens. */
  nodeServer: string;
}

/** The line that says what differs at `npm run server`. */
export function nodeServerNote(target: TerminalTarget): string {
  return `Sent to npm run server (${target.nodeServer}), the same demo tenant as the in-browser server; its issuer is ${target.nodeServer} and its signing keys are its own, so codes and tokens from this browser are not valid there.`;
}

/** The exchange as a terminal should send it: the in-browser server's URLs moved to `npm run server`. */
export function forTerminal(
  exchange: HttpExchange,
  target: TerminalTarget,
): { exchange: HttpExchange; note?: string } {
  const { url } = exchange.request;
  if (!url.startsWith(target.builtInIssuer)) return { exchange };
  const moved = `${target.nodeServer}${url.slice(target.builtInIssuer.length)}`;
  return {
    exchange: { ...exchange, request: { ...exchange.request, url: moved } },
    note: nodeServerNote(target),
  };
}
