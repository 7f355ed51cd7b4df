import { authenticateByAssertion } from '../clients/client-assertion.ts';
import type { ServerContext } from '../context.ts';
import { oauthError } from '../errors.ts';
import type { Params } from '../params.ts';
import type { Client, TokenEndpointAuthMethod } from '../tenant/schema.ts';

export type ClientAuthMethod = TokenEndpointAuthMethod;

export interface AuthenticatedClient {
  client: Client;
  method: ClientAuthMethod;
}

/** The challenge sent with a 401 when the client tried HTTP Basic (RFC 6749 §5.2, RFC 7617). */
export const BASIC_CHALLENGE = 'Basic realm="oauth", charset="UTF-8"';

interface BasicCredentials {
  clientId: string;
  clientSecret: string;
}

/** `application/x-www-form-urlencoded` decoding of one credential (RFC 6749 §2.3.1). */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function invalidClient(description: string, basic: boolean) {
  return oauthError(
    'invalid_client',
    description,
    basic ? { headers: { 'WWW-Authenticate': BASIC_CHALLENGE } } : {},
  );
}

/**
 * The client id and secret of an `Authorization: Basic` header: base64 of
 * `urlencode(client_id):urlencode(client_secret)`.
 * @see [RFC 6749 §2.3.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-2.3.1)
 */
export function parseBasicCredentials(header: string): BasicCredentials {
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header);
  if (!match) throw invalidClient('The Authorization header is not valid HTTP Basic credentials.', true);
  let decoded: string;
  try {
    const binary = atob(match[1]);
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(binary, (c) => c.charCodeAt(0)),
    );
  } catch {
    throw invalidClient('The Authorization header is not valid HTTP Basic credentials.', true);
  }
  const colon = decoded.indexOf(':');
  const clientId = colon < 0 ? undefined : formDecode(decoded.slice(0, colon));
  const clientSecret = colon < 0 ? undefined : formDecode(decoded.slice(colon + 1));
  if (!clientId || clientSecret === undefined) {
    throw invalidClient('The Authorization header is not valid HTTP Basic credentials.', true);
  }
  return { clientId, clientSecret };
}

const encoder = new TextEncoder();

/**
 * Compares a given secret with the expected one in time that depends only on the expected
 * secret's length, not on where they differ (no early exit). Synchronous on purpose: a WebCrypto
 * digest per comparison costs a thread-pool round trip on every token request.
 */
export function secretsMatch(given: string, expected: string): boolean {
  const a = encoder.encode(given);
  const b = encoder.encode(expected);
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= (a[i % (a.length || 1)] ?? 0) ^ b[i];
  return difference === 0;
}

/** A client registered with one method (RFC 7591 §2 `token_endpoint_auth_method`) must use that one. */
function checkRegisteredMethod(client: Client, method: ClientAuthMethod, basic: boolean): void {
  const registered = client.tokenEndpointAuthMethod;
  if (registered === undefined || registered === method) return;
  throw invalidClient(
    registered === 'private_key_jwt'
      ? `Client ${client.clientId} authenticates with private_key_jwt: send a client_assertion.`
      : `Client ${client.clientId} is registered with token_endpoint_auth_method ${registered}, not ${method}.`,
    basic,
  );
}

/**
 * Authenticates the client of a token, PAR, revocation, introspection or device request:
 * `client_secret_basic`, `client_secret_post`, `private_key_jwt`, or `client_id` alone for a
 * public client. Using more than one method is `invalid_request` (RFC 6749 §2.3); failing is
 * `401 invalid_client` with a `WWW-Authenticate: Basic` challenge when Basic was used (RFC 6749 §5.2).
 */
export async function authenticateClient(
  ctx: ServerContext,
  request: Request,
  params: Params,
): Promise<AuthenticatedClient> {
  const client = await authenticate(ctx, request, params);
  const basic = client.method === 'client_secret_basic';
  checkRegisteredMethod(client.client, client.method, basic);
  ctx.caller.clientId = client.client.clientId;
  return client;
}

async function authenticate(
  ctx: ServerContext,
  request: Request,
  params: Params,
): Promise<AuthenticatedClient> {
  const authorization = request.headers.get('authorization');
  const basic = authorization !== null && /^basic(\s|$)/i.test(authorization.trim());
  const postId = params.get('client_id');
  const postSecret = params.get('client_secret');
  const assertion = params.has('client_assertion') || params.has('client_assertion_type');

  if (assertion) {
    if (basic || postSecret !== undefined) {
      throw oauthError(
        'invalid_request',
        'The client used more than one authentication method (a client_assertion and a client secret).',
      );
    }
    return { client: await authenticateByAssertion(ctx, request, params), method: 'private_key_jwt' };
  }

  if (basic) {
    // RFC 6749 §2.3: "The client MUST NOT use more than one authentication method in each request."
    if (postSecret !== undefined) {
      throw oauthError(
        'invalid_request',
        'The client used more than one authentication method (HTTP Basic and client_secret).',
      );
    }
    const credentials = parseBasicCredentials(authorization.trim());
    if (postId !== undefined && postId !== credentials.clientId) {
      throw oauthError('invalid_request', 'client_id does not match the client of the Authorization header.');
    }
    const client = ctx.tenant.clients.find((c) => c.clientId === credentials.clientId);
    if (!client) throw invalidClient('Unknown client or wrong client credentials.', true);
    if (client.type !== 'confidential' || !client.clientSecret) {
      throw invalidClient('This client is public: it authenticates with client_id alone.', true);
    }
    if (!secretsMatch(credentials.clientSecret, client.clientSecret)) {
      throw invalidClient('Unknown client or wrong client credentials.', true);
    }
    return { client, method: 'client_secret_basic' };
  }

  if (postId === undefined) {
    throw invalidClient('Client authentication is required: send client_id (and client_secret).', false);
  }
  const client = ctx.tenant.clients.find((c) => c.clientId === postId);
  if (!client) throw invalidClient('Unknown client or wrong client credentials.', false);

  if (postSecret !== undefined) {
    if (client.type !== 'confidential' || !client.clientSecret) {
      throw invalidClient('This client is public: it authenticates with client_id alone.', false);
    }
    if (!secretsMatch(postSecret, client.clientSecret)) {
      throw invalidClient('Unknown client or wrong client credentials.', false);
    }
    return { client, method: 'client_secret_post' };
  }

  if (client.type === 'confidential') {
    throw invalidClient(
      client.tokenEndpointAuthMethod === 'private_key_jwt'
        ? `Client ${client.clientId} authenticates with private_key_jwt: send a client_assertion.`
        : 'This client is confidential: it must authenticate with its client_secret.',
      false,
    );
  }
  return { client, method: 'none' };
}
