import { useQuery } from '@tanstack/react-query';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { type ComponentType, lazy, Suspense, useEffect, useId, useState } from 'react';
import { CodeBlock } from '../../../components/code-block.tsx';
import { CopyButton } from '../../../components/copy-button.tsx';
import { maskValue } from '../../../lib/http/mask.ts';
import type { TokenSet } from '../../flows/index.ts';
import { jwksQuery } from '../../server-metadata/index.ts';
import { clearTokens, getEnvironment, useRun } from '../model/run-store.ts';

/** The token inspector (another feature) when it is there; a plain decoded view until then. */
interface InspectorProps {
  token: string;
  kind?: 'access' | 'id' | 'refresh';
  expected?: { issuer?: string; audience?: string; clientId?: string; nonce?: string; accessToken?: string };
  title?: string;
  headingLevel?: 2 | 3 | 4;
  compact?: boolean;
}
const inspectorModule = import.meta.glob<{ TokenInspector?: ComponentType<InspectorProps> }>(
  '../../token-inspector/index.ts',
);
const loadInspector = inspectorModule['../../token-inspector/index.ts'];
const Inspector = loadInspector
  ? lazy(async () => {
      const module = await loadInspector();
      return { default: module.TokenInspector ?? PlainTokenView };
    })
  : PlainTokenView;

const KIND = { access_token: 'access', id_token: 'id', refresh_token: 'refresh' } as const;

const NAMES: { key: keyof TokenSet; label: string; what: string }[] = [
  { key: 'access_token', label: 'Access token', what: 'the access token' },
  { key: 'id_token', label: 'ID token', what: 'the ID token' },
  { key: 'refresh_token', label: 'Refresh token', what: 'the refresh token' },
];

/** The tokens obtained so far in this tab, decoded: one tab per token, each with a copy button. */
export default function TokensPanel() {
  const { tokens, params, values } = useRun();
  const id = useId();
  const present = NAMES.filter((n) => tokens[n.key]);
  const [open, setOpen] = useState<keyof TokenSet | undefined>(undefined);
  const selected = open && tokens[open] ? open : present[0]?.key;
  const selectedName = NAMES.find((n) => n.key === selected);
  const tabId = (key: keyof TokenSet) => `${id}-tab-${key}`;
  // WAI-ARIA tabs: arrow keys move between the tabs, Home and End go to the first and last.
  const onKeyDown = (event: React.KeyboardEvent) => {
    const index = present.findIndex((n) => n.key === selected);
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % present.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + present.length) % present.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? present.length - 1
              : -1;
    const target = present[next];
    if (!target) return;
    event.preventDefault();
    setOpen(target.key);
    document.getElementById(tabId(target.key))?.focus();
  };
  return (
    <section className="card tokens-card" aria-labelledby="tokens-title">
      <div className="copy-row">
        <h2 id="tokens-title">Tokens</h2>
        {present.length > 0 && (
          <button type="button" className="danger copy" onClick={clearTokens}>
            Forget tokens
          </button>
        )}
      </div>
      {present.length === 0 ? (
        <p className="muted small">No tokens yet in this tab.</p>
      ) : (
        <>
          <div role="tablist" aria-label="Token">
            {present.map((n) => (
              <button
                key={n.key}
                id={tabId(n.key)}
                type="button"
                role="tab"
                aria-selected={selected === n.key}
                aria-controls={`${id}-panel`}
                tabIndex={selected === n.key ? 0 : -1}
                onClick={() => setOpen(n.key)}
                onKeyDown={onKeyDown}
              >
                {n.label}
              </button>
            ))}
          </div>
          {selected && selectedName && tokens[selected] && (
            <section id={`${id}-panel`} role="tabpanel" aria-labelledby={tabId(selected)}>
              <div className="copy-row token-toolbar">
                <p className="small muted">
                  {tokens[selected]?.split('.').length === 3 ? 'JWT' : 'Opaque token'},{' '}
                  {tokens[selected]?.length} characters
                </p>
                <CopyButton text={tokens[selected] ?? ''} what={selectedName.what} />
              </div>
              <Suspense fallback={<p className="muted small">Loading the inspector…</p>}>
                <Inspector
                  token={tokens[selected] ?? ''}
                  kind={KIND[selected]}
                  title={selectedName.label}
                  headingLevel={3}
                  compact
                  expected={{
                    issuer: getEnvironment().endpoints.issuer,
                    audience: selected === 'access_token' ? params.audience || undefined : undefined,
                    clientId: params.client_id || undefined,
                    nonce: selected === 'id_token' ? values.sent_nonce || undefined : undefined,
                    accessToken: selected === 'id_token' ? tokens.access_token : undefined,
                  }}
                />
              </Suspense>
            </section>
          )}
        </>
      )}
    </section>
  );
}

/** Header and payload of a JWT, its signature checked against the server's JWKS with jose. */
function PlainTokenView({ token }: InspectorProps) {
  const jwks = useQuery(jwksQuery(getEnvironment().endpoints.jwks));
  const [reveal, setReveal] = useState(false);
  const [verdict, setVerdict] = useState<string>('');
  const parts = token.split('.');
  const isJwt = parts.length === 3;
  let header: unknown;
  let payload: unknown;
  let decodeError = '';
  if (isJwt) {
    try {
      header = decodeProtectedHeader(token);
      payload = decodeJwt(token);
    } catch (e) {
      decodeError = e instanceof Error ? e.message : String(e);
    }
  }
  useEffect(() => {
    if (!isJwt || !jwks.data) return;
    let live = true;
    jwtVerify(token, createLocalJWKSet(jwks.data as JSONWebKeySet), { clockTolerance: '100y' })
      .then(() => live && setVerdict('Signature verified against the server’s JWKS.'))
      .catch(
        (e: unknown) =>
          live && setVerdict(`Signature not verified: ${e instanceof Error ? e.message : String(e)}`),
      );
    return () => {
      live = false;
    };
  }, [token, isJwt, jwks.data]);
  return (
    <div>
      <label className="small">
        <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} /> Show the
        encoded token
      </label>
      <CodeBlock>{reveal ? token : maskValue(token)}</CodeBlock>
      {!isJwt && (
        <p className="small">An opaque token: only the server that issued it can tell what it means.</p>
      )}
      {decodeError && <p className="banner error">{decodeError}</p>}
      {isJwt && !decodeError && (
        <>
          {verdict && <p className="small">{verdict}</p>}
          <p className="label small">Header</p>
          <CodeBlock>{JSON.stringify(header, null, 2)}</CodeBlock>
          <p className="label small">Payload</p>
          <CodeBlock>{JSON.stringify(payload, null, 2)}</CodeBlock>
        </>
      )}
    </div>
  );
}
