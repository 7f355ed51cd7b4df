import { describe, expect, it } from 'vitest';
import { formatRawRequest, parseRawRequest, RawRequestError } from './draft.ts';

describe('raw HTTP requests', () => {
  const draft = {
    method: 'POST',
    url: 'http://localhost:5173/server/oauth/token',
    headers: [['Content-Type', 'application/x-www-form-urlencoded']] as [string, string][],
    body: 'grant_type=client_credentials&audience=https%3A%2F%2Fapi.example.com',
  };

  it('prints the request line, Host, headers, a blank line and the body', () => {
    expect(formatRawRequest(draft)).toBe(
      'POST /server/oauth/token HTTP/1.1\nHost: localhost:5173\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials&audience=https%3A%2F%2Fapi.example.com',
    );
  });

  it('parses its own output back', () => {
    expect(parseRawRequest(formatRawRequest(draft), 'http://localhost:5173/')).toEqual(draft);
  });

  it('takes the authority from Host and keeps the scheme of the default origin', () => {
    const parsed = parseRawRequest(
      'GET /authorize?x=1 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n',
      'https://a.test/',
    );
    expect(parsed).toEqual({
      method: 'GET',
      url: 'https://example.com:8080/authorize?x=1',
      headers: [],
      body: null,
    });
  });

  it('accepts an absolute target and a lowercase method', () => {
    const parsed = parseRawRequest('delete http://other.test/admin/session\n', 'http://localhost/');
    expect(parsed.method).toBe('DELETE');
    expect(parsed.url).toBe('http://other.test/admin/session');
  });

  it('says what is wrong with a broken request', () => {
    expect(() => parseRawRequest('hello', 'http://localhost/')).toThrow(RawRequestError);
    expect(() => parseRawRequest('GET / HTTP/1.1\nno colon here', 'http://localhost/')).toThrow(
      'This header line has no "name: value": no colon here',
    );
  });
});
