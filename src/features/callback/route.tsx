import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  CALLBACK_MESSAGE,
  type PendingAuthorization,
  pendingAuthorization,
  storeRedirectCallback,
} from '../flow-runner/index.ts';
import type { CallbackResult } from '../flows/index.ts';
import { captureCallback } from './parse.ts';

function framedBySameOrigin(): boolean {
  try {
    return window.parent !== window && window.parent.location.origin === window.location.origin;
  } catch {
    return false;
  }
}

type Verdict =
  | { kind: 'framed' }
  | { kind: 'empty' }
  | { kind: 'no-pending'; result: CallbackResult }
  | { kind: 'error'; result: CallbackResult; pending: PendingAuthorization }
  | { kind: 'state-mismatch'; result: CallbackResult; pending: PendingAuthorization }
  | { kind: 'ok'; result: CallbackResult; pending: PendingAuthorization };

function judge(): Verdict {
  const result = captureCallback();
  if (!result) return { kind: 'empty' };
  if (framedBySameOrigin()) {
    window.parent.postMessage({ type: CALLBACK_MESSAGE, result }, window.location.origin);
    return { kind: 'framed' };
  }
  const pending = pendingAuthorization();
  if (!pending) return { kind: 'no-pending', result };
  // RFC 6749 §10.12: a state the app did not send is an answer it did not ask for.
  if ((result.params.state ?? '') !== pending.state) return { kind: 'state-mismatch', result, pending };
  if (result.params.error) return { kind: 'error', result, pending };
  return { kind: 'ok', result, pending };
}

/** The flow page that started the authorization, with its parameters. */
function returnPath(pending: PendingAuthorization): string {
  return pending.returnTo ?? `/flows/${encodeURIComponent(pending.flowId)}`;
}

/** Route `/callback`: where /authorize sends the user back, in a frame or after a full-page redirect. */
export default function CallbackRoute() {
  const [verdict] = useState(judge);
  const navigate = useNavigate();

  useEffect(() => {
    if (verdict.kind === 'ok' || verdict.kind === 'error' || verdict.kind === 'state-mismatch') {
      storeRedirectCallback(verdict.result);
    }
    if (verdict.kind === 'ok') {
      navigate(returnPath(verdict.pending), { replace: true });
    }
  }, [verdict, navigate]);

  const back =
    'pending' in verdict ? (
      <Link to={returnPath(verdict.pending)}>Back to the flow</Link>
    ) : (
      <Link to="/">Choose a flow</Link>
    );

  return (
    <main id="main" className="page narrow" style={{ padding: '1rem' }}>
      <h1>Callback</h1>
      {verdict.kind === 'framed' && (
        <p role="status">The authorization server answered; the playground has the result.</p>
      )}
      {verdict.kind === 'empty' && (
        <p>
          This is the redirect URI of the demo clients. It received no result (no <code>code</code>, token or{' '}
          <code>error</code>). {back}
        </p>
      )}
      {verdict.kind === 'ok' && <p role="status">State matches. Returning to the flow…</p>}
      {verdict.kind === 'no-pending' && (
        <div className="banner warn" role="alert">
          <p>
            <strong>Rejected:</strong> this tab did not start an authorization, so this response cannot be
            trusted (RFC 6749 §10.12). It carried: {Object.keys(verdict.result.params).join(', ')}.
          </p>
          <p>{back}</p>
        </div>
      )}
      {verdict.kind === 'state-mismatch' && (
        <div className="banner error" role="alert">
          <p>
            <strong>Rejected: state mismatch.</strong> The callback's state (
            <code>{verdict.result.params.state ?? 'none'}</code>) is not the one this tab sent (
            <code>{verdict.pending.state || 'none'}</code>). An attacker could have started this response (RFC
            6749 §10.12).
          </p>
          <p>{back}</p>
        </div>
      )}
      {verdict.kind === 'error' && (
        <div className="banner error" role="alert">
          <p>
            <strong>The authorization server answered with an error:</strong>{' '}
            <code>{verdict.result.params.error}</code>
            {verdict.result.params.error_description && <>: {verdict.result.params.error_description}</>}
          </p>
          <p>{back}</p>
        </div>
      )}
    </main>
  );
}
