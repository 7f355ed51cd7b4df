import { clientFormDraft, param, tokenResponseOutcome } from '../common.ts';
import { rfc } from '../rfc.ts';
import { passwordSnippet } from '../snippets.ts';
import type { FlowDefinition } from '../types.ts';

const PASSWORD_REALM = 'http://auth0.com/oauth/grant-type/password-realm';

export const password: FlowDefinition = {
  id: 'password',
  title: 'Resource Owner Password',
  summary: 'The app collects the user’s email and password itself and trades them for tokens.',
  whenToUse: 'Only for migrating legacy apps that already hold passwords. Never for new apps.',
  discouraged: {
    reason:
      'The app sees the user’s password, which teaches users to type it anywhere, and the flow cannot do multi-factor login or consent. RFC 9700 says it must not be used.',
    rfc: rfc(9700, '2.4', 'RFC 9700 §2.4'),
  },
  snippet: passwordSnippet,
  params: [
    param.clientId('web-app'),
    param.clientSecret('web-app-secret'),
    param.clientAuth('client_secret_post'),
    {
      name: 'grant_type',
      label: 'Grant type',
      kind: 'select',
      default: 'password',
      options: ['password', PASSWORD_REALM],
      help: 'password-realm (Auth0) names the connection that holds the user.',
    },
    {
      name: 'realm',
      label: 'Realm (password-realm only)',
      kind: 'text',
      default: 'Username-Password-Authentication',
      advanced: true,
    },
    { name: 'username', label: 'Username', kind: 'text', default: 'alice@example.com' },
    { name: 'password', label: 'Password', kind: 'secret', default: 'wonderland', secret: true },
    param.audience(),
    param.scope(),
    param.extra(),
  ],
  steps: [
    {
      kind: 'http',
      id: 'token',
      title: 'Send the user’s credentials to the token endpoint',
      actionLabel: 'Send the token request',
      explain:
        'The app posts the username and password with its own client credentials. The server checks the password and answers with tokens directly; there is no login page and no consent screen.',
      rfc: [rfc(6749, '4.3.2', 'RFC 6749 §4.3.2'), rfc(9700, '2.4')],
      arrows: [
        { from: 'user', to: 'app', label: 'email + password' },
        { from: 'app', to: 'as', label: 'POST /oauth/token password' },
        { from: 'as', to: 'app', label: 'access_token, id_token, refresh_token' },
      ],
      produces: ['the tokens'],
      build: (ctx) =>
        clientFormDraft(ctx, ctx.endpoints.token, {
          grant_type: ctx.params.grant_type,
          username: ctx.params.username,
          password: ctx.params.password,
          realm: ctx.params.grant_type === PASSWORD_REALM ? ctx.params.realm : undefined,
          audience: ctx.params.audience,
          scope: ctx.params.scope,
        }),
      onResponse: (ctx, exchange, json) => tokenResponseOutcome(exchange, json, ctx),
    },
  ],
};
