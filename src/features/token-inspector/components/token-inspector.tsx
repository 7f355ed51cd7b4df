/// <reference types="vite/client" />
import './token-inspector.css';
import { createContext, useContext, useId } from 'react';
import { inferKind, type TokenKind } from '../model/checks.ts';
import { explainClaim, explainHeaderParameter } from '../model/claims.ts';
import type { DecodedJwt, OpaqueToken, TokenProblem } from '../model/decode.ts';
import { formatDuration, lifetimeAt } from '../model/lifetime.ts';
import { Checklist, summarizeChecks } from './checklist.tsx';
import { ClaimList } from './claim-list.tsx';
import { LifetimeBar } from './lifetime-bar.tsx';
import { EncodedToken, JsonText } from './token-parts.tsx';
import type { TokenInspectorProps } from './types.ts';
import { type Inspection, type SignatureState, useInspection } from './use-inspection.ts';

type Level = 2 | 3 | 4 | 5 | 6;

const TitleIdContext = createContext<string | undefined>(undefined);

function Heading({ level, id, children }: { level: Level; id?: string; children: React.ReactNode }) {
  const Tag = `h${level}` as 'h2';
  return <Tag id={id}>{children}</Tag>;
}

/** A titled part of the inspector: a region named by its heading. */
function Part({
  title,
  level,
  className,
  children,
}: {
  title: string;
  level: Level;
  className?: string;
  children: React.ReactNode;
}) {
  const id = useId();
  const titleId = useContext(TitleIdContext);
  // With a title, regions are named "Access token Header" etc., unique when several tokens are shown.
  return (
    <section className={`ti-section ${className ?? ''}`} aria-labelledby={titleId ? `${titleId} ${id}` : id}>
      <Heading level={level} id={id}>
        {title}
      </Heading>
      {children}
    </section>
  );
}

const KIND_NAMES: Record<TokenKind, string> = {
  access: 'access token',
  id: 'ID token',
  refresh: 'refresh token',
  dpop: 'DPoP proof',
  'client-assertion': 'client assertion',
  'request-object': 'request object',
};

function Problem({ problem }: { problem: TokenProblem }) {
  if (problem.code === 'empty') return <p className="muted">{problem.message}</p>;
  return (
    <div className="banner error" role="status">
      <strong>Cannot read this token.</strong> {problem.message}
    </div>
  );
}

function Opaque({ token, kind }: { token: OpaqueToken; kind?: TokenKind }) {
  const what = kind ? `This ${KIND_NAMES[kind]}` : 'This token';
  return (
    <div className="banner info" role="status">
      <p className="ti-opaque-title">
        <strong>Opaque token</strong> ({token.value.length} characters)
      </p>
      <p>
        {what} is not a JWT: it is a random handle, and only the server that issued it can read it. The server
        keeps what it stands for (user, client, scopes, expiry). To learn about it, ask the server with token
        introspection (
        <a
          href="https://www.rfc-editor.org/rfc/rfc7662.html#section-2"
          target="_blank"
          rel="noreferrer noopener"
        >
          RFC 7662
        </a>
        ).
        {kind === 'access' &&
          ' Without an audience (an API), this server issues an opaque access token that is good only for /userinfo.'}
        {kind === 'refresh' &&
          ' A refresh token is sent only to the token endpoint, to get new access tokens; never to an API.'}
      </p>
    </div>
  );
}

function SignatureSummary({
  signature,
  token,
  compact,
}: {
  signature: SignatureState;
  token: DecodedJwt;
  compact?: boolean;
}) {
  const tone =
    signature.state === 'pending' || signature.status === 'skipped'
      ? 'info'
      : signature.status === 'valid'
        ? 'ok'
        : signature.status === 'invalid' || signature.status === 'unsigned'
          ? 'error'
          : 'warn';
  return (
    <>
      <div className={`banner ${tone}`} role="status">
        {signature.message}
      </div>
      {/* Beside a flow the header above already shows alg and kid. */}
      {!compact && (
        <dl className="lines">
          <dt>Algorithm</dt>
          <dd>{String(token.header.alg)}</dd>
          <dt>Key id</dt>
          <dd>{typeof token.header.kid === 'string' ? token.header.kid : 'none'}</dd>
          <dt>Signature</dt>
          <dd>{token.signatureBytes} bytes</dd>
        </dl>
      )}
    </>
  );
}

