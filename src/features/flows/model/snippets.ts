/**
 * The flows as oauth4webapi programs (https://github.com/panva/oauth4webapi), for the run's export.
 * A flow declares one in its `snippet`; the export writes discovery and the client around its body.
 */
import type { FlowSnippet, SnippetWriter } from './types.ts';

function printResult(): string[] {
  // Teach the habit: tokens are credentials, so the sample logs what was granted, never their values.
  return ["console.log('granted', result.scope, 'expires in', result.expires_in, 's');"];
}

/** RFC 6749 §4.1, with or without PKCE (RFC 7636). */
export function authorizationCodeSnippet(pkce: boolean): FlowSnippet {
  return {
    body(w) {
      const redirectUri = w.param('redirect_uri', 'http://localhost:3000/callback') ?? '';
      return [
        `const redirectUri = ${w.js(redirectUri)};`,
        ...(pkce
          ? [
              '// RFC 7636 §4.1–4.2: a fresh verifier per request; only its S256 challenge is sent.',
              'const codeVerifier = oauth.generateRandomCodeVerifier();',
              'const codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);',
            ]
          : []),
        'const state = oauth.generateRandomState();',
        'const nonce = oauth.generateRandomNonce();',
        '',
        '// Step 1: send the browser to the authorization endpoint (RFC 6749 §4.1.1).',
        'const authorizationUrl = new URL(as.authorization_endpoint);',
        "authorizationUrl.searchParams.set('client_id', client.client_id);",
        "authorizationUrl.searchParams.set('redirect_uri', redirectUri);",
        "authorizationUrl.searchParams.set('response_type', 'code');",
        `authorizationUrl.searchParams.set('scope', ${w.js(w.param('scope', 'openid profile email') ?? '')});`,
        ...w.setParams('authorizationUrl.searchParams', [
          'audience',
          'prompt',
          'max_age',
          'login_hint',
          'response_mode',
        ]),
        "authorizationUrl.searchParams.set('state', state);",
        "authorizationUrl.searchParams.set('nonce', nonce);",
        ...(pkce
          ? [
              "authorizationUrl.searchParams.set('code_challenge', codeChallenge);",
              "authorizationUrl.searchParams.set('code_challenge_method', 'S256');",
            ]
          : []),
        `// Keep state, nonce${pkce ? ' and codeVerifier' : ''} (e.g. in sessionStorage), then:`,
        'location.assign(authorizationUrl.href);',
        '',
        '// Step 2: on the redirect URI, check the response and redeem the code (RFC 6749 §4.1.3).',
        'const callbackParams = oauth.validateAuthResponse(as, client, new URL(location.href), state);',
        'const response = await oauth.authorizationCodeGrantRequest(',
        '  as,',
        '  client,',
        '  clientAuth,',
        '  callbackParams,',
        '  redirectUri,',
        `  ${pkce ? 'codeVerifier' : 'oauth.nopkce'},`,
        '  { ...http },',
        ');',
        'const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce });',
        'console.log(oauth.getValidatedIdTokenClaims(result));',
        ...printResult(),
      ];
    },
  };
}

/** RFC 6749 §4.2: oauth4webapi has none, so the request is written out. */
export const implicitSnippet: FlowSnippet = {
  body(w) {
    const responseType = w.param('response_type', 'id_token token') ?? '';
    return [
      '// oauth4webapi has no implicit flow: RFC 9700 §2.1.2 says not to use it. Prefer',
      '// Authorization Code + PKCE. For reading old apps, this is what the implicit request is:',
      'const state = oauth.generateRandomState();',
      'const nonce = oauth.generateRandomNonce();',
      'const authorizationUrl = new URL(as.authorization_endpoint);',
      "authorizationUrl.searchParams.set('client_id', client.client_id);",
      `authorizationUrl.searchParams.set('redirect_uri', ${w.js(w.param('redirect_uri', 'http://localhost:3000/callback') ?? '')});`,
      `authorizationUrl.searchParams.set('response_type', ${w.js(responseType)});`,
      `authorizationUrl.searchParams.set('scope', ${w.js(w.param('scope', 'openid profile') ?? '')});`,
      ...w.setParams('authorizationUrl.searchParams', ['audience', 'response_mode', 'prompt']),
      "authorizationUrl.searchParams.set('state', state);",
      "authorizationUrl.searchParams.set('nonce', nonce);",
      'location.assign(authorizationUrl.href);',
      '',
      '// Back on the redirect URI the tokens are in the fragment (RFC 6749 §4.2.2):',
      'const fragment = new URLSearchParams(location.hash.slice(1));',
      "if (fragment.get('state') !== state) throw new Error('state mismatch');",
      "const accessToken = fragment.get('access_token'); // keep it in memory; never log it",
      "const idToken = fragment.get('id_token');",
      "history.replaceState(null, '', location.pathname); // take the tokens out of the address bar",
    ];
  },
};

