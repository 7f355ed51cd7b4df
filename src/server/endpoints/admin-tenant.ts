import { demoTenant } from '../tenant/demo.ts';
import { resetTenant, saveTenant, storedTenant } from '../tenant/load.ts';
import { adminJsonBody } from './admin-body.ts';
import { json, type Route } from './route.ts';

/** The tenant as stored (with its `{app}` placeholders), for the tenant editor. */
export const getTenantRoute: Route = {
  methods: ['GET'],
  path: '/admin/tenant',
  handler: async (ctx) => json(await storedTenant(ctx.store, ctx.options.tenant ?? demoTenant)),
};

/** Replaces the tenant; an invalid one is `400 invalid_tenant` with one error per bad field. */
export const putTenantRoute: Route = {
  methods: ['PUT'],
  path: '/admin/tenant',
  handler: async (ctx, request) => json(await saveTenant(ctx.store, await adminJsonBody(request))),
};

/** Back to the host's default tenant (the demo tenant). */
export const deleteTenantRoute: Route = {
  methods: ['DELETE'],
  path: '/admin/tenant',
  async handler(ctx) {
    await resetTenant(ctx.store);
    return json(await storedTenant(ctx.store, ctx.options.tenant ?? demoTenant));
  },
};
