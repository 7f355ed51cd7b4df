import { describe, expect, it } from 'vitest';
import {
  authorizePath,
  codeRequest,
  responseParams,
  TestBrowser,
} from './endpoints/authorize/browser-testing.ts';
import { errorDescriptionText, oauthError } from './errors.ts';
import { createTestServer } from './testing/harness.ts';

/** RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E. */
const DESCRIPTION_CHARS = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

describe('error_description on the wire (RFC 6749 §4.1.2.1, §5.2)', () => {
  it('spells a description written for people in the allowed characters', () => {
    expect(errorDescriptionText('PKCE is required (RFC 7636 §4.4.1).')).toBe(
      'PKCE is required (RFC 7636 section 4.4.1).',
    );
    expect(errorDescriptionText('the client’s key: "none" \\ é\r\n…')).toBe(
      "the client's key: 'none' / ?  ...",
    );
    expect(oauthError('invalid_request', 'see RFC 9126 §2.1 “pushed”').toJSON()).toEqual({
      error: 'invalid_request',
      error_description: "see RFC 9126 section 2.1 'pushed'",
    });
  });

  it('keeps a reflected hostile value inside the set, in a redirect and in JSON', async () => {
    const browser = new TestBrowser(createTestServer());
    const hostile = 'x"\\é\n<\u2028>';
    const redirected = await browser.get(authorizePath(codeRequest({ response_mode: hostile })));
    const params = responseParams(redirected);
    expect(params.get('error')).toBe('invalid_request');
    expect(params.get('error_description')).toMatch(DESCRIPTION_CHARS);

    const token = await browser.server.post('oauth/token', { grant_type: hostile, client_id: 'spa' });
    const body = await token.json();
    expect(token.status).toBe(400);
    expect(body.error).toBe('unsupported_grant_type');
    expect(body.error_description).toMatch(DESCRIPTION_CHARS);
  });
});
