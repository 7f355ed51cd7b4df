import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, type JWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import type { HttpRequestDraft } from '../../../lib/http/draft.ts';
import { jsonBody } from '../../../lib/http/send.ts';
import { accessTokenHash } from '../../../lib/token-hash.ts';
import { setup } from '../../../server/conformance/client.ts';
import { storeFactories } from '../../../server/testing/harness.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import { dpop } from './definitions/dpop.ts';
import {
  asksForNonce,
  boundTokenCheck,
  DPOP_JKT,
  DPOP_NONCE,
  dpopResourceOutcome,
  dpopTokenOutcome,
  responseNonce,
  withDpopHeader,
} from './dpop.ts';
import { dpopProofClaims, htuOf, makeDpopKey, signDpopProof } from './keys/dpop-keys.ts';
import { runAgainstServer } from './testing.ts';
import type { FlowContext } from './types.ts';

function exchange(status: number, headers: [string, string][] = [], body: unknown = undefined): HttpExchange {
  return {
    type: 'exchange',
    id: 'x',
    startedAt: 0,
    durationMs: 0,
    kind: 'fetch',
    request: { method: 'POST', url: 'http://localhost/oauth/token', headers: [], body: null },
    response: {
      status,
      statusText: '',
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    },
  };
}

const b64 = (json: unknown) => Buffer.from(JSON.stringify(json)).toString('base64url');
const fakeJwt = (payload: unknown) => `${b64({ alg: 'RS256' })}.${b64(payload)}.sig`;

