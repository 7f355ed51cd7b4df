import { advanceClock, readClockOffset, resetClock } from '../clock.ts';
import { oauthError } from '../errors.ts';
import { adminJsonBody } from './admin-body.ts';
import { json, type Route } from './route.ts';

/** At most ten years in one step. */
const MAX_ADVANCE = 10 * 365 * 86400;

/** The server clock: `now` in seconds since the epoch and how far it was moved forward. */
export const getClockRoute: Route = {
  methods: ['GET'],
  path: '/admin/clock',
  handler: async (ctx) => json({ now: ctx.now, offsetSeconds: await readClockOffset(ctx.store) }),
};

/** `{advanceSeconds: n}` moves the clock forward; `{reset: true}` puts it back. */
export const postClockRoute: Route = {
  methods: ['POST'],
  path: '/admin/clock',
  async handler(ctx, request) {
    const body = await adminJsonBody(request);
    const before = await readClockOffset(ctx.store);
    const baseNow = ctx.now - before;
    if (typeof body === 'object' && body !== null && 'reset' in body && body.reset === true) {
      await resetClock(ctx.store);
      return json({ now: baseNow, offsetSeconds: 0 });
    }
    const advance =
      typeof body === 'object' && body !== null && 'advanceSeconds' in body ? body.advanceSeconds : undefined;
    if (typeof advance !== 'number' || !Number.isInteger(advance) || advance < 1 || advance > MAX_ADVANCE) {
      throw oauthError(
        'invalid_request',
        `Send {"advanceSeconds": n} with a whole number from 1 to ${MAX_ADVANCE}, or {"reset": true}.`,
      );
    }
    const offsetSeconds = await advanceClock(ctx.store, advance);
    return json({ now: baseNow + offsetSeconds, offsetSeconds });
  },
};
