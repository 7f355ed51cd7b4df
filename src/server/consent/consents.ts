import type { ServerContext } from '../context.ts';

/** What a user allowed a client to do at an audience (Auth0 "user grants"). */
export interface ConsentRecord {
  userId: string;
  clientId: string;
  /** The API identifier, or null for a request without an audience. */
  audience: string | null;
  scopes: string[];
  grantedAt: number;
}

export interface ConsentFilter {
  userId?: string;
  clientId?: string;
  audience?: string;
}

function consentId(userId: string, clientId: string, audience: string | undefined): string {
  return JSON.stringify([userId, clientId, audience ?? null]);
}

/** True when the user already granted this client every one of `scopes` for this audience (seed: any new scope asks again). */
export async function consentCovers(
  ctx: ServerContext,
  userId: string,
  clientId: string,
  audience: string | undefined,
  scopes: readonly string[],
): Promise<boolean> {
  const record = await ctx.store.get<ConsentRecord>('consents', consentId(userId, clientId, audience));
  if (!record) return false;
  return scopes.every((s) => record.scopes.includes(s));
}

/** Records consent to `scopes`, added to what was granted before. */
export async function grantConsent(
  ctx: ServerContext,
  userId: string,
  clientId: string,
  audience: string | undefined,
  scopes: readonly string[],
): Promise<ConsentRecord> {
  const { after } = await ctx.store.update<ConsentRecord>(
    'consents',
    consentId(userId, clientId, audience),
    (current) => ({
      userId,
      clientId,
      audience: audience ?? null,
      scopes: [...new Set([...(current?.scopes ?? []), ...scopes])],
      grantedAt: ctx.now,
    }),
  );
  if (!after) throw new Error('consent was not stored');
  return after;
}

function matches(record: ConsentRecord, filter: ConsentFilter): boolean {
  return (
    (filter.userId === undefined || record.userId === filter.userId) &&
    (filter.clientId === undefined || record.clientId === filter.clientId) &&
    (filter.audience === undefined || record.audience === filter.audience)
  );
}

export async function listConsents(ctx: ServerContext, filter: ConsentFilter = {}): Promise<ConsentRecord[]> {
  return (await ctx.store.list<ConsentRecord>('consents')).filter((r) => matches(r, filter));
}

/** Revokes the consents that match the filter (all of them without one); returns how many. */
export async function revokeConsents(ctx: ServerContext, filter: ConsentFilter = {}): Promise<number> {
  const doomed = await listConsents(ctx, filter);
  for (const record of doomed) {
    await ctx.store.delete(
      'consents',
      consentId(record.userId, record.clientId, record.audience ?? undefined),
    );
  }
  return doomed.length;
}
