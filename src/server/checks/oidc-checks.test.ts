import { describe, expect, it } from 'vitest';
import { OAuthError } from '../errors.ts';
import { checkAcr } from './acr.ts';
import { parseAuthorizeParams } from './authorize-params.ts';
import { checkClaims, requestedSubject } from './claims.ts';
import { checkDisplay } from './display.ts';

const params = (record: Record<string, string>) => parseAuthorizeParams(Object.entries(record));

function oauthErrorOf(fn: () => unknown): { code: string; description: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof OAuthError) return { code: error.code, description: error.description };
    throw error;
  }
  throw new Error('expected an OAuthError');
}

describe('checkClaims (OIDC Core §5.5)', () => {
  it('parses userinfo and id_token members, null and object entries, and drops members not understood', () => {
    const claims = checkClaims(
      params({
        claims: JSON.stringify({
          userinfo: { name: { essential: true }, email: null, nickname: { essential: false, extra: 1 } },
          id_token: { acr: { values: ['0', '1'] }, auth_time: { essential: true } },
          unknown_member: { x: 1 },
        }),
      }),
    );
    expect(claims).toEqual({
      userinfo: { name: { essential: true }, email: null, nickname: { essential: false } },
      id_token: { acr: { values: ['0', '1'] }, auth_time: { essential: true } },
    });
  });

  it('is undefined without a claims parameter', () => {
    expect(checkClaims(params({}))).toBeUndefined();
  });

  it('refuses JSON that does not parse, a non-object, and wrongly typed members with invalid_request', () => {
    expect(oauthErrorOf(() => checkClaims(params({ claims: '{"userinfo":' })))).toEqual({
      code: 'invalid_request',
      description: 'The claims parameter is not valid JSON.',
    });
    expect(oauthErrorOf(() => checkClaims(params({ claims: '["name"]' })))).toEqual({
      code: 'invalid_request',
      description: 'The claims parameter must be a JSON object.',
    });
    expect(
      oauthErrorOf(() => checkClaims(params({ claims: '{"userinfo":{"name":{"essential":"yes"}}}' }))),
    ).toEqual({
      code: 'invalid_request',
      description: 'Invalid claims parameter at userinfo.name.essential: essential must be a boolean',
    });
    expect(oauthErrorOf(() => checkClaims(params({ claims: '{"id_token":["name"]}' }))).code).toBe(
      'invalid_request',
    );
  });

  it('names the subject that id_token.sub.value insists on', () => {
    expect(
      requestedSubject(checkClaims(params({ claims: '{"id_token":{"sub":{"value":"auth0|bob"}}}' }))),
    ).toBe('auth0|bob');
    expect(requestedSubject(checkClaims(params({ claims: '{"id_token":{"sub":null}}' })))).toBeUndefined();
    expect(
      oauthErrorOf(() =>
        requestedSubject(checkClaims(params({ claims: '{"id_token":{"sub":{"value":1}}}' }))),
      ),
    ).toEqual({
      code: 'invalid_request',
      description: 'Invalid claims parameter: id_token.sub.value must be a string.',
    });
  });
});

describe('checkAcr', () => {
  it('answers acr "0" for any acr_values (voluntary, OIDC Core §3.1.2.1) and nothing without them', () => {
    expect(checkAcr(params({ acr_values: '1 2' }), undefined)).toBe('0');
    expect(checkAcr(params({ acr_values: '0' }), undefined)).toBe('0');
    expect(checkAcr(params({}), undefined)).toBeUndefined();
  });

  it('answers an acr claim request that allows "0"; leaves out a voluntary one that does not', () => {
    expect(checkAcr(params({}), { id_token: { acr: null } })).toBe('0');
    expect(checkAcr(params({}), { id_token: { acr: { essential: true, values: ['x', '0'] } } })).toBe('0');
    expect(checkAcr(params({}), { id_token: { acr: { value: '0' } } })).toBe('0');
    expect(checkAcr(params({ acr_values: '0' }), { id_token: { acr: { values: ['x'] } } })).toBeUndefined();
  });

  it('fails an essential acr it cannot satisfy with unmet_authentication_requirements', () => {
    expect(
      oauthErrorOf(() =>
        checkAcr(params({}), {
          id_token: { acr: { essential: true, values: ['urn:mace:incommon:iap:silver'] } },
        }),
      ),
    ).toEqual({
      code: 'unmet_authentication_requirements',
      description: 'None of the essential acr values can be satisfied; this server supports: 0.',
    });
  });
});

describe('checkDisplay (OIDC Core §3.1.2.1)', () => {
  it('accepts page, popup, touch and wap, and no display at all', () => {
    for (const display of ['page', 'popup', 'touch', 'wap'])
      expect(() => checkDisplay(params({ display }))).not.toThrow();
    expect(() => checkDisplay(params({}))).not.toThrow();
  });

  it('refuses another value with invalid_request', () => {
    expect(oauthErrorOf(() => checkDisplay(params({ display: 'fullscreen' })))).toEqual({
      code: 'invalid_request',
      description: 'Unsupported display value: fullscreen (supported: page, popup, touch, wap).',
    });
  });
});
