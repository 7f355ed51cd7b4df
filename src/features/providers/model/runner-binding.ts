import { issuerUrl } from '../../../lib/app-url.ts';
import {
  configureEnvironment,
  currentFlow,
  defaultParams,
  getRunSnapshot,
  setParams,
  subscribeRun,
} from '../../flow-runner/index.ts';
import { type Endpoints, serverEndpoints } from '../../flows/index.ts';
import { type ActiveProvider, getActiveProvider, subscribeProvider } from './provider-store.ts';

/** The in-browser server's endpoints (the runner's default). */
export function builtInEndpoints(): Endpoints {
  return serverEndpoints(issuerUrl());
}

/** The endpoints the runner uses: the provider's, or the built-in server's. */
export function endpointsFor(provider: ActiveProvider | null): Endpoints {
  if (!provider) return builtInEndpoints();
  // The sample API belongs to the built-in server; another provider has none.
  return { ...provider.endpoints, messages: '' };
}

/** The provider's client in the current run's parameters (when the flow has those parameters). */
function applyClient(provider: ActiveProvider | null) {
  const run = getRunSnapshot();
  let defaults: Record<string, string> = {};
  try {
    defaults = defaultParams(currentFlow(run));
  } catch {
    return;
  }
  const patch: Record<string, string> = {};
  const want = {
    client_id: provider ? provider.clientId : (defaults.client_id ?? ''),
    client_secret: provider ? provider.clientSecret : (defaults.client_secret ?? ''),
  };
  for (const [name, value] of Object.entries(want)) {
    if (name in run.params && run.params[name] !== value) patch[name] = value;
  }
  if (Object.keys(patch).length) setParams(patch);
}

let bound = false;

/**
 * Keeps the runner pointed at the active provider: its endpoints, and its client in each flow
 * the user picks. Idempotent; runs once when this module loads in the browser.
 */
export function bindProviderToRunner(): void {
  if (bound || typeof window === 'undefined') return;
  bound = true;
  let provider = getActiveProvider();
  if (provider) {
    configureEnvironment({ endpoints: endpointsFor(provider) });
    applyClient(provider);
  }
  let flowId = getRunSnapshot().flowId;
  subscribeProvider(() => {
    const next = getActiveProvider();
    const changed = JSON.stringify(next) !== JSON.stringify(provider);
    const wasActive = provider !== null;
    provider = next;
    if (!changed) return;
    configureEnvironment({ endpoints: endpointsFor(next) });
    if (next || wasActive) applyClient(next);
  });
  subscribeRun(() => {
    const run = getRunSnapshot();
    if (run.flowId === flowId) return;
    flowId = run.flowId;
    if (provider) applyClient(provider);
  });
}

// After the current module graph has loaded, so that an import cycle through the run store is harmless.
queueMicrotask(bindProviderToRunner);