function Summary({
  token,
  inspection,
  kind,
}: {
  token: DecodedJwt;
  inspection: Inspection;
  kind?: TokenKind;
}) {
  const { signature, checks, now } = inspection;
  const guessed = inferKind(token, kind);
  const failed = checks.filter((c) => c.status === 'fail').length;
  const lifetime = lifetimeAt(token.payload, now);
  const signatureText =
    signature.state === 'pending'
      ? { tone: '', text: 'signature not checked yet' }
      : signature.status === 'valid'
        ? { tone: 'ok', text: 'signature valid' }
        : signature.status === 'invalid' || signature.status === 'unsigned'
          ? { tone: 'error', text: signature.status === 'unsigned' ? 'unsigned' : 'signature invalid' }
          : { tone: 'warn', text: 'signature not verified' };
  return (
    <ul className="ti-summary" aria-label="Summary">
      <li className="badge">{guessed ? KIND_NAMES[guessed] : 'JWT'}</li>
      <li className={`badge ${signatureText.tone}`}>{signatureText.text}</li>
      <li className={`badge ${failed ? 'error' : 'ok'}`}>
        {failed ? `${failed} ${failed === 1 ? 'check' : 'checks'} failed` : 'no check failed'}
      </li>
      {lifetime && (
        <li className={`badge ${lifetime.state === 'valid' ? 'ok' : 'error'}`}>
          {lifetime.state === 'expired'
            ? 'expired'
            : lifetime.state === 'not-yet-valid'
              ? 'not valid yet'
              : `expires in ${formatDuration(lifetime.remaining)}`}
        </li>
      )}
    </ul>
  );
}

function JwtView({
  token,
  inspection,
  level,
  kind,
  compact,
}: {
  token: DecodedJwt;
  inspection: Inspection;
  level: Level;
  kind?: TokenKind;
  compact?: boolean;
}) {
  const sub = Math.min(level + 1, 6) as Level;
  const { now, checks, clock, signature } = inspection;
  const headerClaims = <ClaimList values={token.header} explain={explainHeaderParameter} now={now} />;
  const payloadClaims = <ClaimList values={token.payload} explain={explainClaim} now={now} />;
  return (
    <>
      <Summary token={token} inspection={inspection} kind={kind} />
      <EncodedToken token={token} />
      <div className="ti-columns">
        <Part title="Header" level={level}>
          <JsonText value={token.header} className="ti-json-header" />
          {!compact && headerClaims}
        </Part>
        <Part title="Payload" level={level}>
          <JsonText value={token.payload} className="ti-json-payload" />
          {!compact && (
            <>
              <Heading level={sub}>Claims</Heading>
              {payloadClaims}
            </>
          )}
        </Part>
      </div>
      {compact && (
        <details className="ti-more">
          <summary>What each header parameter and claim means</summary>
          {headerClaims}
          {payloadClaims}
        </details>
      )}
      <Part title="Signature" level={level}>
        <SignatureSummary signature={signature} token={token} compact={compact} />
      </Part>
      <Part title="Lifetime" level={level}>
        <LifetimeBar payload={token.payload} now={now} />
        <p className="small muted">{clock.reason}</p>
      </Part>
      <Part title="Validation" level={level}>
        {compact ? (
          // Open by itself when a check failed: then the learner needs to read it.
          <details className="ti-more" open={checks.some((c) => c.status === 'fail') || undefined}>
            <summary>{summarizeChecks(checks)}: show each check</summary>
            <Checklist checks={checks} />
          </details>
        ) : (
          <>
            <p className="small">{summarizeChecks(checks)}.</p>
            <Checklist checks={checks} />
          </>
        )}
      </Part>
    </>
  );
}

/** Header, payload and signature of a JWT, verified and checked; opaque and broken tokens explained. */
export default function TokenInspectorView({
  token,
  kind,
  expected,
  jwks,
  title,
  headingLevel = 2,
  compact,
}: TokenInspectorProps) {
  const titleId = useId();
  const inspection = useInspection(token, { kind, expected, jwks });
  const { reading } = inspection;
  const level = (title ? Math.min(headingLevel + 1, 6) : headingLevel) as Level;
  return (
    // Not a landmark itself: the caller may already wrap it in a region named like the title.
    <div className={compact ? 'ti ti-compact' : 'ti'}>
      {title && (
        <Heading level={headingLevel} id={titleId}>
          {title}
        </Heading>
      )}
      {reading.notes.length > 0 && <p className="small muted">{reading.notes.join(' ')}</p>}
      {reading.type === 'invalid' && <Problem problem={reading} />}
      {reading.type === 'opaque' && <Opaque token={reading} kind={kind} />}
      {reading.type === 'jwt' && (
        <TitleIdContext value={title ? titleId : undefined}>
          <JwtView token={reading} inspection={inspection} level={level} kind={kind} compact={compact} />
        </TitleIdContext>
      )}
    </div>
  );
}
