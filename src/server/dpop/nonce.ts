import type { ServerContext } from '../context.ts';
import { unchanged } from '../store/types.ts';
import { randomToken } from '../tokens/random.ts';

/** How long a server nonce is the current one; the one before it stays accepted as long again. */
export const NONCE_LIFETIME = 300;

interface NonceState {
  current: string;
  previous?: string;
  rotatesAt: number;
}

/**
 * The server's DPoP nonce (RFC 9449 §8): one value for the whole server, kept in the store (a
 * browser may stop the worker between two requests), replaced every NONCE_LIFETIME seconds.
 */
export async function currentNonce(ctx: ServerContext): Promise<string> {
  const { after } = await ctx.store.update<NonceState>('meta', 'dpopNonce', (state) => {
    if (state && ctx.now < state.rotatesAt) return unchanged;
    return { current: randomToken(16), previous: state?.current, rotatesAt: ctx.now + NONCE_LIFETIME };
  });
  return (after as NonceState).current;
}

/** Whether a proof's `nonce` claim is the current nonce or the one before it. */
export async function acceptsNonce(ctx: ServerContext, nonce: unknown): Promise<boolean> {
  if (typeof nonce !== 'string') return false;
  const state = await ctx.store.get<NonceState>('meta', 'dpopNonce');
  if (!state) return false;
  if (nonce === state.current) return ctx.now < state.rotatesAt + NONCE_LIFETIME;
  return nonce === state.previous && ctx.now < state.rotatesAt;
}
