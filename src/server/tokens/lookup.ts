import { looksLikeJwt, verifyServerJwt } from '../checks/bearer.ts';
import type { ServerContext } from '../context.ts';
import type { AccessTokenRecord, RefreshTokenRecord } from './records.ts';

export type FoundToken =
  | { kind: 'access_token'; record: AccessTokenRecord }
  | { kind: 'refresh_token'; record: RefreshTokenRecord };

async function findAccessToken(ctx: ServerContext, token: string): Promise<AccessTokenRecord | undefined> {
  if (looksLikeJwt(token)) {
    try {
      const claims = await verifyServerJwt(ctx, token, { typ: 'at+jwt' });
      if (typeof claims.jti !== 'string') return undefined;
      const record = await ctx.store.get<AccessTokenRecord>('accessTokens', claims.jti);
      return record?.opaque === false ? record : undefined;
    } catch {
      return undefined;
    }
  }
  const record = await ctx.store.get<AccessTokenRecord>('accessTokens', token);
  // A JWT's jti is public: only an opaque token's record is found by its value.
  return record?.opaque === true ? record : undefined;
}

/**
 * Finds the record of a token this server issued, whatever its state (revoked, expired), trying
 * the type the hint names first (RFC 7009 §2.1, RFC 7662 §2.1: the hint is only a hint).
 */
export async function findToken(
  ctx: ServerContext,
  token: string,
  hint?: string,
): Promise<FoundToken | undefined> {
  const refresh = async (): Promise<FoundToken | undefined> => {
    if (looksLikeJwt(token)) return undefined;
    const record = await ctx.store.get<RefreshTokenRecord>('refreshTokens', token);
    return record ? { kind: 'refresh_token', record } : undefined;
  };
  const access = async (): Promise<FoundToken | undefined> => {
    const record = await findAccessToken(ctx, token);
    return record ? { kind: 'access_token', record } : undefined;
  };
  return hint === 'access_token' ? ((await access()) ?? refresh()) : ((await refresh()) ?? access());
}
