import { checkScopeSyntax } from '../checks/scope.ts';
import { checkBinding } from '../dpop/token-endpoint.ts';
import { oauthError } from '../errors.ts';
import { required, splitScope } from '../params.ts';
import { unchanged } from '../store/types.ts';
import { issueTokenResponse } from '../tokens/issue.ts';
import type { GrantRecord, RefreshTokenRecord } from '../tokens/records.ts';
import { revokeGrant } from '../tokens/revoke.ts';
import type { Grant } from './types.ts';
import { grantUser } from './users.ts';

const INVALID = 'Unknown or invalid refresh token.';

/**
 * Refresh (RFC 6749 §6): an optional narrower `scope`. A rotating client gets a new refresh token
 * each time, and reuse of a rotated one revokes the whole family (RFC 9700 §4.14.2); a
 * non-rotating client keeps its refresh token (Auth0 then returns none).
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
    if (record.rotatedAt !== undefined) {
      // RFC 9700 §4.14.2: a rotated refresh token used again means it leaked; revoke the family.
      await revokeGrant(ctx, grant.id);
      throw oauthError('invalid_grant', 'The refresh token was already used; its token family is revoked.');
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
      const outcome = { rotated: false };
      await ctx.store.update<RefreshTokenRecord>('refreshTokens', value, (current) => {
        if (!current || current.rotatedAt !== undefined || current.revokedAt !== undefined) return unchanged;
        outcome.rotated = true;
        return { ...current, rotatedAt: ctx.now };
      });
      if (!outcome.rotated) {
        await revokeGrant(ctx, grant.id);
        throw oauthError('invalid_grant', 'The refresh token was already used; its token family is revoked.');
      }
      // RFC 6749 §6: a new refresh token keeps the scope of the one it replaces.
      return issueTokenResponse(ctx, {
        dpop,
        grant,
        client,
        user,
        scope,
        refreshable: true,
        refreshScope: record.scope,
        omitNonce: true,
      });
    }
    return issueTokenResponse(ctx, { dpop, grant, client, user, scope, refreshable: false, omitNonce: true });
  },
};
