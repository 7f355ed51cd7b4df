/** Names of parameters, fields and headers whose values are secrets, codes or tokens. */
const SECRET_NAMES = new Set([
  'client_secret',
  'password',
  'code',
  'code_verifier',
  'access_token',
  'id_token',
  'refresh_token',
  'device_code',
  'subject_token',
  'actor_token',
  'token',
  'issued_token',
  'authorization',
  'cookie',
  'set-cookie',
]);

export function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(name.toLowerCase());
}

/** Keeps the first characters so that values remain recognisable. */
export function maskValue(value: string): string {
  if (value.length <= 8) return '••••••';
  return `${value.slice(0, 4)}••••••`;
}

/** Masks secrets in a URL's query and fragment. */
export function maskUrl(url: string): string {
  const [beforeHash, hash] = splitOnce(url, '#');
  const [path, query] = splitOnce(beforeHash, '?');
  const maskedQuery = query === undefined ? '' : `?${maskForm(query)}`;
  const maskedHash = hash === undefined ? '' : `#${maskForm(hash)}`;
  return `${path}${maskedQuery}${maskedHash}`;
}

/** Masks secrets in `a=b&c=d` text without re-encoding the other values. */
export function maskForm(text: string): string {
  return text
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const name = safeDecode(pair.slice(0, eq));
      return isSecretName(name) ? `${pair.slice(0, eq)}=${maskValue(safeDecode(pair.slice(eq + 1)))}` : pair;
    })
    .join('&');
}

export function maskHeader(name: string, value: string): string {
  if (!isSecretName(name)) return value;
  const space = value.indexOf(' ');
  return space > 0 ? `${value.slice(0, space)} ${maskValue(value.slice(space + 1))}` : maskValue(value);
}

/** Masks secrets in a body: JSON (top-level fields), form-encoded, or left as is. */
export function maskBody(body: string | null): string | null {
  if (!body) return body;
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      const json: unknown = JSON.parse(trimmed);
      if (json && typeof json === 'object' && !Array.isArray(json)) {
        const masked = Object.fromEntries(
          Object.entries(json).map(([k, v]) => [
            k,
            isSecretName(k) && typeof v === 'string' ? maskValue(v) : v,
          ]),
        );
        return JSON.stringify(masked, null, 2);
      }
    } catch {
      return body;
    }
    return body;
  }
  if (/^[\w.%+-]+=[^\s]*(&[\w.%+-]+=[^\s]*)*$/.test(trimmed)) return maskForm(trimmed);
  return body;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const i = text.indexOf(separator);
  return i === -1 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
