import type { ServerContext } from '../context.ts';
import { unchanged } from '../store/types.ts';
import type { DeviceCodeRecord } from '../tokens/records.ts';
import { normalizeUserCode } from '../tokens/user-code.ts';

/**
 * The device authorization a user typed the code of, whatever its state. User codes are compared
 * case-insensitively, ignoring the dash and spaces (RFC 8628 §6.1), through the `userCodes` index.
 */
export async function findDeviceCodeByUserCode(
  ctx: ServerContext,
  input: string,
): Promise<DeviceCodeRecord | undefined> {
  const key = normalizeUserCode(input);
  if (!key || key.length > 32) return undefined;
  const deviceCode = await ctx.store.get<string>('userCodes', key);
  if (typeof deviceCode !== 'string') return undefined;
  return ctx.store.get<DeviceCodeRecord>('deviceCodes', deviceCode);
}

/** A user code as people read it: `BCDFGHJK` -> `BCDF-GHJK`. */
export function displayUserCode(userCode: string): string {
  const normalized = normalizeUserCode(userCode);
  return normalized.length === 8 ? `${normalized.slice(0, 4)}-${normalized.slice(4)}` : userCode;
}

export type DeviceDecisionResult = 'approved' | 'denied' | 'expired' | 'missing' | 'used';

/** Approves or denies a pending device code atomically (one store transaction), as RFC 8628 §3.3 ends. */
export async function decideDeviceCode(
  ctx: ServerContext,
  deviceCode: string,
  decision: { approve: true; userId: string; authTime: number } | { approve: false },
): Promise<DeviceDecisionResult> {
  let result: DeviceDecisionResult = 'missing';
  await ctx.store.update<DeviceCodeRecord>('deviceCodes', deviceCode, (current) => {
    if (!current) return unchanged;
    if (ctx.now >= current.expiresAt) {
      result = 'expired';
      return unchanged;
    }
    if (current.status !== 'pending') {
      result = 'used';
      return unchanged;
    }
    if (decision.approve) {
      result = 'approved';
      return { ...current, status: 'approved', userId: decision.userId, authTime: decision.authTime };
    }
    result = 'denied';
    return { ...current, status: 'denied' };
  });
  return result;
}