/** RFC 6749 §4.4. */
export const clientCredentialsSnippet: FlowSnippet = {
  body(w) {
    return [
      '// RFC 6749 §4.4; Auth0 requires the audience (the API).',
      'const parameters = new URLSearchParams();',
      ...w.setParams('parameters', ['audience', 'scope']),
      'const response = await oauth.clientCredentialsGrantRequest(as, client, clientAuth, parameters, { ...http });',
      'const result = await oauth.processClientCredentialsResponse(as, client, response);',
      ...printResult(),
    ];
  },
};

/** RFC 6749 §4.3, or Auth0's password-realm grant. */
export const passwordSnippet: FlowSnippet = {
  body(w) {
    const realm = w.param('realm');
    const grantType = realm ? 'http://auth0.com/oauth/grant-type/password-realm' : 'password';
    return [
      '// RFC 6749 §4.3. RFC 9700 §2.4: the password grant MUST NOT be used; shown for legacy apps.',
      'const parameters = new URLSearchParams();',
      `parameters.set('username', ${w.js(w.param('username', 'alice@example.com') ?? '')});`,
      `parameters.set('password', ${w.secret('password', '<password>')});`,
      ...w.setParams('parameters', ['realm', 'audience', 'scope']),
      `const response = await oauth.genericTokenEndpointRequest(as, client, clientAuth, ${w.js(grantType)}, parameters, { ...http });`,
      'const result = await oauth.processGenericTokenEndpointResponse(as, client, response);',
      ...printResult(),
    ];
  },
};

/** RFC 8628. */
export const deviceSnippet: FlowSnippet = {
  body(w) {
    return [
      '// RFC 8628 §3.1: ask for a device code and a user code.',
      'const parameters = new URLSearchParams();',
      ...w.setParams('parameters', ['scope', 'audience']),
      'const authorization = await oauth.processDeviceAuthorizationResponse(',
      '  as,',
      '  client,',
      '  await oauth.deviceAuthorizationRequest(as, client, clientAuth, parameters, { ...http }),',
      ');',
      "console.log('Open', authorization.verification_uri, 'and enter', authorization.user_code);",
      '',
      '// RFC 8628 §3.4–3.5: poll every `interval` seconds; slow_down adds 5 seconds.',
      ...pollingLoop(
        'authorization.interval',
        'oauth.deviceCodeGrantRequest(as, client, clientAuth, authorization.device_code, { ...http })',
        'oauth.processDeviceCodeResponse',
      ),
      ...printResult(),
    ];
  },
};

/** Polls the token endpoint every `interval` seconds while pending; slow_down adds 5 seconds. */
function pollingLoop(interval: string, request: string, process: string): string[] {
  return [
    `let interval = ${interval} ?? 5;`,
    'let result;',
    'while (!result) {',
    '  await new Promise((resolve) => setTimeout(resolve, interval * 1000));',
    `  const response = await ${request};`,
    '  try {',
    `    result = await ${process}(as, client, response);`,
    '  } catch (error) {',
    "    if (error instanceof oauth.ResponseBodyError && error.error === 'authorization_pending') continue;",
    "    if (error instanceof oauth.ResponseBodyError && error.error === 'slow_down') interval += 5;",
    '    else throw error;',
    '  }',
    '}',
  ];
}

