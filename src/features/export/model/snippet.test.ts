import { describe, expect, it } from 'vitest';
import { flowIds } from '../../flows/index.ts';
import { flowSnippet } from './snippet.ts';

/** Compiles a snippet without running it: the import line becomes a parameter of an async function. */
function compiles(code: string) {
  const body = code.replace("import * as oauth from 'oauth4webapi';", '');
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => unknown;
  return new AsyncFunction('oauth', 'location', body);
}

const params = {
  client_id: 'web-app',
  client_secret: 'web-app-secret',
  scope: 'openid profile offline_access',
  audience: 'https://api.example.com',
  username: 'alice@example.com',
  password: 'wonderland',
  refresh_token: 'v1.refresh',
  subject_token: 'eyJ.subject',
  redirect_uri: 'http://localhost:4173/callback',
};

describe('oauth4webapi snippets', () => {
  it.each(flowIds)('%s compiles and uses oauth4webapi', (flowId) => {
    const code = flowSnippet({ flowId, issuer: 'http://localhost:4173/server/', params });
    expect(code).toContain("import * as oauth from 'oauth4webapi';");
    expect(() => compiles(code)).not.toThrow();
    for (const secret of ['web-app-secret', 'wonderland', 'v1.refresh', 'eyJ.subject'])
      expect(code).not.toContain(secret);
  });

  it('calls the grant function of each flow', () => {
    const issuer = 'https://tenant.example.com/';
    const call = (flowId: string) => flowSnippet({ flowId, issuer, params });
    expect(call('auth-code-pkce')).toContain('oauth.calculatePKCECodeChallenge(codeVerifier)');
    expect(call('auth-code')).toContain('oauth.nopkce');
    expect(call('client-credentials')).toContain('oauth.clientCredentialsGrantRequest(');
    expect(call('password')).toContain(
      `oauth.genericTokenEndpointRequest(as, client, clientAuth, "password"`,
    );
    expect(call('device')).toContain('oauth.deviceCodeGrantRequest(');
    expect(call('ciba')).toContain('oauth.backchannelAuthenticationGrantRequest(');
    expect(call('refresh-token')).toContain('oauth.refreshTokenGrantRequest(');
    expect(call('token-exchange')).toContain("'urn:ietf:params:oauth:grant-type:token-exchange'");
    expect(call('client-credentials')).not.toContain('allowInsecureRequests');
    expect(call('auth-code-par')).toContain('oauth.pushedAuthorizationRequest(');
    expect(call('jar')).toContain('oauth.issueRequestObject(as, client, parameters, key)');
    expect(call('jar')).toContain('oauth.dynamicClientRegistrationRequest(');
    expect(call('private-key-jwt')).toContain('oauth.PrivateKeyJwt(key)');
    expect(call('private-key-jwt')).not.toContain('const client = { client_id');
    expect(call('rar')).toContain("searchParams.set('authorization_details',");
    expect(call('hybrid')).toContain('oauth.validateCodeIdTokenResponse(as, client, fragment, nonce, state');
  });

  it('allows plain http only for an http issuer, and reveals secrets when asked', () => {
    const code = flowSnippet({ flowId: 'password', issuer: 'http://localhost:4000/', params, reveal: true });
    expect(code).toContain('oauth.allowInsecureRequests');
    expect(code).toContain('oauth.ClientSecretPost("web-app-secret")');
    expect(code).toContain(`parameters.set('password', "wonderland");`);
  });

  it('authenticates as the run did (client_secret_basic)', () => {
    const code = flowSnippet({
      flowId: 'auth-code',
      issuer: 'http://localhost:4000/',
      params: { ...params, client_auth: 'client_secret_basic' },
    });
    expect(code).toContain('const clientAuth = oauth.ClientSecretBasic("<masked>");');
  });

  it('uses client_id alone for a public client', () => {
    const code = flowSnippet({
      flowId: 'auth-code-pkce',
      issuer: 'http://localhost:4000/',
      params: { client_id: 'spa', scope: 'openid' },
    });
    expect(code).toContain('const clientAuth = oauth.None();');
    expect(code).toContain('const client = { client_id: "spa" };');
  });

  it('quotes parameter values as JavaScript strings', () => {
    const code = flowSnippet({
      flowId: 'client-credentials',
      issuer: 'http://localhost:4000/',
      params: { client_id: 'm2m";alert(1);"', audience: "a'b" },
    });
    expect(code).toContain('const client = { client_id: "m2m\\";alert(1);\\"" };');
    expect(() => compiles(code)).not.toThrow();
  });

  it('refuses an unknown flow', () => {
    expect(() => flowSnippet({ flowId: 'nope', issuer: 'http://x/', params })).toThrow(
      'no snippet for the flow nope',
    );
  });
});
