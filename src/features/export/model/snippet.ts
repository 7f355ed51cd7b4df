import { type FlowId, isFlowId } from '../../flows/index.ts';
import { type ExportOptions, MASK } from './secrets.ts';

export interface SnippetInput extends ExportOptions {
  flowId: string;
  /** The issuer the flow ran against (the in-browser server's, or another provider's). */
  issuer: string;
  /** The flow's parameters under their OAuth names: client_id, client_secret, scope, audience, ... */
  params: Readonly<Record<string, string | undefined>>;
}

const js = (value: string) => JSON.stringify(value);

function secret(value: string | undefined, options: ExportOptions, placeholder: string) {
  if (!value) return js(placeholder);
  return js(options.reveal ? value : MASK);
}

function header(input: SnippetInput, lines: string[]): string[] {
  const insecure = input.issuer.startsWith('http://');
  const clientSecret = input.params.client_secret;
  const clientId = input.params.client_id ?? 'your-client-id';
  return [
    `// ${flowTitle(input.flowId)}, with oauth4webapi (https://github.com/panva/oauth4webapi).`,
    '// npm install oauth4webapi',
    "import * as oauth from 'oauth4webapi';",
    '',
    `const issuer = new URL(${js(input.issuer)});`,
    ...(insecure
      ? [
          '// The issuer is plain http (a local server): oauth4webapi refuses that unless told.',
          'const http = { [oauth.allowInsecureRequests]: true };',
        ]
      : ['const http = {};']),
    'const as = await oauth',
    '  .discoveryRequest(issuer, { ...http })',
    '  .then((response) => oauth.processDiscoveryResponse(issuer, response));',
    '',
    `const client = { client_id: ${js(clientId)} };`,
    clientSecret
      ? `const clientAuth = oauth.${input.params.client_auth === 'client_secret_basic' ? 'ClientSecretBasic' : 'ClientSecretPost'}(${secret(clientSecret, input, '<client_secret>')});`
      : '// A public client authenticates with its client_id alone (RFC 6749 §2.1).\nconst clientAuth = oauth.None();',
    '',
    ...lines,
  ];
}

function param(input: SnippetInput, name: string, fallback?: string): string | undefined {
  const value = input.params[name];
  return value === undefined || value === '' ? fallback : value;
}

/** `parameters.set(...)` lines for the optional parameters that were set. */
function setParams(input: SnippetInput, target: string, names: string[]): string[] {
  return names
    .filter((name) => param(input, name) !== undefined)
    .map((name) => `${target}.set(${js(name)}, ${js(param(input, name) ?? '')});`);
}

function printResult(): string[] {
  // Teach the habit: tokens are credentials, so the sample logs what was granted, never their values.
  return ["console.log('granted', result.scope, 'expires in', result.expires_in, 's');"];
}

