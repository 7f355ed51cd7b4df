import { CompactEncrypt, generateKeyPair, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeEntities } from '../../conformance/browser.ts';
import {
  type ClientAlg,
  type ClientKey,
  clientKey,
  registerClient,
  signJwt,
} from '../../testing/client-keys.ts';
import { createTestServer, storeFactories, type TestServer } from '../../testing/harness.ts';

const CALLBACK = 'http://localhost:3000/callback';
const OTHER_CALLBACK = 'https://oauth.pstmn.io/v1/callback';

async function jarClient(server: TestServer, alg: ClientAlg = 'RS256') {
  const key = await clientKey(alg);
  const { client_id } = await registerClient(server, {
    redirect_uris: [CALLBACK, OTHER_CALLBACK],
    jwks: { keys: [key.publicJwk] },
  });
  return { key, clientId: client_id };
}

function requestClaims(server: TestServer, clientId: string, extra: Record<string, unknown> = {}) {
  const now = Math.floor(server.clock.ms / 1000);
  return {
    iss: clientId,
    aud: server.issuer,
    client_id: clientId,
    iat: now,
    exp: now + 300,
    jti: crypto.randomUUID(),
    response_type: 'code',
    redirect_uri: CALLBACK,
    scope: 'openid',
    state: 'inner-state',
    prompt: 'none',
    ...extra,
  };
}

function signedRequest(
  server: TestServer,
  key: ClientKey,
  clientId: string,
  extra?: Record<string, unknown>,
  header?: Record<string, unknown>,
) {
  return signJwt(key, requestClaims(server, clientId, extra), { typ: 'oauth-authz-req+jwt', ...header });
}

function authorize(server: TestServer, params: Record<string, string>) {
  return server.fetch(`authorize?${new URLSearchParams(params)}`);
}

/** prompt=none in the object: without a session the answer is login_required, at the object's redirect URI. */
function expectObjectUsed(res: Response) {
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
  expect(location.searchParams.get('error')).toBe('login_required');
  expect(location.searchParams.get('state')).toBe('inner-state');
}

async function expectErrorPage(res: Response, code: string, description: string) {
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toContain('text/html');
  expect(decodeEntities(await res.text())).toContain(`<code>${code}</code>: ${description}`);
}

