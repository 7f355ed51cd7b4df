import fc from 'fast-check';
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { MAX_TOKEN_BYTES, normalizeTokenInput, readToken } from './decode.ts';

const b64 = (value: unknown) => base64url.encode(typeof value === 'string' ? value : JSON.stringify(value));
const header = b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' });
const payload = b64({ iss: 'https://issuer.example/', sub: 'auth0|alice', exp: 2000000000 });
const signature = base64url.encode(new Uint8Array(256).fill(7));
const token = `${header}.${payload}.${signature}`;

describe('normalizeTokenInput', () => {
  it('strips whitespace, line breaks, a Bearer prefix, an Authorization header and quotes', () => {
    const pasted = `  Authorization: Bearer "${header}.\n${payload}.\r\n  ${signature}"  \n`;
    const { value, notes } = normalizeTokenInput(pasted);
    expect(value).toBe(token);
    expect(notes).toEqual([
      'Removed the "Authorization:" header name.',
      'Removed the "Bearer " prefix.',
      'Removed the quotes around the token.',
      'Removed whitespace and line breaks inside the token.',
    ]);
  });

  it('is case-insensitive about bearer', () => {
    expect(normalizeTokenInput(`bearer ${token}`).value).toBe(token);
    expect(normalizeTokenInput(`BEARER\t${token}`).value).toBe(token);
  });
});

