/**
 * The one definition of what is secret, and the one way to mask it. Every view and every output
 * (timeline, request editor, exports, share links, the URL, embed events) masks through here.
 *
 * Secret: the values of the parameters, form fields, JSON members (at any depth) and HTML form
 * inputs named in SECRET_NAMES, the credentials of the headers in SECRET_HEADERS, any compact
 * JWS/JWE, and any value found secret once wherever it shows up again (a code in a form_post page).
 */
import type { HttpExchange } from '../../shared/trace.ts';
import { headerValue } from './headers.ts';

/** What a masked value becomes in exports (copied text must not look like a real value). */
export const MASK = '<masked>';

/**
 * Parameter names whose values are credentials, codes or tokens (RFC 6749 §2.3.1, §4.1.2, §4.1.3,
 * §4.3.2, §5.1; RFC 7521 §4.2 assertions; RFC 7636 §4.5; RFC 8628 §3.4; RFC 8693 §2.1; RFC 7009 §2.1;
 * OIDC Core §3.1.2.1 id_token_hint; OIDC CIBA §7.3 auth_req_id).
 */
export const SECRET_NAMES: ReadonlySet<string> = new Set([
  'client_secret',
  'client_assertion',
  'assertion',
  'password',
  'code',
  'code_verifier',
  'access_token',
  'refresh_token',
  'id_token',
  'id_token_hint',
  'logout_token',
  'subject_token',
  'actor_token',
  'issued_token',
  'token',
  'device_code',
  'auth_req_id',
  'client_notification_token',
]);

/** Headers that carry credentials (RFC 6750 §2.1, RFC 7617, RFC 9449 §4.1 DPoP proofs) or sessions. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'dpop',
]);

export function isSecretName(name: string): boolean {
  const lower = name.trim().toLowerCase();
  return SECRET_NAMES.has(lower) || SECRET_HEADERS.has(lower);
}

/** `hint` keeps the first characters so that values stay recognisable on screen; `placeholder` is MASK. */
export type MaskStyle = 'hint' | 'placeholder';

export interface MaskOptions {
  style?: MaskStyle;
  /** Secret values seen elsewhere in the run: masked wherever they appear. */
  known?: ReadonlySet<string>;
  /** Filled with the secret values found while masking. */
  found?: Set<string>;
}

export function maskValue(value: string, style: MaskStyle = 'hint'): string {
  if (style === 'placeholder') return MASK;
  if (value.length <= 8) return '••••••';
  return `${value.slice(0, 4)}••••••`;
}

const styleOf = (options: MaskOptions) => options.style ?? 'hint';

function note(options: MaskOptions, value: string) {
  if (value) options.found?.add(value);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Masks the secret values of `a=b&c=d` text in place, every other byte kept. */
export function maskPairs(text: string, options: MaskOptions = {}): string {
  return text
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = safeDecode(pair.slice(0, eq));
      if (!SECRET_NAMES.has(name.trim().toLowerCase())) return pair;
      const value = safeDecode(pair.slice(eq + 1));
      note(options, value);
      return `${pair.slice(0, eq)}=${maskValue(value, styleOf(options))}`;
    })
    .join('&');
}

/** Masks secret query and fragment parameters of a URL (`/callback?code=...`, `#access_token=...`). */
export function maskUrl(url: string, options: MaskOptions = {}): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt < 0 ? url : url.slice(0, hashAt);
  const hash = hashAt < 0 ? null : url.slice(hashAt + 1);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt < 0 ? null : beforeHash.slice(queryAt + 1);
  return (
    base +
    (query === null ? '' : `?${maskPairs(query, options)}`) +
    (hash === null ? '' : `#${maskPairs(hash, options)}`)
  );
}

