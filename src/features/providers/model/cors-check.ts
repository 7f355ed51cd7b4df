import { diagnoseFetchFailure, type Problem, type ProviderEndpoints } from './discovery.ts';

/**
 * Whether the browser may talk to each endpoint from this origin. A request with only simple
 * headers needs Access-Control-Allow-Origin on the answer; one with `Authorization` is preflighted
 * (Fetch standard, CORS protocol) and also needs Access-Control-Allow-Headers.
 */
export interface EndpointCheck {
  name: string;
  url: string;
  ok: boolean;
  /** The HTTP status seen (any status proves CORS works; errors are expected for dummy input). */
  status?: number;
  problem?: Problem;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

interface Probe {
  name: string;
  url: string;
  init: RequestInit;
  /** The non-simple header that makes the browser send a preflight, if any. */
  preflighted: string | null;
}

export function corsProbes(endpoints: ProviderEndpoints, clientId: string): Probe[] {
  const form = (fields: Record<string, string>): RequestInit => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const probes: Probe[] = [];
  if (endpoints.jwks)
    probes.push({ name: 'JWKS', url: endpoints.jwks, init: { method: 'GET' }, preflighted: null });
  if (endpoints.token) {
    probes.push({
      name: 'Token endpoint',
      url: endpoints.token,
      // A code that cannot exist: the answer is an error, but a readable one proves CORS.
      init: form({
        grant_type: 'authorization_code',
        code: 'cors-check',
        client_id: clientId || 'cors-check',
      }),
      preflighted: null,
    });
    probes.push({
      name: 'Token endpoint with client_secret_basic',
      url: endpoints.token,
      init: {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${btoa('cors-check:cors-check')}`,
        },
        body: 'grant_type=client_credentials',
      },
      preflighted: 'Authorization',
    });
  }
  if (endpoints.deviceAuthorization)
    probes.push({
      name: 'Device authorization endpoint',
      url: endpoints.deviceAuthorization,
      init: form({ client_id: clientId || 'cors-check' }),
      preflighted: null,
    });
  if (endpoints.userinfo)
    probes.push({
      name: 'Userinfo endpoint',
      url: endpoints.userinfo,
      init: { method: 'GET', headers: { Authorization: 'Bearer cors-check' } },
      preflighted: 'Authorization',
    });
  return probes;
}

export async function checkCors(
  endpoints: ProviderEndpoints,
  clientId: string,
  fetchImpl: Fetch = fetch,
): Promise<EndpointCheck[]> {
  const checks: EndpointCheck[] = [];
  for (const probe of corsProbes(endpoints, clientId)) {
    try {
      const response = await fetchImpl(probe.url, { ...probe.init, cache: 'no-store', credentials: 'omit' });
      checks.push({ name: probe.name, url: probe.url, ok: true, status: response.status });
    } catch {
      checks.push({
        name: probe.name,
        url: probe.url,
        ok: false,
        problem: await diagnoseFetchFailure(
          probe.url,
          probe.name.toLowerCase(),
          probe.preflighted,
          fetchImpl,
        ),
      });
    }
  }
  return checks;
}
