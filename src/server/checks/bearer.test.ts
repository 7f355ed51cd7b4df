import { describe, expect, it } from 'vitest';
import { bearerChallenge, looksLikeJwt, readBearerToken } from './bearer.ts';

const request = (authorization?: string) =>
  new Request(
    'http://localhost:4000/userinfo',
    authorization ? { headers: { Authorization: authorization } } : {},
  );

describe('bearerChallenge (RFC 6750 section 3)', () => {
  it('is just the realm without an error', () => {
    expect(bearerChallenge('api')).toBe('Bearer realm="api"');
  });

  it('names the error, its description and the scope needed', () => {
    expect(
      bearerChallenge('api', {
        code: 'insufficient_scope',
        description: 'Needs it.',
        scope: 'read:messages',
      }),
    ).toBe(
      'Bearer realm="api", error="insufficient_scope", error_description="Needs it.", scope="read:messages"',
    );
  });

  it('spells a quoted error_description in the characters it may carry', () => {
    expect(bearerChallenge('api', { code: 'invalid_token', description: 'a "quoted"\\ é\r\nline' })).toBe(
      `Bearer realm="api", error="invalid_token", error_description="a 'quoted'/ ?  line"`,
    );
  });
});

describe('readBearerToken', () => {
  it('reads the token of the Authorization header, whatever the case of the scheme', () => {
    expect(readBearerToken(request('Bearer abc.def-_~+/='), 'api')).toBe('abc.def-_~+/=');
    expect(readBearerToken(request('bearer abc'), 'api')).toBe('abc');
  });

  it('refuses a request without a token: 401 with a bare challenge', () => {
    expect(() => readBearerToken(request(), 'api')).toThrow(
      expect.objectContaining({
        code: 'invalid_token',
        status: 401,
        headers: { 'WWW-Authenticate': 'Bearer realm="api"' },
      }),
    );
    // Another scheme is no bearer token either.
    expect(() => readBearerToken(request('Basic eDp5'), 'api')).toThrow(
      expect.objectContaining({ status: 401 }),
    );
  });

  it.each(['Bearer', 'Bearer a b', 'Bearer a"b', 'Bearer =abc'])(
    'refuses %j with 400 invalid_request',
    (header) => {
      expect(() => readBearerToken(request(header), 'api')).toThrow(
        expect.objectContaining({ code: 'invalid_request', status: 400 }),
      );
    },
  );

  it('takes the form body token and refuses two at once (RFC 6750 section 2)', () => {
    expect(readBearerToken(request(), 'api', new Map([['access_token', 'xyz']]))).toBe('xyz');
    expect(() => readBearerToken(request('Bearer abc'), 'api', new Map([['access_token', 'xyz']]))).toThrow(
      expect.objectContaining({ code: 'invalid_request', status: 400 }),
    );
  });
});

describe('looksLikeJwt', () => {
  it('tells a compact JWS from an opaque token', () => {
    expect(looksLikeJwt('eyJh.eyJz.c2ln')).toBe(true);
    expect(looksLikeJwt('opaque-token_value')).toBe(false);
    expect(looksLikeJwt('a.b')).toBe(false);
  });
});
