/** The DPoP and FAPI 2.0 flows as oauth4webapi programs (RFC 9449; see snippets.ts). */
import { registeredClient } from './snippets.ts';
import type { FlowSnippet, SnippetWriter } from './types.ts';

/** A request sent once more if the server asked for its DPoP nonce (RFC 9449 §8); oauth4webapi keeps the nonce. */
const withNonceRetry = [
  '// RFC 9449 §8, §9: a server may answer use_dpop_nonce; the handle keeps its DPoP-Nonce, so send again.',
  'async function withNonceRetry(send, process) {',
  '  try {',
  '    return await process(await send());',
  '  } catch (error) {',
  '    if (!oauth.isDPoPNonceError(error)) throw error;',
  '    return process(await send());',
  '  }',
  '}',
];

const redirectUri = (w: SnippetWriter) =>
  `const redirectUri = ${w.js(w.param('redirect_uri', 'http://localhost:3000/callback') ?? '')};`;

/** The code flow with PKCE and DPoP, pushed or not; `redirectUri`, `client` and `clientAuth` declared before. */
function codeWithDpop(w: SnippetWriter, clientAuth: string, pushed: boolean): string[] {
  const authorize = pushed
    ? [
        '// Push every parameter (RFC 9126), with dpop_jkt binding the code to the key (RFC 9449 §10).',
        'const parameters = new URLSearchParams();',
        "parameters.set('response_type', 'code');",
        "parameters.set('redirect_uri', redirectUri);",
        `parameters.set('scope', ${w.js(w.param('scope', 'openid') ?? '')});`,
        ...w.setParams('parameters', ['audience']),
        "parameters.set('state', state);",
        "parameters.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));",
        "parameters.set('code_challenge_method', 'S256');",
        "parameters.set('dpop_jkt', await DPoP.calculateThumbprint());",
        'const pushed = await withNonceRetry(',
        `  () => oauth.pushedAuthorizationRequest(as, client, ${clientAuth}, parameters, { ...http, DPoP }),`,
        '  (response) => oauth.processPushedAuthorizationResponse(as, client, response),',
        ');',
        'const authorizationUrl = new URL(as.authorization_endpoint);',
        "authorizationUrl.searchParams.set('client_id', client.client_id);",
        "authorizationUrl.searchParams.set('request_uri', pushed.request_uri);",
      ]
    : [
        'const authorizationUrl = new URL(as.authorization_endpoint);',
        "authorizationUrl.searchParams.set('client_id', client.client_id);",
        "authorizationUrl.searchParams.set('redirect_uri', redirectUri);",
        "authorizationUrl.searchParams.set('response_type', 'code');",
        `authorizationUrl.searchParams.set('scope', ${w.js(w.param('scope', 'openid') ?? '')});`,
        ...w.setParams('authorizationUrl.searchParams', ['audience']),
        "authorizationUrl.searchParams.set('state', state);",
        "authorizationUrl.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));",
        "authorizationUrl.searchParams.set('code_challenge_method', 'S256');",
        '// RFC 9449 §10: bind the code to the DPoP key.',
        "authorizationUrl.searchParams.set('dpop_jkt', await DPoP.calculateThumbprint());",
      ];
  return [
    '// RFC 9449 §2: a non-extractable key pair; every request gets a proof signed with it.',
    "const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));",
    ...withNonceRetry,
    'const codeVerifier = oauth.generateRandomCodeVerifier();',
    'const state = oauth.generateRandomState();',
    ...authorize,
    'location.assign(authorizationUrl.href);',
    '',
    '// On the redirect URI: validateAuthResponse checks state and iss (RFC 9207).',
    'const callbackParams = oauth.validateAuthResponse(as, client, new URL(location.href), state);',
    'const result = await withNonceRetry(',
    `  () => oauth.authorizationCodeGrantRequest(as, client, ${clientAuth}, callbackParams, redirectUri, codeVerifier, { ...http, DPoP }),`,
    '  (response) => oauth.processAuthorizationCodeResponse(as, client, response),',
    ');',
    "console.log('token_type', result.token_type); // DPoP: bound to the key (cnf.jkt)",
    '',
    '// RFC 9449 §7.1: the API gets Authorization: DPoP and a proof with ath.',
    'const messages = await withNonceRetry(',
    "  () => oauth.protectedResourceRequest(result.access_token, 'GET', new URL('api/messages', as.issuer), undefined, undefined, { ...http, DPoP }),",
    '  (response) => response.json(),',
    ');',
    'console.log(messages);',
  ];
}

/** RFC 9449 with a public client (the demo spa), nonces included. */
export const dpopSnippet: FlowSnippet = {
  body: (w) => [redirectUri(w), ...codeWithDpop(w, 'clientAuth', false)],
};

/** FAPI 2.0: a registered private_key_jwt client, PAR, PKCE S256, DPoP and the iss check. */
export const fapi2Snippet: FlowSnippet = {
  registersClient: true,
  body(w) {
    return [
      redirectUri(w),
      ...registeredClient(w, [
        "client_name: 'FAPI 2.0 client',",
        'redirect_uris: [redirectUri],',
        "token_endpoint_auth_method: 'private_key_jwt',",
        'dpop_bound_access_tokens: true,',
        'require_pushed_authorization_requests: true,',
      ]),
      '// FAPI 2.0 §5.3.3.1: private_key_jwt with the issuer as aud (oauth4webapi does so).',
      'const clientAuth = oauth.PrivateKeyJwt(key);',
      ...codeWithDpop(w, 'clientAuth', true),
    ];
  },
};
