import { appUrl, callbackUrl, issuerUrl } from '../../../lib/app-url.ts';
import { serverEndpoints } from '../../flows/index.ts';
import type { ActiveProvider } from '../../providers/index.ts';
import { endpointsFor } from '../../providers/index.ts';
import type { RunEnvironment } from './run-record.ts';

/** Where a run goes: the in-browser server, or the provider the user chose (an explicit input). */
export function runEnvironment(provider: ActiveProvider | null): RunEnvironment {
  const base = { redirectUri: callbackUrl(), appUrl: appUrl() };
  if (!provider) return { ...base, server: 'built-in', endpoints: serverEndpoints(issuerUrl()) };
  return {
    ...base,
    server: 'provider',
    endpoints: endpointsFor(provider),
    // The provider's client becomes the flows' default.
    paramDefaults: { client_id: provider.clientId, client_secret: provider.clientSecret },
  };
}
