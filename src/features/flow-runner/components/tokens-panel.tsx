import { useQuery } from '@tanstack/react-query';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { type ComponentType, lazy, Suspense, useEffect, useState } from 'react';
import { CodeBlock } from '../../../components/code-block.tsx';
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

const NAMES: { key: keyof TokenSet; label: string }[] = [
  { key: 'access_token', label: 'Access token' },
  { key: 'id_token', label: 'ID token' },
  { key: 'refresh_token', label: 'Refresh token' },
];

/** The tokens obtained so far in this tab, decoded. */
export default function TokensPanel() {
  const { tokens, params, values } = useRun();
  const present = NAMES.filter((n) => tokens[n.key]);
  const [open, setOpen] = useState<keyof TokenSet | undefined>(undefined);
  const selected = open && tokens[open] ? open : present[0]?.key;
  return (
    <section className="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">Tokens</h2>
      {present.length === 0 ? (
        <p className="muted small">No tokens yet in this tab.</p>
      ) : (
        <>
          <fieldset className="tabs">
            <legend className="visually-hidden">Token</legend>
            {present.map((n) => (
              <button
                key={n.key}
                type="button"
                aria-pressed={selected === n.key}
                onClick={() => setOpen(n.key)}
              >
                {n.label}
              </button>
            ))}
            <button type="button" className="danger" onClick={clearTokens}>
              Forget tokens
            </button>
          </fieldset>
          {selected && tokens[selected] && (
            <Suspense fallback={<p className="muted small">Loading the inspector…</p>}>
              <section aria-label={NAMES.find((n) => n.key === selected)?.label}>
                <Inspector
                  token={tokens[selected] ?? ''}
                  kind={KIND[selected]}
                  title={NAMES.find((n) => n.key === selected)?.label}
                  headingLevel={3}
                  expected={{
                    issuer: getEnvironment().endpoints.issuer,
                    audience: selected === 'access_token' ? params.audience || undefined : undefined,
                    clientId: params.client_id || undefined,
                    nonce: selected === 'id_token' ? values.sent_nonce || undefined : undefined,
                    accessToken: selected === 'id_token' ? tokens.access_token : undefined,
                  }}
                />
              </section>
            </Suspense>
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
