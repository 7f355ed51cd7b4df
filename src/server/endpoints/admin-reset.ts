import { collections } from '../store/types.ts';
import { adminJsonBody } from './admin-body.ts';
import { json, type Route } from './route.ts';

/** Wipes every piece of state (tenant, clock, sessions, codes, tokens, messages) except the signing keys. */
export const resetRoute: Route = {
  methods: ['POST'],
  path: '/admin/reset',
  async handler(ctx, request) {
    await adminJsonBody(request);
    for (const collection of collections) {
      if (collection !== 'keys') await ctx.store.clear(collection);
    }
    return json({ reset: true });
  },
};
