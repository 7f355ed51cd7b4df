import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { HttpRequestDraft } from '../../../lib/http/draft.ts';
import { headerValue } from '../../../lib/http/headers.ts';
import { jsonBody } from '../../../lib/http/send.ts';
import { useServerStatus } from '../../../lib/server-connection.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import {
  clientFormDraft,
  DPOP_NONCE,
  errorMessage,
  sendWithDpop,
  tokenResponseOutcome,
} from '../../flows/index.ts';
import { adminUrl } from '../../server-metadata/index.ts';
import { useRun, useRunStore } from '../model/run-context.tsx';
import type { HeldToken, TokenProvenance } from '../model/run-record.ts';
import { ExchangeView } from './exchange-view.tsx';

function bearer(url: string, token: string | undefined, method = 'GET', body?: string): HttpRequestDraft {
  const headers: [string, string][] = [];
  if (token) headers.push(['Authorization', `Bearer ${token}`]);
  if (body !== undefined) headers.push(['Content-Type', 'application/json']);
  return { method, url, headers, body: body ?? null };
}

/** RFC 7662 §2.2: `active: false` says the token is not usable, whatever the HTTP status. */
export function introspectionVerdict(exchange: HttpExchange): string | undefined {
  const json = jsonBody(exchange);
  if (exchange.response.status !== 200 || json?.active !== false) return undefined;
  return 'Inactive: the server says this token is not active (revoked, expired or not issued by it).';
}

/**
 * Call the API and the server's endpoints with the tokens obtained; move the server clock. Each
 * call goes to the server that issued the token, as the client it was issued to (its provenance).
 */
export default function UseTokensPanel() {
  const run = useRun();
  const store = useRunStore();
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
  const access = run.tokens.access_token;
  const refresh = run.tokens.refresh_token;
  const identity = run.tokens.id_token ?? access ?? refresh;
  // Without a token, the run's own server (the API and the clock still answer).
  const endpointsOf = (held: HeldToken | undefined) =>
    (held ?? identity)?.provenance.endpoints ?? run.environment.endpoints;
  const access_token = access?.value;
  const refresh_token = refresh?.value;

  /**
   * Sends as the token's binding says: a token bound to a DPoP key goes with a proof of that key
   * (`ath` beside an access token), the server's nonce round trip included (RFC 9449 §7.1).
   */
  const sendFor = (draft: HttpRequestDraft, held: HeldToken | undefined, accessToken?: string) => {
    const jkt = held?.provenance.dpopJkt;
    if (!jkt) return store.send(draft);
    return sendWithDpop(store.send, draft, {
      jkt,
      accessToken,
      nonce: run.values[DPOP_NONCE],
      issuer: held.provenance.issuer,
    });
  };

  const call = async (
    label: string,
    draft: HttpRequestDraft,
    after?: (exchange: HttpExchange) => string | undefined,
    bound?: { held: HeldToken | undefined; accessToken?: string },
  ) => {
    setBusy(true);
    try {
      let exchange: HttpExchange;
      try {
        exchange = await sendFor(draft, bound?.held, bound?.accessToken);
      } catch (error) {
        setLast({ label, verdict: error instanceof Error ? error.message : String(error) });
        return;
      }
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

  /** A client-authenticated request as the client the token was issued to. */
  const clientDraft = (
    provenance: TokenProvenance,
    endpoint: string,
    fields: Record<string, string | undefined>,
  ) => clientFormDraft({ params: provenance.client }, endpoint, fields);
  const client = identity?.provenance.client.client_id ?? run.params.client_id;

  const disabled = busy || !server.usable;
  return (
    <section className="card" aria-labelledby="use-title">
      <h2 id="use-title">Use the tokens</h2>
      <p className="small muted">
        Calls go from the app with the tokens above, as the client they were issued to ({client || 'none'}
        ), to the server that issued them.
      </p>
      <div className="actions">
        <button
          type="button"
          disabled={disabled}
          onClick={() =>
            call('GET /api/messages', bearer(endpointsOf(access).messages, access_token), undefined, {
              held: access,
              accessToken: access_token,
            })
          }
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
                endpointsOf(access).messages,
                access_token,
                'POST',
                JSON.stringify({ text: 'Hello from the playground' }),
              ),
              undefined,
              { held: access, accessToken: access_token },
            )
          }
        >
          POST /api/messages
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() =>
            call('GET /userinfo', bearer(endpointsOf(access).userinfo, access_token), undefined, {
              held: access,
              accessToken: access_token,
            })
          }
        >
          GET /userinfo
        </button>
        <button
          type="button"
          disabled={disabled || !refresh}
          onClick={() => {
            if (!refresh) return;
            const { provenance } = refresh;
            void call(
              'Refresh',
              clientDraft(provenance, provenance.endpoints.token, {
                grant_type: 'refresh_token',
                refresh_token,
              }),
              (exchange) => {
                const outcome = tokenResponseOutcome(exchange, jsonBody(exchange));
                // The new tokens come from the same server, to the same client.
                if (outcome.tokens)
                  store.setTokens(outcome.tokens, { ...provenance, obtainedAt: Date.now() });
                return outcome.message;
              },
              { held: refresh },
            );
          }}
        >
          Refresh the tokens
        </button>
        <button
          type="button"
          disabled={disabled || !refresh}
          onClick={() => {
            if (!refresh) return;
            void call(
              'Revoke',
              clientDraft(refresh.provenance, refresh.provenance.endpoints.revocation, {
                token: refresh_token,
                token_type_hint: 'refresh_token',
              }),
            );
          }}
        >
          Revoke the refresh token
        </button>
        <button
          type="button"
          disabled={disabled || !access}
          onClick={() => {
            if (!access) return;
            void call(
              'Introspect',
              clientDraft(access.provenance, access.provenance.endpoints.introspection, {
                token: access_token,
              }),
              introspectionVerdict,
            );
          }}
        >
          Introspect the access token
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() => {
            const url = new URL(endpointsOf(undefined).logout);
            url.searchParams.set('client_id', client ?? '');
            url.searchParams.set('returnTo', run.environment.appUrl);
            setLogoutSince(Date.now() - 1000);
            setLast({ label: 'Log out', verdict: 'Logging out in the in-page browser…' });
            store.openFrame({ purpose: 'logout', url: url.href });
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
  const location = headerValue(exchange.response.headers, 'location');
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
  const challenge = headerValue(exchange.response.headers, 'www-authenticate');
  return challenge !== undefined ? `${exchange.response.status} WWW-Authenticate: ${challenge}` : '';
}
