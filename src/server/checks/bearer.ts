import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { ServerContext } from '../context.ts';
import { errorDescriptionText, type OAuthError, oauthError } from '../errors.ts';
import type { Params } from '../params.ts';
import type { AccessTokenRecord, GrantRecord } from '../tokens/records.ts';

/** RFC 6750 §2.1: `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** A JWT is three base64url parts; anything else is looked up as an opaque token. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

/**
 * A key getter over this server's signing keys (the current one and those kept after rotations),
 * built once per request: jose picks the key by `kid`, with no JWK import per token.
 */
export async function serverKeys(ctx: ServerContext): Promise<JWTVerifyGetKey> {
  const keys = await ctx.keys.all(ctx.tenant.signingAlg, ctx.now);
  return (header) => {
    const key = keys.find((k) => k.kid === header.kid && k.alg === header.alg);
    if (!key) throw new errors.JWKSNoMatchingKey();
    return key.publicKey;
  };
}

/**
 * Verifies a JWT this server issued: signature against our keys, `iss`, `typ`, and `exp` against
 * the server clock (which the UI can move forward).
 */
export async function verifyServerJwt(
  ctx: ServerContext,
  token: string,
  options: { typ?: string; audience?: string; keys?: JWTVerifyGetKey },
): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, options.keys ?? (await serverKeys(ctx)), {
    issuer: ctx.issuer,
    typ: options.typ,
    audience: options.audience,
    algorithms: ['RS256', 'ES256'],
    currentDate: new Date(ctx.now * 1000),
  });
  return payload;
}

/** An access token found valid: its record, its grant, and the JWT claims when it is a JWT. */
export interface VerifiedAccessToken {
  record: AccessTokenRecord;
  grant: GrantRecord;
  claims?: JWTPayload;
}

/** Why a token is not valid, in words for `error_description` (RFC 6750 §3). */
export class InvalidTokenError extends Error {
  constructor(readonly description: string) {
    super(description);
    this.name = 'InvalidTokenError';
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The access token expired.';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') {
    return 'The access token is not meant for this audience.';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return 'The access token signature is invalid.';
  }
  return 'The access token is malformed or invalid.';
}

/**
 * Validates an access token issued by this server: a JWT (RFC 9068, `typ: at+jwt`) verified with
 * jose, or an opaque one looked up in the store; in both cases its record and its grant must exist
 * and be unrevoked, and it must not have expired on the server clock.
 * Throws `InvalidTokenError` otherwise.
 */
export async function validateAccessToken(
  ctx: ServerContext,
  token: string,
  options: { audience?: string; keys?: JWTVerifyGetKey } = {},
): Promise<VerifiedAccessToken> {
  let record: AccessTokenRecord | undefined;
  let claims: JWTPayload | undefined;
  if (looksLikeJwt(token)) {
    try {
      claims = await verifyServerJwt(ctx, token, {
        typ: 'at+jwt',
        audience: options.audience,
        keys: options.keys,
      });
    } catch (error) {
      throw new InvalidTokenError(describeJoseError(error));
    }
    if (typeof claims.jti === 'string')
      record = await ctx.store.get<AccessTokenRecord>('accessTokens', claims.jti);
    if (record?.opaque !== false) throw new InvalidTokenError('The access token is unknown to this server.');
  } else {
    record = await ctx.store.get<AccessTokenRecord>('accessTokens', token);
    // A JWT's jti is public: only a record of an opaque token may be found by its value.
    if (record?.opaque !== true) throw new InvalidTokenError('The access token is unknown to this server.');
    if (record.expiresAt <= ctx.now) throw new InvalidTokenError('The access token expired.');
    if (options.audience !== undefined && record.audience !== options.audience) {
      throw new InvalidTokenError('The access token is not meant for this audience.');
    }
  }
  if (record.revokedAt !== undefined) throw new InvalidTokenError('The access token was revoked.');
  const grant = await ctx.store.get<GrantRecord>('grants', record.grantId);
  if (!grant || grant.revokedAt !== undefined) throw new InvalidTokenError('The access token was revoked.');
  return { record, grant, claims };
}

