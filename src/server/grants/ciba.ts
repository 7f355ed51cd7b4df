import type { BackchannelRequest } from '../ciba/records.ts';
import { oauthError } from '../errors.ts';
import { required } from '../params.ts';
import { unchanged } from '../store/types.ts';
import { createGrant, issueTokenResponse } from '../tokens/issue.ts';
import type { Grant } from './types.ts';
import { grantUser } from './users.ts';

type PollOutcome =
  | { kind: 'invalid' | 'expired' | 'pending' | 'denied' | 'used' }
  | { kind: 'slow_down'; interval: number }
  | { kind: 'approved'; record: BackchannelRequest };

/**
 * The CIBA token request (OpenID CIBA Core §10.1, poll mode): one atomic update decides each
 * poll, so an approved request is exchanged for tokens exactly once (§11 errors).
 */
export const cibaGrant: Grant = {
  grantType: 'urn:openid:params:grant-type:ciba',
  async handler({ ctx, client, params, dpop }) {
    const authReqId = required(params, 'auth_req_id');
    let outcome: PollOutcome = { kind: 'invalid' };
    await ctx.store.update<BackchannelRequest>('backchannelRequests', authReqId, (current) => {
      if (!current || current.clientId !== client.clientId) return unchanged;
      if (current.status === 'consumed') outcome = { kind: 'used' };
      else if (current.expiresAt <= ctx.now) outcome = { kind: 'expired' };
      else if (current.status === 'denied') outcome = { kind: 'denied' };
      else if (current.status === 'approved') {
        outcome = { kind: 'approved', record: current };
        return { ...current, status: 'consumed', lastPolledAt: ctx.now };
      } else if (current.lastPolledAt !== undefined && ctx.now - current.lastPolledAt < current.interval) {
        // CIBA Core §11: slow_down "the interval MUST be increased by at least 5 seconds".
        const interval = current.interval + 5;
        outcome = { kind: 'slow_down', interval };
        return { ...current, lastPolledAt: ctx.now, interval };
      } else {
        outcome = { kind: 'pending' };
        return { ...current, lastPolledAt: ctx.now };
      }
      return unchanged;
    });
    const result = outcome as PollOutcome;
    switch (result.kind) {
      case 'invalid':
        throw oauthError('invalid_grant', 'Unknown auth_req_id.');
      case 'used':
        throw oauthError('invalid_grant', 'The auth_req_id was already exchanged for tokens.');
      case 'expired':
        throw oauthError(
          'expired_token',
          'The auth_req_id has expired; start a new backchannel authentication.',
        );
      case 'denied':
        throw oauthError('access_denied', 'The user denied the authentication request.');
      case 'pending':
        throw oauthError(
          'authorization_pending',
          'The user has not yet approved the request on their device.',
        );
      case 'slow_down':
        throw oauthError(
          'slow_down',
          `Polling too fast: wait at least ${result.interval} seconds between requests.`,
        );
      case 'approved': {
        const { record } = result;
        const user = grantUser(ctx, record.userId);
        const grant = await createGrant(ctx, {
          clientId: client.clientId,
          sub: user.id,
          userId: user.id,
          audience: record.audience,
          scope: record.scope,
          authTime: record.authTime ?? ctx.now,
          grantType: 'urn:openid:params:grant-type:ciba',
        });
        return issueTokenResponse(ctx, { dpop, grant, client, user, refreshable: true });
      }
    }
  },
};
