import { useState } from 'react';
import { CodeBlock } from '../../../components/code-block.tsx';
import { formatRawRequest } from '../../../lib/http/draft.ts';
import { maskExchange, maskJson } from '../../../lib/http/mask.ts';
import { formatRawResponse } from '../../../lib/http/send.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import { requestJwts } from '../model/request-jwts.ts';

export function statusClass(status: number): string {
  if (status >= 200 && status < 300) return 'status-ok';
  if (status >= 300 && status < 400) return 'status-redirect';
  return 'status-error';
}

/**
 * One exchange, raw (HTTP/1.1 text) or pretty (tables and formatted JSON). `foldRequest`: the
 * request is already on screen (the step's editor above), so its raw text folds away.
 */
export function ExchangeView({
  exchange,
  reveal,
  known,
  foldRequest = false,
}: {
  exchange: HttpExchange;
  reveal: boolean;
  /** Secret values seen elsewhere in the run (a code inside a form_post page): masked here too. */
  known?: ReadonlySet<string>;
  foldRequest?: boolean;
}) {
  const [view, setView] = useState<'raw' | 'pretty'>('raw');
  const shown = reveal ? exchange : maskExchange(exchange, { known });
  return (
    <div>
      <fieldset className="tabs">
        <legend className="visually-hidden">View</legend>
        <button type="button" aria-pressed={view === 'raw'} onClick={() => setView('raw')}>
          Raw
        </button>
        <button type="button" aria-pressed={view === 'pretty'} onClick={() => setView('pretty')}>
          Pretty
        </button>
      </fieldset>
      {view === 'raw' ? (
        <>
          {foldRequest ? (
            <details className="request-sent">
              <summary className="label small">Request as sent</summary>
              <CodeBlock>{formatRawRequest(shown.request)}</CodeBlock>
            </details>
          ) : (
            <>
              <p className="label small">Request</p>
              <CodeBlock>{formatRawRequest(shown.request)}</CodeBlock>
            </>
          )}
          <p className="label small">Response</p>
          <CodeBlock>{formatRawResponse(shown)}</CodeBlock>
        </>
      ) : (
        <>
          <PrettyExchange exchange={shown} />
          <DecodedRequestJwts exchange={exchange} reveal={reveal} known={known} />
        </>
      )}
    </div>
  );
}

function PrettyExchange({ exchange }: { exchange: HttpExchange }) {
  const url = new URL(exchange.request.url, window.location.origin);
  const query = [...url.searchParams.entries()];
  const form =
    exchange.request.body && !exchange.request.body.trim().startsWith('{')
      ? [...new URLSearchParams(exchange.request.body).entries()]
      : [];
  return (
    <div className="small">
      <p>
        <strong>{exchange.request.method}</strong> <code>{`${url.origin}${url.pathname}`}</code>
      </p>
      {query.length > 0 && <Pairs title="Query parameters" pairs={query} />}
      {exchange.request.headers.length > 0 && (
        <Pairs title="Request headers" pairs={exchange.request.headers} />
      )}
      {form.length > 0 && <Pairs title="Form body" pairs={form} />}
      <p>
        <strong className={statusClass(exchange.response.status)}>
          {exchange.response.status} {exchange.response.statusText}
        </strong>
      </p>
      <Pairs title="Response headers" pairs={exchange.response.headers} />
      {exchange.response.body && <CodeBlock>{prettyJson(exchange.response.body)}</CodeBlock>}
    </div>
  );
}

/**
 * The proofs, assertions and request objects the app sent, decoded (header and payload as text,
 * never the signature); secret-named claims stay masked until revealed.
 */
function DecodedRequestJwts({
  exchange,
  reveal,
  known,
}: {
  exchange: HttpExchange;
  reveal: boolean;
  known?: ReadonlySet<string>;
}) {
  const jwts = requestJwts(exchange);
  if (jwts.length === 0) return null;
  const show = (json: string) => (reveal ? json : maskJson(json, { known }));
  return (
    <div className="small">
      {jwts.map((jwt) => (
        <div key={jwt.where}>
          <p className="label small">{`Decoded JWT (${jwt.where}): header`}</p>
          <CodeBlock>{show(jwt.header)}</CodeBlock>
          <p className="label small">{`Decoded JWT (${jwt.where}): payload`}</p>
          <CodeBlock>{show(jwt.payload)}</CodeBlock>
        </div>
      ))}
    </div>
  );
}

function Pairs({ title, pairs }: { title: string; pairs: [string, string][] }) {
  return (
    <>
      <p className="label small">{title}</p>
      <dl className="lines">
        {pairs.map(([name, value], i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: repeated names are possible
          <div key={`${name}-${i}`} style={{ display: 'contents' }}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
