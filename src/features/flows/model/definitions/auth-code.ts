import { authorizeDraft, authorizeOutcome, clientFormDraft, param } from '../common.ts';
import { dpopParam, dpopTokenRequest, tokenOutcome } from '../dpop.ts';
import { rfc } from '../rfc.ts';
import { authorizationCodeSnippet } from '../snippets.ts';
import type { FlowDefinition } from '../types.ts';

export const authCode: FlowDefinition = {
  id: 'auth-code',
  title: 'Authorization Code',
  summary:
    'A confidential web app with a server gets tokens for a user, authenticating with its client secret.',
  whenToUse:
    'Server-side web apps that can keep a secret. RFC 9700 recommends adding PKCE here too; try it with the extra parameters.',
  snippet: authorizationCodeSnippet(false),
  params: [
    param.clientId('web-app'),
    param.clientSecret('web-app-secret'),
    param.clientAuth('client_secret_basic'),
    param.audience(),
    param.scope(),
    param.redirectUri(),
    param.state(),
    param.nonce(),
    param.responseMode(),
    param.prompt(),
    param.maxAge(),
    param.loginHint(),
    dpopParam,
    param.extra(),
  ],
  steps: [
    {
      kind: 'authorize',
      id: 'authorize',
      title: 'Send the user to /authorize',
      explain:
        'The browser goes to the authorization server, where the user logs in and consents. The server redirects back with a short-lived, single-use code and the state the app sent.',
      rfc: [rfc(6749, '4.1.1', 'RFC 6749 §4.1.1'), rfc(6749, '4.1.2', 'RFC 6749 §4.1.2')],
      arrows: [
        { from: 'app', to: 'user', label: 'redirect to /authorize' },
        { from: 'user', to: 'as', label: 'GET /authorize, log in, consent' },
        { from: 'as', to: 'user', label: '302 /callback?code&state' },
        { from: 'user', to: 'app', label: 'code, state' },
      ],
      produces: ['the authorization code'],
      build: (ctx) =>
        authorizeDraft(ctx, {
          response_type: 'code',
          client_id: ctx.params.client_id,
          redirect_uri: ctx.params.redirect_uri,
          scope: ctx.params.scope,
          audience: ctx.params.audience,
          state: ctx.params.state,
          nonce: ctx.params.nonce,
          response_mode: ctx.params.response_mode,
          prompt: ctx.params.prompt,
          max_age: ctx.params.max_age,
          login_hint: ctx.params.login_hint,
        }),
      onCallback: authorizeOutcome,
    },
    {
      kind: 'http',
      id: 'token',
      title: 'Exchange the code for tokens',
      actionLabel: 'Send the token request',
      explain:
        'The app server posts the code to the token endpoint and authenticates with its secret (here in the Authorization header). The redirect_uri must be the one sent to /authorize.',
      rfc: [rfc(6749, '4.1.3', 'RFC 6749 §4.1.3'), rfc(6749, '2.3.1', 'RFC 6749 §2.3.1')],
      arrows: [
        { from: 'app', to: 'as', label: 'POST /oauth/token code + client secret' },
        { from: 'as', to: 'app', label: 'access_token, id_token, refresh_token' },
      ],
      produces: ['the tokens'],
      build: (ctx) =>
        clientFormDraft(ctx, ctx.endpoints.token, {
          grant_type: 'authorization_code',
          code: ctx.values.code,
          redirect_uri: ctx.params.redirect_uri,
        }),
      ...dpopTokenRequest,
      onResponse: tokenOutcome,
    },
  ],
};
