import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  CALLBACK,
  CHALLENGE,
  codeRequest,
  DEMO_API,
  responseParams,
  TestBrowser,
  VERIFIER,
} from '../endpoints/authorize/browser-testing.ts';
import { createTestServer, storeFactories, type TestServer } from '../testing/harness.ts';
import { type DpopKey, dpopKey } from './testing.ts';

const ISSUER = 'http://localhost:4000/';
const TOKEN_URL = `${ISSUER}oauth/token`;
const API_URL = `${ISSUER}api/messages`;
const M2M = { Authorization: `Basic ${btoa('m2m:m2m-secret')}` };
const ALGS = 'algs="ES256 ES384 PS256 RS256 EdDSA"';

function seconds(server: TestServer) {
  return () => Math.floor(server.clock.ms / 1000);
}

async function clientCredentials(server: TestServer, proof?: string) {
  return server.post(
    'oauth/token',
    { grant_type: 'client_credentials', audience: DEMO_API },
    { ...M2M, ...(proof ? { DPoP: proof } : {}) },
  );
}

async function apiGet(server: TestServer, authorization: string, proof?: string) {
  return server.fetch('api/messages', {
    headers: { Authorization: authorization, ...(proof ? { DPoP: proof } : {}) },
  });
}

describe.each(Object.entries(storeFactories))('DPoP (RFC 9449) (%s store)', (_name, makeStore) => {
  const fresh = async () => {
    const server = createTestServer({ makeStore });
    return { server, key: await dpopKey(seconds(server)) };
  };

  it('is advertised in discovery, and its headers are exposed to other origins', async () => {
    const { server } = await fresh();
    const doc = await (await server.fetch('.well-known/openid-configuration')).json();
    expect(doc.dpop_signing_alg_values_supported).toEqual(['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA']);
    const res = await server.fetch('api/messages', { headers: { Origin: 'http://localhost:3000' } });
    expect(res.headers.get('access-control-expose-headers')).toBe('WWW-Authenticate,DPoP-Nonce');
  });

  it('a token request with a proof gets token_type DPoP and an access token with cnf.jkt', async () => {
    const { server, key } = await fresh();
    const res = await clientCredentials(server, await key.proof('POST', TOKEN_URL));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ token_type: 'DPoP', expires_in: 86400 });
    expect(decodeJwt(body.access_token).cnf).toEqual({ jkt: key.jkt });
    const plain = await (await clientCredentials(server)).json();
    expect(plain.token_type).toBe('Bearer');
    expect(decodeJwt(plain.access_token).cnf).toBeUndefined();
  });

  it('refuses a replayed proof with 400 invalid_dpop_proof', async () => {
    const { server, key } = await fresh();
    const proof = await key.proof('POST', TOKEN_URL);
    expect((await clientCredentials(server, proof)).status).toBe(200);
    const again = await clientCredentials(server, proof);
    expect(again.status).toBe(400);
    expect(again.headers.get('cache-control')).toBe('no-store');
    expect(await again.json()).toEqual({
      error: 'invalid_dpop_proof',
      error_description: 'This DPoP proof was already used (its jti was seen before).',
    });
  });

  it('of two concurrent uses of one proof, exactly one passes', async () => {
    const { server, key } = await fresh();
    const proof = await key.proof('POST', TOKEN_URL);
    const results = await Promise.all([clientCredentials(server, proof), clientCredentials(server, proof)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
  });

  it('refuses bad proofs, each with its reason', async () => {
    const { server, key } = await fresh();
    const now = seconds(server)();
    const cases: [string, string][] = [
      [await key.proof('GET', TOKEN_URL), "The DPoP proof's htm must be POST, the method of this request."],
      [
        await key.proof('POST', `${ISSUER}oauth/other`),
        "The DPoP proof's htu must be http://localhost:4000/oauth/token, the URL of this request.",
      ],
      [
        await key.proof('POST', TOKEN_URL, { iat: now - 400 }),
        "The DPoP proof's iat is too old or in the future (proofs are accepted for 300 s).",
      ],
      [
        await key.proof('POST', TOKEN_URL, { iat: now + 400 }),
        "The DPoP proof's iat is too old or in the future (proofs are accepted for 300 s).",
      ],
      [
        await key.proof('POST', TOKEN_URL, { typ: 'JWT' }),
        'The DPoP proof must have typ dpop+jwt in its header.',
      ],
      ['not.a.jwt', 'The DPoP proof is not a valid signed JWT.'],
      [
        `${await key.proof('POST', TOKEN_URL)}, ${await key.proof('POST', TOKEN_URL)}`,
        'The request has more than one DPoP header.',
      ],
    ];
    // A proof whose jwk carries the private key.
    const pair = await generateKeyPair('ES256', { extractable: true });
    const privateJwk = await exportJWK(pair.privateKey);
    cases.push([
      await new SignJWT({ htm: 'POST', htu: TOKEN_URL, jti: 'j1', iat: now })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: privateJwk })
        .sign(pair.privateKey),
      'The DPoP proof header must carry the public key (jwk) it was signed with.',
    ]);
    // A MAC is not a proof of possession of a key.
    cases.push([
      await new SignJWT({ htm: 'POST', htu: TOKEN_URL, jti: 'j2', iat: now })
        .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: key.jwk })
        .sign(new Uint8Array(32)),
      "The DPoP proof's alg is not one of ES256, ES384, PS256, RS256, EdDSA.",
    ]);
    for (const [proof, description] of cases) {
      const res = await clientCredentials(server, proof);
      expect(res.status, description).toBe(400);
      expect(await res.json()).toEqual({ error: 'invalid_dpop_proof', error_description: description });
    }
  });

  it('a dpop_bound_access_tokens client must send a proof', async () => {
    const server = createTestServer({
      makeStore,
      tenant: {
        users: [],
        apis: [{ identifier: DEMO_API, scopes: [{ value: 'read:messages' }] }],
        clients: [
          {
            clientId: 'bound',
            type: 'confidential',
            clientSecret: 's',
            grantTypes: ['client_credentials'],
            dpopBoundAccessTokens: true,
            clientGrants: [{ audience: DEMO_API, scopes: ['read:messages'] }],
          },
        ],
      },
    });
    const res = await server.post(
      'oauth/token',
      { grant_type: 'client_credentials', audience: DEMO_API },
      { Authorization: `Basic ${btoa('bound:s')}` },
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'invalid_dpop_proof',
      error_description:
        'The client bound must send a DPoP proof with every token request (dpop_bound_access_tokens).',
    });
  });

  describe('at the sample API', () => {
    async function boundToken(): Promise<{ server: TestServer; key: DpopKey; token: string }> {
      const { server, key } = await fresh();
      const body = await (await clientCredentials(server, await key.proof('POST', TOKEN_URL))).json();
      return { server, key, token: body.access_token };
    }

    it('accepts Authorization: DPoP with a proof carrying ath', async () => {
      const { server, key, token } = await boundToken();
      const res = await apiGet(
        server,
        `DPoP ${token}`,
        await key.proof('GET', API_URL, { accessToken: token }),
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ messages: [] });
    });

    it('refuses the bound token as a Bearer token: 401 with a DPoP challenge', async () => {
      const { server, token } = await boundToken();
      const res = await apiGet(server, `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        `DPoP realm="api", error="invalid_token", error_description="This access token is DPoP-bound: send it as Authorization: DPoP with a DPoP proof.", ${ALGS}`,
      );
      expect((await res.json()).error).toBe('invalid_token');
    });

    it('refuses a proof for another method or URL, a wrong ath, an old iat, another key, a replay or none', async () => {
      const { server, key, token } = await boundToken();
      const other = await dpopKey(seconds(server));
      const used = await key.proof('GET', API_URL, { accessToken: token });
      expect((await apiGet(server, `DPoP ${token}`, used)).status).toBe(200);
      const cases: [string | undefined, string][] = [
        [
          await key.proof('POST', API_URL, { accessToken: token }),
          "The DPoP proof's htm must be GET, the method of this request.",
        ],
        [
          await key.proof('GET', `${ISSUER}userinfo`, { accessToken: token }),
          "The DPoP proof's htu must be http://localhost:4000/api/messages, the URL of this request.",
        ],
        [
          await key.proof('GET', API_URL, { accessToken: 'another' }),
          "The DPoP proof's ath does not match the access token.",
        ],
        [await key.proof('GET', API_URL), 'The DPoP proof has no ath claim (the hash of the access token).'],
        [
          await key.proof('GET', API_URL, { accessToken: token, iat: seconds(server)() - 600 }),
          "The DPoP proof's iat is too old or in the future (proofs are accepted for 300 s).",
        ],
        [
          await other.proof('GET', API_URL, { accessToken: token }),
          'The DPoP proof key is not the key the token is bound to (cnf.jkt).',
        ],
        [used, 'This DPoP proof was already used (its jti was seen before).'],
        [undefined, 'A DPoP token needs a DPoP proof header.'],
      ];
      for (const [proof, description] of cases) {
        const res = await apiGet(server, `DPoP ${token}`, proof);
        expect(res.status, description).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe(
          `DPoP realm="api", error="invalid_dpop_proof", error_description="${description.replaceAll('"', '')}", ${ALGS}`,
        );
        expect(await res.json()).toEqual({ error: 'invalid_dpop_proof', error_description: description });
      }
    });

    it('refuses an unbound token sent with the DPoP scheme', async () => {
      const { server } = await fresh();
      const token = (await (await clientCredentials(server)).json()).access_token;
      const res = await apiGet(server, `DPoP ${token}`);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        `DPoP realm="api", error="invalid_token", error_description="This access token is not DPoP-bound: send it as Authorization: Bearer.", ${ALGS}`,
      );
    });
  });

  describe('with server nonces (the demo spa requires them)', () => {
    async function spaCode(server: TestServer, extra: Record<string, string> = {}) {
      const browser = new TestBrowser(server);
      const res = await browser.authorize(
        codeRequest({
          client_id: 'spa',
          audience: DEMO_API,
          scope: 'openid offline_access read:messages',
          code_challenge: CHALLENGE,
          code_challenge_method: 'S256',
          ...extra,
        }),
      );
      return responseParams(res).get('code') ?? '';
    }
    const codeForm = (code: string) => ({
      grant_type: 'authorization_code',
      client_id: 'spa',
      code,
      redirect_uri: CALLBACK,
      code_verifier: VERIFIER,
    });

    it('answers use_dpop_nonce with a DPoP-Nonce header, without using the code; the retry gets bound tokens', async () => {
      const { server, key } = await fresh();
      const code = await spaCode(server);
      const first = await server.post('oauth/token', codeForm(code), {
        DPoP: await key.proof('POST', TOKEN_URL),
      });
      expect(first.status).toBe(400);
      const nonce = first.headers.get('dpop-nonce') ?? '';
      expect(nonce).toMatch(/^[\w-]{22}$/);
      expect(await first.json()).toEqual({
        error: 'use_dpop_nonce',
        error_description:
          'This server requires a nonce in the DPoP proof: use the one in the DPoP-Nonce header.',
      });
      const stale = await server.post('oauth/token', codeForm(code), {
        DPoP: await key.proof('POST', TOKEN_URL, { nonce: 'made-up' }),
      });
      expect((await stale.json()).error).toBe('use_dpop_nonce');
      const ok = await server.post('oauth/token', codeForm(code), {
        DPoP: await key.proof('POST', TOKEN_URL, { nonce }),
      });
      const body = await ok.json();
      expect(ok.status, JSON.stringify(body)).toBe(200);
      expect(body.token_type).toBe('DPoP');
      expect(decodeJwt(body.access_token).cnf).toEqual({ jkt: key.jkt });

      // RFC 9449 §9: the API asks for the nonce too.
      const api = await apiGet(
        server,
        `DPoP ${body.access_token}`,
        await key.proof('GET', API_URL, { accessToken: body.access_token }),
      );
      expect(api.status).toBe(401);
      expect(api.headers.get('dpop-nonce')).toBe(nonce);
      expect(api.headers.get('www-authenticate')).toBe(
        `DPoP realm="api", error="use_dpop_nonce", error_description="This server requires a nonce in the DPoP proof: use the one in the DPoP-Nonce header.", ${ALGS}`,
      );
      const retry = await apiGet(
        server,
        `DPoP ${body.access_token}`,
        await key.proof('GET', API_URL, { accessToken: body.access_token, nonce }),
      );
      expect(retry.status).toBe(200);

      // RFC 9449 §5.0: the public client's refresh token is bound to the key.
      const refresh = { grant_type: 'refresh_token', client_id: 'spa', refresh_token: body.refresh_token };
      const without = await server.post('oauth/token', refresh);
      expect(await without.json()).toEqual({
        error: 'invalid_grant',
        error_description: 'The refresh token is bound to a DPoP key: send a DPoP proof made with it.',
      });
      const other = await dpopKey(seconds(server));
      const foreign = await server.post('oauth/token', refresh, {
        DPoP: await other.proof('POST', TOKEN_URL, { nonce }),
      });
      expect(await foreign.json()).toEqual({
        error: 'invalid_grant',
        error_description: 'The refresh token is bound to another DPoP key.',
      });
      const refreshed = await server.post('oauth/token', refresh, {
        DPoP: await key.proof('POST', TOKEN_URL, { nonce }),
      });
      expect(refreshed.status).toBe(200);
      expect((await refreshed.json()).token_type).toBe('DPoP');
    });

    it('a nonce is replaced after its lifetime, the old one still accepted for as long again', async () => {
      const { server, key } = await fresh();
      const code = await spaCode(server);
      const nonce = (
        await server.post('oauth/token', codeForm(code), { DPoP: await key.proof('POST', TOKEN_URL) })
      ).headers.get('dpop-nonce');
      server.clock.ms += 301_000;
      const later = await server.post('oauth/token', codeForm(code), {
        DPoP: await key.proof('POST', TOKEN_URL),
      });
      const next = later.headers.get('dpop-nonce');
      expect(next).not.toBe(nonce);
      const ok = await server.post('oauth/token', codeForm(code), {
        DPoP: await key.proof('POST', TOKEN_URL, { nonce: nonce ?? '' }),
      });
      expect(ok.status).toBe(200);
    });

    it('dpop_jkt binds the code to the key (RFC 9449 §10)', async () => {
      const { server, key } = await fresh();
      const other = await dpopKey(seconds(server));
      const code = await spaCode(server, { dpop_jkt: key.jkt });
      const nonce =
        (
          await server.post('oauth/token', codeForm(code), { DPoP: await other.proof('POST', TOKEN_URL) })
        ).headers.get('dpop-nonce') ?? '';
      const wrong = await server.post('oauth/token', codeForm(code), {
        DPoP: await other.proof('POST', TOKEN_URL, { nonce }),
      });
      expect(await wrong.json()).toEqual({
        error: 'invalid_grant',
        error_description: 'The authorization code is bound to another DPoP key.',
      });
    });
  });
});
