import { useId, useState } from 'react';
import type { KeySource } from '../model/verify.ts';

export type KeyChoice = 'server' | 'jwks-url' | 'jwk' | 'pem';

const CHOICES: { value: KeyChoice; label: string }[] = [
  { value: 'server', label: 'This server\u2019s JWKS' },
  { value: 'jwks-url', label: 'A JWKS URL' },
  { value: 'jwk', label: 'A pasted JWK or JWKS' },
  { value: 'pem', label: 'A PEM public key or certificate' },
];

/** Where the signature's public key comes from. Typing never sends anything; a URL is fetched only on request. */
export function KeySourcePicker({
  onChange,
  suggestedJwksUrl,
  alg,
}: {
  onChange: (source: KeySource) => void;
  suggestedJwksUrl?: string;
  alg?: string;
}) {
  const id = useId();
  const [choice, setChoice] = useState<KeyChoice>('server');
  const [url, setUrl] = useState('');
  const [jwkText, setJwkText] = useState('');
  const [pemText, setPemText] = useState('');

  const choose = (next: KeyChoice) => {
    setChoice(next);
    if (next === 'server') onChange({ type: 'server' });
    // A URL is used only once the user asks for it; until then, verify with nothing.
    if (next === 'jwks-url')
      onChange({ type: 'none', message: 'Enter a JWKS URL and fetch its keys to verify the signature.' });
    if (next === 'jwk') onChange({ type: 'pasted', text: jwkText });
    if (next === 'pem') onChange({ type: 'pasted', text: pemText });
  };

  return (
    <fieldset className="ti-keys">
      <legend>Verify the signature with</legend>
      <div className="ti-key-choices">
        {CHOICES.map((option) => (
          <label key={option.value} className="chip">
            <input
              type="radio"
              name={`${id}-key-source`}
              value={option.value}
              checked={choice === option.value}
              onChange={() => choose(option.value)}
            />
            {option.label}
          </label>
        ))}
      </div>
      {choice === 'jwks-url' && (
        <form
          className="field ti-key-input"
          onSubmit={(event) => {
            event.preventDefault();
            if (url.trim()) onChange({ type: 'jwks-url', url: url.trim() });
          }}
        >
          <label htmlFor={`${id}-url`}>JWKS URL</label>
          <input
            id={`${id}-url`}
            type="url"
            inputMode="url"
            value={url}
            placeholder={suggestedJwksUrl ?? 'https://YOUR_DOMAIN/.well-known/jwks.json'}
            onChange={(event) => setUrl(event.target.value)}
            aria-describedby={`${id}-url-help`}
            spellCheck={false}
            autoComplete="off"
          />
          <p id={`${id}-url-help`} className="help">
            The only request the inspector makes to another site, and only when you press the button. The
            server must allow cross-origin requests (CORS). The token itself is never sent.
          </p>
          <div className="actions">
            <button type="submit" className="primary" disabled={!url.trim()}>
              Fetch keys and verify
            </button>
            {suggestedJwksUrl && url !== suggestedJwksUrl && (
              <button type="button" onClick={() => setUrl(suggestedJwksUrl)}>
                Use the issuer&apos;s JWKS URL
              </button>
            )}
          </div>
        </form>
      )}
      {choice === 'jwk' && (
        <div className="field ti-key-input">
          <label htmlFor={`${id}-jwk`}>JWK or JWKS</label>
          <textarea
            id={`${id}-jwk`}
            className="mono ti-key-text"
            value={jwkText}
            placeholder='{"keys":[{"kty":"RSA","kid":"…","n":"…","e":"AQAB"}]}'
            onChange={(event) => {
              setJwkText(event.target.value);
              onChange({ type: 'pasted', text: event.target.value });
            }}
            spellCheck={false}
            autoComplete="off"
          />
        </div>
      )}
      {choice === 'pem' && (
        <div className="field ti-key-input">
          <label htmlFor={`${id}-pem`}>PEM public key or certificate</label>
          <textarea
            id={`${id}-pem`}
            className="mono ti-key-text"
            value={pemText}
            placeholder={'-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----'}
            onChange={(event) => {
              setPemText(event.target.value);
              onChange({ type: 'pasted', text: event.target.value });
            }}
            aria-describedby={`${id}-pem-help`}
            spellCheck={false}
            autoComplete="off"
          />
          <p id={`${id}-pem-help`} className="help">
            SPKI (BEGIN PUBLIC KEY) or X.509 (BEGIN CERTIFICATE). The algorithm is the token&apos;s{' '}
            {alg ? `(${alg})` : '"alg" header'}.
          </p>
        </div>
      )}
    </fieldset>
  );
}
