import { describe, expect, it } from 'vitest';
import { OAuthError } from '../errors.ts';
import { demoTenant } from '../tenant/demo.ts';
import { parseTenant, type Tenant } from '../tenant/schema.ts';
import { parseAuthorizeParams } from './authorize-params.ts';
import { checkClient } from './client.ts';
import { checkNonce } from './nonce.ts';
import { checkParameters } from './parameters.ts';
import { checkPkce } from './pkce.ts';
import { checkConnection, checkMaxAge, checkPrompt } from './prompt.ts';
import { checkRedirectUri } from './redirect-uri.ts';
import { checkAudience, checkScope } from './request-scope.ts';
import {
  checkResponseMode,
  checkResponseType,
  checkResponseTypeAllowed,
  errorResponseMode,
} from './response-type.ts';

const parsed = parseTenant(demoTenant);
if (!parsed.ok) throw new Error('demo tenant');
const tenant: Tenant = {
  ...parsed.tenant,
  clients: parsed.tenant.clients.map((c) => ({
    ...c,
    redirectUris: c.redirectUris.map((u) => u.replace('{app}', 'http://app.test')),
  })),
};
const client = (id: string) => {
  const found = tenant.clients.find((c) => c.clientId === id);
  if (!found) throw new Error(id);
  return found;
};
const params = (record: Record<string, string> | [string, string][]) =>
  parseAuthorizeParams(Array.isArray(record) ? record : Object.entries(record));

function oauthErrorOf(fn: () => unknown): { code: string; description: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof OAuthError) return { code: error.code, description: error.description };
    throw error;
  }
  throw new Error('expected an OAuthError');
}

describe('parseAuthorizeParams', () => {
  it('keeps the first value, notes duplicates and overlong values, treats empty as omitted', () => {
    const p = params([
      ['a', '1'],
      ['a', '2'],
      ['b', ''],
      ['c', 'x'.repeat(8193)],
    ]);
    expect(p.values.get('a')).toBe('1');
    expect(p.values.has('b')).toBe(false);
    expect([...p.duplicated]).toEqual(['a']);
    expect([...p.overlong]).toEqual(['c']);
  });
});

describe('checkClient', () => {
  it('finds the client, or says why not', () => {
    expect(checkClient(tenant, params({ client_id: 'spa' })).clientId).toBe('spa');
    expect(oauthErrorOf(() => checkClient(tenant, params({})))).toEqual({
      code: 'invalid_request',
      description: 'Missing required parameter: client_id',
    });
    expect(oauthErrorOf(() => checkClient(tenant, params({ client_id: 'x' })))).toEqual({
      code: 'invalid_client',
      description: 'Unknown client: x',
    });
  });
});

describe('checkRedirectUri', () => {
  it('needs an exact match', () => {
    expect(
      checkRedirectUri(client('spa'), params({ redirect_uri: 'http://localhost:3000/callback' })),
    ).toEqual({
      uri: 'http://localhost:3000/callback',
      sent: true,
    });
    expect(
      oauthErrorOf(() =>
        checkRedirectUri(client('spa'), params({ redirect_uri: 'http://localhost:3000/callback#x' })),
      ).description,
    ).toMatch(/^Callback URL mismatch\./);
  });
});

describe('checkParameters', () => {
  it('refuses duplicates, overlong values and request objects', () => {
    expect(
      oauthErrorOf(() =>
        checkParameters(
          params([
            ['scope', 'a'],
            ['scope', 'b'],
          ]),
        ),
      ).code,
    ).toBe('invalid_request');
    expect(oauthErrorOf(() => checkParameters(params({ state: 's'.repeat(8193) }))).code).toBe(
      'invalid_request',
    );
    // A request object (or pushed request) that itself carries request_uri (RFC 9101 §4).
    expect(oauthErrorOf(() => checkParameters(params({ request_uri: 'urn:x' }))).code).toBe(
      'invalid_request_object',
    );
    expect(() => checkParameters(params({ scope: 'openid' }))).not.toThrow();
  });
});

