import { useQuery } from '@tanstack/react-query';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { type ComponentType, lazy, Suspense, useEffect, useId, useState } from 'react';
import { CodeBlock } from '../../../components/code-block.tsx';
import { CopyButton } from '../../../components/copy-button.tsx';
import { maskValue } from '../../../lib/http/mask.ts';
import type { TokenName } from '../../flows/index.ts';
import { jwksQuery } from '../../server-metadata/index.ts';
import { useRun, useRunStore } from '../model/run-context.tsx';
import {
  type HeldToken,
  type TokenCheckExpectations,
  type TokenProvenance,
  tokenCheckExpectations,
} from '../model/run-record.ts';

/** Where the keys that verify a token come from. */
type KeySource = { type: 'server' } | { type: 'jwks-url'; url: string };

/** The token inspector (another feature) when it is there; a plain decoded view until then. */
interface InspectorProps {
  token: string;
  kind?: 'access' | 'id' | 'refresh';
  expected?: TokenCheckExpectations;
  jwks?: KeySource;
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

/** A token is checked against the server that issued it: this browser's, or the provider's JWKS. */
export function keySourceFor(provenance: TokenProvenance): KeySource {
  return provenance.server === 'built-in'
    ? { type: 'server' }
    : { type: 'jwks-url', url: provenance.endpoints.jwks };
}

const NAMES: { key: TokenName; label: string; what: string }[] = [
  { key: 'access_token', label: 'Access token', what: 'the access token' },
  { key: 'id_token', label: 'ID token', what: 'the ID token' },
  { key: 'refresh_token', label: 'Refresh token', what: 'the refresh token' },
];

/** The tokens obtained so far in this tab, decoded: one tab per token, each with a copy button. */
export default function TokensPanel() {
  const { tokens } = useRun();
  const store = useRunStore();
  const id = useId();
  const present = NAMES.filter((n) => tokens[n.key]);
  const [open, setOpen] = useState<TokenName | undefined>(undefined);
  const selected = open && tokens[open] ? open : present[0]?.key;
  const selectedName = NAMES.find((n) => n.key === selected);
  const tabId = (key: TokenName) => `${id}-tab-${key}`;
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
          <button type="button" className="danger copy" onClick={store.clearTokens}>
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
                  {tokens[selected]?.value.split('.').length === 3 ? 'JWT' : 'Opaque token'},{' '}
                  {tokens[selected]?.value.length} characters
                </p>
                <CopyButton text={tokens[selected]?.value ?? ''} what={selectedName.what} />
              </div>
              <Suspense fallback={<p className="muted small">Loading the inspector…</p>}>
                <Provenance held={tokens[selected] as HeldToken} />
                <Inspector
                  token={tokens[selected]?.value ?? ''}
                  kind={KIND[selected]}
                  title={selectedName.label}
                  headingLevel={3}
                  compact
                  expected={tokenCheckExpectations(tokens, selected)}
                  jwks={keySourceFor((tokens[selected] as HeldToken).provenance)}
                />
              </Suspense>
            </section>
          )}
        </>
      )}
    </section>
  );
}

/** Where the token came from: its flow, client and issuer. */
function Provenance({ held }: { held: HeldToken }) {
  const { provenance } = held;
  return (
    <p className="small muted">
      From {provenance.flowTitle}, issued to client <code>{provenance.client.client_id || '(none)'}</code> by{' '}
      <code>{provenance.issuer}</code>
      {provenance.server === 'provider' ? ' (another provider)' : ' (the in-browser server)'}.
    </p>
  );
}

/** Header and payload of a JWT, its signature checked against the issuing server's JWKS with jose. */
function PlainTokenView({ token, jwks: keys }: InspectorProps) {
  const { environment } = useRun();
  const jwks = useQuery(jwksQuery(keys?.type === 'jwks-url' ? keys.url : environment.endpoints.jwks));
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
