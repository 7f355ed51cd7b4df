/**
 * The conformance suite's client side: oauth4webapi (an independent client library) wired to the
 * core in-process, the demo tenant's clients, and a user agent for the login and consent pages.
 */
import { base64url, createLocalJWKSet, type JWTPayload, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import type { Store } from '../store/types.ts';
import { createTestServer, type TestServer } from '../testing/harness.ts';
import { UserAgent } from './browser.ts';

export const API = 'https://api.example.com';
/** A redirect URI every demo client registers; nothing listens there, the agent stops at it. */
export const REDIRECT_URI = 'http://localhost:3000/callback';
export const ALICE = { email: 'alice@example.com', password: 'wonderland', id: 'auth0|alice' };
export const BOB = { email: 'bob@example.com', password: 'builder', id: 'auth0|bob' };
export const REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm';
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';

export const secrets = { 'web-app': 'web-app-secret', m2m: 'm2m-secret' } as const;

export interface Conformance {
  server: TestServer;
  as: oauth.AuthorizationServer;
  /** Options every oauth4webapi request takes: the in-process fetch, http allowed. */
  http: {
    [oauth.customFetch]: (url: string, init: oauth.CustomFetchOptions<string, unknown>) => Promise<Response>;
    [oauth.allowInsecureRequests]: true;
  };
  /** An oauth4webapi client whose clock follows the server's. */
  client(clientId: string): oauth.Client;
  browser(): UserAgent;
  /** Verifies a JWT's signature against the published JWKS (and its claims at the server's time). */
  verify(jwt: string, options?: { audience?: string; typ?: string }): Promise<JWTPayload>;
  /** Seconds on the server clock. */
  now(): number;
  advance(seconds: number): void;
}

export async function setup(makeStore: () => Store): Promise<Conformance> {
  const server = createTestServer({ makeStore });
  // oauth4webapi checks iat/exp against its own clock; start the server clock at real time.
  server.clock.ms = Date.now();
  // oauth4webapi's requests, answered by the core in-process.
  const inProcessFetch = (url: string, init: oauth.CustomFetchOptions<string, unknown>) =>
    server.fetch(url, init as RequestInit);
  const http = { [oauth.customFetch]: inProcessFetch, [oauth.allowInsecureRequests]: true } as const;
  const issuer = new URL(server.issuer);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, http));
  const now = () => Math.floor(server.clock.ms / 1000);
  return {
    server,
    as,
    http,
    now,
    advance(seconds) {
      server.clock.ms += seconds * 1000;
    },
    client(clientId) {
      return { client_id: clientId, [oauth.clockSkew]: Math.round((server.clock.ms - Date.now()) / 1000) };
    },
    browser: () => new UserAgent((url, init) => server.fetch(url, init), issuer.origin),
    async verify(jwt, options = {}) {
      const jwks = createLocalJWKSet(await (await server.fetch('.well-known/jwks.json')).json());
      const { payload } = await jwtVerify(jwt, jwks, {
        issuer: server.issuer,
        audience: options.audience,
        typ: options.typ,
        currentDate: new Date(server.clock.ms),
        algorithms: ['RS256'],
      });
      return payload;
    },
  };
}

export function clientAuth(clientId: string): oauth.ClientAuth {
  return clientId in secrets
    ? oauth.ClientSecretBasic(secrets[clientId as keyof typeof secrets])
    : oauth.None();
}

export interface AuthorizeOptions {
  user?: { email: string; password: string };
  /** What to press on the consent page if one is shown (default Accept). */
  consent?: 'Accept' | 'Decline';
}

/** Builds an /authorize URL on the server. */
export function authorizeUrl(c: Conformance, params: Record<string, string>): URL {
  const url = new URL(c.as.authorization_endpoint ?? '');
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url;
}

/**
 * Goes through /authorize as a person would: logs in when the login form shows, answers the
 * consent page when it shows, and returns where the server sent the browser at the end.
 */
export async function authorize(
  c: Conformance,
  ua: UserAgent,
  params: Record<string, string>,
  options: AuthorizeOptions = {},
): Promise<{ url: URL; sawLogin: boolean; sawConsent: boolean }> {
  let page = await ua.navigate(authorizeUrl(c, params));
  let sawLogin = false;
  let sawConsent = false;
  if (page.status === 200 && ua.hasField('Email')) {
    sawLogin = true;
    const user = options.user ?? ALICE;
    page = await ua.fill('Email', user.email).fill('Password', user.password).press('Log in');
  }
  if (page.status === 200 && ua.hasButton('Accept')) {
    sawConsent = true;
    page = await ua.press(options.consent ?? 'Accept');
  }
  return { url: page.url, sawLogin, sawConsent };
}

/** The parameters a redirect URI received, from the query or the fragment. */
export function callbackParams(url: URL): URLSearchParams {
  return url.hash ? new URLSearchParams(url.hash.slice(1)) : url.searchParams;
}

/** Base64url of the left half of SHA-256 (OIDC Core §3.2.2.9), computed here independently of the server. */
export async function leftHalfSha256(value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
  return base64url.encode(digest.slice(0, 16));
}
