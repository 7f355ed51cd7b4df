import { DPOP_NONCE, dpopResourceDraft, signProof } from './dpop.ts';
import { exchangeError, LOGIN_HINT, PresetStopped, stepsOk } from './preset-script.ts';
import type { ErrorPreset, PresetScript } from './types.ts';

/** Runs the DPoP flow up to its bound tokens (key, PKCE, authorize, the nonce round trip). */
async function boundTokens(script: PresetScript): Promise<string> {
  await stepsOk(script, [
    ['dpop-key', 'Making the DPoP key pair'],
    ['pkce', 'Deriving the PKCE challenge'],
    ['authorize', 'The authorization'],
    ['token-proof', 'Signing the first proof'],
    ['token', 'The first token request'],
    ['token-proof-nonce', 'Signing the proof with the nonce'],
    ['token-retry', 'The token request with the nonce'],
  ]);
  const token = script.context().tokens.access_token;
  if (!token) throw new PresetStopped('No access token was issued.');
  return token;
}

const messages = { htm: 'GET', url: (ctx: { endpoints: { messages: string } }) => ctx.endpoints.messages };

export const dpopProofReplayed: ErrorPreset = {
  id: 'dpop-proof-replayed',
  title: 'DPoP proof replayed',
  cause:
    'The app sends the same proof twice (a cached proof, a retry that does not sign again), or an attacker who captured a request replays it. Every proof has a jti the server accepts once (RFC 9449 §11.1): 401 invalid_dpop_proof.',
  userAction: LOGIN_HINT,
  async run(script) {
    await boundTokens(script);
    await stepsOk(script, [
      ['api-proof', 'Signing the API proof'],
      ['api', 'The first API call'],
    ]);
    const again = await script.step('api');
    if (!again?.exchange) throw new PresetStopped('The second API call was not sent.');
    return exchangeError(again.exchange);
  },
};

export const dpopProofOtherMethod: ErrorPreset = {
  id: 'dpop-proof-other-request',
  title: 'DPoP proof for another request (htm)',
  cause:
    'A proof signed for GET is sent with a POST (a proof reused across requests, or one captured and replayed elsewhere). htm and htu must name the request the proof travels with (RFC 9449 §4.3): 401 invalid_dpop_proof.',
  userAction: LOGIN_HINT,
  async run(script) {
    await boundTokens(script);
    await stepsOk(script, [['api-proof', 'Signing the API proof (for GET)']]);
    const sent = await script.step('api', (draft) => ({
      ...draft,
      method: 'POST',
      headers: [...draft.headers, ['Content-Type', 'application/json']],
      body: JSON.stringify({ text: 'Hello' }),
    }));
    if (!sent?.exchange) throw new PresetStopped('The API call was not sent.');
    return exchangeError(sent.exchange);
  },
};

export const dpopNonceMissing: ErrorPreset = {
  id: 'dpop-nonce-missing',
  title: 'DPoP proof without the server nonce',
  cause:
    'The app ignores the DPoP-Nonce the server handed out and signs its proof without a nonce claim. A server that requires nonces refuses it and sends the nonce to use (RFC 9449 §9): 401 use_dpop_nonce with a DPoP-Nonce header.',
  userAction: LOGIN_HINT,
  async run(script) {
    const token = await boundTokens(script);
    const ctx = script.context();
    const proof = await signProof({ ...ctx, values: { ...ctx.values, [DPOP_NONCE]: '' } }, messages);
    return exchangeError(await script.send(dpopResourceDraft('GET', ctx.endpoints.messages, token, proof)));
  },
};

export const dpopTokenAsBearer: ErrorPreset = {
  id: 'dpop-token-as-bearer',
  title: 'DPoP-bound token used as Bearer',
  cause:
    'An app (or an attacker with a stolen token) sends the DPoP-bound access token as Authorization: Bearer, without a proof. A bound token must not be accepted as a bearer token (RFC 9449 §7.2): 401 invalid_token.',
  userAction: LOGIN_HINT,
  async run(script) {
    const token = await boundTokens(script);
    const ctx = script.context();
    return exchangeError(
      await script.send({
        method: 'GET',
        url: ctx.endpoints.messages,
        headers: [['Authorization', `Bearer ${token}`]],
        body: null,
      }),
    );
  },
};

export const dpopPresets: readonly ErrorPreset[] = [
  dpopProofReplayed,
  dpopProofOtherMethod,
  dpopNonceMissing,
  dpopTokenAsBearer,
];
