import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { callbackUrl } from '../../lib/app-url.ts';
import './components/providers.css';
import { checkCors, type EndpointCheck } from './model/cors-check.ts';
import {
  checkManualEndpoints,
  type DiscoveryResult,
  discoverProvider,
  type Problem,
  type ProviderEndpoints,
} from './model/discovery.ts';
import { setActiveProvider, useActiveProvider } from './model/provider-store.ts';

const endpointLabels: [keyof ProviderEndpoints, string][] = [
  ['issuer', 'Issuer'],
  ['authorization', 'Authorization endpoint'],
  ['token', 'Token endpoint'],
  ['deviceAuthorization', 'Device authorization endpoint'],
  ['userinfo', 'Userinfo endpoint'],
  ['jwks', 'JWKS URI'],
  ['revocation', 'Revocation endpoint'],
  ['introspection', 'Introspection endpoint'],
  ['logout', 'End session endpoint'],
];

const emptyEndpoints: ProviderEndpoints = {
  issuer: '',
  authorization: '',
  token: '',
  deviceAuthorization: '',
  userinfo: '',
  revocation: '',
  introspection: '',
  jwks: '',
  logout: '',
};

function ProblemView({ problem }: { problem: Problem }) {
  return (
    <div className="providers-problem" role="alert">
      <h3>{problem.title}</h3>
      <p>{problem.detail}</p>
    </div>
  );
}

function EndpointList({ endpoints }: { endpoints: ProviderEndpoints }) {
  return (
    <dl className="providers-endpoints">
      {endpointLabels
        .filter(([key]) => endpoints[key])
        .map(([key, label]) => (
          <div key={key} style={{ display: 'contents' }}>
            <dt>{label}</dt>
            <dd>{endpoints[key]}</dd>
          </div>
        ))}
    </dl>
  );
}