/** A quoted-string value of a challenge parameter: only the characters RFC 6750 §3 allows. */
function quoted(value: string): string {
  return `"${errorDescriptionText(value)}"`;
}

/**
 * The `WWW-Authenticate: Bearer` challenge. Without an error (no token sent) it is just the realm
 * (RFC 6750 §3.1: "the resource server SHOULD NOT include an error code").
 */
export function bearerChallenge(
  realm: string,
  error?: { code: string; description: string; scope?: string },
): string {
  const parts = [`realm=${quoted(realm)}`];
  if (error) {
    parts.push(`error=${quoted(error.code)}`, `error_description=${quoted(error.description)}`);
    if (error.scope !== undefined) parts.push(`scope=${quoted(error.scope)}`);
  }
  return `Bearer ${parts.join(', ')}`;
}

function bearerError(
  realm: string,
  code: 'invalid_request' | 'invalid_token' | 'insufficient_scope',
  description: string,
  options: { scope?: string; status?: number } = {},
): OAuthError {
  return oauthError(code, description, {
    status: options.status,
    headers: { 'WWW-Authenticate': bearerChallenge(realm, { code, description, scope: options.scope }) },
  });
}

/**
 * The bearer token of a request: the `Authorization: Bearer` header (RFC 6750 §2.1) or, where the
 * endpoint allows it, an `access_token` form parameter (§2.2). Not both (§2).
 */
export function readBearerToken(request: Request, realm: string, bodyParams?: Params): string {
  const header = request.headers.get('authorization')?.trim();
  const fromBody = bodyParams?.get('access_token');
  let fromHeader: string | undefined;
  if (header) {
    const match = /^Bearer +(\S+)$/i.exec(header);
    if (!match && /^Bearer(\s|$)/i.test(header)) {
      throw bearerError(realm, 'invalid_request', 'The Authorization header is not a valid Bearer token.', {
        status: 400,
      });
    }
    if (match) {
      if (!B64TOKEN.test(match[1])) {
        throw bearerError(realm, 'invalid_request', 'The Authorization header is not a valid Bearer token.', {
          status: 400,
        });
      }
      fromHeader = match[1];
    }
  }
  if (fromHeader !== undefined && fromBody !== undefined) {
    // RFC 6750 §2: "Clients MUST NOT use more than one method to transmit the token in each request."
    throw bearerError(realm, 'invalid_request', 'The access token was sent in more than one way.', {
      status: 400,
    });
  }
  const token = fromHeader ?? fromBody;
  if (token === undefined) {
    throw oauthError('invalid_token', 'No access token was sent; use Authorization: Bearer <token>.', {
      headers: { 'WWW-Authenticate': bearerChallenge(realm) },
    });
  }
  return token;
}

/**
 * Reads and validates the bearer token of a request to a protected resource, answering as
 * RFC 6750 §3 says: `401 invalid_token`, or `403 insufficient_scope` naming the scope needed.
 */
export async function authenticateBearer(
  ctx: ServerContext,
  request: Request,
  options: { realm: string; audience?: string; requiredScope?: string; bodyParams?: Params },
): Promise<VerifiedAccessToken> {
  const token = readBearerToken(request, options.realm, options.bodyParams);
  let verified: VerifiedAccessToken;
  try {
    verified = await validateAccessToken(ctx, token, { audience: options.audience });
  } catch (error) {
    if (error instanceof InvalidTokenError)
      throw bearerError(options.realm, 'invalid_token', error.description);
    throw error;
  }
  if (options.requiredScope !== undefined && !verified.record.scope.includes(options.requiredScope)) {
    throw bearerError(
      options.realm,
      'insufficient_scope',
      `The access token needs the scope ${options.requiredScope}.`,
      { scope: options.requiredScope },
    );
  }
  return verified;
}
