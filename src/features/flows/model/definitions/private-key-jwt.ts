import { formBody } from '../../../../lib/http/draft.ts';
import { param, parseExtraParams, tokenResponseOutcome } from '../common.ts';
import {
  assertionStep,
  clientKeyStep,
  JWT_BEARER,
  registrationDraft,
  registrationOutcome,
  signingAlgParam,
} from '../modern.ts';
import { clientAssertionReplayed } from '../modern-presets.ts';
import { rfc } from '../rfc.ts';
import { privateKeyJwtSnippet } from '../snippets.ts';
import type { FlowDefinition } from '../types.ts';

export const privateKeyJwt: FlowDefinition = {
  presets: [clientAssertionReplayed],
  id: 'private-key-jwt',
  title: 'private_key_jwt client authentication',
  summary:
    'The client registers a public key and then authenticates with JWTs signed by its private key, made in the browser: no client secret anywhere.',
  whenToUse:
    'Confidential clients that should not hold a shared secret (FAPI 2.0 requires private_key_jwt or mTLS). The server stores only a public key; a leaked database leaks no credential.',
  snippet: privateKeyJwtSnippet,
  params: [signingAlgParam, param.audience(), param.scope('read:messages write:messages'), param.extra()],
  steps: [
    clientKeyStep,
    {
      kind: 'http',
      id: 'register',
      title: 'Register the client with its public key',
      actionLabel: 'Register the client',
      explain:
        'Dynamic client registration: the app posts its metadata as JSON, with token_endpoint_auth_method private_key_jwt and the public key in jwks. The server answers 201 with a client_id and no secret.',
      rfc: [rfc(7591, '3.1', 'RFC 7591 §3.1'), rfc(7591, '3.2.1', 'RFC 7591 §3.2.1')],
      arrows: [
        { from: 'app', to: 'as', label: 'POST /oidc/register {jwks, private_key_jwt}' },
        { from: 'as', to: 'app', label: '201 client_id' },
      ],
      build: (ctx) =>
        registrationDraft(ctx, {
          client_name: 'private_key_jwt client',
          redirect_uris: [],
          grant_types: ['client_credentials'],
          token_endpoint_auth_method: 'private_key_jwt',
        }),
      onResponse: (_ctx, exchange, json) => registrationOutcome(exchange, json),
    },
    assertionStep('assertion', 'Sign a client assertion', (ctx) => ctx.endpoints.issuer),
    {
      kind: 'http',
      id: 'token',
      title: 'Request a token, authenticated by the assertion',
      actionLabel: 'Send the token request',
      explain:
        'The token request carries client_assertion_type and client_assertion instead of a secret. The server checks the signature with the registered public key, the claims, and that the jti was never used before.',
      rfc: [rfc(7523, '2.2', 'RFC 7523 §2.2'), rfc(6749, '4.4.2', 'RFC 6749 §4.4.2')],
      arrows: [
        { from: 'app', to: 'as', label: 'POST /oauth/token + client_assertion' },
        { from: 'as', to: 'app', label: 'access_token' },
      ],
      build: (ctx) => ({
        method: 'POST',
        url: ctx.endpoints.token,
        headers: [['Content-Type', 'application/x-www-form-urlencoded']],
        body: formBody({
          grant_type: 'client_credentials',
          audience: ctx.params.audience,
          scope: ctx.params.scope,
          client_assertion_type: JWT_BEARER,
          client_assertion: ctx.values.client_assertion,
          ...Object.fromEntries(parseExtraParams(ctx.params.extra)),
        }),
      }),
      onResponse: (_ctx, exchange, json) => tokenResponseOutcome(exchange, json),
    },
  ],
};
