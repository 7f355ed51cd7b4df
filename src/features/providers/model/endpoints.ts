import { issuerUrl } from '../../../lib/app-url.ts';
import { type Endpoints, serverEndpoints } from '../../flows/index.ts';
import type { ActiveProvider } from './provider-store.ts';

/** The in-browser server's endpoints (the runner's default). */
export function builtInEndpoints(): Endpoints {
  return serverEndpoints(issuerUrl());
}

/** The endpoints a run uses: the provider's, or the built-in server's. */
export function endpointsFor(provider: ActiveProvider | null): Endpoints {
  if (!provider) return builtInEndpoints();
  // The sample API belongs to the built-in server; another provider has none.
  return { ...provider.endpoints, messages: '' };
}
