import type { HttpExchange } from '../../../shared/trace.ts';

/** What a masked value is replaced with. */
export const MASK = '<masked>';

/**
 * Parameter names whose values are credentials or tokens (RFC 6749 §2.3.1, §4.1.3, §4.3.2, §5.1;
 * RFC 7636 §4.5; RFC 8628 §3.4; RFC 8693 §2.1; RFC 7009 §2.1).
 */
export const SECRET_PARAMS: ReadonlySet<string> = new Set([
  'client_secret',
  'client_assertion',
  'password',
  'code',
  'code_verifier',
  'access_token',
  'refresh_token',
  'id_token',
  'id_token_hint',
  'subject_token',
  'actor_token',
  'issued_token',
  'token',
  'device_code',
  'assertion',
]);

/** Headers that carry credentials (RFC 6750 §2.1, RFC 7617) or session cookies. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

export interface ExportOptions {
  /** Show secrets and tokens as they are. Off by default: exports get pasted into tickets. */
  reveal?: boolean;
}

const isSecretParam = (name: string) => SECRET_PARAMS.has(name.toLowerCase());

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Masks the secret values of a `a=b&c=d` string in place, keeping everything else byte for byte. */
export function maskFormEncoded(text: string, secrets?: Set<string>): string {
  return text
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = safeDecode(pair.slice(0, eq));
      if (!isSecretParam(name)) return pair;
      const value = safeDecode(pair.slice(eq + 1));
      if (value) secrets?.add(value);
      return `${pair.slice(0, eq)}=${MASK}`;
    })
    .join('&');
}

/** Masks secret query and fragment parameters of a URL (e.g. `/callback?code=...`, `#access_token=...`). */
export function maskUrl(url: string, secrets?: Set<string>): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt < 0 ? url : url.slice(0, hashAt);
  const hash = hashAt < 0 ? null : url.slice(hashAt + 1);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt < 0 ? null : beforeHash.slice(queryAt + 1);
  return (
    base +
    (query === null ? '' : `?${maskFormEncoded(query, secrets)}`) +
    (hash === null ? '' : `#${maskFormEncoded(hash, secrets)}`)
  );
}

function maskJsonValue(value: unknown, secrets?: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => maskJsonValue(item, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (isSecretParam(key) && typeof inner === 'string') {
          if (inner) secrets?.add(inner);
          return [key, MASK];
        }
        return [key, maskJsonValue(inner, secrets)];
      }),
    );
  }
  return value;
}

/** Masks secret members of a JSON text; returns the text unchanged when it is not JSON. */
export function maskJson(text: string, secrets?: Set<string>): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  const masked = maskJsonValue(parsed, secrets);
  return JSON.stringify(masked, null, text.includes('\n') ? 2 : undefined);
}

/** Masks an Authorization header: the scheme stays visible (`Basic <masked>`), the credentials do not. */
export function maskHeaderValue(name: string, value: string, secrets?: Set<string>): string {
  const lower = name.toLowerCase();
  if (lower === 'location' || lower === 'content-location') return maskUrl(value, secrets);
  if (!SECRET_HEADERS.has(lower)) return value;
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    const match = /^(\S+)\s+(.+)$/.exec(value);
    if (match) {
      secrets?.add(match[2]);
      if (match[1].toLowerCase() === 'basic') {
        // RFC 6749 §2.3.1: client_id and client_secret are form-encoded, then base64.
        try {
          const [id, secret] = atob(match[2]).split(':');
          if (secret) secrets?.add(safeDecode(secret));
          if (id) return `${match[1]} ${MASK} (client_id ${safeDecode(id)})`;
        } catch {
          // not base64: masked as a whole below
        }
      }
      return `${match[1]} ${MASK}`;
    }
  }
  if (value) secrets?.add(value);
  return MASK;
}

function headerValue(headers: [string, string][], name: string): string | undefined {
  return headers.find(([key]) => key.toLowerCase() === name)?.[1];
}

/** Masks a body according to its content type. */
export function maskBody(body: string | null, contentType: string | undefined, secrets?: Set<string>) {
  if (body === null) return null;
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) return maskFormEncoded(body, secrets);
  if (type.includes('json')) return maskJson(body, secrets);
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return maskJson(body, secrets);
  return body;
}

/** A compact JWS or JWE (RFC 7515 §7.1, RFC 7516 §7.1) wherever it appears. */
const JWT_PATTERN =
  /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?/g;

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces every occurrence of the given secret values (and their URL-encoded forms) in a text:
 * catches secrets in HTML pages (form_post), error descriptions and anywhere the structure missed.
 */
export function scrubValues(text: string, secrets: Set<string>): string {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4 || secret === MASK) continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
    needles.add(new URLSearchParams({ v: secret }).toString().slice(2));
  }
  const withoutJwts = text.replace(JWT_PATTERN, MASK);
  if (!needles.size) return withoutJwts;
  const pattern = new RegExp(
    [...needles]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return withoutJwts.replace(pattern, MASK);
}

function maskHeaders(headers: [string, string][], secrets: Set<string>): [string, string][] {
  return headers.map(([name, value]) => [name, maskHeaderValue(name, value, secrets)]);
}

/** Secret values found anywhere in these exchanges (parameters, JSON members, credentials). */
export function collectSecrets(exchanges: readonly HttpExchange[]): Set<string> {
  const secrets = new Set<string>();
  for (const exchange of exchanges) structurallyMasked(exchange, secrets);
  return secrets;
}

function structurallyMasked(exchange: HttpExchange, secrets: Set<string>): HttpExchange {
  const { request, response } = exchange;
  return {
    ...exchange,
    request: {
      ...request,
      url: maskUrl(request.url, secrets),
      headers: maskHeaders(request.headers, secrets),
      body: maskBody(request.body, headerValue(request.headers, 'content-type'), secrets),
    },
    response: {
      ...response,
      headers: maskHeaders(response.headers, secrets),
      body: maskBody(response.body, headerValue(response.headers, 'content-type'), secrets),
    },
  };
}

/**
 * An exchange with every secret replaced by {@link MASK}. `knownSecrets` (from the whole run)
 * also masks a token where it shows up later, e.g. an access token inside an HTML page.
 */
export function maskExchange(exchange: HttpExchange, knownSecrets: Set<string> = new Set()): HttpExchange {
  const secrets = new Set(knownSecrets);
  const masked = structurallyMasked(exchange, secrets);
  const scrub = (text: string) => scrubValues(text, secrets);
  return {
    ...masked,
    request: {
      ...masked.request,
      url: scrub(masked.request.url),
      headers: masked.request.headers.map(([n, v]) => [n, scrub(v)]),
      body: masked.request.body === null ? null : scrub(masked.request.body),
    },
    response: {
      ...masked.response,
      headers: masked.response.headers.map(([n, v]) => [n, scrub(v)]),
      body: masked.response.body === null ? null : scrub(masked.response.body),
    },
  };
}

/** The run's exchanges, masked unless `reveal` is set. */
export function prepareExchanges(
  exchanges: readonly HttpExchange[],
  options: ExportOptions = {},
): HttpExchange[] {
  if (options.reveal) return [...exchanges];
  const secrets = collectSecrets(exchanges);
  return exchanges.map((exchange) => maskExchange(exchange, secrets));
}

export { headerValue };