/** OpenID CIBA Core, poll mode. */
export const cibaSnippet: FlowSnippet = {
  body(w) {
    return [
      '// CIBA Core §7.1: name the user; the binding message shows on both devices.',
      'const parameters = new URLSearchParams();',
      ...w.setParams('parameters', ['scope', 'audience', 'login_hint', 'binding_message']),
      'const authorization = await oauth.processBackchannelAuthenticationResponse(',
      '  as,',
      '  client,',
      '  await oauth.backchannelAuthenticationRequest(as, client, clientAuth, parameters, { ...http }),',
      ');',
      "console.log('The user approves on their authentication device; auth_req_id expires in', authorization.expires_in, 's');",
      '',
      '// CIBA Core §10.1 and §11: poll every `interval` seconds; slow_down adds 5 seconds.',
      ...pollingLoop(
        'authorization.interval',
        'oauth.backchannelAuthenticationGrantRequest(as, client, clientAuth, authorization.auth_req_id, { ...http })',
        'oauth.processBackchannelAuthenticationGrantResponse',
      ),
      ...printResult(),
    ];
  },
};

/** RFC 6749 §6. */
export const refreshTokenSnippet: FlowSnippet = {
  body(w) {
    return [
      '// RFC 6749 §6. A rotating client gets a new refresh token each time (RFC 9700 §4.14).',
      `const refreshToken = ${w.secret('refresh_token', '<refresh_token>')};`,
      ...(w.param('scope')
        ? [`const additionalParameters = { scope: ${w.js(w.param('scope') ?? '')} };`]
        : ['const additionalParameters = {};']),
      'const response = await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, {',
      '  ...http,',
      '  additionalParameters,',
      '});',
      'const result = await oauth.processRefreshTokenResponse(as, client, response);',
      "console.log('refresh token rotated:', result.refresh_token !== undefined && result.refresh_token !== refreshToken);",
      ...printResult(),
    ];
  },
};

/** RFC 8693. */
export const tokenExchangeSnippet: FlowSnippet = {
  body(w) {
    return [
      '// RFC 8693 §2.1: exchange a token this server issued for one meant for another audience.',
      'const parameters = new URLSearchParams();',
      `parameters.set('subject_token', ${w.secret('subject_token', '<subject_token>')});`,
      `parameters.set('subject_token_type', ${w.js(w.param('subject_token_type', 'urn:ietf:params:oauth:token-type:access_token') ?? '')});`,
      ...w.setParams('parameters', ['audience', 'scope', 'requested_token_type']),
      'const response = await oauth.genericTokenEndpointRequest(',
      '  as,',
      '  client,',
      '  clientAuth,',
      "  'urn:ietf:params:oauth:grant-type:token-exchange',",
      '  parameters,',
      '  { ...http },',
      ');',
      'const result = await oauth.processGenericTokenEndpointResponse(as, client, response);',
      "console.log('issued token type', result.issued_token_type);",
      ...printResult(),
    ];
  },
};

