import { clientFormDraft, param } from '../common.ts';
import { dpopParam, dpopTokenRequest, tokenOutcome } from '../dpop.ts';
import { exchangeError, expectOk } from '../preset-script.ts';
import { rfc } from '../rfc.ts';
import { clientCredentialsSnippet } from '../snippets.ts';
import type { FlowDefinition } from '../types.ts';

export const clientCredentials: FlowDefinition = {
  id: 'client-credentials',
  title: 'Client Credentials',
  summary: 'A service gets an access token for itself, with no user involved.',
  whenToUse: 'Machine-to-machine calls: back-end jobs, daemons, services calling an API on their own behalf.',
  snippet: clientCredentialsSnippet,
  params: [
    param.clientId('m2m'),
    param.clientSecret('m2m-secret'),
    param.clientAuth('client_secret_post'),
    param.audience(),
    param.scope('read:messages write:messages'),
    dpopParam,
    param.extra(),
  ],
  steps: [
    {
      kind: 'http',
      id: 'token',
      title: 'Request a token as the client',
      actionLabel: 'Send the token request',
      explain:
        'The client authenticates with its own credentials and asks for a token for an API. The server grants only the scopes the client was granted for that audience; there is no refresh token, since the client can simply ask again.',
      rfc: [rfc(6749, '4.4.2', 'RFC 6749 §4.4.2'), rfc(6749, '4.4.3', 'RFC 6749 §4.4.3')],
      arrows: [
        { from: 'app', to: 'as', label: 'POST /oauth/token client_credentials' },
        { from: 'as', to: 'app', label: 'access_token' },
      ],
      produces: ['the access token'],
      build: (ctx) =>
        clientFormDraft(ctx, ctx.endpoints.token, {
          grant_type: 'client_credentials',
          audience: ctx.params.audience,
          scope: ctx.params.scope,
        }),
      ...dpopTokenRequest,
      onResponse: tokenOutcome,
    },
  ],
  presets: [
    {
      id: 'expired-access-token',
      title: 'Expired access token',
      cause:
        'The app keeps using an access token past its exp (cached too long, or the client’s clock is wrong). The API answers 401 with error="invalid_token"; the app should refresh or get a new token (RFC 6750 §3.1).',
      async run(script) {
        expectOk(await script.step('token'), 'The token request');
        const { tokens, endpoints } = script.context();
        await script.admin('POST', 'clock', { advanceSeconds: 86_401 });
        try {
          const exchange = await script.send({
            method: 'GET',
            url: endpoints.messages,
            headers: [['Authorization', `Bearer ${tokens.access_token}`]],
            body: null,
          });
          return exchangeError(exchange);
        } finally {
          await script.admin('POST', 'clock', { reset: true });
        }
      },
    },
    {
      id: 'insufficient-scope',
      title: 'Insufficient scope at the API',
      params: { scope: 'read:messages' },
      cause:
        'The token lacks the scope the API needs (here write:messages): the app asked for too little, or the user or admin granted less. The API answers 403 with error="insufficient_scope" and the scope it needs (RFC 6750 §3.1).',
      async run(script) {
        expectOk(await script.step('token'), 'The token request');
        const { tokens, endpoints } = script.context();
        const exchange = await script.send({
          method: 'POST',
          url: endpoints.messages,
          headers: [
            ['Authorization', `Bearer ${tokens.access_token}`],
            ['Content-Type', 'application/json'],
          ],
          body: JSON.stringify({ text: 'Hello' }),
        });
        return exchangeError(exchange);
      },
    },
  ],
};