function authorizationCode(input: SnippetInput, pkce: boolean): string[] {
  const redirectUri = param(input, 'redirect_uri', 'http://localhost:3000/callback') ?? '';
  return header(input, [
    `const redirectUri = ${js(redirectUri)};`,
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
    `authorizationUrl.searchParams.set('scope', ${js(param(input, 'scope', 'openid profile email') ?? '')});`,
    ...setParams(input, 'authorizationUrl.searchParams', [
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
  ]);
}

function implicit(input: SnippetInput): string[] {
  const responseType = param(input, 'response_type', 'id_token token') ?? '';
  return header(input, [
    '// oauth4webapi has no implicit flow: RFC 9700 §2.1.2 says not to use it. Prefer',
    '// Authorization Code + PKCE. For reading old apps, this is what the implicit request is:',
    'const state = oauth.generateRandomState();',
    'const nonce = oauth.generateRandomNonce();',
    'const authorizationUrl = new URL(as.authorization_endpoint);',
    "authorizationUrl.searchParams.set('client_id', client.client_id);",
    `authorizationUrl.searchParams.set('redirect_uri', ${js(param(input, 'redirect_uri', 'http://localhost:3000/callback') ?? '')});`,
    `authorizationUrl.searchParams.set('response_type', ${js(responseType)});`,
    `authorizationUrl.searchParams.set('scope', ${js(param(input, 'scope', 'openid profile') ?? '')});`,
    ...setParams(input, 'authorizationUrl.searchParams', ['audience', 'response_mode', 'prompt']),
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
  ]);
}

function clientCredentials(input: SnippetInput): string[] {
  return header(input, [
    '// RFC 6749 §4.4; Auth0 requires the audience (the API).',
    'const parameters = new URLSearchParams();',
    ...setParams(input, 'parameters', ['audience', 'scope']),
    'const response = await oauth.clientCredentialsGrantRequest(as, client, clientAuth, parameters, { ...http });',
    'const result = await oauth.processClientCredentialsResponse(as, client, response);',
    ...printResult(),
  ]);
}

function password(input: SnippetInput): string[] {
  const realm = param(input, 'realm');
  const grantType = realm ? 'http://auth0.com/oauth/grant-type/password-realm' : 'password';
  return header(input, [
    '// RFC 6749 §4.3. RFC 9700 §2.4: the password grant MUST NOT be used; shown for legacy apps.',
    'const parameters = new URLSearchParams();',
    `parameters.set('username', ${js(param(input, 'username', 'alice@example.com') ?? '')});`,
    `parameters.set('password', ${secret(param(input, 'password'), input, '<password>')});`,
    ...setParams(input, 'parameters', ['realm', 'audience', 'scope']),
    `const response = await oauth.genericTokenEndpointRequest(as, client, clientAuth, ${js(grantType)}, parameters, { ...http });`,
    'const result = await oauth.processGenericTokenEndpointResponse(as, client, response);',
    ...printResult(),
  ]);
}

function device(input: SnippetInput): string[] {
  return header(input, [
    '// RFC 8628 §3.1: ask for a device code and a user code.',
    'const parameters = new URLSearchParams();',
    ...setParams(input, 'parameters', ['scope', 'audience']),
    'const authorization = await oauth.processDeviceAuthorizationResponse(',
    '  as,',
    '  client,',
    '  await oauth.deviceAuthorizationRequest(as, client, clientAuth, parameters, { ...http }),',
    ');',
    "console.log('Open', authorization.verification_uri, 'and enter', authorization.user_code);",
    '',
    '// RFC 8628 §3.4–3.5: poll every `interval` seconds; slow_down adds 5 seconds.',
    'let interval = authorization.interval ?? 5;',
    'let result;',
    'while (!result) {',
    '  await new Promise((resolve) => setTimeout(resolve, interval * 1000));',
    '  const response = await oauth.deviceCodeGrantRequest(as, client, clientAuth, authorization.device_code, { ...http });',
    '  try {',
    '    result = await oauth.processDeviceCodeResponse(as, client, response);',
    '  } catch (error) {',
    "    if (error instanceof oauth.ResponseBodyError && error.error === 'authorization_pending') continue;",
    "    if (error instanceof oauth.ResponseBodyError && error.error === 'slow_down') interval += 5;",
    '    else throw error;',
    '  }',
    '}',
    ...printResult(),
  ]);
}

function refreshToken(input: SnippetInput): string[] {
  return header(input, [
    '// RFC 6749 §6. A rotating client gets a new refresh token each time (RFC 9700 §4.14).',
    `const refreshToken = ${secret(param(input, 'refresh_token'), input, '<refresh_token>')};`,
    ...(param(input, 'scope')
      ? [`const additionalParameters = { scope: ${js(param(input, 'scope') ?? '')} };`]
      : ['const additionalParameters = {};']),
    'const response = await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, {',
    '  ...http,',
    '  additionalParameters,',
    '});',
    'const result = await oauth.processRefreshTokenResponse(as, client, response);',
    "console.log('refresh token rotated:', result.refresh_token !== undefined && result.refresh_token !== refreshToken);",
    ...printResult(),
  ]);
}

function tokenExchange(input: SnippetInput): string[] {
  return header(input, [
    '// RFC 8693 §2.1: exchange a token this server issued for one meant for another audience.',
    'const parameters = new URLSearchParams();',
    `parameters.set('subject_token', ${secret(param(input, 'subject_token'), input, '<subject_token>')});`,
    `parameters.set('subject_token_type', ${js(param(input, 'subject_token_type', 'urn:ietf:params:oauth:token-type:access_token') ?? '')});`,
    ...setParams(input, 'parameters', ['audience', 'scope', 'requested_token_type']),
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
  ]);
}

/** A key pair made where the program runs, and a client registered with its public key (RFC 7591). */
function registeredClient(input: SnippetInput, metadata: string[]): string[] {
  const alg = param(input, 'signing_alg', 'ES256') ?? 'ES256';
  return [
    `// The client's key pair: the private key stays here, only the public JWK is registered.`,
    `const { privateKey, publicKey } = await crypto.subtle.generateKey(${alg === 'ES256' ? "{ name: 'ECDSA', namedCurve: 'P-256' }" : `{ name: ${js(alg === 'PS256' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5')}, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }`}, false, ['sign', 'verify']);`,
    "const publicJwk = { ...(await crypto.subtle.exportKey('jwk', publicKey)), alg: " +
      js(alg) +
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

function discoveryOnly(input: SnippetInput, lines: string[]): string[] {
  // The header's client is replaced by the registered one: keep its discovery part only.
  const all = header(input, []);
  return [
    ...all.slice(
      0,
      all.findIndex((line) => line.startsWith('const client =')),
    ),
    ...lines,
  ];
}

function pushedAuthorizationCode(input: SnippetInput): string[] {
  const redirectUri = param(input, 'redirect_uri', 'http://localhost:3000/callback') ?? '';
  return header(input, [
    `const redirectUri = ${js(redirectUri)};`,
    'const codeVerifier = oauth.generateRandomCodeVerifier();',
    'const state = oauth.generateRandomState();',
    '',
    '// Step 1: push every authorization parameter, authenticated (RFC 9126 §2.1).',
    'const parameters = new URLSearchParams();',
    "parameters.set('response_type', 'code');",
    "parameters.set('redirect_uri', redirectUri);",
    `parameters.set('scope', ${js(param(input, 'scope', 'openid profile email') ?? '')});`,
    ...setParams(input, 'parameters', ['audience']),
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
  ]);
}

function signedRequest(input: SnippetInput): string[] {
  const redirectUri = param(input, 'redirect_uri', 'http://localhost:3000/callback') ?? '';
  return discoveryOnly(input, [
    `const redirectUri = ${js(redirectUri)};`,
    ...registeredClient(input, [
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
    `parameters.set('scope', ${js(param(input, 'scope', 'openid profile email') ?? '')});`,
    ...setParams(input, 'parameters', ['audience']),
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
  ]);
}

function privateKeyJwtClient(input: SnippetInput): string[] {
  return discoveryOnly(input, [
    ...registeredClient(input, [
      "client_name: 'private_key_jwt client',",
      "grant_types: ['client_credentials'],",
      "token_endpoint_auth_method: 'private_key_jwt',",
    ]),
    '// RFC 7523 §2.2: each request carries a new assertion signed with the private key.',
    'const clientAuth = oauth.PrivateKeyJwt(key);',
    'const parameters = new URLSearchParams();',
    ...setParams(input, 'parameters', ['audience', 'scope']),
    'const response = await oauth.clientCredentialsGrantRequest(as, client, clientAuth, parameters, { ...http });',
    'const result = await oauth.processClientCredentialsResponse(as, client, response);',
    ...printResult(),
  ]);
}

const titles: Record<FlowId, string> = {
  'auth-code': 'Authorization Code',
  'auth-code-pkce': 'Authorization Code + PKCE',
  implicit: 'Implicit',
  'client-credentials': 'Client Credentials',
  password: 'Resource Owner Password',
  device: 'Device Authorization',
  'refresh-token': 'Refresh Token',
  'token-exchange': 'Token Exchange',
  'auth-code-par': 'Authorization Code + PAR',
  jar: 'Signed request (JAR)',
  'private-key-jwt': 'private_key_jwt client authentication',
};

function flowTitle(flowId: string) {
  return (titles as Record<string, string>)[flowId] ?? flowId;
}

/** A JavaScript program doing the flow with oauth4webapi; secrets masked unless `reveal`. */
export function flowSnippet(input: SnippetInput): string {
  if (!isFlowId(input.flowId)) throw new Error(`no snippet for the flow ${input.flowId}`);
  const builders: Record<FlowId, (i: SnippetInput) => string[]> = {
    'auth-code': (i) => authorizationCode(i, false),
    'auth-code-pkce': (i) => authorizationCode(i, true),
    implicit,
    'client-credentials': clientCredentials,
    password,
    device,
    'refresh-token': refreshToken,
    'token-exchange': tokenExchange,
    'auth-code-par': pushedAuthorizationCode,
    jar: signedRequest,
    'private-key-jwt': privateKeyJwtClient,
  };
  return `${builders[input.flowId](input).join('\n')}\n`;
}
