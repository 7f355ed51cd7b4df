import { checkScopeSyntax } from '../checks/scope.ts';
import type { ServerContext } from '../context.ts';
import { checkBinding } from '../dpop/token-endpoint.ts';
import { oauthError } from '../errors.ts';
import { required, splitScope } from '../params.ts';
import { unchanged } from '../store/types.ts';
import type { Client } from '../tenant/schema.ts';
import { issueRefreshToken, issueTokenResponse } from '../tokens/issue.ts';
import type { GrantRecord, RefreshTokenRecord } from '../tokens/records.ts';
import { revokeGrant } from '../tokens/revoke.ts';
import type { Grant } from './types.ts';
import { grantUser } from './users.ts';

const INVALID = 'Unknown or invalid refresh token.';
const REUSED = 'The refresh token was already used; its token family is revoked.';

/** Auth0's reuse interval: a rotated token used again this soon is a retry, not a leak. */
function withinReuseInterval(ctx: ServerContext, client: Client, record: RefreshTokenRecord): boolean {
  const interval = client.refreshTokenReuseInterval;
  return record.rotatedAt !== undefined && interval > 0 && ctx.now - record.rotatedAt < interval;
}

type Rotation = { kind: 'rotated' } | { kind: 'retry'; successorId: string } | { kind: 'reuse' };

/**
 * Exchanges a rotating refresh token for its successor in one atomic update: the first use
 * rotates it; a use within the reuse interval gets the successor already issued; any other
 * use is reuse (RFC 9700 §4.14.2).
 */
async function rotate(
  ctx: ServerContext,
  client: Client,
  value: string,
  successorId: string,
): Promise<Rotation> {
  let rotation: Rotation = { kind: 'reuse' };
  await ctx.store.update<RefreshTokenRecord>('refreshTokens', value, (current) => {
    if (!current || current.revokedAt !== undefined) return unchanged;
    if (current.rotatedAt === undefined) {
      rotation = { kind: 'rotated' };
      return { ...current, rotatedAt: ctx.now, successorId };
    }
    if (current.successorId !== undefined && withinReuseInterval(ctx, client, current)) {
      rotation = { kind: 'retry', successorId: current.successorId };
    }
    return unchanged;
  });
  return rotation;
}

/**
 * Refresh (RFC 6749 §6): an optional narrower `scope`. A rotating client gets a new refresh token
 * each time, and reuse of a rotated one revokes the whole family (RFC 9700 §4.14.2) unless it
 * comes within the client's reuse interval (Auth0); a non-rotating client keeps its refresh token
 * (Auth0 then returns none).
 */
export const refreshTokenGrant: Grant = {
  grantType: 'refresh_token',
  async handler({ ctx, client, params, dpop }) {
    const value = required(params, 'refresh_token');
    const record = await ctx.store.get<RefreshTokenRecord>('refreshTokens', value);
    // RFC 6749 §6: "validate the refresh token ... ensure that the refresh token was issued to the authenticated client".
    if (!record || record.clientId !== client.clientId) throw oauthError('invalid_grant', INVALID);
    const grant = await ctx.store.get<GrantRecord>('grants', record.grantId);
    if (!grant || grant.revokedAt !== undefined || record.revokedAt !== undefined) {
      throw oauthError('invalid_grant', 'The refresh token was revoked.');
    }
    if (record.rotatedAt !== undefined && !withinReuseInterval(ctx, client, record)) {
      // RFC 9700 §4.14.2: a rotated refresh token used again means it leaked; revoke the family.
      await revokeGrant(ctx, grant.id);
      throw oauthError('invalid_grant', REUSED);
    }
    if (record.expiresAt <= ctx.now) throw oauthError('invalid_grant', 'The refresh token has expired.');
    // RFC 9449 §5.0: a public client's refresh token is used only with a proof of the key it is bound to.
    checkBinding(record.jkt, dpop, 'refresh token');

    const requested = splitScope(params.get('scope'));
    checkScopeSyntax(requested);
    // RFC 6749 §6: the scope "MUST NOT include any scope not originally granted by the resource owner".
    const wider = requested.filter((s) => !record.scope.includes(s));
    if (wider.length) {
      throw oauthError('invalid_scope', `The scope exceeds the scope originally granted: ${wider.join(' ')}`);
    }
    const scope = requested.length ? requested : record.scope;
    const user = record.userId === undefined ? undefined : grantUser(ctx, record.userId);

    if (client.rotateRefreshTokens) {
      // RFC 6749 §6: a new refresh token keeps the scope of the one it replaces. It is stored
      // before the rotation so that a retry within the reuse interval finds it.
      // RFC 9449 §5.0: a public client's successor stays bound to its DPoP key.
      const jkt = record.jkt ?? (client.type === 'public' ? dpop?.jkt : undefined);
      const successorId = await issueRefreshToken(ctx, grant, record.scope, jkt);
      const rotation = await rotate(ctx, client, value, successorId);
      if (rotation.kind !== 'rotated') await ctx.store.delete('refreshTokens', successorId);
      if (rotation.kind === 'reuse') {
        await revokeGrant(ctx, grant.id);
        throw oauthError('invalid_grant', REUSED);
      }
      return issueTokenResponse(ctx, {
        dpop,
        grant,
        client,
        user,
        scope,
        refreshable: true,
        keepRefreshToken: rotation.kind === 'rotated' ? successorId : rotation.successorId,
        omitNonce: true,
      });
    }
    return issueTokenResponse(ctx, { dpop, grant, client, user, scope, refreshable: false, omitNonce: true });
  },
};
