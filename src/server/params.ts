import { oauthError } from './errors.ts';

/** Largest request body the server reads; larger ones are refused with 413 before being buffered. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Longest value of one parameter (tokens included). */
export const MAX_PARAM_LENGTH = 8 * 1024;

export type Params = Map<string, string>;

function fromPairs(pairs: Iterable<[string, string]>): Params {
  const params: Params = new Map();
  for (const [name, value] of pairs) {
    // RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once."
    if (params.has(name))
      throw oauthError('invalid_request', `Parameter '${name}' was included more than once.`);
    if (value.length > MAX_PARAM_LENGTH) {
      throw oauthError(
        'invalid_request',
        `Parameter '${name}' is longer than ${MAX_PARAM_LENGTH} characters.`,
      );
    }
    // RFC 6749 §3.1: "Parameters sent without a value MUST be treated as if they were omitted."
    if (value !== '') params.set(name, value);
  }
  return params;
}

/** Reads the body as text, refusing (413) to buffer more than `limit` (MAX_BODY_BYTES) bytes. */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const length = request.headers.get('content-length');
  const declared = Number(length ?? '0');
  if (declared > limit)
    throw oauthError('request_too_large', `The request body is larger than ${limit} bytes.`);
  // RFC 9112 §6.2: with a Content-Length, the body is exactly that long, so it is read whole
  // (one step instead of a stream reader); without one, chunk by chunk up to the limit.
  if (length !== null) return decodeUtf8(new Uint8Array(await request.arrayBuffer()), limit);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw oauthError('request_too_large', `The request body is larger than ${limit} bytes.`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decodeUtf8(bytes, limit);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array, limit: number): string {
  if (bytes.byteLength > limit)
    throw oauthError('request_too_large', `The request body is larger than ${limit} bytes.`);
  try {
    return utf8.decode(bytes);
  } catch {
    throw oauthError('invalid_request', 'The request body is not valid UTF-8.');
  }
}

/** The query parameters of a request (GET endpoints). */
export function queryParams(request: Request): Params {
  return fromPairs(new URL(request.url).searchParams);
}

function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * The parameters of a POST body: `application/x-www-form-urlencoded` (RFC 6749 §4.1.3), or
 * `application/json` where the endpoint accepts it (Auth0 does on /oauth/token).
 */
export async function bodyParams(request: Request, options: { json?: boolean } = {}): Promise<Params> {
  const type = mediaType(request);
  if (type === 'application/x-www-form-urlencoded') {
    return fromPairs(new URLSearchParams(await readBodyText(request)));
  }
  if (type === 'application/json' && options.json) {
    const text = await readBodyText(request);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw oauthError('invalid_request', 'The request body is not valid JSON.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw oauthError('invalid_request', 'The JSON body must be an object.');
    }
    const pairs: [string, string][] = [];
    for (const [name, value] of Object.entries(parsed)) {
      if (value === null || value === undefined) continue;
      if (typeof value === 'number' || typeof value === 'boolean') pairs.push([name, String(value)]);
      else if (typeof value === 'string') pairs.push([name, value]);
      else throw oauthError('invalid_request', `Parameter '${name}' must be a string.`);
    }
    return fromPairs(pairs);
  }
  const accepted = options.json
    ? 'application/x-www-form-urlencoded or application/json'
    : 'application/x-www-form-urlencoded';
  throw oauthError('invalid_request', `Content-Type must be ${accepted}${type ? `, not ${type}` : ''}.`);
}

/** Splits a space-delimited scope string into its distinct tokens (RFC 6749 §3.3). */
export function splitScope(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(' ').filter(Boolean))];
}

export function required(params: Params, name: string): string {
  const value = params.get(name);
  if (value === undefined) throw oauthError('invalid_request', `Missing required parameter: ${name}`);
  return value;
}
