import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { CLIENT_SIGNING_ALGS, clientKeySet, describeJwksUriFailure } from '../../clients/client-keys.ts';
import type { ServerContext } from '../../context.ts';
import { oauthError } from '../../errors.ts';
import type { Client } from '../../tenant/schema.ts';

/** RFC 9101 §10.8: the explicit type of a request object (`typ` header). */
export const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt';
/** Claims of the JWT itself, not authorization request parameters. */
const JWT_CLAIMS = new Set(['iss', 'aud', 'exp', 'iat', 'nbf', 'jti']);

function invalidRequestObject(description: string) {
  return oauthError('invalid_request_object', description);
}

/** `typ` without its optional `application/` prefix, lowercased (RFC 7515 §4.1.9). */
function normalizedTyp(typ: unknown): string | undefined {
  return typeof typ === 'string' ? typ.toLowerCase().replace(/^application\//, '') : undefined;
}

/** A request parameter's value from a request object claim: strings as they are, JSON for the rest. */
function parameterValue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Verifies a request object (`request`) with the client's registered keys and returns the
 * authorization request parameters it carries; the parameters outside it are not used
 * (RFC 9101 §6.3). Unsigned (`alg: none`), encrypted, badly signed, mistyped or malformed
 * objects are `invalid_request_object` (RFC 9101 §7; OIDC Core §6.3).
 * @see [RFC 9101 §4, §6](https://www.rfc-editor.org/rfc/rfc9101.html#section-6)
 */
export async function requestObjectParams(
  ctx: ServerContext,
  client: Client,
  requestObject: string,
): Promise<[string, string][]> {
  const parts = requestObject.split('.');
  if (parts.length === 5)
    throw invalidRequestObject('Encrypted request objects (JWE) are not supported: sign it (JWS).');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    if (parts.length !== 3) throw new Error('not three parts');
    header = decodeProtectedHeader(requestObject);
  } catch {
    throw invalidRequestObject('request is not a JWT (header.payload.signature, base64url).');
  }
  if (header.alg === 'none' || parts[2] === '')
    throw invalidRequestObject(
      "The request object is not signed (alg none): sign it with the client's key (RFC 9101 §6.1).",
    );
  if (typeof header.alg !== 'string' || !(CLIENT_SIGNING_ALGS as readonly string[]).includes(header.alg))
    throw invalidRequestObject(
      `The request object's alg ${JSON.stringify(header.alg ?? null)} is not accepted: sign it with ${CLIENT_SIGNING_ALGS.join(', ')}.`,
    );
  const typ = normalizedTyp(header.typ);
  if (header.typ !== undefined && typ !== REQUEST_OBJECT_TYP && typ !== 'jwt')
    throw invalidRequestObject(
      `The request object's typ must be ${REQUEST_OBJECT_TYP} (RFC 9101 §10.8), not ${String(header.typ)}.`,
    );
  const keys = clientKeySet(client);
  if (!keys)
    throw invalidRequestObject(
      `Client ${client.clientId} has no registered keys (jwks or jwks_uri) to verify a request object with.`,
    );

  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(requestObject, keys, {
      algorithms: [...CLIENT_SIGNING_ALGS],
      currentDate: new Date(ctx.now * 1000),
      clockTolerance: 5,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      throw invalidRequestObject('The request object has expired (exp).');
    if (error instanceof errors.JWTClaimValidationFailed)
      throw invalidRequestObject(`The request object's ${error.claim} claim is not valid (${error.reason}).`);
    if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey)
      throw invalidRequestObject(
        "The request object's signature does not verify with the client's registered keys.",
      );
    if (error instanceof errors.JWKSMultipleMatchingKeys)
      throw invalidRequestObject("Several of the client's keys match: give the request object a kid.");
    if (
      error instanceof errors.JOSEError &&
      !(error instanceof errors.JWKSTimeout) &&
      error.code !== 'ERR_JOSE_GENERIC'
    )
      throw invalidRequestObject(`The request object cannot be verified (${error.message}).`);
    if (client.jwksUri) throw invalidRequestObject(describeJwksUriFailure(client.jwksUri, error));
    throw invalidRequestObject('The request object cannot be verified.');
  }

  // RFC 9101 §4: iss and aud, when present, name the client and this server.
  if (claims.iss !== undefined && claims.iss !== client.clientId)
    throw invalidRequestObject(`The request object's iss must be the client_id ${client.clientId}.`);
  if (claims.aud !== undefined) {
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    const ours = [ctx.issuer, ctx.url('authorize'), ctx.url('oauth/par')];
    if (!audiences.some((aud) => ours.includes(aud as string)))
      throw invalidRequestObject(`The request object's aud must be this server's issuer ${ctx.issuer}.`);
  }
  // RFC 9101 §6.3: "the client_id ... MUST" match the client_id of the request.
  if (claims.client_id !== undefined && claims.client_id !== client.clientId)
    throw invalidRequestObject(
      'The client_id inside the request object differs from the client_id of the request.',
    );
  // RFC 9101 §4: "The request and request_uri parameters MUST NOT be included in Request Objects."
  if ('request' in claims || 'request_uri' in claims)
    throw invalidRequestObject('A request object must not contain request or request_uri.');

  const pairs: [string, string][] = [['client_id', client.clientId]];
  for (const [name, value] of Object.entries(claims)) {
    if (JWT_CLAIMS.has(name) || name === 'client_id') continue;
    const text = parameterValue(value);
    if (text !== undefined) pairs.push([name, text]);
  }
  return pairs;
}