/** Masks a header's credentials: the scheme stays visible (`Basic …`), and Location is a URL. */
export function maskHeader(name: string, value: string, options: MaskOptions = {}): string {
  const lower = name.toLowerCase();
  const style = styleOf(options);
  if (lower === 'location' || lower === 'content-location') return maskUrl(value, options);
  if (!SECRET_HEADERS.has(lower)) return value;
  const scheme = /^(\S+)\s+(.+)$/.exec(value);
  if (scheme && (lower === 'authorization' || lower === 'proxy-authorization')) {
    const [, kind, credentials] = scheme;
    note(options, credentials);
    if (kind.toLowerCase() === 'basic') {
      // RFC 6749 §2.3.1: client_id and client_secret are form-encoded, then base64.
      try {
        const [id, secret] = atob(credentials).split(':');
        if (secret) note(options, safeDecode(secret));
        if (id && style === 'placeholder') return `${kind} ${MASK} (client_id ${safeDecode(id)})`;
      } catch {
        // not base64: masked as a whole
      }
    }
    return `${kind} ${maskValue(credentials, style)}`;
  }
  note(options, value);
  return maskValue(value, style);
}

function maskJsonValue(value: unknown, options: MaskOptions): unknown {
  if (Array.isArray(value)) return value.map((item) => maskJsonValue(item, options));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (isSecretName(key) && typeof inner === 'string') {
          note(options, inner);
          return [key, maskValue(inner, styleOf(options))];
        }
        return [key, maskJsonValue(inner, options)];
      }),
    );
  }
  return value;
}

/** Masks secret members of a JSON text at any depth; returns the text unchanged when it is not JSON. */
export function maskJson(text: string, options: MaskOptions = {}): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  // On screen, JSON reads indented; exports keep the text's own layout.
  const indent = styleOf(options) === 'hint' || text.includes('\n') ? 2 : undefined;
  return JSON.stringify(maskJsonValue(parsed, options), null, indent);
}

const INPUT_TAG = /<input\b[^>]*>/gi;
const ATTRIBUTE = (name: string) => new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i');

