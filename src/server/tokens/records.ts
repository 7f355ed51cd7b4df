/** What the store keeps about issued authorizations and tokens. */

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
  revokedAt?: number;
}
