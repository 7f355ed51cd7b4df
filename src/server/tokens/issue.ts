import { type JWTPayload, SignJWT } from 'jose';
import type { ServerContext } from '../context.ts';
import type { DpopBinding } from '../dpop/token-endpoint.ts';
import type { AuthorizationDetail } from '../rar/authorization-details.ts';
import type { Client, User } from '../tenant/schema.ts';
import { type RequestedClaims, userClaims } from './claims.ts';
import { leftHalfHash } from './hash.ts';
import { randomToken } from './random.ts';
import type { AccessTokenRecord, GrantRecord, RefreshTokenRecord } from './records.ts';

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'address', 'phone', 'offline_access'] as const;

async function sign(ctx: ServerContext, payload: JWTPayload, typ: string): Promise<string> {
  const key = await ctx.keys.current(ctx.tenant.signingAlg, ctx.now);
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ }).sign(key.privateKey);
}

export function userinfoUrl(ctx: ServerContext): string {
  return ctx.url('userinfo');
}

export async function createGrant(
  ctx: ServerContext,
  grant: Omit<GrantRecord, 'id' | 'createdAt'> & { id?: string },
): Promise<GrantRecord> {
  const record: GrantRecord = { ...grant, id: grant.id ?? randomToken(16), createdAt: ctx.now };
  await ctx.store.put('grants', record.id, record);
  return record;
}

export interface IssuedAccessToken {
  accessToken: string;
  expiresIn: number;
  record: AccessTokenRecord;
}

/**
 * An access token: an RS256/ES256 JWT in the RFC 9068 shape when there is an audience (an API),
 * otherwise an opaque token good only for /userinfo.
 * @see [RFC 9068 §2.2](https://www.rfc-editor.org/rfc/rfc9068.html#section-2.2)
 */
export async function issueAccessToken(
  ctx: ServerContext,
  grant: GrantRecord,
  options: {
    scope?: string[];
    gty?: string;
    user?: User;
    extraClaims?: Record<string, unknown>;
    /** RFC 9449 §6: bind the token to this DPoP key thumbprint. */
    jkt?: string;
  } = {},
): Promise<IssuedAccessToken> {
  const scope = options.scope ?? grant.scope;
  const api = grant.audience ? ctx.tenant.apis.find((a) => a.identifier === grant.audience) : undefined;
  if (!api) {
    const value = randomToken(32);
    const expiresIn = ctx.tenant.opaqueAccessTokenLifetime;
    const record: AccessTokenRecord = {
      id: value,
      grantId: grant.id,
      clientId: grant.clientId,
      sub: grant.sub,
      userId: grant.userId,
      scope,
      opaque: true,
      issuedAt: ctx.now,
      expiresAt: ctx.now + expiresIn,
      ...(options.jkt ? { jkt: options.jkt } : {}),
    };
    await ctx.store.put('accessTokens', record.id, record);
    return { accessToken: value, expiresIn, record };
  }
  const expiresIn = api.tokenLifetime;
  const jti = randomToken(16);
  const aud = scope.includes('openid') ? [api.identifier, userinfoUrl(ctx)] : api.identifier;
  const custom =
    options.user && ctx.tenant.customClaims.accessToken
      ? (options.user.claims as Record<string, unknown>)
      : {};
  const payload: JWTPayload = {
    ...custom,
    ...options.extraClaims,
    iss: ctx.issuer,
    sub: grant.sub,
    aud,
    iat: ctx.now,
    exp: ctx.now + expiresIn,
    scope: scope.join(' '),
    jti,
    client_id: grant.clientId,
    azp: grant.clientId,
    ...(options.gty ? { gty: options.gty } : {}),
    // RFC 9449 §6.1: the confirmation claim binds the token to the DPoP key.
    ...(options.jkt ? { cnf: { jkt: options.jkt } } : {}),
    // RFC 9396 §9.1: the authorization details travel in the access token.
    ...(grant.authorizationDetails ? { authorization_details: grant.authorizationDetails } : {}),
  };
  const accessToken = await sign(ctx, payload, 'at+jwt');
  const record: AccessTokenRecord = {
    id: jti,
    grantId: grant.id,
    clientId: grant.clientId,
    sub: grant.sub,
    userId: grant.userId,
    audience: api.identifier,
    scope,
    opaque: false,
    issuedAt: ctx.now,
    expiresAt: ctx.now + expiresIn,
    ...(options.jkt ? { jkt: options.jkt } : {}),
  };
  await ctx.store.put('accessTokens', jti, record);
  return { accessToken, expiresIn, record };
}

/**
 * An ID token for the client (OIDC Core §2), with `at_hash` / `c_hash` when issued beside an
 * access token or a code from the authorization endpoint.
 */
