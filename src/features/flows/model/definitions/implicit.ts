import { authorizeDraft, authorizeOutcome, param } from '../common.ts';
import { failed, setQuery } from '../preset-script.ts';
import { oidcCore, rfc } from '../rfc.ts';
import { implicitSnippet } from '../snippets.ts';
import type { FlowDefinition } from '../types.ts';

export const implicit: FlowDefinition = {
  id: 'implicit',
  title: 'Implicit',
  summary: 'Tokens come straight back from /authorize in the URL fragment, without a token request.',
  whenToUse: 'Legacy single-page apps only. Use Authorization Code + PKCE instead.',
  discouraged: {
    reason:
      'Tokens travel in the URL, where browser history, referrers and injected scripts can leak them, and nothing binds them to the client that asked. RFC 9700 says clients should not use it.',
    rfc: rfc(9700, '2.1.2', 'RFC 9700 §2.1.2'),
  },
  snippet: implicitSnippet,
  params: [
    param.clientId('spa'),
    {
      name: 'response_type',
      label: 'Response type',
      kind: 'select',
      default: 'id_token token',
      options: ['id_token token', 'id_token', 'token'],
      help: 'token: an access token; id_token: an ID token (nonce required).',
    },
    { ...param.responseMode(['', 'fragment', 'form_post', 'query']), advanced: false },
    param.audience(),
    param.scope('openid profile email read:messages'),
    param.redirectUri(),
    param.state(),
    param.nonce(),
    param.prompt(),
    param.maxAge(),
    param.extra(),
  ],
  steps: [
    {
      kind: 'authorize',
      id: 'authorize',
      title: 'Get tokens from /authorize',
      explain:
        'The user logs in and consents; the server redirects back with the tokens in the fragment (or a form post). An ID token must carry the nonce the app sent, which the app checks.',
      rfc: [rfc(6749, '4.2.1', 'RFC 6749 §4.2.1'), oidcCore('ImplicitAuthRequest', 'OIDC Core §3.2.2.1')],
      arrows: [
        { from: 'app', to: 'user', label: 'redirect to /authorize' },
        { from: 'user', to: 'as', label: 'GET /authorize, log in, consent' },
        { from: 'as', to: 'user', label: '302 /callback#access_token&id_token' },
        { from: 'user', to: 'app', label: 'tokens in the fragment' },
      ],
      produces: ['the tokens'],
      build: (ctx) =>
        authorizeDraft(ctx, {
          response_type: ctx.params.response_type,
          client_id: ctx.params.client_id,
          redirect_uri: ctx.params.redirect_uri,
          scope: ctx.params.scope,
          audience: ctx.params.audience,
          state: ctx.params.state,
          nonce: ctx.params.nonce,
          response_mode: ctx.params.response_mode,
          prompt: ctx.params.prompt,
          max_age: ctx.params.max_age,
        }),
      onCallback: authorizeOutcome,
    },
  ],
  presets: [
    {
      id: 'nonce-missing',
      title: 'Nonce missing',
      params: { response_type: 'id_token' },
      cause:
        'An app asks for an ID token from /authorize without a nonce: OpenID Connect requires one for the implicit and hybrid flows, to bind the token to the request (OIDC Core §3.2.2.1).',
      async run(script) {
        return failed(await script.step('authorize', (d) => setQuery(d, 'nonce', null)));
      },
    },
  ],
};