describe.each(Object.entries(storeFactories))(
  '/authorize with a request object (%s store)',
  (_name, makeStore) => {
    it.each(['RS256', 'PS256', 'ES256'] as const)(
      'takes client_id + a %s-signed request and nothing else (RFC 9101 section 5)',
      async (alg) => {
        const server = createTestServer({ makeStore });
        const { key, clientId } = await jarClient(server, alg);
        expectObjectUsed(
          await authorize(server, {
            client_id: clientId,
            request: await signedRequest(server, key, clientId),
          }),
        );
      },
    );

    it('uses only the parameters inside the object, not those beside it (RFC 9101 section 6.3)', async () => {
      const server = createTestServer({ makeStore });
      const { key, clientId } = await jarClient(server);
      expectObjectUsed(
        await authorize(server, {
          client_id: clientId,
          request: await signedRequest(server, key, clientId),
          state: 'outer-state',
          redirect_uri: OTHER_CALLBACK,
          prompt: 'login',
          response_type: 'token',
        }),
      );
    });

    it('accepts typ JWT or none, and numbers and objects as claims', async () => {
      const server = createTestServer({ makeStore });
      const { key, clientId } = await jarClient(server);
      expectObjectUsed(
        await authorize(server, {
          client_id: clientId,
          request: await signedRequest(server, key, clientId, { max_age: 60 }, { typ: 'JWT' }),
        }),
      );
      const untyped = await signJwt(key, requestClaims(server, clientId));
      expectObjectUsed(await authorize(server, { client_id: clientId, request: untyped }));
    });

    it('refuses alg none, a foreign key, a wrong typ and malformed objects with invalid_request_object', async () => {
      const server = createTestServer({ makeStore });
      const { key, clientId } = await jarClient(server);
      const foreign = await clientKey('RS256');
      const { publicKey } = await generateKeyPair('RSA-OAEP-256');
      const encrypted = await new CompactEncrypt(new TextEncoder().encode('{}'))
        .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
        .encrypt(publicKey);
      const cases: [string, string][] = [
        [
          new UnsecuredJWT(requestClaims(server, clientId)).encode(),
          "The request object is not signed (alg none): sign it with the client's key (RFC 9101 section 6.1).",
        ],
        [
          await signedRequest(server, foreign, clientId),
          "The request object's signature does not verify with the client's registered keys.",
        ],
        [
          await signedRequest(server, key, clientId, {}, { typ: 'at+jwt' }),
          "The request object's typ must be oauth-authz-req+jwt (RFC 9101 section 10.8), not at+jwt.",
        ],
        ['not.a-jwt', 'request is not a JWT (header.payload.signature, base64url).'],
        ['bm90IGpzb24.e30.c2ln', 'request is not a JWT (header.payload.signature, base64url).'],
        [encrypted, 'Encrypted request objects (JWE) are not supported: sign it (JWS).'],
        [
          await signedRequest(server, key, clientId, { iss: 'someone' }),
          `The request object's iss must be the client_id ${clientId}.`,
        ],
        [
          await signedRequest(server, key, clientId, { aud: 'https://other.example/' }),
          `The request object's aud must be this server's issuer ${server.issuer}.`,
        ],
        [
          await signedRequest(server, key, clientId, { client_id: 'web-app' }),
          'The client_id inside the request object differs from the client_id of the request.',
        ],
        [
          await signedRequest(server, key, clientId, { exp: Math.floor(server.clock.ms / 1000) - 60 }),
          'The request object has expired (exp).',
        ],
        [
          await signedRequest(server, key, clientId, { request_uri: 'urn:x' }),
          'A request object must not contain request or request_uri.',
        ],
      ];
      for (const [request, description] of cases) {
        // No redirect_uri beside the object and two registered: an error page, never a redirect.
        const res = await authorize(server, { client_id: clientId, request });
        expect(res.status).toBe(400);
        const alert = decodeEntities(await res.text()).match(/<code>.*?<\/p>/)?.[0];
        expect(alert).toBe(`<code>invalid_request_object</code>: ${description}</p>`);
      }
    });

    it('sends invalid_request_object to the redirect URI beside the object when that one is registered', async () => {
      const server = createTestServer({ makeStore });
      const { clientId } = await jarClient(server);
      const res = await authorize(server, {
        client_id: clientId,
        request: new UnsecuredJWT(requestClaims(server, clientId)).encode(),
        redirect_uri: OTHER_CALLBACK,
        state: 'outer',
      });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location') ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(OTHER_CALLBACK);
      expect(Object.fromEntries(location.searchParams)).toEqual({
        error: 'invalid_request_object',
        error_description:
          "The request object is not signed (alg none): sign it with the client's key (RFC 9101 section 6.1).",
        state: 'outer',
        iss: server.issuer,
      });
    });

    it('refuses a client without keys, request with request_uri, and a missing client_id', async () => {
      const server = createTestServer({ makeStore });
      const key = await clientKey('RS256');
      await expectErrorPage(
        await authorize(server, { client_id: 'spa', request: await signedRequest(server, key, 'spa') }),
        'invalid_request_object',
        'Client spa has no registered keys (jwks or jwks_uri) to verify a request object with.',
      );
      await expectErrorPage(
        await authorize(server, { client_id: 'spa', request: 'a.b.c', request_uri: 'urn:x' }),
        'invalid_request',
        'Send request or request_uri, not both (RFC 9101 section 5).',
      );
      await expectErrorPage(
        await authorize(server, { request: await signedRequest(server, key, 'spa') }),
        'invalid_request',
        'Missing required parameter: client_id',
      );
    });
  },
);
