import { oauthError } from '../errors.ts';
import { required } from '../params.ts';
import { unchanged } from '../store/types.ts';
import { createGrant, issueTokenResponse } from '../tokens/issue.ts';
import type { DeviceCodeRecord } from '../tokens/records.ts';
import type { Grant } from './types.ts';
import { grantUser } from './users.ts';

type PollOutcome =
  | { kind: 'invalid' }
  | { kind: 'expired' }
  | { kind: 'pending' }
  | { kind: 'slow_down'; interval: number }
  | { kind: 'denied' }
  | { kind: 'used' }
  | { kind: 'approved'; record: DeviceCodeRecord };

/**
 * Device access token request (RFC 8628 §3.4–3.5). One atomic update decides the outcome of a
 * poll, so an approved device code is exchanged for tokens exactly once.
 */
export const deviceCodeGrant: Grant = {
  grantType: 'urn:ietf:params:oauth:grant-type:device_code',
  async handler({ ctx, client, params, dpop }) {
    const deviceCode = required(params, 'device_code');
    let outcome: PollOutcome = { kind: 'invalid' };
    await ctx.store.update<DeviceCodeRecord>('deviceCodes', deviceCode, (current) => {
      if (!current || current.clientId !== client.clientId) {
        outcome = { kind: 'invalid' };
        return unchanged;
      }
      if (current.status === 'consumed') {
        outcome = { kind: 'used' };
        return unchanged;
      }
      if (current.expiresAt <= ctx.now) {
        outcome = { kind: 'expired' };
        return unchanged;
      }
      if (current.status === 'denied') {
        outcome = { kind: 'denied' };
        return unchanged;
      }
      if (current.status === 'approved') {
        outcome = { kind: 'approved', record: current };
        return { ...current, status: 'consumed', lastPolledAt: ctx.now };
      }
      // RFC 8628 §3.5: slow_down when polled faster than the interval, which then grows by 5 seconds.
      if (current.lastPolledAt !== undefined && ctx.now - current.lastPolledAt < current.interval) {
        const interval = current.interval + 5;
        outcome = { kind: 'slow_down', interval };
        return { ...current, lastPolledAt: ctx.now, interval };
      }
      outcome = { kind: 'pending' };
      return { ...current, lastPolledAt: ctx.now };
    });
    // TypeScript cannot see the assignment inside the callback.
    const result = outcome as PollOutcome;
    switch (result.kind) {
      case 'invalid':
        throw oauthError('invalid_grant', 'Unknown device code.');
      case 'used':
        throw oauthError('invalid_grant', 'The device code was already exchanged for tokens.');
      case 'expired':
        throw oauthError('expired_token', 'The device code has expired; start a new device authorization.');
      case 'denied':
        throw oauthError('access_denied', 'The user denied the authorization request.');
      case 'pending':
        throw oauthError('authorization_pending', 'The user has not yet completed the authorization.');
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
          grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        });
        return issueTokenResponse(ctx, { dpop, grant, client, user, refreshable: true });
      }
    }
  },
};