describe('readToken', () => {
  it('decodes a JWT into header, payload and signature', () => {
    const reading = readToken(`Bearer ${token}\n`);
    expect(reading.type).toBe('jwt');
    if (reading.type !== 'jwt') return;
    expect(reading.header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'k1' });
    expect(reading.payload).toEqual({ iss: 'https://issuer.example/', sub: 'auth0|alice', exp: 2000000000 });
    expect(reading.parts).toEqual({ header, payload, signature });
    expect(reading.signatureBytes).toBe(256);
    expect(reading.compact).toBe(token);
  });

  it('keeps dangerous strings as data', () => {
    const xss = `${header}.${b64({ name: '<img src=x onerror=alert(1)>' })}.${signature}`;
    const reading = readToken(xss);
    expect(reading.type === 'jwt' && reading.payload.name).toBe('<img src=x onerror=alert(1)>');
  });

  it('accepts an unsecured token with an empty signature', () => {
    const reading = readToken(`${b64({ alg: 'none' })}.${payload}.`);
    expect(reading.type === 'jwt' && reading.signatureBytes).toBe(0);
  });

  it.each([
    ['', 'empty', 'Paste a token to inspect it.'],
    ['   \n ', 'empty', 'Paste a token to inspect it.'],
    [
      `${header}.${payload}`,
      'wrong-part-count',
      'A JWT has 3 parts separated by dots (header.payload.signature); this has 2.',
    ],
    [
      `${token}.x`,
      'wrong-part-count',
      'A JWT has 3 parts separated by dots (header.payload.signature); this has 4.',
    ],
    [
      'a.b.c.d.e',
      'jwe',
      'This is an encrypted token (JWE, 5 parts). Only the holder of the decryption key can read it; the inspector reads signed tokens (JWS, 3 parts).',
    ],
    [`.${payload}.${signature}`, 'empty-part', 'Part 1 (header) is empty.'],
    [`${header}..${signature}`, 'empty-part', 'Part 2 (payload) is empty.'],
    [
      `${header}.${payload.slice(0, 5)}!${payload.slice(6)}.${signature}`,
      'bad-base64url',
      'Bad base64url in part 2 (payload): character 6 is "!".',
    ],
    [
      `${header}.${payload}.${signature.slice(0, 10)}+${signature.slice(11)}`,
      'bad-base64url',
      'Bad base64url in part 3 (signature): character 11 is "+" (standard base64, not base64url: use "-" and "_").',
    ],
    [
      `${header}=.${payload}.${signature}`,
      'bad-base64url',
      `Bad base64url in part 1 (header): character ${header.length + 1} is "=" (padding, which base64url omits).`,
    ],
    [
      `${header}.eyJhY.${signature}`,
      'bad-base64url',
      'Bad base64url in part 2 (payload): its length (5) is not possible for base64url; the part is probably cut short.',
    ],
    [
      `${b64('not json')}.${payload}.${signature}`,
      'header-not-json',
      'The header (part 1 (header)) is not JSON',
    ],
    [
      `${b64([1, 2])}.${payload}.${signature}`,
      'header-not-object',
      'The header (part 1 (header)) is JSON an array, not a JSON object.',
    ],
    [
      `${b64({ typ: 'JWT' })}.${payload}.${signature}`,
      'missing-alg',
      'The header has no "alg" (algorithm), which every JWS must have.',
    ],
    [
      `${header}.${b64('hello')}.${signature}`,
      'payload-not-json',
      'The payload (part 2 (payload)) is not JSON',
    ],
    [
      `${header}.${b64('42')}.${signature}`,
      'payload-not-object',
      'The payload (part 2 (payload)) is JSON a number, not a JSON object.',
    ],
    [
      '{"access_token":"abc"}',
      'not-a-token',
      'This is JSON, not a token. If it is a token response, paste the value of "access_token", "id_token" or "refresh_token".',
    ],
    [
      'hello!',
      'not-a-token',
      'This is not a token: a JWT is three base64url parts separated by dots, and character 6 is "!".',
    ],
    [
      'this is not a token',
      'not-a-token',
      'This is not a token: it has spaces between words. A JWT is three base64url parts separated by dots; an opaque token is one word.',
    ],
  ])('says what is wrong (case %#)', (input, code, message) => {
    const reading = readToken(input);
    expect(reading.type).toBe('invalid');
    if (reading.type !== 'invalid') return;
    expect(reading.code).toBe(code);
    expect(reading.message.startsWith(message)).toBe(true);
  });

  it('says which part is broken', () => {
    const reading = readToken(`${header}.${b64('hello')}.${signature}`);
    expect(reading.type === 'invalid' && reading.part).toBe('payload');
  });

  it('rejects a payload that is not UTF-8', () => {
    const bytes = base64url.encode(new Uint8Array([0xff, 0xfe, 0x7b]));
    const reading = readToken(`${header}.${bytes}.${signature}`);
    expect(reading.type === 'invalid' && reading.code).toBe('not-utf8');
  });

  it('rejects a JWE header with "enc" even in three parts', () => {
    const reading = readToken(`${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.${payload}.${signature}`);
    expect(reading.type === 'invalid' && reading.code).toBe('jwe');
  });

  it('refuses input over the size limit before decoding it', () => {
    const huge = `${header}.${'A'.repeat(MAX_TOKEN_BYTES)}.${signature}`;
    const reading = readToken(huge);
    expect(reading.type).toBe('invalid');
    expect(reading.type === 'invalid' && reading.code).toBe('too-large');
    expect(reading.type === 'invalid' && reading.message).toBe(
      'The input is too large (65 KB); the inspector reads tokens up to 64 KB.',
    );
  });

  it('counts bytes, not characters, for the size limit', () => {
    const reading = readToken('é'.repeat(MAX_TOKEN_BYTES / 2 + 1));
    expect(reading.type === 'invalid' && reading.code).toBe('too-large');
  });

  it('reads a token without dots as opaque', () => {
    expect(readToken('  8xLOxBtZp8_rT2Hq-9Yw3  ')).toEqual({
      type: 'opaque',
      value: '8xLOxBtZp8_rT2Hq-9Yw3',
      notes: [],
    });
  });

  it('never throws on arbitrary input', () => {
    const inputs = [
      '.',
      '..',
      '...',
      '\u0000.\u0000.\u0000',
      'e30.e30.',
      'e30.e30',
      '\uD800.e30.e30',
      'Bearer',
      '"',
    ];
    for (const input of inputs) expect(() => readToken(input)).not.toThrow();
    expect(readToken('e30.e30.').type).toBe('invalid');
  });

  it('never throws, and decodes any JSON header and payload it is given (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (input) => {
        const reading = readToken(input);
        expect(['jwt', 'opaque', 'invalid']).toContain(reading.type);
      }),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom('', 'Bearer ', '  bearer\t'),
        (claims, sig, prefix) => {
          const compact = `${b64({ alg: 'ES256' })}.${b64(claims)}.${base64url.encode(sig)}`;
          const reading = readToken(`${prefix}${compact}\n`);
          expect(reading.type).toBe('jwt');
          if (reading.type === 'jwt') {
            expect(reading.payload).toEqual(JSON.parse(JSON.stringify(claims)));
            expect(reading.signatureBytes).toBe(sig.length);
          }
        },
      ),
    );
  });
});
