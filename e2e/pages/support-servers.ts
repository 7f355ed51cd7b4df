import http from 'node:http';

/** Servers the support specs start themselves on 127.0.0.1: node-oidc-provider and plain pages. */

interface ProviderInstance {
  callback(): http.RequestListener;
}
type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

/** Loads node-oidc-provider (an untyped ESM package) without a declaration file. */
async function loadProvider(): Promise<ProviderConstructor> {
  const name = 'oidc-provider';
  const module = (await import(name)) as { default: ProviderConstructor };
  return module.default;
}

export function listen(server: http.Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

export function close(server: http.Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

/**
 * A real node-oidc-provider at `issuer`, with CORS allowed for `appOrigin` only: a public
 * client for authorization code + PKCE and a confidential one for client credentials.
 */
export async function startOidcProvider(
  issuer: string,
  port: number,
  appOrigin: string,
): Promise<http.Server> {
  const Provider = await loadProvider();
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'playground-spa',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${appOrigin}/callback`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      {
        client_id: 'playground-m2m',
        client_secret: 'm2m-provider-secret',
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        scope: 'read:messages',
      },
    ],
    scopes: ['openid', 'offline_access', 'read:messages'],
    features: { clientCredentials: { enabled: true }, devInteractions: { enabled: true } },
    clientBasedCORS: (_ctx: unknown, origin: string) => origin === appOrigin,
  });
  const server = http.createServer(provider.callback());
  await listen(server, port);
  return server;
}
