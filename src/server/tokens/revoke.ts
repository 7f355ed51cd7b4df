import type { ServerContext } from '../context.ts';
import { unchanged } from '../store/types.ts';
import type { AccessTokenRecord, GrantRecord, RefreshTokenRecord } from './records.ts';

/**
 * Revokes a grant: every access and refresh token issued from it stops working, because each
 * use checks its grant (code reuse RFC 6749 §4.1.2, refresh token reuse RFC 9700 §4.14,
 * revocation RFC 7009 §2.1).
 */
export async function revokeGrant(ctx: ServerContext, grantId: string): Promise<void> {
  await ctx.store.update<GrantRecord>('grants', grantId, (current) =>
    current ? { ...current, revokedAt: current.revokedAt ?? ctx.now } : unchanged,
  );
}

/** Whether a grant is gone or revoked. */
export async function grantRevoked(ctx: ServerContext, grantId: string): Promise<boolean> {
  const grant = await ctx.store.get<GrantRecord>('grants', grantId);
  return !grant || grant.revokedAt !== undefined;
}

export async function revokeAccessToken(ctx: ServerContext, id: string): Promise<void> {
  await ctx.store.update<AccessTokenRecord>('accessTokens', id, (current) =>
    current ? { ...current, revokedAt: current.revokedAt ?? ctx.now } : unchanged,
  );
}

export async function revokeRefreshToken(ctx: ServerContext, id: string): Promise<void> {
  await ctx.store.update<RefreshTokenRecord>('refreshTokens', id, (current) =>
    current ? { ...current, revokedAt: current.revokedAt ?? ctx.now } : unchanged,
  );
}
