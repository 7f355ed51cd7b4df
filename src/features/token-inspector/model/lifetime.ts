import type { JsonObject } from './decode.ts';

/** Where "now" comes from: the playground server's clock (which the UI can move), or this browser's. */
export type ClockSource = 'server' | 'browser';

export interface Lifetime {
  issuedAt?: number;
  notBefore?: number;
  expiresAt: number;
  /** Seconds from the start (nbf, else iat) to exp; undefined without a start. */
  total?: number;
  /** Seconds until exp (negative once expired). */
  remaining: number;
  /** Elapsed share of the lifetime, 0..1; undefined without a start. */
  elapsedFraction?: number;
  state: 'not-yet-valid' | 'valid' | 'expired';
}

export function numericDate(payload: JsonObject, claim: string): number | undefined {
  const value = payload[claim];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The token's validity window at `now` (seconds), or undefined when it has no `exp`. */
export function lifetimeAt(payload: JsonObject, now: number): Lifetime | undefined {
  const expiresAt = numericDate(payload, 'exp');
  if (expiresAt === undefined) return undefined;
  const issuedAt = numericDate(payload, 'iat');
  const notBefore = numericDate(payload, 'nbf');
  const start = notBefore ?? issuedAt;
  const total = start !== undefined && expiresAt > start ? expiresAt - start : undefined;
  const remaining = expiresAt - now;
  const elapsedFraction =
    total !== undefined && start !== undefined ? Math.min(1, Math.max(0, (now - start) / total)) : undefined;
  const state =
    remaining <= 0 ? 'expired' : notBefore !== undefined && now < notBefore ? 'not-yet-valid' : 'valid';
  return { issuedAt, notBefore, expiresAt, total, remaining, elapsedFraction, state };
}

/** "1 d 2 h 3 min 4 s", without the zero units; at most three units. */
export function formatDuration(seconds: number): string {
  let rest = Math.floor(Math.abs(seconds));
  if (rest === 0) return '0 s';
  const units: [string, number][] = [
    ['d', 86400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ];
  const out: string[] = [];
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) out.push(`${count} ${unit}`);
  }
  return out.slice(0, 3).join(' ');
}

/** A NumericDate as an unambiguous UTC date, e.g. "2026-11-26 06:35:22 UTC". */
export function formatNumericDate(seconds: number): string {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return 'not a valid date';
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "in 3 h 2 min" or "5 min ago". */
export function formatRelative(seconds: number, now: number): string {
  const delta = seconds - now;
  if (Math.abs(delta) < 1) return 'now';
  return delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(delta)} ago`;
}