/** Pointing the playground at another OpenID provider (route /providers). */
export default function ProvidersRoute() {
  const active = useActiveProvider();
  const ids = useId();
  const [issuer, setIssuer] = useState(active?.source === 'discovery' ? active.endpoints.issuer : '');
  const [manual, setManual] = useState<ProviderEndpoints>(
    active?.source === 'manual' ? active.endpoints : emptyEndpoints,
  );
  const [manualErrors, setManualErrors] = useState<Partial<Record<keyof ProviderEndpoints, string>>>({});
  const [found, setFound] = useState<{
    endpoints: ProviderEndpoints;
    source: 'discovery' | 'manual';
    scopes: string[];
  } | null>(
    active ? { endpoints: active.endpoints, source: active.source, scopes: active.scopesSupported } : null,
  );
  const [clientId, setClientId] = useState(active?.clientId ?? '');
  const [clientSecret, setClientSecret] = useState(active?.clientSecret ?? '');
  const [notice, setNotice] = useState('');

  const discovery = useMutation<DiscoveryResult, Error, string>({
    mutationFn: (url) => discoverProvider(url),
    onSuccess: (result) => {
      if (result.ok)
        setFound({
          endpoints: result.metadata.endpoints,
          source: 'discovery',
          scopes: result.metadata.scopesSupported,
        });
    },
  });
  const cors = useMutation<EndpointCheck[], Error, { endpoints: ProviderEndpoints; clientId: string }>({
    mutationFn: ({ endpoints, clientId: id }) => checkCors(endpoints, id),
  });

  const onDiscover = (event: FormEvent) => {
    event.preventDefault();
    setFound(null);
    cors.reset();
    discovery.mutate(issuer);
  };
  const onManual = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkManualEndpoints(manual);
    if (!checked.ok) {
      setManualErrors(checked.errors);
      return;
    }
    setManualErrors({});
    discovery.reset();
    cors.reset();
    setFound({ endpoints: checked.endpoints, source: 'manual', scopes: [] });
  };
  const use = () => {
    if (!found || !clientId.trim()) return;
    setActiveProvider({
      endpoints: found.endpoints,
      source: found.source,
      clientId: clientId.trim(),
      clientSecret,
      scopesSupported: found.scopes,
    });
    setNotice(`The flows now use ${found.endpoints.issuer}.`);
  };

  return (
    <div className="providers-page">
      <h1>Providers</h1>
      <p>
        Run the flows against another OpenID provider instead of the in-browser server. The provider must
        allow this page's origin (<code>{window.location.origin}</code>) for CORS on its token, userinfo and
        JWKS endpoints, and have <code>{callbackUrl()}</code> registered as a redirect URI for your client.
      </p>
      <section aria-labelledby={`${ids}-active`}>
        <h2 id={`${ids}-active`}>In use</h2>
        {active ? (
          <>
            <p>
              <strong>{active.endpoints.issuer}</strong> with the client <code>{active.clientId}</code>.{' '}
              <Link to="/flows/auth-code-pkce">Run a flow</Link>
            </p>
            <button
              type="button"
              onClick={() => {
                setActiveProvider(null);
                setNotice('The flows use the built-in in-browser server again.');
              }}
            >
              Use the built-in server
            </button>
          </>
        ) : (
          <p>The built-in in-browser server.</p>
        )}
        <output aria-live="polite">{notice}</output>
      </section>

      <section aria-labelledby={`${ids}-discover`}>
        <h2 id={`${ids}-discover`}>Find a provider by its issuer URL</h2>
        <form onSubmit={onDiscover} className="providers-row">
          <div className="providers-field">
            <label htmlFor={`${ids}-issuer`}>Issuer URL</label>
            <input
              id={`${ids}-issuer`}
              type="url"
              inputMode="url"
              placeholder="https://your-tenant.auth0.com/"
              value={issuer}
              onChange={(e) => setIssuer(e.target.value)}
              required
            />
          </div>
          <button type="submit" disabled={discovery.isPending}>
            {discovery.isPending ? 'Discovering…' : 'Discover'}
          </button>
        </form>
        {discovery.data && !discovery.data.ok && <ProblemView problem={discovery.data.problem} />}
        {discovery.isError && (
          <ProblemView
            problem={{
              kind: 'not-oidc',
              url: issuer,
              title: 'Discovery failed',
              detail: discovery.error.message,
            }}
          />
        )}
      </section>

      <section aria-labelledby={`${ids}-manual`}>
        <details open={active?.source === 'manual'}>
          <summary>
            <h2 id={`${ids}-manual`} style={{ display: 'inline' }}>
              Or enter the endpoints by hand
            </h2>
          </summary>
          <form onSubmit={onManual}>
            {endpointLabels.map(([key, label]) => (
              <div className="providers-field" key={key}>
                <label htmlFor={`${ids}-manual-${key}`}>{label}</label>
                <input
                  id={`${ids}-manual-${key}`}
                  type="text"
                  inputMode="url"
                  spellCheck={false}
                  value={manual[key]}
                  aria-invalid={manualErrors[key] ? true : undefined}
                  aria-describedby={manualErrors[key] ? `${ids}-manual-${key}-error` : undefined}
                  onChange={(e) => setManual({ ...manual, [key]: e.target.value })}
                />
                {manualErrors[key] && (
                  <span id={`${ids}-manual-${key}-error`} className="providers-error">
                    {label}: {manualErrors[key]}
                  </span>
                )}
              </div>
            ))}
            <button type="submit">Use these endpoints</button>
          </form>
        </details>
      </section>

      {found && (
        <section aria-labelledby={`${ids}-found`}>
          <h2 id={`${ids}-found`}>Endpoints</h2>
          <div className="providers-ok" role="status">
            {found.source === 'discovery' ? 'Discovered' : 'Entered'}: {found.endpoints.issuer}
          </div>
          <EndpointList endpoints={found.endpoints} />
          <h3>Your client at this provider</h3>
          <p>Kept only in this tab's session storage; closing the tab forgets it.</p>
          <div className="providers-row">
            <div className="providers-field">
              <label htmlFor={`${ids}-client-id`}>Client ID</label>
              <input
                id={`${ids}-client-id`}
                autoComplete="off"
                spellCheck={false}
                value={clientId}
                onChange={(e) => setClientId(e.target.value)}
              />
            </div>
            <div className="providers-field">
              <label htmlFor={`${ids}-client-secret`}>Client secret (confidential clients only)</label>
              <input
                id={`${ids}-client-secret`}
                type="password"
                autoComplete="off"
                value={clientSecret}
                onChange={(e) => setClientSecret(e.target.value)}
              />
            </div>
          </div>
          <div className="providers-row">
            <button type="button" className="primary" disabled={!clientId.trim()} onClick={use}>
              Use this provider
            </button>
            <button
              type="button"
              disabled={cors.isPending}
              onClick={() => cors.mutate({ endpoints: found.endpoints, clientId: clientId.trim() })}
            >
              {cors.isPending ? 'Checking…' : 'Check CORS'}
            </button>
          </div>
          {cors.data && (
            <ul className="providers-checks" aria-label="CORS check">
              {cors.data.map((check) => (
                <li key={check.name} data-ok={check.ok}>
                  {check.ok ? (
                    <>
                      {check.name}: allowed (answered {check.status})
                    </>
                  ) : (
                    <>
                      <strong>
                        {check.name}: {check.problem?.title}.
                      </strong>{' '}
                      {check.problem?.detail}
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
