/**
 * Finding another provider's endpoints: OpenID Connect Discovery 1.0 (§4), then RFC 8414
 * authorization server metadata, with a plain explanation of every way it can fail.
 */
export interface ProviderEndpoints {
  issuer: string;
  authorization: string;
  token: string;
  deviceAuthorization: string;
  userinfo: string;
  revocation: string;
  introspection: string;
  jwks: string;
  logout: string;
}

export interface ProviderMetadata {
  endpoints: ProviderEndpoints;
  scopesSupported: string[];
  grantTypesSupported: string[];
  /** Where the metadata came from. */
  source: string;
}

export type ProblemKind = 'invalid-url' | 'unreachable' | 'cors' | 'not-oidc' | 'issuer-mismatch';

export interface Problem {
  kind: ProblemKind;
  /** The URL that failed. */
  url: string;
  title: string;
  detail: string;
}

export type DiscoveryResult = { ok: true; metadata: ProviderMetadata } | { ok: false; problem: Problem };

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** An issuer is an https URL without query or fragment (OIDC Discovery §3); http only on loopback. */
export function checkIssuerUrl(text: string): { ok: true; url: URL } | { ok: false; problem: Problem } {
  const invalid = (detail: string): { ok: false; problem: Problem } => ({
    ok: false,
    problem: { kind: 'invalid-url', url: text, title: 'This is not an issuer URL', detail },
  });
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return invalid('Enter the full URL, e.g. https://your-tenant.auth0.com/ or https://accounts.google.com.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return invalid('The issuer must be an https URL.');
  if (url.search || url.hash)
    return invalid('An issuer has no query or fragment (OpenID Connect Discovery §3).');
  if (url.username || url.password) return invalid('An issuer has no user name or password in it.');
  return { ok: true, url };
}

/** `<issuer>/.well-known/openid-configuration` (OIDC Discovery §4.1: appended to the issuer's path). */
export function openIdConfigurationUrl(issuer: URL): string {
  return `${issuer.href.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

/** RFC 8414 §3.1: the well-known segment goes between host and path. */
export function oauthMetadataUrl(issuer: URL): string {
  const path = issuer.pathname.replace(/\/$/, '');
  return `${issuer.origin}/.well-known/oauth-authorization-server${path}`;
}

/**
 * Why a fetch threw. A `TypeError` from fetch means either that nothing answered or that the
 * answer had no CORS headers for this origin; a `no-cors` request tells them apart, because it
 * succeeds (opaquely) whenever the server answers at all.
 */
export async function diagnoseFetchFailure(
  url: string,
  what: string,
  preflighted: string | null,
  fetchImpl: Fetch = fetch,
): Promise<Problem> {
  const origin = typeof location === 'undefined' ? 'this page' : location.origin;
  let reachable = false;
  try {
    await fetchImpl(url, { mode: 'no-cors', cache: 'no-store', credentials: 'omit' });
    reachable = true;
  } catch {
    reachable = false;
  }
  if (!reachable)
    return {
      kind: 'unreachable',
      url,
      title: `Nothing answered at ${new URL(url).host}`,
      detail: `The ${what} (${url}) could not be reached: the host name does not resolve, nothing listens on that port, or the TLS certificate is not trusted. Check the URL, and open it in a new tab to see the browser's own error.`,
    };
  return {
    kind: 'cors',
    url,
    title: `The ${what} does not allow this origin (CORS)`,
    detail: preflighted
      ? `The server answers, but the browser's preflight (OPTIONS ${url}) failed: the answer must carry Access-Control-Allow-Origin: ${origin} and Access-Control-Allow-Headers including ${preflighted}. Add ${origin} to the allowed web origins (CORS) of the provider or the client.`
      : `The server answers, but without the header Access-Control-Allow-Origin: ${origin} (or *), so the browser hides the answer from this page. Add ${origin} to the allowed web origins (CORS) of the provider or the client.`,
  };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Reads metadata JSON into endpoints, with what is missing or wrong named. */
export function readMetadata(issuer: string, json: unknown, source: string): DiscoveryResult {
  const notOidc = (detail: string): DiscoveryResult => ({
    ok: false,
    problem: { kind: 'not-oidc', url: source, title: 'This is not an OpenID provider', detail },
  });
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return notOidc(`${source} did not answer with a JSON object of provider metadata.`);
  const metadata = json as Record<string, unknown>;
  const missing = ['issuer', 'authorization_endpoint', 'token_endpoint'].filter((key) => !str(metadata[key]));
  if (missing.length)
    return notOidc(`The metadata at ${source} lacks ${missing.join(', ')} (OpenID Connect Discovery §3).`);
  // OIDC Discovery §4.3: the issuer in the metadata MUST be identical to the URL used.
  const same = (a: string, b: string) => a.replace(/\/$/, '') === b.replace(/\/$/, '');
  if (!same(str(metadata.issuer), issuer))
    return {
      ok: false,
      problem: {
        kind: 'issuer-mismatch',
        url: source,
        title: 'The issuer does not match',
        detail: `The metadata says its issuer is ${str(metadata.issuer)}, not ${issuer}. Tokens from it would fail the iss check (OpenID Connect Discovery §4.3): use ${str(metadata.issuer)} as the issuer URL.`,
      },
    };
  return {
    ok: true,
    metadata: {
      endpoints: {
        issuer: str(metadata.issuer),
        authorization: str(metadata.authorization_endpoint),
        token: str(metadata.token_endpoint),
        deviceAuthorization: str(metadata.device_authorization_endpoint),
        userinfo: str(metadata.userinfo_endpoint),
        revocation: str(metadata.revocation_endpoint),
        introspection: str(metadata.introspection_endpoint),
        jwks: str(metadata.jwks_uri),
        logout: str(metadata.end_session_endpoint),
      },
      scopesSupported: stringList(metadata.scopes_supported),
      grantTypesSupported: stringList(metadata.grant_types_supported),
      source,
    },
  };
}

async function fetchMetadata(
  url: string,
  fetchImpl: Fetch,
): Promise<{ response: Response } | { problem: Problem }> {
  try {
    return { response: await fetchImpl(url, { headers: { Accept: 'application/json' }, cache: 'no-store' }) };
  } catch {
    return { problem: await diagnoseFetchFailure(url, 'discovery document', null, fetchImpl) };
  }
}

/** Discovers a provider by its issuer URL. */
export async function discoverProvider(
  issuerText: string,
  fetchImpl: Fetch = fetch,
): Promise<DiscoveryResult> {
  const checked = checkIssuerUrl(issuerText);
  if (!checked.ok) return checked;
  const issuer = issuerText.trim();
  const attempts = [openIdConfigurationUrl(checked.url), oauthMetadataUrl(checked.url)];
  let lastStatus = '';
  for (const url of attempts) {
    const got = await fetchMetadata(url, fetchImpl);
    if ('problem' in got) return { ok: false, problem: got.problem };
    const { response } = got;
    if (!response.ok) {
      lastStatus = `${url} answered ${response.status}`;
      continue;
    }
    const type = response.headers.get('content-type') ?? '';
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return {
        ok: false,
        problem: {
          kind: 'not-oidc',
          url,
          title: 'This is not an OpenID provider',
          detail: `${url} answered with ${type.split(';')[0] || 'something'} that is not JSON metadata${
            type.includes('html')
              ? ' (a web page: is this the provider’s website rather than its issuer?)'
              : ''
          }.`,
        },
      };
    }
    return readMetadata(issuer, json, url);
  }
  return {
    ok: false,
    problem: {
      kind: 'not-oidc',
      url: attempts[0],
      title: 'No provider metadata here',
      detail: `${lastStatus}; neither /.well-known/openid-configuration nor /.well-known/oauth-authorization-server exists under this issuer. Check the issuer URL, or enter the endpoints by hand.`,
    },
  };
}

/** Endpoints entered by hand: each must be an absolute http(s) URL; optional ones may be empty. */
export function checkManualEndpoints(
  endpoints: ProviderEndpoints,
):
  | { ok: true; endpoints: ProviderEndpoints }
  | { ok: false; errors: Partial<Record<keyof ProviderEndpoints, string>> } {
  const errors: Partial<Record<keyof ProviderEndpoints, string>> = {};
  const required: (keyof ProviderEndpoints)[] = ['issuer', 'authorization', 'token'];
  for (const [key, value] of Object.entries(endpoints) as [keyof ProviderEndpoints, string][]) {
    const text = value.trim();
    if (!text) {
      if (required.includes(key)) errors[key] = 'required';
      continue;
    }
    try {
      const url = new URL(text);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') errors[key] = 'must be an http(s) URL';
    } catch {
      errors[key] = 'must be an absolute URL';
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    endpoints: Object.fromEntries(
      Object.entries(endpoints).map(([k, v]) => [k, v.trim()]),
    ) as unknown as ProviderEndpoints,
  };
}
