/**
 * Another OpenID provider for the runner. `useActiveProvider()` returns it (endpoints, client) or
 * null for the built-in server; the flow page passes it to the run it creates.
 */

export type { ProviderEndpoints } from './model/discovery.ts';
export { builtInEndpoints, endpointsFor } from './model/endpoints.ts';
export { type ActiveProvider, getActiveProvider, useActiveProvider } from './model/provider-store.ts';
