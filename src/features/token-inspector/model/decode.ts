import { base64url } from 'jose';

/** Pasted input above this size is refused before any decoding (a JWT in a header is rarely > 8 KB). */
export const MAX_TOKEN_BYTES = 64 * 1024;

export type JsonObject = Record<string, unknown>;

/** One of the three parts of a JWS compact serialization. */
export type JwtPartName = 'header' | 'payload' | 'signature';

/** A JWT split into its parts and decoded: nothing is verified yet. */
export interface DecodedJwt {
  type: 'jwt';
  /** The token as it will be verified: whitespace, a `Bearer ` prefix and quotes removed. */
  compact: string;
  /** The three base64url parts, as they appear in the token. */
  parts: { header: string; payload: string; signature: string };
  header: JsonObject;
  payload: JsonObject;
  /** Size in bytes of the decoded signature (0 for an unsecured `alg: none` token). */
  signatureBytes: number;
  /** What was removed or tolerated while reading the input, to show the user. */
  notes: string[];
}

/** Not a JWT, but looks like a token: a handle only the server that issued it can read. */
export interface OpaqueToken {
  type: 'opaque';
  value: string;
  notes: string[];
}

export type TokenProblemCode =
  | 'empty'
  | 'too-large'
  | 'not-a-token'
  | 'jwe'
  | 'wrong-part-count'
  | 'empty-part'
  | 'bad-base64url'
  | 'header-not-json'
  | 'header-not-object'
  | 'payload-not-json'
  | 'payload-not-object'
  | 'not-utf8'
  | 'missing-alg';

/** A token that cannot be read, with a message that says exactly what is wrong. */
export interface TokenProblem {
  type: 'invalid';
  code: TokenProblemCode;
  message: string;
  /** The part the problem is in, when there is one. */
  part?: JwtPartName;
  notes: string[];
}

export type TokenReading = DecodedJwt | OpaqueToken | TokenProblem;

const PART_NAMES: JwtPartName[] = ['header', 'payload', 'signature'];
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const OPAQUE = /^[A-Za-z0-9._~+/=-]+$/;

function problem(code: TokenProblemCode, message: string, notes: string[], part?: JwtPartName): TokenProblem {
  return { type: 'invalid', code, message, notes, ...(part ? { part } : {}) };
}

function ordinal(index: number): string {
  return `part ${index + 1} (${PART_NAMES[index] ?? 'extra'})`;
}

