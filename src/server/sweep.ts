import type { Collection, Store } from './store/types.ts';
import type { GrantRecord } from './tokens/records.ts';
import { normalizeUserCode } from './tokens/user-code.ts';

/** How often the server sweeps (real time, seconds). */
export const SWEEP_INTERVAL_SECONDS = 600;
/** How long past its expiry a record is kept (so that a moved-back server clock finds it still). */
const GRACE_SECONDS = 86400;
/** A grant no token refers to any more is kept this long after it was made (tokens are written after it). */
const ORPHAN_GRANT_SECONDS = 3600;
/** The sample API keeps this many messages, the newest. */
export const MAX_MESSAGES = 100;
/** Sessions have no expiry field: they end a week after login (session.ts); keep them a little longer. */
const SESSION_MAX_AGE = 8 * 86400;

const expiring: Collection[] = [
  'codes',
  'accessTokens',
  'refreshTokens',
  'deviceCodes',
  'interactions',
  'pushedRequests',
  'replay',
  'dpopProofs',
  'backchannelRequests',
];

interface Expiring {
  expiresAt?: number;
  grantId?: string;
  userCode?: string;
}

/**
 * Deletes what can no longer be used: expired codes, tokens, device codes and interactions, old
 * sessions, grants no token refers to, and the oldest sample-API messages. Without it a long-running
 * Node host grows with every token it issues. `now` is real time (seconds), not the movable server
 * clock, so moving the clock forward to show expiry deletes nothing early.
 */
export async function sweepExpired(store: Store, now: number): Promise<number> {
  const cutoff = now - GRACE_SECONDS;
  let deleted = 0;
  const liveGrants = new Set<string>();
  for (const collection of expiring) {
    const ids = await store.list<Expiring & Record<string, unknown>>(collection);
    for (const record of ids) {
      const id = recordId(collection, record);
      if (id === undefined) continue;
      if (record.expiresAt !== undefined && record.expiresAt < cutoff) {
        await store.delete(collection, id);
        if (collection === 'deviceCodes' && record.userCode) {
          await store.delete('userCodes', normalizeUserCode(record.userCode));
        }
        deleted++;
      } else if (record.grantId) liveGrants.add(record.grantId);
    }
  }
  for (const grant of await store.list<GrantRecord>('grants')) {
    if (!liveGrants.has(grant.id) && grant.createdAt < now - ORPHAN_GRANT_SECONDS) {
      await store.delete('grants', grant.id);
      deleted++;
    }
  }
  for (const session of await store.list<{ id: string; createdAt: number }>('sessions')) {
    if (session.createdAt < now - SESSION_MAX_AGE) {
      await store.delete('sessions', session.id);
      deleted++;
    }
  }
  const messages = await store.list<{ id: string; sequence: number }>('messages');
  if (messages.length > MAX_MESSAGES) {
    const oldest = messages.sort((a, b) => a.sequence - b.sequence).slice(0, messages.length - MAX_MESSAGES);
    for (const message of oldest) await store.delete('messages', message.id);
    deleted += oldest.length;
  }
  return deleted;
}

/** Each collection keys its records by one of their fields. */
function recordId(collection: Collection, record: Record<string, unknown>): string | undefined {
  const field =
    collection === 'codes'
      ? 'code'
      : collection === 'deviceCodes'
        ? 'deviceCode'
        : collection === 'backchannelRequests'
          ? 'authReqId'
          : 'id';
  const id = record[field];
  return typeof id === 'string' ? id : undefined;
}
