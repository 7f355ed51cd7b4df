import type { ServerContext } from './context.ts';
import { unchanged } from './store/types.ts';

interface ReplayRecord {
  id: string;
  /** Server time (seconds) after which the id may be forgotten: the JWT's own `exp`. */
  expiresAt: number;
}

/**
 * Records a one-time JWT id (a client assertion's `jti`) and says whether it is new. Atomic: one
 * store transaction, so two requests with the same id at the same moment cannot both pass.
 * The record lives until `expiresAt`; after that the JWT itself is expired and refused anyway.
 */
export async function firstUse(
  ctx: ServerContext,
  purpose: string,
  id: string,
  expiresAt: number,
): Promise<boolean> {
  const key = `${purpose} ${id}`;
  const { before } = await ctx.store.update<ReplayRecord>('replay', key, (current) =>
    current && current.expiresAt > ctx.now ? unchanged : { id: key, expiresAt },
  );
  return before === undefined || before.expiresAt <= ctx.now;
}
