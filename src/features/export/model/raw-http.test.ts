import { describe, expect, it } from 'vitest';
import { authorizeRedirect, tokenExchange } from './fixtures.test-data.ts';
import { exchangeToRawHttp } from './raw-http.ts';

describe('raw HTTP export', () => {
  it('writes request line, Host, headers, body, then the response, masked', () => {
    const text = exchangeToRawHttp(tokenExchange());
    expect(text.split('\n\n')[0]).toBe(
      [
        'POST /server/oauth/token HTTP/1.1',
        'Host: localhost:4173',
        'Content-Type: application/x-www-form-urlencoded',
        'Authorization: Basic <masked> (client_id web-app)',
      ].join('\n'),
    );
    expect(text).toContain(
      'grant_type=authorization_code&code=<masked>&redirect_uri=http%3A%2F%2Flocalhost%3A4173%2Fcallback&code_verifier=<masked>',
    );
    expect(text).toContain('HTTP/1.1 200 OK\nContent-Type: application/json\nCache-Control: no-store\n\n{');
    expect(text).not.toContain('eyJ');
  });

  it('fills in a missing reason phrase', () => {
    const exchange = tokenExchange();
    exchange.response.statusText = '';
    expect(exchangeToRawHttp(exchange)).toContain('\nHTTP/1.1 200 OK\n');
  });

  it('keeps the query of a navigation and masks the code in its Location', () => {
    const text = exchangeToRawHttp(authorizeRedirect());
    expect(
      text.startsWith('GET /server/authorize?client_id=spa&response_type=code&state=abc&code_challenge='),
    ).toBe(true);
    expect(text).toContain(
      'HTTP/1.1 302 Found\nLocation: http://localhost:4173/callback?code=<masked>&state=abc',
    );
  });
});
