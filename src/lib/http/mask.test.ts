import { describe, expect, it } from 'vitest';
import { maskBody, maskHeader, maskUrl } from './mask.ts';

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