/** Masks the values of secret inputs of HTML forms (a form_post page, OAuth 2.0 Form Post §2). */
export function maskHtml(html: string, options: MaskOptions = {}): string {
  return html.replace(INPUT_TAG, (tag) => {
    const name = ATTRIBUTE('name').exec(tag);
    const inputName = name ? (name[2] ?? name[3] ?? '') : '';
    if (!isSecretName(decodeEntities(inputName))) return tag;
    const value = ATTRIBUTE('value').exec(tag);
    if (!value) return tag;
    const raw = value[2] ?? value[3] ?? '';
    note(options, decodeEntities(raw));
    const quote = value[1].startsWith('"') ? '"' : "'";
    return tag.replace(value[0], `value=${quote}${maskValue(raw, styleOf(options))}${quote}`);
  });
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const FORM_TEXT = /^[\w.%+-]+=[^\s]*(&[\w.%+-]+=[^\s]*)*$/;

/** Masks a body by its content type (or by its look when none is given): form, JSON, HTML. */
export function maskBody(
  body: string | null,
  contentType?: string,
  options: MaskOptions = {},
): string | null {
  if (!body) return body;
  const type = (contentType ?? '').toLowerCase();
  const trimmed = body.trim();
  if (type.includes('application/x-www-form-urlencoded')) return maskPairs(body, options);
  if (type.includes('json')) return maskJson(body, options);
  if (type.includes('html') || trimmed.startsWith('<')) return maskHtml(body, options);
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return maskJson(body, options);
  if (FORM_TEXT.test(trimmed)) return maskPairs(trimmed, options);
  return body;
}

/** A compact JWS or JWE (RFC 7515 §7.1, RFC 7516 §7.1) wherever it appears. */
const JWT_PATTERN =
  /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?/g;

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Masks every JWT and every known secret value (also URL-encoded) in free text. */
export function maskText(text: string, options: MaskOptions = {}): string {
  const style = styleOf(options);
  const needles = new Set<string>();
  for (const secret of options.known ?? []) {
    if (secret.length < 4 || secret === MASK || secret.includes('••')) continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
    needles.add(new URLSearchParams({ v: secret }).toString().slice(2));
  }
  const withoutJwts = text.replace(JWT_PATTERN, (jwt) => maskValue(jwt, style));
  if (!needles.size) return withoutJwts;
  const pattern = new RegExp(
    [...needles]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return withoutJwts.replace(pattern, (found) => maskValue(found, style));
}

function structurallyMasked(exchange: HttpExchange, options: MaskOptions): HttpExchange {
  const { request, response } = exchange;
  const headers = (list: [string, string][]) =>
    list.map(([name, value]): [string, string] => [name, maskHeader(name, value, options)]);
  return {
    ...exchange,
    request: {
      ...request,
      url: maskUrl(request.url, options),
      headers: headers(request.headers),
      body: maskBody(request.body, headerValue(request.headers, 'content-type'), options),
    },
    response: {
      ...response,
      headers: headers(response.headers),
      body: maskBody(response.body, headerValue(response.headers, 'content-type'), options),
    },
  };
}

/** A request about to be sent, masked for display (the request editor before "Reveal"). */
export function maskDraft<T extends { url: string; headers: [string, string][]; body: string | null }>(
  draft: T,
  options: MaskOptions = {},
): T {
  const found = new Set(options.known ?? []);
  const masked = {
    ...draft,
    url: maskUrl(draft.url, { ...options, found }),
    headers: draft.headers.map(([n, value]): [string, string] => [
      n,
      maskHeader(n, value, { ...options, found }),
    ]),
    body: maskBody(draft.body, headerValue(draft.headers, 'content-type'), { ...options, found }),
  };
  const text = (value: string) => maskText(value, { style: options.style, known: found });
  return { ...masked, url: text(masked.url), body: masked.body === null ? null : text(masked.body) };
}

/** Secret values found anywhere in these exchanges (parameters, JSON members, credentials, inputs). */
export function collectSecrets(exchanges: readonly HttpExchange[]): Set<string> {
  const found = new Set<string>();
  for (const exchange of exchanges) structurallyMasked(exchange, { found });
  return found;
}

/**
 * An exchange with every secret masked: by name (query, form, JSON, HTML inputs, headers), then
 * every JWT and every value in `options.known` wherever it appears (a token inside an HTML page).
 */
export function maskExchange(exchange: HttpExchange, options: MaskOptions = {}): HttpExchange {
  const found = new Set(options.known ?? []);
  const masked = structurallyMasked(exchange, { ...options, found });
  const text = (value: string) => maskText(value, { style: options.style, known: found });
  for (const value of found) options.found?.add(value);
  return {
    ...masked,
    request: {
      ...masked.request,
      url: text(masked.request.url),
      headers: masked.request.headers.map(([n, value]) => [n, text(value)]),
      body: masked.request.body === null ? null : text(masked.request.body),
    },
    response: {
      ...masked.response,
      headers: masked.response.headers.map(([n, value]) => [n, text(value)]),
      body: masked.response.body === null ? null : text(masked.response.body),
    },
  };
}

/** A run's exchanges, each masked with the secrets of all of them. */
export function maskExchanges(exchanges: readonly HttpExchange[], options: MaskOptions = {}): HttpExchange[] {
  const known = new Set([...(options.known ?? []), ...collectSecrets(exchanges)]);
  return exchanges.map((exchange) => maskExchange(exchange, { ...options, known }));
}

/**
 * `key=value` lines (the extra parameters) without the secret ones: what may go into a URL, a share
 * link or an event. `removed` names what was left out.
 */
export function withoutSecretPairs(text: string): { text: string; removed: string[] } {
  const removed: string[] = [];
  const kept = text.split('\n').filter((line) => {
    const pairs = line.split('&');
    const secret = pairs.find((pair) => {
      const eq = pair.indexOf('=');
      return eq > 0 && isSecretName(safeDecode(pair.slice(0, eq)));
    });
    if (secret) removed.push(safeDecode(secret.slice(0, secret.indexOf('='))).trim());
    return !secret;
  });
  return { text: kept.join('\n'), removed };
}

/** Masks the values of secret `key=value` pairs in the extra parameters' text, for display. */
export function maskPairLines(text: string, options: MaskOptions = {}): string {
  return text
    .split('\n')
    .map((line) => maskPairs(line, options))
    .join('\n');
}
