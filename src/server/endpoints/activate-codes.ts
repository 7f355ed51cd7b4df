import type { ServerContext } from '../context.ts';
import { unchanged } from '../store/types.ts';
import type { DeviceCodeRecord } from '../tokens/records.ts';

/** RFC 8628 §6.1: user codes are compared case-insensitively, ignoring the dash and spaces. */
export function normalizeUserCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

function deviceCodeOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'deviceCode' in value) {
    const deviceCode = (value as { deviceCode: unknown }).deviceCode;
    return typeof deviceCode === 'string' ? deviceCode : undefined;
  }
  return undefined;
}

/** The device authorization a user typed the code of, whatever its state. */
export async function findDeviceCodeByUserCode(
  ctx: ServerContext,
  input: string,
): Promise<DeviceCodeRecord | undefined> {
  const normalized = normalizeUserCode(input);
  if (!/^[A-Z0-9]{4,16}$/.test(normalized)) return undefined;
  const keys = [normalized];
  if (normalized.length === 8) keys.push(`${normalized.slice(0, 4)}-${normalized.slice(4)}`);
  for (const key of keys) {
    const deviceCode = deviceCodeOf(await ctx.store.get<unknown>('userCodes', key));
    if (deviceCode === undefined) continue;
    const record = await ctx.store.get<DeviceCodeRecord>('deviceCodes', deviceCode);
    if (record) return record;
  }
  // The index may be keyed differently; the device codes themselves say their user code.
  const all = await ctx.store.list<DeviceCodeRecord>('deviceCodes');
  return all.find((r) => normalizeUserCode(r.userCode) === normalized);
}

/** Formats a user code for people: `BCDFGHJK` -> `BCDF-GHJK`. */
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
