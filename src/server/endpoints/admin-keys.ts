import { adminJsonBody } from './admin-body.ts';
import { json, type Route } from './route.ts';

/** Rotates the signing key: a new key signs from now on, the previous ones stay in the JWKS. */
export const rotateKeysRoute: Route = {
  methods: ['POST'],
  path: '/admin/keys/rotate',
  async handler(ctx, request) {
    await adminJsonBody(request);
    await ctx.keys.rotate(ctx.tenant.signingAlg, ctx.now);
    return json(await ctx.keys.jwks(ctx.tenant.signingAlg, ctx.now));
  },
};
