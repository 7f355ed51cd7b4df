import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { HttpRequestDraft } from '../../../lib/http/draft.ts';
import { jsonBody } from '../../../lib/http/send.ts';
import { useServerStatus } from '../../../lib/server-connection.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import { clientFormDraft, errorMessage, tokenResponseOutcome } from '../../flows/index.ts';
import { adminUrl } from '../../server-metadata/index.ts';
import {
  flowContext,
  getEnvironment,
  openFrame,
  sendAndRecord,
  setTokens,
  useRun,
} from '../model/run-store.ts';
import { ExchangeView } from './exchange-view.tsx';

function bearer(url: string, token: string | undefined, method = 'GET', body?: string): HttpRequestDraft {
  const headers: [string, string][] = [];
  if (token) headers.push(['Authorization', `Bearer ${token}`]);
  if (body !== undefined) headers.push(['Content-Type', 'application/json']);
  return { method, url, headers, body: body ?? null };
}

/** Call the API and the server's endpoints with the tokens obtained; move the server clock. */
export default function UseTokensPanel() {
  const run = useRun();
  const server = useServerStatus();
  const queryClient = useQueryClient();
  const [last, setLast] = useState<{ label: string; exchange?: HttpExchange; verdict: string } | null>(null);
  const [logoutSince, setLogoutSince] = useState<number | null>(null);

  // The logout happens in the in-page browser; its answer arrives in the run's trace.
  useEffect(() => {
    if (logoutSince === null) return;
    const exchange = run.exchanges.find(
      (e) =>
        e.startedAt >= logoutSince &&
        new URL(e.request.url, window.location.origin).pathname.endsWith('/v2/logout'),
    );
    if (!exchange) return;
    setLogoutSince(null);
    setLast({ label: 'Log out', exchange, verdict: logoutVerdict(exchange) });
  }, [logoutSince, run.exchanges]);
  const [seconds, setSeconds] = useState('86400');
  const [busy, setBusy] = useState(false);
  const { endpoints } = getEnvironment();
  const { access_token, refresh_token } = run.tokens;

  const call = async (
    label: string,
    draft: HttpRequestDraft,
    after?: (exchange: HttpExchange) => string | undefined,
  ) => {
    setBusy(true);
    try {
      const exchange = await sendAndRecord(draft);
      const json = jsonBody(exchange);
      const verdict =
        after?.(exchange) ??
        (exchange.response.status >= 200 && exchange.response.status < 300
          ? `${exchange.response.status} OK`
          : wwwAuthenticate(exchange) || errorMessage(exchange, json));
      setLast({ label, exchange, verdict });
    } finally {
      setBusy(false);
    }
  };

  const clientDraft = (endpoint: string, fields: Record<string, string | undefined>) =>
    clientFormDraft({ ...flowContext(), params: { ...run.params, extra: '' } }, endpoint, fields);

  const disabled = busy || !server.usable;
  return (
    <section className="card" aria-labelledby="use-title">
      <h2 id="use-title">Use the tokens</h2>
      <p className="small muted">
        Calls go from the app with the tokens above and the flow’s client ({run.params.client_id || 'none'}).
      </p>
      <div className="actions">
        <button
          type="button"
          disabled={disabled}
          onClick={() => call('GET /api/messages', bearer(endpoints.messages, access_token))}
        >
          GET /api/messages
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() =>
            call(
              'POST /api/messages',
              bearer(
                endpoints.messages,
                access_token,
                'POST',
                JSON.stringify({ text: 'Hello from the playground' }),
              ),
            )
          }
        >
          POST /api/messages
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() => call('GET /userinfo', bearer(endpoints.userinfo, access_token))}
        >
          GET /userinfo
        </button>
        <button
          type="button"
          disabled={disabled || !refresh_token}
          onClick={() =>
            call(
              'Refresh',
              clientDraft(endpoints.token, { grant_type: 'refresh_token', refresh_token }),
              (exchange) => {
                const outcome = tokenResponseOutcome(exchange, jsonBody(exchange));
                if (outcome.tokens) setTokens(outcome.tokens);
                return outcome.message;
              },
            )
          }
        >
          Refresh the tokens
        </button>
        <button
          type="button"
          disabled={disabled || !refresh_token}
          onClick={() =>
            call(
              'Revoke',
              clientDraft(endpoints.revocation, { token: refresh_token, token_type_hint: 'refresh_token' }),
            )
          }
        >
          Revoke the refresh token
        </button>
        <button
          type="button"
          disabled={disabled || !access_token}
          onClick={() => call('Introspect', clientDraft(endpoints.introspection, { token: access_token }))}
        >
          Introspect the access token
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() => {
            const url = new URL(endpoints.logout);
            url.searchParams.set('client_id', run.params.client_id ?? '');
            url.searchParams.set('returnTo', getEnvironment().appUrl);
            setLogoutSince(Date.now() - 1000);
            setLast({ label: 'Log out', verdict: 'Logging out in the in-page browser…' });
            openFrame({ purpose: 'logout', url: url.href });
          }}
        >
          Log out (/v2/logout)
        </button>
      </div>
      <div className="actions">
        <label>
          Seconds{' '}
          <input
            type="number"
            min={1}
            value={seconds}
            onChange={(e) => setSeconds(e.target.value)}
            style={{ width: '8rem' }}
          />
        </label>
        <button
          type="button"
          disabled={disabled}
          onClick={() =>
            call(
              'Clock',
              bearer(
                adminUrl('clock'),
                undefined,
                'POST',
                JSON.stringify({ advanceSeconds: Number(seconds) }),
              ),
              (exchange) => clockVerdict(exchange),
            ).then(() => queryClient.invalidateQueries({ queryKey: ['admin', 'clock'] }))
          }
        >
          Move the server clock forward
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() =>
            call(
              'Clock',
              bearer(adminUrl('clock'), undefined, 'POST', JSON.stringify({ reset: true })),
              clockVerdict,
            )
          }
        >
          Reset the clock
        </button>
      </div>
      {last && (
        <div>
          <h3>
            {last.label}: <span role="status">{last.verdict}</span>
          </h3>
          {last.exchange && <ExchangeView exchange={last.exchange} reveal={false} />}
        </div>
      )}
    </section>
  );
}

function logoutVerdict(exchange: HttpExchange): string {
  const { status } = exchange.response;
  const location = exchange.response.headers.find(([n]) => n.toLowerCase() === 'location')?.[1];
  if (status >= 300 && status < 400 && location) {
    return `${status}: the server ended its login session and sent the browser to ${location}.`;
  }
  return `${status}: ${errorMessage(exchange, jsonBody(exchange))}`;
}

function clockVerdict(exchange: HttpExchange): string {
  const json = jsonBody(exchange);
  if (exchange.response.status === 200 && json) {
    return `Server clock now ${new Date(Number(json.now) * 1000).toISOString()} (moved ${String(json.offsetSeconds)} s ahead).`;
  }
  return errorMessage(exchange, json);
}

/** RFC 6750 §3: the API's error is in WWW-Authenticate. */
function wwwAuthenticate(exchange: HttpExchange): string {
  const header = exchange.response.headers.find(([n]) => n.toLowerCase() === 'www-authenticate');
  return header ? `${exchange.response.status} WWW-Authenticate: ${header[1]}` : '';
}
