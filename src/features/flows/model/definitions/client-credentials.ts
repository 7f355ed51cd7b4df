import { clientFormDraft, param, tokenResponseOutcome } from '../common.ts';
import { rfc } from '../rfc.ts';
import type { FlowDefinition } from '../types.ts';

export const clientCredentials: FlowDefinition = {
  id: 'client-credentials',
  title: 'Client Credentials',
  summary: 'A service gets an access token for itself, with no user involved.',
  whenToUse: 'Machine-to-machine calls: back-end jobs, daemons, services calling an API on their own behalf.',
  params: [
    param.clientId('m2m'),
    param.clientSecret('m2m-secret'),
    param.clientAuth('client_secret_post'),
    param.audience(),
    param.scope('read:messages write:messages'),
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
      build: (ctx) =>
        clientFormDraft(ctx, ctx.endpoints.token, {
          grant_type: 'client_credentials',
          audience: ctx.params.audience,
          scope: ctx.params.scope,
        }),
      onResponse: (_ctx, exchange, json) => tokenResponseOutcome(exchange, json),
    },
  ],
};
