import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN, authorizeRedirect, ID_TOKEN, tokenExchange } from './fixtures.test-data.ts';
import { MASK, maskExchange, maskFormEncoded, maskUrl, prepareExchanges, scrubValues } from './secrets.ts';

describe('masking', () => {
  it('masks secret form parameters and keeps the others byte for byte', () => {
    expect(maskFormEncoded('grant_type=password&username=alice%40example.com&password=wonder%26land')).toBe(
      `grant_type=password&username=alice%40example.com&password=${MASK}`,
    );
  });

  it('masks the code in a redirect URL query and tokens in a fragment', () => {
    expect(maskUrl('http://a/cb?code=abc&state=s')).toBe(`http://a/cb?code=${MASK}&state=s`);
    expect(maskUrl('http://a/cb#access_token=t&token_type=Bearer')).toBe(
      `http://a/cb#access_token=${MASK}&token_type=Bearer`,
    );
  });

  it('masks an exchange: Basic credentials, body secrets, response tokens', () => {
    const masked = maskExchange(tokenExchange());
    const text = JSON.stringify(masked);
    for (const secret of [
      'web-app-secret',
      'SplxlOBeZQQYbYS6WxSbIA',
      'dBjftJeZ4CVP',
      ID_TOKEN,
      ACCESS_TOKEN,
      'refresh-abcdef',
    ])
      expect(text).not.toContain(secret);
    expect(masked.request.headers[1]).toEqual(['Authorization', `Basic ${MASK} (client_id web-app)`]);
    expect(JSON.parse(masked.response.body ?? '')).toEqual({
      access_token: MASK,
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'openid profile',
      id_token: MASK,
      refresh_token: MASK,
    });
    expect(masked.request.body).toContain('redirect_uri=http%3A%2F%2Flocalhost%3A4173%2Fcallback');
  });

  it('masks a secret seen in one exchange wherever it appears in another (HTML form_post page)', () => {
    const page = tokenExchange({
      request: { method: 'GET', url: 'http://localhost:4173/server/authorize', headers: [], body: null },
      response: {
        status: 200,
        statusText: 'OK',
        headers: [['Content-Type', 'text/html']],
        body: '<input type="hidden" name="code" value="SplxlOBeZQQYbYS6WxSbIA">',
      },
    });
    const [, maskedPage] = prepareExchanges([authorizeRedirect(), page]);
    expect(maskedPage.response.body).toBe(`<input type="hidden" name="code" value="${MASK}">`);
    expect(prepareExchanges([authorizeRedirect()])[0].response.headers[0][1]).toBe(
      `http://localhost:4173/callback?code=${MASK}&state=abc`,
    );
  });

  it('masks any JWT in free text', () => {
    expect(scrubValues(`token ${ID_TOKEN}.`, new Set())).toBe(`token ${MASK}.`);
  });

  it('reveals everything when asked', () => {
    expect(prepareExchanges([tokenExchange()], { reveal: true })[0]).toEqual(tokenExchange());
  });
});