describe('checkResponseType and checkResponseMode', () => {
  it('accepts the four types in any order and defaults the mode (query for code, fragment otherwise)', () => {
    expect(checkResponseType(params({ response_type: 'code' }))).toBe('code');
    expect(checkResponseType(params({ response_type: 'token id_token' }))).toBe('id_token token');
    expect(checkResponseMode(params({}), 'code')).toBe('query');
    expect(checkResponseMode(params({}), 'token')).toBe('fragment');
    expect(checkResponseMode(params({}), 'id_token')).toBe('fragment');
    expect(checkResponseMode(params({ response_mode: 'form_post' }), 'token')).toBe('form_post');
    expect(checkResponseMode(params({ response_mode: 'fragment' }), 'code')).toBe('fragment');
  });

  it('refuses unknown types and tokens in the query (OIDC Core §3.3.2.5)', () => {
    expect(oauthErrorOf(() => checkResponseType(params({ response_type: 'code magic' }))).code).toBe(
      'unsupported_response_type',
    );
    expect(
      oauthErrorOf(() => checkResponseMode(params({ response_mode: 'query' }), 'code id_token')).code,
    ).toBe('invalid_request');
    expect(oauthErrorOf(() => checkResponseMode(params({ response_mode: 'query' }), 'id_token')).code).toBe(
      'invalid_request',
    );
  });

  it('delivers errors about a request in a usable mode', () => {
    expect(errorResponseMode(params({ response_type: 'token', response_mode: 'query' }))).toBe('fragment');
    expect(errorResponseMode(params({ response_type: 'code', response_mode: 'form_post' }))).toBe(
      'form_post',
    );
    expect(errorResponseMode(params({ response_type: 'bogus' }))).toBe('query');
    expect(errorResponseMode(params({}))).toBe('query');
  });

  it('needs the grant of the response type', () => {
    expect(() => checkResponseTypeAllowed(client('spa'), 'token')).not.toThrow();
    expect(oauthErrorOf(() => checkResponseTypeAllowed(client('web-app'), 'id_token')).code).toBe(
      'unauthorized_client',
    );
    expect(oauthErrorOf(() => checkResponseTypeAllowed(client('m2m'), 'code')).code).toBe(
      'unauthorized_client',
    );
  });
});

describe('checkScope and checkAudience', () => {
  it('drops unknown scopes, keeps the API scopes of the audience', () => {
    const api = checkAudience(tenant, params({ audience: 'https://api.example.com' }));
    expect(checkScope(params({ scope: 'openid read:messages nope offline_access' }), api, 'code')).toEqual([
      'openid',
      'read:messages',
      'offline_access',
    ]);
    expect(checkScope(params({ scope: 'read:messages' }), undefined, 'code')).toEqual([]);
  });

  it('never grants offline_access to implicit responses', () => {
    expect(checkScope(params({ scope: 'openid offline_access' }), undefined, 'id_token token')).toEqual([
      'openid',
    ]);
  });

  it('an unknown audience is access_denied', () => {
    expect(oauthErrorOf(() => checkAudience(tenant, params({ audience: 'x' })))).toEqual({
      code: 'access_denied',
      description: 'Service not found: x',
    });
  });
});

describe('checkNonce', () => {
  it('is required for ID tokens only', () => {
    expect(checkNonce(params({}), 'code')).toBeUndefined();
    expect(checkNonce(params({}), 'token')).toBeUndefined();
    expect(checkNonce(params({ nonce: 'n' }), 'id_token')).toBe('n');
    expect(oauthErrorOf(() => checkNonce(params({}), 'id_token token')).code).toBe('invalid_request');
  });
});

describe('checkPkce', () => {
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
  it('is required for the public spa client, optional for web-app, plain by default', () => {
    expect(oauthErrorOf(() => checkPkce(client('spa'), params({}), 'code')).code).toBe('invalid_request');
    expect(checkPkce(client('web-app'), params({}), 'code')).toEqual({});
    expect(checkPkce(client('spa'), params({ code_challenge: challenge }), 'code')).toEqual({
      codeChallenge: challenge,
      codeChallengeMethod: 'plain',
    });
    expect(checkPkce(client('spa'), params({}), 'token')).toEqual({});
  });

  it('checks the challenge: 43 to 128 unreserved characters', () => {
    const ok = (c: string) =>
      checkPkce(client('web-app'), params({ code_challenge: c, code_challenge_method: 'S256' }), 'code');
    expect(ok('a'.repeat(43)).codeChallenge).toHaveLength(43);
    expect(ok(`${'A'.repeat(124)}-._~`).codeChallenge).toHaveLength(128);
    expect(oauthErrorOf(() => ok('a'.repeat(42))).code).toBe('invalid_request');
    expect(oauthErrorOf(() => ok(`${'a'.repeat(42)}=`)).code).toBe('invalid_request');
  });
});

describe('checkPrompt, checkMaxAge, checkConnection', () => {
  it('parses prompt values and refuses none with others', () => {
    expect(checkPrompt(params({ prompt: 'login consent' }))).toEqual(['login', 'consent']);
    expect(checkPrompt(params({}))).toEqual([]);
    expect(oauthErrorOf(() => checkPrompt(params({ prompt: 'none consent' }))).code).toBe('invalid_request');
  });

  it('max_age is a non-negative integer', () => {
    expect(checkMaxAge(params({ max_age: '0' }))).toBe(0);
    expect(checkMaxAge(params({ max_age: '3600' }))).toBe(3600);
    expect(oauthErrorOf(() => checkMaxAge(params({ max_age: '1.5' }))).code).toBe('invalid_request');
    expect(oauthErrorOf(() => checkMaxAge(params({ max_age: '99999999999' }))).code).toBe('invalid_request');
  });

  it('connection must exist', () => {
    expect(checkConnection(tenant, params({ connection: 'Username-Password-Authentication' }))).toBe(
      'Username-Password-Authentication',
    );
    expect(oauthErrorOf(() => checkConnection(tenant, params({ connection: 'x' }))).code).toBe(
      'invalid_request',
    );
  });
});
