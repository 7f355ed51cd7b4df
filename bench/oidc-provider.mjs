/**
 * node-oidc-provider configured like the playground's demo tenant, for the benchmark only:
 * clients `m2m` (client_credentials) and `web-app` (authorization_code), RS256 JWT access tokens
 * for https://api.example.com through resource indicators (RFC 8707), RS256 ID tokens, in-memory
 * storage. Logins are finished programmatically (no login page): the bench times token requests.
 *
 * Usage: node bench/oidc-provider.mjs --port N   (prints "listening on http://localhost:N/")
 */
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import LRU from 'oidc-provider/lib/helpers/lru.js';

// The built-in development adapter keeps only 1000 records (an LRU): enough codes for a bench run
// would be evicted before they are redeemed. Ours keeps everything in memory, so this one does too.
const storage = new LRU({ maxSize: 10_000_000 });

const API = 'https://api.example.com';
const port = Number(process.argv[process.argv.indexOf('--port') + 1] || process.env.PORT || 4500);
const issuer = `http://localhost:${port}`;

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'bench' };

const users = {
  'auth0|alice': {
    sub: 'auth0|alice',
    email: 'alice@example.com',
    email_verified: true,
    name: 'Alice Liddell',
  },
};

const provider = new Provider(issuer, {
  adapter: (model) => new MemoryAdapter(model, storage),
  clients: [
    {
      client_id: 'm2m',
      client_secret: 'm2m-secret',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    {
      client_id: 'web-app',
      client_secret: 'web-app-secret',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: ['http://localhost:3000/callback'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['bench-cookie-key'] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => API,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'read:messages write:messages',
        audience: API,
        accessTokenTTL: 86400,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  scopes: ['openid', 'profile', 'email', 'offline_access'],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  ttl: {
    AccessToken: 86400,
    AuthorizationCode: 600,
    ClientCredentials: 86400,
    IdToken: 36000,
    Interaction: 3600,
    Session: 86400,
    Grant: 86400,
  },
  findAccount: (_ctx, id) => (users[id] ? { accountId: id, claims: () => users[id] } : undefined),
});
provider.on('server_error', (_ctx, error) => console.error('oidc-provider server_error:', error.message));

const callback = provider.callback();
createServer(async (req, res) => {
  // The login and consent "pages": Alice logs in and grants every requested scope at once.
  if (req.url?.startsWith('/interaction/')) {
    try {
      const details = await provider.interactionDetails(req, res);
      if (process.env.BENCH_DEBUG)
        console.error('prompt', details.prompt.name, JSON.stringify(details.prompt.reasons));
      let result;
      if (details.prompt.name === 'login') {
        result = { login: { accountId: 'auth0|alice' } };
      } else {
        const grant = new provider.Grant({
          accountId: details.session.accountId,
          clientId: details.params.client_id,
        });
        grant.addOIDCScope('openid profile email');
        grant.addResourceScope(API, 'read:messages write:messages');
        result = { consent: { grantId: await grant.save() } };
      }
      await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
    return;
  }
  callback(req, res);
}).listen(port, '127.0.0.1', () => console.log(`listening on ${issuer}/`));
