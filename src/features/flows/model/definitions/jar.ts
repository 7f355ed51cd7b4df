import { formBody } from '../../../../lib/http/draft.ts';
import { randomUrlSafe } from '../../../../lib/random.ts';
import { authorizeOutcome, param, tokenResponseOutcome } from '../common.ts';
import {
  clientKeyStep,
  decodedJwtLines,
  registrationDraft,
  registrationOutcome,
  serverNow,
  signingAlgParam,
} from '../modern.ts';
import { requestObjectBadSignature } from '../modern-presets.ts';
import { setQuery } from '../preset-script.ts';
import { rfc } from '../rfc.ts';
import { signedRequestSnippet } from '../snippets.ts';
import type { FlowDefinition } from '../types.ts';
import { pkceStep } from './auth-code-pkce.ts';

/** RFC 9101 §10.8: the media type of a request object. */
const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt';

export const jar: FlowDefinition = {
  presets: [requestObjectBadSignature],
  id: 'jar',
  title: 'Signed request (JAR)',
  summary:
    'The app signs its authorization request as a JWT (a request object) with a key made in the browser; the server verifies it with the registered public key.',
  whenToUse:
    'When the server must know the request came from the client unchanged: nobody in the browser can alter scopes, redirect URI or PKCE challenge without breaking the signature.',
  snippet: signedRequestSnippet,
  params: [
    signingAlgParam,
    param.audience(),
    param.scope(),
    param.redirectUri(),
    param.state(),
    param.nonce(),
    param.codeVerifier(),
    param.codeChallengeMethod(),
    param.codeChallenge(),
  ],
  steps: [
    clientKeyStep,
    {
      kind: 'http',
      id: 'register',
      title: 'Register the client with its public key',
      actionLabel: 'Register the client',
      explain:
        'A public client (no secret, PKCE) registers its redirect URI and its public key in jwks, so that the server can verify what it signs. The answer is its client_id.',
      rfc: [rfc(7591, '3.1', 'RFC 7591 §3.1'), rfc(7591, '2', 'RFC 7591 §2 jwks')],
      arrows: [
        { from: 'app', to: 'as', label: 'POST /oidc/register {jwks}' },
        { from: 'as', to: 'app', label: '201 client_id' },
      ],
      build: (ctx) =>
        registrationDraft(ctx, {
          client_name: 'JAR client',
          grant_types: ['authorization_code', 'refresh_token'],
          token_endpoint_auth_method: 'none',
        }),
      onResponse: (_ctx, exchange, json) => registrationOutcome(exchange, json),
    },
    pkceStep,
    {
      kind: 'prepare',
      id: 'request-object',
      title: 'Sign the request object',
      actionLabel: 'Sign the request object',
      explain:
        'Every authorization parameter goes into a JWT: iss is the client, aud the server, exp a few minutes away, typ oauth-authz-req+jwt. It is signed with the private key; outside it only client_id is sent, and the server uses nothing but what is inside.',
      rfc: [rfc(9101, '4', 'RFC 9101 §4'), rfc(9101, '10.8', 'RFC 9101 §10.8 typ')],
      arrows: [{ from: 'app', to: 'app', label: 'sign request object (private key)' }],
      async prepare(ctx) {
        const { hasClientKey, signWithClientKey } = await import('../keys/client-keys.ts');
        const clientId = ctx.values.registered_client_id;
        if (!hasClientKey(ctx.values.key_kid) || !clientId)
          return {
            ok: false,
            message: 'Make the key pair and register the client first (the key lives only in this tab).',
          };
        const now = await serverNow(ctx);
        const claims: Record<string, unknown> = {
          iss: clientId,
          aud: ctx.endpoints.issuer,
          client_id: clientId,
          iat: now,
          exp: now + 300,
          jti: randomUrlSafe(16),
          response_type: 'code',
          redirect_uri: ctx.params.redirect_uri,
          scope: ctx.params.scope,
          state: ctx.params.state,
          nonce: ctx.params.nonce,
          code_challenge: ctx.values.code_challenge,
          code_challenge_method: ctx.values.code_challenge_method,
        };
        if (ctx.params.audience) claims.audience = ctx.params.audience;
        for (const [name, value] of Object.entries(claims))
          if (value === undefined || value === '') delete claims[name];
        const jwt = await signWithClientKey(ctx.values.key_kid ?? '', claims, REQUEST_OBJECT_TYP);
        return {
          ok: true,
          message: 'Request object signed; the next step sends it as the request parameter.',
          values: { request: jwt, request_state: ctx.params.state ?? '' },
          lines: decodedJwtLines('Request object', jwt),
        };
      },
    },
    {
      kind: 'authorize',
      id: 'authorize',
      title: 'Send the user to /authorize with the request object',
      explain:
        'The URL carries client_id and request. The server verifies the signature with the registered key, refuses alg none or a foreign key (invalid_request_object), and then goes on exactly as with the parameters inside.',
      rfc: [rfc(9101, '5', 'RFC 9101 §5'), rfc(9101, '6', 'RFC 9101 §6')],
      arrows: [
        { from: 'app', to: 'user', label: 'redirect to /authorize?request=JWT' },
        { from: 'user', to: 'as', label: 'GET /authorize, log in, consent' },
        { from: 'as', to: 'user', label: '302 /callback?code&state' },
        { from: 'user', to: 'app', label: 'code, state' },
      ],
      build(ctx) {
        const url = new URL(ctx.endpoints.authorization);
        url.searchParams.set('client_id', ctx.values.registered_client_id ?? '');
        url.searchParams.set('request', ctx.values.request ?? '');
        return { method: 'GET', url: url.href, headers: [], body: null };
      },
      // The state was signed into the request object: check the callback against that one.
      onCallback: (ctx, result, sent) =>
        authorizeOutcome(ctx, result, setQuery(sent, 'state', ctx.values.request_state ?? '')),
    },
    {
      kind: 'http',
      id: 'token',
      title: 'Exchange the code for tokens',
      actionLabel: 'Send the token request',
      explain: 'The registered public client redeems the code with its code_verifier, as in the PKCE flow.',
      rfc: [rfc(6749, '4.1.3', 'RFC 6749 §4.1.3'), rfc(7636, '4.5', 'RFC 7636 §4.5')],
      arrows: [
        { from: 'app', to: 'as', label: 'POST /oauth/token code + code_verifier' },
        { from: 'as', to: 'app', label: 'access_token, id_token' },
      ],
      build: (ctx) => ({
        method: 'POST',
        url: ctx.endpoints.token,
        headers: [['Content-Type', 'application/x-www-form-urlencoded']],
        body: formBody({
          grant_type: 'authorization_code',
          client_id: ctx.values.registered_client_id,
          code: ctx.values.code,
          redirect_uri: ctx.params.redirect_uri,
          code_verifier: ctx.params.code_verifier,
        }),
      }),
      onResponse: (_ctx, exchange, json) => tokenResponseOutcome(exchange, json),
    },
  ],
};
