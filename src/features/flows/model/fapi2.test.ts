import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { setup } from '../../../server/conformance/client.ts';
import { storeFactories } from '../../../server/testing/harness.ts';
import { serverEndpoints } from './common.ts';
import { fapi2 } from './definitions/fapi2.ts';
import { DPOP_JKT } from './dpop.ts';
import { runAgainstServer, serverSender } from './testing.ts';

const params = {
  signing_alg: 'PS256',
  audience: 'https://api.example.com',
  scope: 'openid read:messages',
  state: 'state-1',
  nonce: 'nonce-1',
  code_verifier: 'v'.repeat(43),
};

describe.each(Object.entries(storeFactories))(
  'the FAPI 2.0 flow against the server (%s store)',
  (_n, makeStore) => {
    it('registers through DCR, pushes, checks iss, gets a DPoP-bound token, and ticks every requirement', async () => {
      const c = await setup(makeStore);
      const run = await runAgainstServer(c, fapi2, params);
      for (const step of fapi2.steps)
        expect(run.outcomes[step.id]?.ok, `${step.id}: ${run.outcomes[step.id]?.message}`).toBe(true);

      const [registration] = run.exchanges.register ?? [];
      expect(JSON.parse(registration?.request.body ?? '{}')).toMatchObject({
        token_endpoint_auth_method: 'private_key_jwt',
        dpop_bound_access_tokens: true,
        require_pushed_authorization_requests: true,
        jwks: { keys: [{ alg: 'PS256' }] },
      });
      // FAPI 2.0 §5.3.3.2: only client_id and request_uri at the authorization endpoint.
      expect([...(run.authorizeUrls.authorize?.searchParams.keys() ?? [])].sort()).toEqual([
        'client_id',
        'request_uri',
      ]);
      const [par] = run.exchanges.par ?? [];
      const pushed = new URLSearchParams(par?.request.body ?? '');
      expect(pushed.get('code_challenge_method')).toBe('S256');
      expect(pushed.get('dpop_jkt')).toBe(run.values[DPOP_JKT]);
      // FAPI 2.0 §5.3.3.1: the assertion's aud is the issuer, as a string.
      expect(decodeJwt(pushed.get('client_assertion') ?? '').aud).toBe(c.server.issuer);

      const [token] = run.exchanges.token ?? [];
      expect(decodeProtectedHeader(token?.request.headers.find(([n]) => n === 'DPoP')?.[1] ?? '').typ).toBe(
        'dpop+jwt',
      );
      expect(JSON.parse(token?.response.body ?? '{}').token_type).toBe('DPoP');
      expect(run.outcomes.checklist?.message).toBe('All 10 FAPI 2.0 requirements of this flow are met.');
      expect(
        run.outcomes.checklist?.lines?.every((line) => /^✓ .+ \(FAPI 2\.0 §5\.[\d.]+\)$/.test(line.label)),
      ).toBe(true);
    });

    it('rejects an authorization response whose iss is another issuer (RFC 9207 mix-up)', async () => {
      const c = await setup(makeStore);
      const run = await runAgainstServer(c, fapi2, params, 'par');
      const step = fapi2.steps.find((s) => s.id === 'authorize');
      if (step?.kind !== 'authorize') throw new Error('no authorize step');
      const ctx = {
        endpoints: { issuer: c.server.issuer },
        params,
        values: run.values,
        tokens: {},
      } as unknown as Parameters<typeof step.onCallback>[0];
      const sent = step.build({
        ...ctx,
        endpoints: { ...ctx.endpoints, authorization: `${c.server.issuer}authorize` },
      });
      const forged = step.onCallback(
        ctx,
        {
          params: { code: 'c', state: 'state-1', iss: 'https://mix-up.example/' },
          responseMode: 'query',
          displayUrl: '',
        },
        sent,
      );
      expect(forged.ok).toBe(false);
      expect(forged.message).toMatch(
        /^Rejected: the callback’s iss \("https:\/\/mix-up\.example\/"\) is not the issuer/,
      );
      const missing = step.onCallback(
        ctx,
        { params: { code: 'c', state: 'state-1' }, responseMode: 'query', displayUrl: '' },
        sent,
      );
      expect(missing.message).toMatch(/iss \(none\)/);
    });

    it('without a proof, the token request of the dpop_bound_access_tokens client is refused', async () => {
      const c = await setup(makeStore);
      const run = await runAgainstServer(c, fapi2, params, 'token-assertion');
      const step = fapi2.steps.find((s) => s.id === 'token');
      if (step?.kind !== 'http') throw new Error('no token step');
      const ctx = {
        endpoints: serverEndpoints(c.server.issuer),
        redirectUri: 'http://localhost:3000/callback',
        appUrl: 'http://localhost:3000/',
        params: { redirect_uri: 'http://localhost:3000/callback', ...params },
        values: run.values,
        tokens: {},
      };
      const exchange = await serverSender(c)(step.build(ctx));
      expect(exchange.response.status).toBe(400);
      expect(JSON.parse(exchange.response.body ?? '{}')).toMatchObject({
        error: 'invalid_dpop_proof',
        error_description: expect.stringMatching(/must send a DPoP proof/),
      });
    });
  },
);