/** A key pair made where the program runs, and a client registered with its public key (RFC 7591). */
export function registeredClient(w: SnippetWriter, metadata: string[]): string[] {
  const alg = w.param('signing_alg', 'ES256') ?? 'ES256';
  return [
    `// The client's key pair: the private key stays here, only the public JWK is registered.`,
    `const { privateKey, publicKey } = await crypto.subtle.generateKey(${alg === 'ES256' ? "{ name: 'ECDSA', namedCurve: 'P-256' }" : `{ name: ${w.js(alg === 'PS256' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5')}, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }`}, false, ['sign', 'verify']);`,
    "const publicJwk = { ...(await crypto.subtle.exportKey('jwk', publicKey)), alg: " +
      w.js(alg) +
      ", use: 'sig', kid: 'key-1' };",
    "const key = { key: privateKey, kid: 'key-1' };",
    '// RFC 7591 §3.1: register the client; the answer is its client_id.',
    'const client = await oauth.processDynamicClientRegistrationResponse(',
    '  await oauth.dynamicClientRegistrationRequest(',
    '    as,',
    '    {',
    ...metadata.map((line) => `      ${line}`),
    '      jwks: { keys: [publicJwk] },',
    '    },',
    '    { ...http },',
    '  ),',
    ');',
  ];
}

/** RFC 9126, then the code grant. */
export const pushedAuthorizationSnippet: FlowSnippet = {
  body(w) {
    const redirectUri = w.param('redirect_uri', 'http://localhost:3000/callback') ?? '';
    return [
      `const redirectUri = ${w.js(redirectUri)};`,
      'const codeVerifier = oauth.generateRandomCodeVerifier();',
      'const state = oauth.generateRandomState();',
      '',
      '// Step 1: push every authorization parameter, authenticated (RFC 9126 §2.1).',
      'const parameters = new URLSearchParams();',
      "parameters.set('response_type', 'code');",
      "parameters.set('redirect_uri', redirectUri);",
      `parameters.set('scope', ${w.js(w.param('scope', 'openid profile email') ?? '')});`,
      ...w.setParams('parameters', ['audience']),
      "parameters.set('state', state);",
      "parameters.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));",
      "parameters.set('code_challenge_method', 'S256');",
      'const pushed = await oauth.processPushedAuthorizationResponse(',
      '  as,',
      '  client,',
      '  await oauth.pushedAuthorizationRequest(as, client, clientAuth, parameters, { ...http }),',
      ');',
      '',
      '// Step 2: the browser carries only client_id and the one-time request_uri (RFC 9126 §4).',
      'const authorizationUrl = new URL(as.authorization_endpoint);',
      "authorizationUrl.searchParams.set('client_id', client.client_id);",
      "authorizationUrl.searchParams.set('request_uri', pushed.request_uri);",
      'location.assign(authorizationUrl.href);',
      '',
      '// Step 3: on the redirect URI, check the response and redeem the code.',
      'const callbackParams = oauth.validateAuthResponse(as, client, new URL(location.href), state);',
      'const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, callbackParams, redirectUri, codeVerifier, { ...http });',
      'const result = await oauth.processAuthorizationCodeResponse(as, client, response);',
      ...printResult(),
    ];
  },
};

/** RFC 9101 with a client registered by the program (RFC 7591). */
export const signedRequestSnippet: FlowSnippet = {
  registersClient: true,
  body(w) {
    const redirectUri = w.param('redirect_uri', 'http://localhost:3000/callback') ?? '';
    return [
      `const redirectUri = ${w.js(redirectUri)};`,
      ...registeredClient(w, [
        "client_name: 'JAR client',",
        'redirect_uris: [redirectUri],',
        "token_endpoint_auth_method: 'none',",
      ]),
      'const codeVerifier = oauth.generateRandomCodeVerifier();',
      'const state = oauth.generateRandomState();',
      '',
      '// Step 1: sign every authorization parameter into a request object (RFC 9101 §4).',
      'const parameters = new URLSearchParams();',
      "parameters.set('response_type', 'code');",
      "parameters.set('redirect_uri', redirectUri);",
      `parameters.set('scope', ${w.js(w.param('scope', 'openid profile email') ?? '')});`,
      ...w.setParams('parameters', ['audience']),
      "parameters.set('state', state);",
      "parameters.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));",
      "parameters.set('code_challenge_method', 'S256');",
      'const request = await oauth.issueRequestObject(as, client, parameters, key);',
      '',
      '// Step 2: /authorize gets client_id and the signed request only (RFC 9101 §5).',
      'const authorizationUrl = new URL(as.authorization_endpoint);',
      "authorizationUrl.searchParams.set('client_id', client.client_id);",
      "authorizationUrl.searchParams.set('request', request);",
      'location.assign(authorizationUrl.href);',
      '',
      '// Step 3: on the redirect URI, redeem the code as a public client.',
      'const callbackParams = oauth.validateAuthResponse(as, client, new URL(location.href), state);',
      'const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), callbackParams, redirectUri, codeVerifier, { ...http });',
      'const result = await oauth.processAuthorizationCodeResponse(as, client, response);',
      ...printResult(),
    ];
  },
};

/** RFC 7523 §2.2 client authentication with a client registered by the program. */
export const privateKeyJwtSnippet: FlowSnippet = {
  registersClient: true,
  body(w) {
    return [
      ...registeredClient(w, [
        "client_name: 'private_key_jwt client',",
        "grant_types: ['client_credentials'],",
        "token_endpoint_auth_method: 'private_key_jwt',",
      ]),
      '// RFC 7523 §2.2: each request carries a new assertion signed with the private key.',
      'const clientAuth = oauth.PrivateKeyJwt(key);',
      'const parameters = new URLSearchParams();',
      ...w.setParams('parameters', ['audience', 'scope']),
      'const response = await oauth.clientCredentialsGrantRequest(as, client, clientAuth, parameters, { ...http });',
      'const result = await oauth.processClientCredentialsResponse(as, client, response);',
      ...printResult(),
    ];
  },
};

/** RFC 9396: authorization_details on the code flow, then the API with the granted details. */
export const richAuthorizationSnippet: FlowSnippet = {
  body(w) {
    const redirectUri = w.param('redirect_uri', 'http://localhost:3000/callback') ?? '';
    const details = w.param('authorization_details', '[]') ?? '[]';
    return [
      `const redirectUri = ${w.js(redirectUri)};`,
      'const codeVerifier = oauth.generateRandomCodeVerifier();',
      'const state = oauth.generateRandomState();',
      '// RFC 9396 §2: what the app asks for, as structured JSON.',
      `const authorizationDetails = ${w.js(details)};`,
      '',
      'const authorizationUrl = new URL(as.authorization_endpoint);',
      "authorizationUrl.searchParams.set('client_id', client.client_id);",
      "authorizationUrl.searchParams.set('redirect_uri', redirectUri);",
      "authorizationUrl.searchParams.set('response_type', 'code');",
      `authorizationUrl.searchParams.set('scope', ${w.js(w.param('scope', 'openid') ?? '')});`,
      ...w.setParams('authorizationUrl.searchParams', ['audience']),
      "authorizationUrl.searchParams.set('authorization_details', JSON.stringify(JSON.parse(authorizationDetails)));",
      "authorizationUrl.searchParams.set('state', state);",
      "authorizationUrl.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));",
      "authorizationUrl.searchParams.set('code_challenge_method', 'S256');",
      'location.assign(authorizationUrl.href);',
      '',
      '// On the redirect URI: redeem the code; RFC 9396 §7: the response says what was granted.',
      'const callbackParams = oauth.validateAuthResponse(as, client, new URL(location.href), state);',
      'const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, callbackParams, redirectUri, codeVerifier, { ...http });',
      'const result = await oauth.processAuthorizationCodeResponse(as, client, response);',
      "console.log('granted', result.authorization_details);",
      '// RFC 9396 §9: the API enforces the details (here GET needs read, POST needs write).',
      `const api = new URL('api/messages', as.issuer);`,
      "const messages = await oauth.protectedResourceRequest(result.access_token, 'GET', api, undefined, undefined, { ...http });",
      'console.log(messages.status, await messages.json());',
    ];
  },
};

/** OIDC Core §3.3 (`code id_token`, which oauth4webapi validates: signature, nonce, c_hash, iss). */
export const hybridSnippet: FlowSnippet = {
  body(w) {
    const redirectUri = w.param('redirect_uri', 'http://localhost:3000/callback') ?? '';
    const responseType = w.param('response_type', 'code id_token') ?? 'code id_token';
    return [
      `const redirectUri = ${w.js(redirectUri)};`,
      'const state = oauth.generateRandomState();',
      '// OIDC Core §3.3.2.11: a nonce is required in the hybrid flow.',
      'const nonce = oauth.generateRandomNonce();',
      ...(responseType === 'code id_token'
        ? []
        : [
            `// The run used ${responseType}; oauth4webapi validates the code id_token response type,`,
            '// so this program asks for that one.',
          ]),
      'const authorizationUrl = new URL(as.authorization_endpoint);',
      "authorizationUrl.searchParams.set('client_id', client.client_id);",
      "authorizationUrl.searchParams.set('redirect_uri', redirectUri);",
      "authorizationUrl.searchParams.set('response_type', 'code id_token');",
      `authorizationUrl.searchParams.set('scope', ${w.js(w.param('scope', 'openid profile') ?? '')});`,
      ...w.setParams('authorizationUrl.searchParams', ['audience', 'response_mode']),
      "authorizationUrl.searchParams.set('state', state);",
      "authorizationUrl.searchParams.set('nonce', nonce);",
      'location.assign(authorizationUrl.href);',
      '',
      '// On the redirect URI (the fragment; a form post arrives as a POST Request instead):',
      '// iss (RFC 9207), state, the ID token signature, nonce and c_hash (OIDC Core §3.3.2.12).',
      'const fragment = new URLSearchParams(location.hash.slice(1));',
      'const callbackParams = await oauth.validateCodeIdTokenResponse(as, client, fragment, nonce, state, undefined, { ...http });',
      'const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, callbackParams, redirectUri, oauth.nopkce, { ...http });',
      'const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce });',
      'console.log(oauth.getValidatedIdTokenClaims(result));',
      ...printResult(),
    ];
  },
};
