/** What the store keeps about issued authorizations and tokens. */
import type { AuthorizationDetail } from '../rar/authorization-details.ts';
import type { ClaimsRequest } from './claims.ts';

/** One authorization (a user or client, a client, scopes, an audience) from which tokens were issued. */
export interface GrantRecord {
  id: string;
  clientId: string;
  /** The user id, or `<client_id>@clients` for client credentials. */
  sub: string;
  /** The user's id when a user is involved. */
  userId?: string;
  audience?: string;
  scope: string[];
  authTime?: number;
  nonce?: string;
  /** RFC 9396: the authorization details granted, carried by every access token of the grant. */
  authorizationDetails?: AuthorizationDetail[];
  /** The `claims` request of the authorization (OIDC Core §5.5), for its ID tokens and /userinfo. */
  claims?: ClaimsRequest;
  /** The `acr` of its ID tokens, when the authorization request asked for one. */
  acr?: string;
  /** How it was obtained: `authorization_code`, `password`, ... */
  grantType: string;
  createdAt: number;
  /** Set when the grant was revoked (code reuse, refresh token reuse, revocation). */
  revokedAt?: number;
}

export interface AccessTokenRecord {
  /** The jti of a JWT access token, or the value of an opaque one. */
  id: string;
  grantId: string;
  clientId: string;
  sub: string;
  userId?: string;
  audience?: string;
  scope: string[];
  opaque: boolean;
  issuedAt: number;
  expiresAt: number;
  revokedAt?: number;
  /** RFC 9449 §6: the thumbprint of the DPoP key the token is bound to (`cnf.jkt`). */
  jkt?: string;
}

export interface RefreshTokenRecord {
  /** The token value. */
  id: string;
  grantId: string;
  clientId: string;
  sub: string;
  userId?: string;
  audience?: string;
  scope: string[];
  issuedAt: number;
  expiresAt: number;
  /** Rotation: set when this token was exchanged for a new one; a second use is reuse. */
  rotatedAt?: number;
  /** Rotation: the refresh token issued in exchange, returned again within the reuse interval. */
  successorId?: string;
  revokedAt?: number;
  /** RFC 9449 §5.0: a public client's refresh token is bound to its DPoP key. */
  jkt?: string;
}

/** An authorization code (RFC 6749 §4.1.2), consumed exactly once by the token endpoint. */
export interface AuthorizationCodeRecord {
  code: string;
  clientId: string;
  /** The redirect_uri sent to /authorize, if one was sent; the token request must repeat it (§4.1.3). */
  redirectUri?: string;
  userId: string;
  scope: string[];
  audience?: string;
  nonce?: string;
  authTime: number;
  claims?: ClaimsRequest;
  acr?: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  /** RFC 9396 §2: the authorization details the user consented to. */
  authorizationDetails?: AuthorizationDetail[];
  /** RFC 9449 §10: `dpop_jkt` of the authorization request; the token request's proof must use that key. */
  dpopJkt?: string;
  createdAt: number;
  expiresAt: number;
  /** Set by the first redemption; a second one is reuse (§4.1.2). */
  consumedAt?: number;
  /** The grant the first redemption created, revoked on reuse. */
  grantId?: string;
}

/** A device authorization (RFC 8628 §3.2); `userCodes` maps the user code to its device code. */
export interface DeviceCodeRecord {
  deviceCode: string;
  userCode: string;
  clientId: string;
  scope: string[];
  audience?: string;
  createdAt: number;
  expiresAt: number;
  /** Polling interval in seconds; raised by 5 on each slow_down (RFC 8628 §3.5). */
  interval: number;
  lastPolledAt?: number;
  status: 'pending' | 'approved' | 'denied' | 'consumed';
  /** Set when a user approved it on /activate. */
  userId?: string;
  authTime?: number;
}
