import type { HttpExchange } from '../../../shared/trace.ts';
import { errorMessage, tokenResponseOutcome } from './common.ts';
import type { FlowContext, PollSpec, StepOutcome } from './types.ts';

/** The value under which a polling flow keeps the interval the server asked for. */
const INTERVAL = 'interval';

/**
 * Polling at the server's `interval` (RFC 8628 §3.2, CIBA Core §7.3), 5 s when it gave none.
 * The interval is the value the first response stored and slow_down raised.
 */
export const pollAtInterval: PollSpec = {
  intervalSeconds: (ctx) => Number(ctx.values[INTERVAL] || 5),
};

/**
 * A poll of the token endpoint while someone approves elsewhere (RFC 8628 §3.5, CIBA Core §11):
 * `authorization_pending` means try again at the interval; `slow_down` means the same after
 * adding 5 s to it; anything else ends the polling (tokens, or the error).
 */
export function pollOutcome(
  ctx: FlowContext,
  exchange: HttpExchange,
  json: Record<string, unknown> | undefined,
  waiting: string,
): StepOutcome {
  const error = typeof json?.error === 'string' ? json.error : undefined;
  if (error === 'authorization_pending') {
    return { ok: false, retry: true, message: `${errorMessage(exchange, json)}. ${waiting}` };
  }
  if (error === 'slow_down') {
    const interval = String(pollAtInterval.intervalSeconds(ctx) + 5);
    return {
      ok: false,
      retry: true,
      values: { [INTERVAL]: interval },
      message: `${errorMessage(exchange, json)}. Polling too fast: the interval is now ${interval} s.`,
    };
  }
  return tokenResponseOutcome(exchange, json, ctx);
}

/** What the first response says about polling: its interval (5 s when absent), to store as a value. */
export function intervalValue(json: Record<string, unknown>): { [INTERVAL]: string } {
  return { [INTERVAL]: String(json.interval ?? 5) };
}