export async function issueIdToken(
  ctx: ServerContext,
  options: {
    client: Client;
    user: User;
    scope: readonly string[];
    authTime: number;
    nonce?: string;
    accessToken?: string;
    code?: string;
    /** The `id_token` member of a `claims` request (OIDC Core §5.5). */
    claims?: RequestedClaims;
    /** The authentication context class satisfied, when the request asked for one (OIDC Core §2). */
    acr?: string;
  },
): Promise<string> {
  const custom = ctx.tenant.customClaims.idToken ? (options.user.claims as Record<string, unknown>) : {};
  const payload: JWTPayload = {
    ...custom,
    ...userClaims(options.user, options.scope, options.claims),
    iss: ctx.issuer,
    sub: options.user.id,
    aud: options.client.clientId,
    iat: ctx.now,
    exp: ctx.now + ctx.tenant.idTokenLifetime,
    auth_time: options.authTime,
    ...(options.nonce !== undefined ? { nonce: options.nonce } : {}),
    ...(options.acr !== undefined ? { acr: options.acr } : {}),
    ...(options.accessToken ? { at_hash: await leftHalfHash(options.accessToken) } : {}),
    ...(options.code ? { c_hash: await leftHalfHash(options.code) } : {}),
  };
  return sign(ctx, payload, 'JWT');
}

export async function issueRefreshToken(
  ctx: ServerContext,
  grant: GrantRecord,
  scope?: string[],
  jkt?: string,
): Promise<string> {
  const record: RefreshTokenRecord = {
    id: randomToken(32),
    grantId: grant.id,
    clientId: grant.clientId,
    sub: grant.sub,
    userId: grant.userId,
    audience: grant.audience,
    scope: scope ?? grant.scope,
    issuedAt: ctx.now,
    expiresAt: ctx.now + ctx.tenant.refreshTokenLifetime,
    ...(jkt ? { jkt } : {}),
  };
  await ctx.store.put('refreshTokens', record.id, record);
  return record.id;
}

export interface TokenResponseBody {
  access_token: string;
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  scope: string;
  authorization_details?: AuthorizationDetail[];
  id_token?: string;
  refresh_token?: string;
  issued_token_type?: string;
}

/**
 * The token endpoint's success body for a grant: an access token; an ID token when `openid` was
 * granted and a user is involved; a refresh token when `offline_access` was granted and the grant
 * type allows one (never for client_credentials or implicit).
 * @see [RFC 6749 §5.1](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.1)
 */
export async function issueTokenResponse(
  ctx: ServerContext,
  options: {
    grant: GrantRecord;
    client: Client;
    user?: User;
    /** The scope of these tokens (a refresh may narrow the grant's). */
    scope?: string[];
    gty?: string;
    /** Whether the grant type may issue refresh tokens at all (SPEC: not client_credentials, implicit). */
    refreshable: boolean;
    /** The scope of a new refresh token (default: `scope`); RFC 6749 §6 keeps it on rotation. */
    refreshScope?: string[];
    /** An existing refresh token to return again (non-rotating refresh). */
    keepRefreshToken?: string;
    /** Whether to add an ID token when `openid` is granted (default true). */
    idToken?: boolean;
    /** Leave `nonce` out of the ID token (a refresh is not an authentication request). */
    omitNonce?: boolean;
    /** Claims added to a JWT access token (e.g. RFC 8693 `act`). */
    extraClaims?: Record<string, unknown>;
    /** RFC 8693 §2.2.1 `issued_token_type`. */
    issuedTokenType?: string;
    /** The DPoP key of the token request (RFC 9449 §5): tokens are bound to it. */
    dpop?: DpopBinding;
  },
): Promise<TokenResponseBody> {
  const scope = options.scope ?? options.grant.scope;
  const access = await issueAccessToken(ctx, options.grant, {
    scope,
    gty: options.gty,
    user: options.user,
    extraClaims: options.extraClaims,
    jkt: options.dpop?.jkt,
  });
  const body: TokenResponseBody = {
    access_token: access.accessToken,
    ...(options.issuedTokenType ? { issued_token_type: options.issuedTokenType } : {}),
    // RFC 9449 §5: "token_type ... DPoP" for a DPoP-bound access token.
    token_type: options.dpop ? 'DPoP' : 'Bearer',
    expires_in: access.expiresIn,
    scope: scope.join(' '),
    // RFC 9396 §7: the token response says which authorization details were granted.
    ...(options.grant.authorizationDetails
      ? { authorization_details: options.grant.authorizationDetails }
      : {}),
  };
  if (options.user && scope.includes('openid') && options.idToken !== false) {
    body.id_token = await issueIdToken(ctx, {
      client: options.client,
      user: options.user,
      scope,
      authTime: options.grant.authTime ?? ctx.now,
      nonce: options.omitNonce ? undefined : options.grant.nonce,
      claims: options.grant.claims?.id_token,
      acr: options.grant.acr,
    });
  }
  const refreshScope = options.refreshScope ?? scope;
  if (options.keepRefreshToken) {
    body.refresh_token = options.keepRefreshToken;
  } else if (options.refreshable && refreshScope.includes('offline_access')) {
    // RFC 9449 §5.0: refresh tokens of public clients are bound to the DPoP key; a confidential
    // client's are bound to its credentials instead.
    const jkt = options.client.type === 'public' ? options.dpop?.jkt : undefined;
    body.refresh_token = await issueRefreshToken(ctx, options.grant, refreshScope, jkt);
  }
  return body;
}