/** Strips what people paste around a token: whitespace, line breaks, `Bearer `, quotes. */
export function normalizeTokenInput(raw: string): { value: string; notes: string[]; innerSpaces: boolean } {
  const notes: string[] = [];
  let value = raw.trim();
  // RFC 6750 §2.1: "Authorization: Bearer <token>"; people copy the whole header or just the credentials.
  const header = /^authorization\s*:\s*/i.exec(value);
  if (header) {
    value = value.slice(header[0].length);
    notes.push('Removed the "Authorization:" header name.');
  }
  const bearer = /^bearer\s+/i.exec(value);
  if (bearer) {
    value = value.slice(bearer[0].length);
    notes.push('Removed the "Bearer " prefix.');
  }
  const quoted = /^(["'`])([\s\S]*)\1$/.exec(value);
  if (quoted) {
    value = quoted[2];
    notes.push('Removed the quotes around the token.');
  }
  const compact = value.replace(/\s+/g, '');
  if (compact !== value) notes.push('Removed whitespace and line breaks inside the token.');
  // Spaces within a line (not line breaks) separate words: prose, not a wrapped token.
  const innerSpaces = value.split(/[\r\n]+/).some((line) => /\S[ \t]+\S/.test(line));
  return { value: compact, notes, innerSpaces };
}

function firstBadCharacter(part: string): { char: string; position: number } | undefined {
  for (let i = 0; i < part.length; i++) {
    if (!/[A-Za-z0-9_-]/.test(part[i])) return { char: part[i], position: i + 1 };
  }
  return undefined;
}

function describeChar(char: string): string {
  if (char === '=') return '"=" (padding, which base64url omits)';
  if (char === '+' || char === '/') return `"${char}" (standard base64, not base64url: use "-" and "_")`;
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${char}"`;
}

/** Decodes one base64url part to bytes, or says why it is not base64url (RFC 7515 §2, RFC 4648 §5). */
function decodePart(
  part: string,
  index: number,
  notes: string[],
): { ok: true; bytes: Uint8Array } | { ok: false; problem: TokenProblem } {
  const name = PART_NAMES[index];
  if (!BASE64URL.test(part)) {
    const bad = firstBadCharacter(part);
    const where = bad ? `: character ${bad.position} is ${describeChar(bad.char)}` : '';
    return {
      ok: false,
      problem: problem('bad-base64url', `Bad base64url in ${ordinal(index)}${where}.`, notes, name),
    };
  }
  // A length of 4n+1 cannot come from any byte string.
  if (part.length % 4 === 1) {
    return {
      ok: false,
      problem: problem(
        'bad-base64url',
        `Bad base64url in ${ordinal(index)}: its length (${part.length}) is not possible for base64url; the part is probably cut short.`,
        notes,
        name,
      ),
    };
  }
  try {
    return { ok: true, bytes: base64url.decode(part) };
  } catch {
    return {
      ok: false,
      problem: problem('bad-base64url', `Bad base64url in ${ordinal(index)}.`, notes, name),
    };
  }
}

function parseJsonObject(
  bytes: Uint8Array,
  name: 'header' | 'payload',
  notes: string[],
): { ok: true; value: JsonObject } | { ok: false; problem: TokenProblem } {
  const index = name === 'header' ? 0 : 1;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return {
      ok: false,
      problem: problem('not-utf8', `The ${name} (${ordinal(index)}) is not UTF-8 text.`, notes, name),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? ` (${error.message})` : '';
    const code = name === 'header' ? 'header-not-json' : 'payload-not-json';
    const hint =
      name === 'payload' ? ' A JWS may carry any content, but a JWT payload must be a JSON object.' : '';
    return {
      ok: false,
      problem: problem(code, `The ${name} (${ordinal(index)}) is not JSON${reason}.${hint}`, notes, name),
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    const code = name === 'header' ? 'header-not-object' : 'payload-not-object';
    return {
      ok: false,
      problem: problem(
        code,
        `The ${name} (${ordinal(index)}) is JSON ${kind}, not a JSON object.`,
        notes,
        name,
      ),
    };
  }
  return { ok: true, value: value as JsonObject };
}

/**
 * Reads a pasted token: a JWT (JWS compact serialization) decoded into header and payload, an
 * opaque token, or a problem that says exactly what is wrong. Never throws.
 * @see [RFC 7519 §7.2](https://www.rfc-editor.org/rfc/rfc7519.html#section-7.2) (validating a JWT)
 */
export function readToken(raw: string): TokenReading {
  if (raw.length > MAX_TOKEN_BYTES || new TextEncoder().encode(raw).length > MAX_TOKEN_BYTES) {
    const kb = Math.ceil(new TextEncoder().encode(raw).length / 1024);
    return problem(
      'too-large',
      `The input is too large (${kb} KB); the inspector reads tokens up to ${MAX_TOKEN_BYTES / 1024} KB.`,
      [],
    );
  }
  const { value, notes, innerSpaces } = normalizeTokenInput(raw);
  if (value === '') return problem('empty', 'Paste a token to inspect it.', notes);

  const parts = value.split('.');
  if (parts.length === 1) {
    if (value.startsWith('{')) {
      return problem(
        'not-a-token',
        'This is JSON, not a token. If it is a token response, paste the value of "access_token", "id_token" or "refresh_token".',
        notes,
      );
    }
    if (innerSpaces) {
      return problem(
        'not-a-token',
        'This is not a token: it has spaces between words. A JWT is three base64url parts separated by dots; an opaque token is one word.',
        notes,
      );
    }
    if (OPAQUE.test(value)) return { type: 'opaque', value, notes };
    const bad = firstBadCharacter(value.replace(/[.~+/=]/g, 'A'));
    return problem(
      'not-a-token',
      `This is not a token: a JWT is three base64url parts separated by dots, and ${bad ? `character ${bad.position} is ${describeChar(bad.char)}` : 'this has none'}.`,
      notes,
    );
  }
  // RFC 7516 §7.1: a JWE compact serialization has five parts.
  if (parts.length === 5) {
    return problem(
      'jwe',
      'This is an encrypted token (JWE, 5 parts). Only the holder of the decryption key can read it; the inspector reads signed tokens (JWS, 3 parts).',
      notes,
    );
  }
  if (parts.length !== 3) {
    return problem(
      'wrong-part-count',
      `A JWT has 3 parts separated by dots (header.payload.signature); this has ${parts.length}.`,
      notes,
    );
  }
  const [headerPart, payloadPart, signaturePart] = parts;
  if (headerPart === '') return problem('empty-part', 'Part 1 (header) is empty.', notes, 'header');
  if (payloadPart === '') return problem('empty-part', 'Part 2 (payload) is empty.', notes, 'payload');

  const decoded: Uint8Array[] = [];
  for (const [index, part] of parts.entries()) {
    const result = decodePart(part, index, notes);
    if (!result.ok) return result.problem;
    decoded.push(result.bytes);
  }
  const header = parseJsonObject(decoded[0], 'header', notes);
  if (!header.ok) return header.problem;
  // RFC 7515 §4.1.1: "alg" MUST be present.
  if (typeof header.value.alg !== 'string') {
    return problem(
      'missing-alg',
      'The header has no "alg" (algorithm), which every JWS must have.',
      notes,
      'header',
    );
  }
  if (typeof header.value.enc === 'string') {
    return problem(
      'jwe',
      'The header has "enc": this is an encrypted token (JWE), which the inspector does not decrypt.',
      notes,
      'header',
    );
  }
  const payload = parseJsonObject(decoded[1], 'payload', notes);
  if (!payload.ok) return payload.problem;

  return {
    type: 'jwt',
    compact: value,
    parts: { header: headerPart, payload: payloadPart, signature: signaturePart },
    header: header.value,
    payload: payload.value,
    signatureBytes: decoded[2].length,
    notes,
  };
}
