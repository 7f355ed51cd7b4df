import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { HttpExchange } from '../../../shared/trace.ts';

/** A JWT the app put in a request (a DPoP proof, a client assertion, a request object), decoded. */
export interface RequestJwt {
  /** Where it was: `DPoP header`, `form client_assertion`, `query request`. */
  where: string;
  header: string;
  payload: string;
}

/** A compact JWS (RFC 7515 §7.1): three base64url parts, the first a JSON header. */
const COMPACT_JWS = /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Headers whose JWTs are credentials the server issued, not something the app made. */
const ISSUED_HEADERS = new Set(['authorization', 'cookie']);

function decoded(where: string, value: string): RequestJwt | undefined {
  if (!COMPACT_JWS.test(value)) return undefined;
  try {
    return {
      where,
      header: JSON.stringify(decodeProtectedHeader(value), null, 2),
      payload: JSON.stringify(decodeJwt(value), null, 2),
    };
  } catch {
    return undefined;
  }
}

/**
 * The JWTs in a request's query, form body and headers, with their header and payload decoded
 * (never the signature, so the decoded text cannot be replayed). Only the app's own: the bearer
 * credential in `Authorization` is left to the token views.
 */
export function requestJwts(exchange: HttpExchange): RequestJwt[] {
  const found: (RequestJwt | undefined)[] = [];
  const url = new URL(exchange.request.url, 'http://localhost/');
  for (const [name, value] of url.searchParams) found.push(decoded(`query ${name}`, value));
  for (const [name, value] of exchange.request.headers) {
    if (!ISSUED_HEADERS.has(name.toLowerCase())) found.push(decoded(`${name} header`, value.trim()));
  }
  const body = exchange.request.body?.trim() ?? '';
  if (body && !body.startsWith('{') && !body.startsWith('<')) {
    for (const [name, value] of new URLSearchParams(body)) found.push(decoded(`form ${name}`, value));
  }
  return found.filter((jwt): jwt is RequestJwt => jwt !== undefined);
}
