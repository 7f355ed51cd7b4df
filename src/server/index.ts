export { type AuthorizationServer, createAuthorizationServer } from './app.ts';
export type { ServerOptions } from './context.ts';
export { MemoryStore } from './store/memory.ts';
export type { Collection, Store } from './store/types.ts';
export { demoTenant } from './tenant/demo.ts';
export { parseTenant, type Tenant, type TenantInput, tenantSchema } from './tenant/schema.ts';
