import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { authorize, setup } from '../../../server/conformance/client.ts';
import { storeFactories } from '../../../server/testing/harness.ts';
import { createRunStore, newRun, type RunEnvironment } from '../../flow-runner/index.ts';
import { serverEndpoints } from './common.ts';
import { findFlow } from './registry.ts';
import { serverSender } from './testing.ts';

function flow(id: string) {
  const found = findFlow(id);
  if (!found) throw new Error(`no flow ${id}`);
  return found;
}

describe.each(Object.entries(storeFactories))(
  'the DPoP toggle of the token flows (%s store)',
  (_n, makeStore) => {
    it('code + PKCE (spa): the token request gets a proof, the nonce round trip, a bound token; refresh with the key', async () => {
      const c = await setup(makeStore);
      const environment: RunEnvironment = {
        server: 'built-in',
        endpoints: serverEndpoints(c.server.issuer),
        redirectUri: 'http://localhost:3000/callback',
        appUrl: 'http://localhost:3000/',
      };
      const send = serverSender(c);
      const pkce = flow('auth-code-pkce');
      const store = createRunStore({
        flow: pkce,
        initial: newRun({ flow: pkce, environment, params: { dpop: 'on' } }),
        send,
      });
      await store.runStep('pkce');
      await store.runStep('authorize');
      const sent = store.get().results.authorize?.sent;
      if (!sent) throw new Error('no authorize request');
      const result = await authorize(c, c.browser(), Object.fromEntries(new URL(sent.url).searchParams));
      store.receiveCallback({
        params: Object.fromEntries(result.url.searchParams),
        responseMode: 'query',
        displayUrl: '',
      });
      const token = await store.runStep('token');
      expect(token?.status, token?.message).toBe('ok');
      expect(token?.message).toMatch(/token_type DPoP; cnf\.jkt is the thumbprint/);
      const tokenCalls = store.get().exchanges.filter((e) => e.request.url === environment.endpoints.token);
      expect(tokenCalls.map((e) => e.response.status)).toEqual([400, 200]);
      expect(tokenCalls[0]?.response.body).toMatch(/use_dpop_nonce/);
      const proofs = tokenCalls.map((e) => e.request.headers.find(([n]) => n === 'DPoP')?.[1] ?? '');
      expect(decodeProtectedHeader(proofs[0] ?? '').typ).toBe('dpop+jwt');
      expect(proofs[0]).not.toBe(proofs[1]);
      expect(token?.lines?.map((l) => l.label)).toEqual(
        expect.arrayContaining(['DPoP proof: payload', 'DPoP proof with the nonce: payload']),
      );
      const held = store.get().tokens;
      const jkt = held.access_token?.provenance.dpopJkt;
      expect(jkt).toMatch(/^[\w-]{43}$/);

      // The refresh token of a public client is bound to the key (RFC 9449 §5): without a proof, refused.
      const refreshFlow = flow('refresh-token');
      const refreshStore = (dpop: string) =>
        createRunStore({
          flow: refreshFlow,
          initial: newRun({ flow: refreshFlow, environment, tokens: held, params: { dpop } }),
          send,
        });
      const without = await refreshStore('off').runStep('refresh');
      expect(without?.status).toBe('error');
      expect(without?.message).toMatch(/^400 invalid_grant: The refresh token is bound to a DPoP key/);
      const withKey = await refreshStore('on').runStep('refresh');
      expect(withKey?.status, withKey?.message).toBe('ok');
      expect(withKey?.message).toMatch(/token_type DPoP/);
    });

    it('client credentials (m2m): one proof, no nonce needed, token_type DPoP; off: Bearer as before', async () => {
      const c = await setup(makeStore);
      const environment: RunEnvironment = {
        server: 'built-in',
        endpoints: serverEndpoints(c.server.issuer),
        redirectUri: 'http://localhost:3000/callback',
        appUrl: 'http://localhost:3000/',
      };
      const cc = flow('client-credentials');
      const run = async (dpop: string) => {
        const store = createRunStore({
          flow: cc,
          initial: newRun({ flow: cc, environment, params: { dpop } }),
          send: serverSender(c),
        });
        const result = await store.runStep('token');
        return { result, exchanges: store.get().exchanges };
      };
      const on = await run('on');
      expect(on.result?.status, on.result?.message).toBe('ok');
      expect(on.exchanges).toHaveLength(1);
      expect(JSON.parse(on.exchanges[0]?.response.body ?? '{}').token_type).toBe('DPoP');
      const off = await run('off');
      expect(off.exchanges[0]?.request.headers.some(([n]) => n === 'DPoP')).toBe(false);
      expect(JSON.parse(off.exchanges[0]?.response.body ?? '{}').token_type).toBe('Bearer');
    });
  },
);
