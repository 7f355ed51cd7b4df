/**
 * Another OpenID provider for the runner. `useActiveProvider()` returns it (endpoints, client) or
 * null for the built-in server; importing this module also keeps the runner's environment in step.
 */
import './model/runner-binding.ts';

export type { ProviderEndpoints } from './model/discovery.ts';
export { type ActiveProvider, getActiveProvider, useActiveProvider } from './model/provider-store.ts';
export { builtInEndpoints, endpointsFor } from './model/runner-binding.ts';
