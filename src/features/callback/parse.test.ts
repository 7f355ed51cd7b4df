import { describe, expect, it } from 'vitest';
import { parseCallbackUrl } from './parse.ts';

describe('the callback URL', () => {
  it('reads a code from the query (response_mode=query)', () => {
    expect(parseCallbackUrl('http://localhost/callback?code=abcdefghij&state=xyz')).toEqual({
      params: { code: 'abcdefghij', state: 'xyz' },
      responseMode: 'query',
      displayUrl: 'http://localhost/callback?code=abcd••••••&state=xyz',
    });
  });

  it('reads tokens and errors from the fragment', () => {
    const result = parseCallbackUrl(
      'http://localhost/callback#error=access_denied&error_description=User%20said%20no&state=s',
    );
    expect(result?.responseMode).toBe('fragment');
    expect(result?.params).toEqual({ error: 'access_denied', error_description: 'User said no', state: 's' });
  });

  it('has nothing to say about a bare callback', () => {
    expect(parseCallbackUrl('http://localhost/callback')).toBeUndefined();
  });
});
