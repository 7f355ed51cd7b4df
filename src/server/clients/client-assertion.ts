import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { ServerContext } from '../context.ts';
import { oauthError } from '../errors.ts';
import type { Params } from '../params.ts';
import { firstUse } from '../replay.ts';
import type { Client } from '../tenant/schema.ts';
import { CLIENT_SIGNING_ALGS, clientKeySet, describeJwksUriFailure } from './client-keys.ts';

/** RFC 7523 §2.2: the one `client_assertion_type` of a JWT client assertion. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** An assertion's `exp` may be at most this far ahead: its `jti` is remembered until then. */
export const MAX_ASSERTION_LIFETIME = 3600;

function invalidClient(description: string) {
  return oauthError('invalid_client', description);
}

/** The claim a jose claim check names, in the words of RFC 7523 §3. */
function describeClaimFailure(error: errors.JWTClaimValidationFailed, client: Client): string {
  switch (error.claim) {
    case 'aud':
      return 'The client assertion is not meant for this server: aud must be the issuer or the URL of this endpoint (RFC 7523 §3).';
    case 'iss':
    case 'sub':
      return `The client assertion's iss and sub must both be the client_id ${client.clientId} (RFC 7523 §3).`;
    case 'nbf':
      return 'The client assertion is not valid yet (nbf is in the future).';
    case 'iat':
      return 'The client assertion was issued in the future (iat).';
    default:
      return `The client assertion is missing or has a bad ${error.claim} claim (RFC 7523 §3, OIDC Core §9).`;
  }
}

/**
 * Authenticates a client by a JWT it signed with its private key: `private_key_jwt`.
 * Every failure is `401 invalid_client` (RFC 7523 §3.2); a missing or unknown
 * `client_assertion_type` is `invalid_request`.
 * @see [RFC 7523 §2.2, §3](https://www.rfc-editor.org/rfc/rfc7523.html#section-3)
 * @see [OIDC Core §9](https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication)
 */
export async function authenticateByAssertion(
  ctx: ServerContext,
  request: Request,
  params: Params,
): Promise<Client> {
  const type = params.get('client_assertion_type');
  const assertion = params.get('client_assertion');
  if (type === undefined)
    throw oauthError('invalid_request', 'Missing required parameter: client_assertion_type');
  if (assertion === undefined)
    throw oauthError('invalid_request', 'Missing required parameter: client_assertion');
  if (type !== JWT_BEARER_ASSERTION)
    throw oauthError(
      'invalid_request',
      `Unsupported client_assertion_type: ${type} (use ${JWT_BEARER_ASSERTION}).`,
    );

  let alg: unknown;
  let issuer: unknown;
  try {
    alg = decodeProtectedHeader(assertion).alg;
    const claims = decodeJwt(assertion);
    issuer = claims.iss ?? claims.sub;
  } catch {
    throw invalidClient('client_assertion is not a signed JWT (header.payload.signature, base64url).');
  }
  if (typeof alg !== 'string' || !(CLIENT_SIGNING_ALGS as readonly string[]).includes(alg)) {
    throw invalidClient(
      `The client assertion's alg ${JSON.stringify(alg ?? null)} is not accepted: sign it with ${CLIENT_SIGNING_ALGS.join(', ')}.`,
    );
  }
  const clientId = params.get('client_id');
  if (typeof issuer !== 'string') throw invalidClient('The client assertion has no iss (the client_id).');
  if (clientId !== undefined && clientId !== issuer)
    throw invalidClient('client_id does not match the iss of the client assertion.');
  const client = ctx.tenant.clients.find((c) => c.clientId === issuer);
  if (!client) throw invalidClient('Unknown client or wrong client credentials.');
  if (client.tokenEndpointAuthMethod !== undefined && client.tokenEndpointAuthMethod !== 'private_key_jwt') {
    throw invalidClient(
      `Client ${client.clientId} is registered with token_endpoint_auth_method ${client.tokenEndpointAuthMethod}, not private_key_jwt.`,
    );
  }
  const keys = clientKeySet(client);
  if (!keys) throw invalidClient(`Client ${client.clientId} has no registered keys (jwks or jwks_uri).`);

  const endpoint = new URL(request.url);
  // RFC 7523 §3: aud identifies the server (its issuer); the token endpoint's URL may be used.
  // RFC 9126 §2: the PAR endpoint's URL is accepted too, hence "the endpoint called".
  const audience = [ctx.issuer, ctx.url('oauth/token'), `${endpoint.origin}${endpoint.pathname}`];
  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
  try {
    ({ payload } = await jwtVerify(assertion, keys, {
      algorithms: [...CLIENT_SIGNING_ALGS],
      issuer: client.clientId,
      subject: client.clientId,
      audience,
      requiredClaims: ['exp', 'jti'],
      currentDate: new Date(ctx.now * 1000),
      clockTolerance: 5,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw invalidClient('The client assertion has expired (exp).');
    if (error instanceof errors.JWTClaimValidationFailed)
      throw invalidClient(describeClaimFailure(error, client));
    if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey)
      throw invalidClient(
        "The client assertion's signature does not verify with the client's registered keys.",
      );
    if (error instanceof errors.JWKSMultipleMatchingKeys)
      throw invalidClient("Several of the client's keys match: give the assertion a kid.");
    if (
      error instanceof errors.JOSEError &&
      !(error instanceof errors.JWKSTimeout) &&
      error.code !== 'ERR_JOSE_GENERIC'
    )
      throw invalidClient(`The client assertion cannot be verified (${error.message}).`);
    if (client.jwksUri) throw invalidClient(describeJwksUriFailure(client.jwksUri, error));
    throw invalidClient('The client assertion cannot be verified.');
  }
  const exp = payload.exp as number;
  if (exp - ctx.now > MAX_ASSERTION_LIFETIME) {
    throw invalidClient(
      `The client assertion's exp is more than ${MAX_ASSERTION_LIFETIME} s ahead: make short-lived assertions.`,
    );
  }
  if (typeof payload.jti !== 'string' || payload.jti === '')
    throw invalidClient('The client assertion needs a jti.');
  // RFC 7523 §3 (7): the server "MAY ensure that JWTs are not replayed"; OIDC Core §9: jti "MUST only be used once".
  if (!(await firstUse(ctx, `client_assertion ${client.clientId}`, payload.jti, exp + 5))) {
    throw invalidClient(
      'The client assertion was used before (same jti): make a new assertion for every request.',
    );
  }
  return client;
}
