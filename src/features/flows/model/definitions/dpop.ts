import { authorizeDraft, authorizeOutcome, clientFormDraft, param } from '../common.ts';
import {
  apiCallStep,
  apiProofStep,
  DPOP_JKT,
  DPOP_PROOF,
  dpopKeyStep,
  dpopTokenOutcome,
  proofStep,
  rfc9449,
  withDpopHeader,
} from '../dpop.ts';
import { dpopPresets } from '../dpop-presets.ts';
import { dpopSnippet } from '../dpop-snippets.ts';
import { rfc } from '../rfc.ts';
import type { FlowContext, FlowDefinition, HttpStep } from '../types.ts';
import { pkceStep } from './auth-code-pkce.ts';

const tokenTarget = { htm: 'POST', url: (ctx: FlowContext) => ctx.endpoints.token };

/** The token request of the code flow with the latest proof in its DPoP header (RFC 9449 §5). */
function tokenStep(id: string, title: string, explain: string, rfcs = [rfc9449('5')]): HttpStep {
  return {
    kind: 'http',
    id,
    title,
    actionLabel: 'Send the token request with the proof',
    explain,
    rfc: rfcs,
    arrows: [
      { from: 'app', to: 'as', label: 'POST /oauth/token + DPoP: proof' },
      { from: 'as', to: 'app', label: id === 'token' ? '400 use_dpop_nonce, DPoP-Nonce' : 'token_type DPoP' },
    ],
    build: (ctx) =>
      withDpopHeader(
        clientFormDraft(ctx, ctx.endpoints.token, {
          grant_type: 'authorization_code',
          code: ctx.values.code,
          redirect_uri: ctx.params.redirect_uri,
          code_verifier: ctx.params.code_verifier,
        }),
        ctx.values[DPOP_PROOF],
      ),
    onResponse: dpopTokenOutcome,
  };
}

export const dpop: FlowDefinition = {
  id: 'dpop',
  title: 'DPoP: sender-constrained tokens',
  summary:
    'The app makes a key pair in the browser and proves with a signed JWT on every request that it holds the key; the server binds the tokens to that key, so a stolen token is useless elsewhere.',
  whenToUse:
    'Single-page and mobile apps whose tokens could leak (XSS, logs, a compromised proxy), and any API that must refuse replayed tokens. FAPI 2.0 requires sender-constrained tokens (DPoP or mTLS).',
  params: [
    param.clientId('spa'),
    param.audience(),
    param.scope('openid profile offline_access read:messages'),
    param.redirectUri(),
    param.state(),
    param.nonce(),
    param.codeVerifier(),
    param.extra(),
  ],
  steps: [
    dpopKeyStep,
    pkceStep,
    {
      kind: 'authorize',
      id: 'authorize',
      title: 'Send the user to /authorize with dpop_jkt',
      explain:
        'As in the PKCE flow, plus dpop_jkt: the thumbprint of the DPoP key. The server binds the authorization code to that key, so only a token request signed with the same key can redeem it.',
      rfc: [rfc9449('10', 'RFC 9449 §10 dpop_jkt'), rfc(7636, '4.3', 'RFC 7636 §4.3')],
      arrows: [
        { from: 'app', to: 'user', label: 'redirect to /authorize?dpop_jkt' },
        { from: 'user', to: 'as', label: 'GET /authorize, log in, consent' },
        { from: 'as', to: 'user', label: '302 /callback?code&state' },
        { from: 'user', to: 'app', label: 'code, state' },
      ],
      produces: ['the authorization code, bound to the key'],
      build: (ctx) =>
        authorizeDraft(ctx, {
          response_type: 'code',
          client_id: ctx.params.client_id,
          redirect_uri: ctx.params.redirect_uri,
          scope: ctx.params.scope,
          audience: ctx.params.audience,
          state: ctx.params.state,
          nonce: ctx.params.nonce,
          code_challenge: ctx.values.code_challenge,
          code_challenge_method: ctx.values.code_challenge ? ctx.values.code_challenge_method : undefined,
          dpop_jkt: ctx.values[DPOP_JKT],
        }),
      onCallback: authorizeOutcome,
    },
    proofStep({
      id: 'token-proof',
      title: 'Sign a DPoP proof for the token request',
      explain:
        'A DPoP proof is a JWT with typ dpop+jwt whose header carries the public key (jwk). Its claims name this one request: htm (POST), htu (the token endpoint, no query), iat (now) and a fresh jti. It is signed with the non-extractable private key.',
      rfc: [rfc9449('4.2', 'RFC 9449 §4.2 proof'), rfc9449('4.3', 'RFC 9449 §4.3 checks')],
      target: tokenTarget,
    }),
    tokenStep(
      'token',
      'Send the token request: the server asks for a nonce',
      'The request carries the proof in the DPoP header. This client must include a server-provided nonce, so the server refuses the proof with 400 use_dpop_nonce and hands out the nonce in the DPoP-Nonce header. The proof is checked before the grant, so the code is still unused.',
      [rfc9449('8', 'RFC 9449 §8 nonce'), rfc9449('5', 'RFC 9449 §5')],
    ),
    proofStep({
      id: 'token-proof-nonce',
      title: 'Sign a new proof with the server’s nonce',
      explain:
        'The app signs a new proof (a new jti: every proof is single use) with the nonce claim set to the DPoP-Nonce it received. The nonce limits how long a proof made in advance could be used.',
      rfc: [rfc9449('8', 'RFC 9449 §8 nonce'), rfc9449('4.2', 'RFC 9449 §4.2')],
      target: tokenTarget,
    }),
    tokenStep(
      'token-retry',
      'Send the token request again: DPoP-bound tokens',
      'Same request, new proof. The server answers with token_type DPoP and an access token whose cnf.jkt is the thumbprint of the proof’s key: only a holder of the private key can use it.',
      [rfc9449('5', 'RFC 9449 §5'), rfc9449('6.1', 'RFC 9449 §6.1 cnf.jkt'), rfc(7638, '3', 'RFC 7638 §3')],
    ),
    apiProofStep,
    apiCallStep,
  ],
  snippet: dpopSnippet,
  presets: dpopPresets,
};
