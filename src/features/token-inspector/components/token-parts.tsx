import type { DecodedJwt } from '../model/decode.ts';

/**
 * The compact token with its three parts coloured. Screen readers hear each part's name from
 * CSS generated content (alternative text only, see token-inspector.css), which is never part of
 * a text selection: selecting the token selects exactly the token.
 */
export function EncodedToken({ token }: { token: DecodedJwt }) {
  return (
    <div className="ti-encoded-wrap">
      <p className="ti-legend small" aria-hidden="true">
        <span className="ti-part-header">header</span>.<span className="ti-part-payload">payload</span>.
        <span className="ti-part-signature">signature</span>
      </p>
      <pre className="code-block ti-encoded">
        <span className="ti-part-header">{token.parts.header}</span>
        <span className="ti-dot">.</span>
        <span className="ti-part-payload">{token.parts.payload}</span>
        <span className="ti-dot">.</span>
        <span className="ti-part-signature">{token.parts.signature}</span>
      </pre>
    </div>
  );
}

/** Decoded JSON, pretty printed as text: never interpreted as HTML. */
export function JsonText({ value, className }: { value: unknown; className?: string }) {
  return <pre className={`code-block ti-json ${className ?? ''}`}>{JSON.stringify(value, null, 2)}</pre>;
}
