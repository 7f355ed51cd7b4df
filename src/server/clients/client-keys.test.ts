import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientAssertion,
  clientKey,
  JWT_BEARER,
  registerClient,
  registerRequest,
} from '../testing/client-keys.ts';
import { createTestServer, storeFactories } from '../testing/harness.ts';
import { JWKS_URI_MAX_BYTES } from './client-keys.ts';

/** A real HTTP server on 127.0.0.1 (a client's jwks_uri), on a free port of 12000-12999. */
interface LoopbackServer {
  url(path: string): string;
  close(): Promise<void>;
}

async function startLoopbackServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<LoopbackServer> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 12000 + Math.floor(Math.random() * 1000);
    const server: Server = createServer(handler);
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (listening) {
      return {
        url: (path) => `http://127.0.0.1:${port}${path}`,
        close: () =>
          new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    }
  }
  throw new Error('no free port in 12000-12999');
}

/** A port in 12000-12999 where nothing listens (for "unreachable"). */
async function closedPortUrl(path: string): Promise<string> {
  const server = await startLoopbackServer((_req, res) => res.end());
  const url = server.url(path);
  await server.close();
  return url;
}

describe.each(Object.entries(storeFactories))('a client jwks_uri (%s store)', (_name, makeStore) => {
  let jwksServer: LoopbackServer;
  let served: unknown = { keys: [] };
  beforeAll(async () => {
    jwksServer = await startLoopbackServer((req, res) => {
      if (req.url === '/slow') return; // never answers
      if (req.url === '/huge') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ keys: [], padding: 'x'.repeat(JWKS_URI_MAX_BYTES + 10) }));
        return;
      }
      if (req.url === '/missing') {
        res.writeHead(404).end('not here');
        return;
      }
      if (req.url === '/html') {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html></html>');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(served));
    });
  });
  afterAll(() => jwksServer.close());

  it('fetches a loopback jwks_uri at registration and at each client authentication', async () => {
    const server = createTestServer({ makeStore });
    const key = await clientKey('RS256');
    served = { keys: [key.publicJwk] };
    const jwksUri = jwksServer.url(`/jwks-${crypto.randomUUID()}.json`);
    const client = await registerClient(server, {
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks_uri: jwksUri,
    });
    expect(client.jwks_uri).toBe(jwksUri);
    const res = await server.post('oauth/token', {
      grant_type: 'client_credentials',
      audience: 'https://api.example.com',
      client_assertion_type: JWT_BEARER,
      client_assertion: await clientAssertion(server, key, client.client_id),
    });
    expect(res.status).toBe(200);
    // A key the set does not hold: refetched once, still not there: invalid_client.
    const other = await clientKey('RS256');
    const refused = await server.post('oauth/token', {
      grant_type: 'client_credentials',
      audience: 'https://api.example.com',
      client_assertion_type: JWT_BEARER,
      client_assertion: await clientAssertion(server, other, client.client_id),
    });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      error: 'invalid_client',
      error_description:
        "The client assertion's signature does not verify with the client's registered keys.",
    });
  });

  it.each([
    ['/slow', /^jwks_uri http:\/\/127\.0\.0\.1:\d+\/slow did not answer within 3 s\.$/],
    ['/huge', /^jwks_uri http:\/\/127\.0\.0\.1:\d+\/huge: the answer is larger than 32768 bytes\.$/],
    [
      '/missing',
      /^jwks_uri http:\/\/127\.0\.0\.1:\d+\/missing did not answer 200 with a JSON Web Key Set\.$/,
    ],
    ['/html', /^jwks_uri http:\/\/127\.0\.0\.1:\d+\/html did not answer 200 with a JSON Web Key Set\.$/],
  ])(
    'refuses a jwks_uri %s with a clear invalid_client_metadata, never a 500',
    async (path, description) => {
      const server = createTestServer({ makeStore });
      const res = await registerRequest(server, {
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'private_key_jwt',
        jwks_uri: jwksServer.url(path),
      });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error).toBe('invalid_client_metadata');
      expect(body.error_description).toMatch(description);
    },
    10_000,
  );

  it('refuses an unreachable jwks_uri', async () => {
    const server = createTestServer({ makeStore });
    const url = await closedPortUrl('/jwks.json');
    const res = await registerRequest(server, {
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks_uri: url,
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toEqual({
      error: 'invalid_client_metadata',
      error_description: expect.stringMatching(
        /^jwks_uri http:\/\/127\.0\.0\.1:\d+\/jwks\.json could not be fetched \(.+\)\.$/,
      ),
    });
  });

  it('refuses a jwks_uri whose keys are private or unusable', async () => {
    const server = createTestServer({ makeStore });
    served = { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] };
    const res = await registerRequest(server, {
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks_uri: jwksServer.url(`/bad-${crypto.randomUUID()}`),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error_description).toMatch(
      /^jwks_uri: key 0 of .+: kty must be RSA or EC, not 'oct'$/,
    );
  });
});