describe('DPoP proofs made in the browser (RFC 9449 §4.2)', () => {
  it('signs with a non-extractable key: typ dpop+jwt, the public jwk only, thumbprint = jkt', async () => {
    const key = await makeDpopKey('ES256');
    expect(key.extractable).toBe(false);
    const proof = await signDpopProof(key.jkt, {
      htm: 'post',
      url: 'https://as.example/oauth/token?x=1#frag',
      iat: 1_700_000_000,
    });
    const header = decodeProtectedHeader(proof);
    expect(header.typ).toBe('dpop+jwt');
    expect(header.alg).toBe('ES256');
    expect(header.jwk).toBeDefined();
    expect((header.jwk as JWK).d).toBeUndefined();
    expect(await calculateJwkThumbprint(header.jwk as JWK, 'sha256')).toBe(key.jkt);
    const { payload } = await jwtVerify(proof, EmbeddedJWK, {
      typ: 'dpop+jwt',
      currentDate: new Date(1_700_000_000_000),
    });
    expect(payload).toMatchObject({ htm: 'POST', htu: 'https://as.example/oauth/token', iat: 1_700_000_000 });
    expect(payload.jti).toMatch(/^[\w-]{20,}$/);
    expect(payload.nonce).toBeUndefined();
    expect(payload.ath).toBeUndefined();
  });

  it('gives every proof a new jti, and carries nonce and ath when asked', async () => {
    const request = { htm: 'GET', url: 'https://as.example/api/messages', iat: 1, nonce: 'n-1' };
    const a = await dpopProofClaims({
      ...request,
      accessToken: 'Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU',
    });
    const b = await dpopProofClaims(request);
    expect(a.jti).not.toBe(b.jti);
    expect(a.nonce).toBe('n-1');
    // RFC 9449 §7.1, Figures 13 and 14: the access token and the ath of its proof.
    expect(a.ath).toBe('fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo');
    expect(b.ath).toBeUndefined();
  });

  it('computes ath as base64url(SHA-256(token)) and htu without query or fragment', async () => {
    expect(await accessTokenHash('Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU')).toBe(
      'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo',
    );
    expect(htuOf('https://server.example.com/token?a=b#c')).toBe('https://server.example.com/token');
  });

  it('matches the RFC 7638 §3.1 example thumbprint with the same jose call', async () => {
    const jwk: JWK = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
    };
    expect(await calculateJwkThumbprint(jwk, 'sha256')).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('puts the proof in one DPoP header, replacing an older one', () => {
    const draft: HttpRequestDraft = { method: 'POST', url: 'u', headers: [['dpop', 'old']], body: null };
    expect(withDpopHeader(draft, 'new').headers).toEqual([['DPoP', 'new']]);
    expect(withDpopHeader(draft, undefined).headers).toEqual([]);
  });
});

describe('the nonce round trip (RFC 9449 §8, §9)', () => {
  it('reads use_dpop_nonce at the token endpoint (400 JSON) and at a resource (401 WWW-Authenticate)', () => {
    const token = exchange(400, [['DPoP-Nonce', 'n-2']], { error: 'use_dpop_nonce' });
    expect(asksForNonce(token, jsonBody(token))).toBe(true);
    expect(responseNonce(token)).toBe('n-2');
    const api = exchange(401, [
      ['www-authenticate', 'DPoP realm="api", error="use_dpop_nonce", error_description="x"'],
      ['dpop-nonce', 'n-3'],
    ]);
    expect(asksForNonce(api, undefined)).toBe(true);
    expect(dpopResourceOutcome(api, undefined)).toMatchObject({ ok: false, values: { [DPOP_NONCE]: 'n-3' } });
    const other = exchange(400, [], { error: 'invalid_dpop_proof' });
    expect(asksForNonce(other, jsonBody(other))).toBe(false);
    const bearer = exchange(401, [['WWW-Authenticate', 'DPoP error="invalid_token"']]);
    expect(asksForNonce(bearer, undefined)).toBe(false);
  });

  it('treats the nonce refusal as the expected answer and keeps the nonce; checks token_type and cnf.jkt', () => {
    const ctx = { values: { [DPOP_JKT]: 'jkt-1' }, params: {} } as unknown as FlowContext;
    const refused = exchange(400, [['DPoP-Nonce', 'n-4']], { error: 'use_dpop_nonce' });
    expect(dpopTokenOutcome(ctx, refused, jsonBody(refused))).toMatchObject({
      ok: true,
      values: { [DPOP_NONCE]: 'n-4' },
    });
    const issued = (tokenType: string, jkt: string) => {
      const e = exchange(200, [], { access_token: fakeJwt({ cnf: { jkt } }), token_type: tokenType });
      return dpopTokenOutcome(ctx, e, jsonBody(e));
    };
    expect(issued('DPoP', 'jkt-1').ok).toBe(true);
    expect(issued('DPoP', 'jkt-2')).toMatchObject({ ok: false, message: /cnf\.jkt is not the thumbprint/ });
    expect(issued('Bearer', 'jkt-1')).toMatchObject({ ok: false, message: /not DPoP/ });
    expect(boundTokenCheck('k', 'DPoP', 'opaque').message).toMatch(/opaque/);
  });
});

describe.each(Object.entries(storeFactories))(
  'the DPoP flow against the server (%s store)',
  (_n, makeStore) => {
    it('key, PKCE, authorize with dpop_jkt, use_dpop_nonce, retry, bound token, API with ath', async () => {
      const c = await setup(makeStore);
      const run = await runAgainstServer(c, dpop, {
        client_id: 'spa',
        audience: 'https://api.example.com',
        scope: 'openid offline_access read:messages',
        state: 'state-1',
        nonce: 'nonce-1',
        code_verifier: 'v'.repeat(43),
      });
      for (const step of dpop.steps)
        expect(run.outcomes[step.id]?.ok, `${step.id}: ${run.outcomes[step.id]?.message}`).toBe(true);
      expect(run.authorizeUrls.authorize?.searchParams.get('dpop_jkt')).toBe(run.values[DPOP_JKT]);
      const [refused] = run.exchanges.token ?? [];
      expect(refused?.response.status).toBe(400);
      expect(run.outcomes.token?.message).toMatch(/use_dpop_nonce/);
      const [issued] = run.exchanges['token-retry'] ?? [];
      expect(issued?.response.status).toBe(200);
      expect(jsonBody(issued as HttpExchange)?.token_type).toBe('DPoP');
      expect(run.outcomes['token-retry']?.message).toMatch(/cnf\.jkt is the thumbprint/);
      const [api] = run.exchanges.api ?? [];
      const apiProof = api?.request.headers.find(([n]) => n === 'DPoP')?.[1] ?? '';
      const { payload } = await jwtVerify(apiProof, EmbeddedJWK, {
        currentDate: new Date(c.server.clock.ms),
      });
      expect(payload.ath).toBe(await accessTokenHash(run.tokens.access_token ?? ''));
      expect(payload.nonce).toBe(run.values[DPOP_NONCE]);
      expect(api?.response.status).toBe(200);
      expect(api?.request.headers).toContainEqual(['Authorization', `DPoP ${run.tokens.access_token}`]);
    });
  },
);
