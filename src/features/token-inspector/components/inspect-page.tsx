import { useDeferredValue, useId, useMemo, useState } from 'react';
import type { ExpectedValues, TokenKind } from '../model/checks.ts';
import { readToken } from '../model/decode.ts';
import type { KeySource } from '../model/verify.ts';
import { KeySourcePicker } from './key-source-picker.tsx';
import TokenInspectorView from './token-inspector.tsx';

type FieldKey = Exclude<keyof ExpectedValues, 'dpop'> | 'dpopMethod' | 'dpopUrl' | 'dpopJkt';

const EXPECTED_FIELDS: { key: FieldKey; label: string }[] = [
  { key: 'issuer', label: 'Issuer' },
  { key: 'audience', label: 'Audience' },
  { key: 'clientId', label: 'Client id' },
  { key: 'nonce', label: 'Nonce' },
  { key: 'accessToken', label: 'Access token (for at_hash)' },
  { key: 'code', label: 'Authorization code (for c_hash)' },
  { key: 'dpopMethod', label: 'DPoP request method (for htm)' },
  { key: 'dpopUrl', label: 'DPoP request URL (for htu)' },
  { key: 'dpopJkt', label: 'DPoP key thumbprint (for cnf.jkt)' },
];

/** The typed expectations from the fields filled in (blank ones are left out). */
function expectationsOf(input: Partial<Record<FieldKey, string>>): ExpectedValues | undefined {
  const filled = Object.fromEntries(
    Object.entries(input)
      .map(([k, v]) => [k, v?.trim() ?? ''] as const)
      .filter(([, v]) => v),
  ) as Partial<Record<FieldKey, string>>;
  const { dpopMethod, dpopUrl, dpopJkt, ...rest } = filled;
  const dpop =
    dpopMethod || dpopUrl || dpopJkt
      ? {
          ...(dpopMethod ? { method: dpopMethod.toUpperCase() } : {}),
          ...(dpopUrl ? { url: dpopUrl } : {}),
          ...(dpopJkt ? { jkt: dpopJkt } : {}),
        }
      : undefined;
  const expected: ExpectedValues = { ...rest, ...(dpop ? { dpop } : {}) };
  return Object.keys(expected).length ? expected : undefined;
}

function jwksUrlFor(issuer: unknown): string | undefined {
  if (typeof issuer !== 'string') return undefined;
  try {
    const url = new URL(issuer);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return new URL('.well-known/jwks.json', url.href.endsWith('/') ? url.href : `${url.href}/`).href;
  } catch {
    return undefined;
  }
}

/** /inspect: paste any token, choose the keys, optionally say what to expect. Nothing leaves the browser. */
export function InspectPage() {
  const id = useId();
  const [input, setInput] = useState('');
  const token = useDeferredValue(input);
  const [source, setSource] = useState<KeySource>({ type: 'server' });
  const [kind, setKind] = useState<TokenKind | ''>('');
  const [expectedInput, setExpectedInput] = useState<Partial<Record<FieldKey, string>>>({});
  const reading = useMemo(() => readToken(token), [token]);
  const decoded = reading.type === 'jwt' ? reading : undefined;
  const expected = useMemo(() => expectationsOf(expectedInput), [expectedInput]);

  return (
    <div className="ti-page">
      <h1>Token inspector</h1>
      <p className="banner info ti-privacy">
        <strong>Nothing you paste leaves this browser.</strong> Tokens and keys are decoded and verified on
        this page, and are not stored. The only request to another site is a JWKS URL, and only when you ask
        for it.
      </p>
      <div className="field">
        <label htmlFor={`${id}-token`}>Token</label>
        <textarea
          id={`${id}-token`}
          className="mono ti-token-input"
          value={input}
          onChange={(event) => setInput(event.target.value)}
          placeholder="eyJhbGciOi… (a JWT, with or without “Bearer ”) or an opaque token"
          aria-describedby={`${id}-token-help`}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
        />
        <p id={`${id}-token-help`} className="help">
          Whitespace, line breaks and a “Bearer ” prefix are ignored. Up to 64 KB.
        </p>
      </div>
      <div className="actions">
        <div className="field">
          <label htmlFor={`${id}-kind`}>Token type</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(event) => setKind(event.target.value as TokenKind | '')}
          >
            <option value="">Guess from the token</option>
            <option value="access">Access token</option>
            <option value="id">ID token</option>
            <option value="refresh">Refresh token</option>
            <option value="dpop">DPoP proof</option>
            <option value="client-assertion">Client assertion (private_key_jwt)</option>
            <option value="request-object">Request object (JAR)</option>
          </select>
        </div>
        <button type="button" onClick={() => setInput('')} disabled={input === ''}>
          Clear
        </button>
      </div>
      <KeySourcePicker
        onChange={setSource}
        suggestedJwksUrl={jwksUrlFor(decoded?.payload.iss)}
        alg={decoded ? String(decoded.header.alg) : undefined}
      />
      <details className="ti-expected">
        <summary>Expected values (optional)</summary>
        <p className="small muted">
          Each value you give is checked against the token; the others are only shown.
        </p>
        <div className="fields">
          {EXPECTED_FIELDS.map((field) => (
            <div className="field" key={field.key}>
              <label htmlFor={`${id}-${field.key}`}>{field.label}</label>
              <input
                id={`${id}-${field.key}`}
                value={expectedInput[field.key] ?? ''}
                onChange={(event) =>
                  setExpectedInput((current) => ({ ...current, [field.key]: event.target.value }))
                }
                spellCheck={false}
                autoComplete="off"
              />
            </div>
          ))}
        </div>
      </details>
      <TokenInspectorView
        token={token}
        kind={kind || undefined}
        expected={expected}
        jwks={source}
        headingLevel={2}
      />
    </div>
  );
}
