import { describe, expect, it } from 'vitest';
import {
  MASK,
  maskBody,
  maskDraft,
  maskExchange,
  maskHeader,
  maskPairLines,
  maskUrl,
  withoutSecretPairs,
} from './mask.ts';

describe('masking secrets for display', () => {
  it('masks codes and tokens in a URL, keeps the rest', () => {
    expect(
      maskUrl('http://x/callback?code=abcdefghijkl&state=s1#access_token=eyJhbGciOi&token_type=Bearer'),
    ).toBe('http://x/callback?code=abcd••••••&state=s1#access_token=eyJh••••••&token_type=Bearer');
  });

  it('masks the credentials of an Authorization header, keeps the scheme', () => {
    expect(maskHeader('Authorization', 'Basic d2ViLWFwcDp3ZWItYXBwLXNlY3JldA==')).toBe('Basic d2Vi••••••');
    expect(maskHeader('Content-Type', 'application/json')).toBe('application/json');
  });

  it('masks form and JSON bodies', () => {
    expect(maskBody('grant_type=password&username=alice&password=wonderland')).toBe(
      'grant_type=password&username=alice&password=wond••••••',
    );
    expect(JSON.parse(maskBody('{"access_token":"eyJhbGciOiJSUzI1NiJ9","expires_in":60}') ?? '')).toEqual({
      access_token: 'eyJh••••••',
      expires_in: 60,
    });
    expect(maskBody('<html>not a form</html>')).toBe('<html>not a form</html>');
  });
});

describe('one masking function for every kind of secret', () => {
  const exchange = (overrides: {
    url?: string;
    headers?: [string, string][];
    body?: string | null;
    responseHeaders?: [string, string][];
    responseBody?: string | null;
  }) => ({
    type: 'exchange' as const,
    id: 'x',
    startedAt: 0,
    durationMs: 0,
    kind: 'fetch' as const,
    request: {
      method: 'POST',
      url: overrides.url ?? 'http://as/token',
      headers: overrides.headers ?? [],
      body: overrides.body ?? null,
    },
    response: {
      status: 200,
      statusText: 'OK',
      headers: overrides.responseHeaders ?? [],
      body: overrides.responseBody ?? null,
    },
  });
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXBhcnQ';

  it('masks forms, query strings and fragments by name', () => {
    const masked = maskExchange(
      exchange({
        url: 'http://as/cb?code=the-code-1234&state=s#id_token=abc.def.ghi',
        headers: [['Content-Type', 'application/x-www-form-urlencoded']],
        body: 'grant_type=password&password=wonderland&client_assertion=xyz12345&username=alice',
      }),
      { style: 'placeholder' },
    );
    expect(masked.request.url).toBe(`http://as/cb?code=${MASK}&state=s#id_token=${MASK}`);
    expect(masked.request.body).toBe(
      `grant_type=password&password=${MASK}&client_assertion=${MASK}&username=alice`,
    );
  });

  it('masks JSON members at any depth', () => {
    const masked = maskExchange(
      exchange({
        responseHeaders: [['Content-Type', 'application/json']],
        responseBody: JSON.stringify({ a: { b: [{ refresh_token: 'rt-123456789' }] }, keep: 'x' }),
      }),
      { style: 'placeholder' },
    );
    expect(JSON.parse(masked.response.body ?? '')).toEqual({
      a: { b: [{ refresh_token: MASK }] },
      keep: 'x',
    });
  });

  it('masks the hidden inputs of a form_post page, and the same values wherever they appear', () => {
    const page = `<form method="post"><input type="hidden" name="code" value="code-value-42"><input type="hidden" name="state" value="st"><input type='hidden' name='id_token' value='${jwt}'></form><p>code-value-42</p>`;
    const masked = maskExchange(
      exchange({ responseHeaders: [['Content-Type', 'text/html']], responseBody: page }),
      { style: 'hint' },
    );
    expect(masked.response.body).toBe(
      `<form method="post"><input type="hidden" name="code" value="code••••••"><input type="hidden" name="state" value="st"><input type='hidden' name='id_token' value='eyJh••••••'></form><p>code••••••</p>`,
    );
  });

  it('masks credentials in Authorization, Cookie, Set-Cookie and DPoP headers', () => {
    const masked = maskExchange(
      exchange({
        headers: [
          ['Authorization', 'Bearer at-0123456789'],
          ['DPoP', jwt],
          ['Cookie', 'session=abc123456'],
          ['Accept', 'application/json'],
        ],
        responseHeaders: [['Set-Cookie', 'session=abc123456; HttpOnly']],
      }),
      { style: 'placeholder' },
    );
    expect(masked.request.headers).toEqual([
      ['Authorization', `Bearer ${MASK}`],
      ['DPoP', MASK],
      ['Cookie', MASK],
      ['Accept', 'application/json'],
    ]);
    expect(masked.response.headers).toEqual([['Set-Cookie', MASK]]);
  });

  it('leaves secret lines of the extra parameters out of what may leave the page', () => {
    expect(withoutSecretPairs('foo=bar\nclient_secret=s\nclient_assertion=a&x=1\nscope=openid')).toEqual({
      text: 'foo=bar\nscope=openid',
      removed: ['client_secret', 'client_assertion'],
    });
    expect(maskPairLines('foo=bar\nclient_secret=s3cr3t-value')).toBe('foo=bar\nclient_secret=s3cr••••••');
  });

  it('masks a draft before it is sent (the request editor)', () => {
    const draft = maskDraft({
      method: 'POST',
      url: 'http://as/token',
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Authorization', 'Basic d2ViLWFwcDp3ZWItYXBwLXNlY3JldA=='],
      ],
      body: 'grant_type=authorization_code&code=abcdefghijkl&code_verifier=verifier-0123456789',
    });
    expect(draft.headers[1]).toEqual(['Authorization', 'Basic d2Vi••••••']);
    expect(draft.body).toBe('grant_type=authorization_code&code=abcd••••••&code_verifier=veri••••••');
  });
});
