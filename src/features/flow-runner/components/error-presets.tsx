import { useNavigate } from 'react-router';
import { useServerStatus } from '../../../lib/server-connection.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import { runPreset, usePresetState } from '../model/preset-runner.ts';
import { presets } from '../model/presets.ts';
import { getRunSnapshot } from '../model/run-store.ts';
import { flowPath } from '../model/url-state.ts';
import { ExchangeView } from './exchange-view.tsx';

/** One click per common error: the server's exact answer and what causes it in real apps. */
export default function ErrorPresets() {
  const navigate = useNavigate();
  const server = useServerStatus();
  const state = usePresetState();
  const busy = state.phase === 'running' || state.phase === 'waiting';
  return (
    <section className="card" aria-labelledby="presets-title">
      <h2 id="presets-title">Error presets</h2>
      <p className="small muted">Reproduce a common failure in one click.</p>
      <ul className="preset-list">
        {presets.map((preset) => (
          <li key={preset.id}>
            <button
              type="button"
              disabled={busy || !server.usable}
              onClick={() =>
                void runPreset(preset, () => navigate(flowPath(preset.flowId, getRunSnapshot().params)))
              }
            >
              {preset.title}
            </button>
          </li>
        ))}
      </ul>
      {state.preset && (
        <div aria-live="polite">
          <h3>{state.preset.title}</h3>
          {state.phase === 'running' && <p role="status">Running…</p>}
          {state.phase === 'waiting' && (
            <p className="banner info" role="status">
              Waiting for the in-page browser. {state.preset.userAction ?? ''}
            </p>
          )}
          {state.phase === 'stopped' && (
            <p className="banner warn" role="alert">
              The preset stopped before the error: {state.problem}
            </p>
          )}
          {state.phase === 'done' && state.outcome && (
            <>
              {!saysWhoAnswered(presetVerdict(state.outcome)) && (
                <p className="label">The server answered:</p>
              )}
              <p className="banner error" role="alert">
                {presetVerdict(state.outcome)}
              </p>
              {state.outcome.exchange && <ExchangeView exchange={state.outcome.exchange} reveal={false} />}
            </>
          )}
          <p className="small">
            <strong>What causes it:</strong> {state.preset.cause}
          </p>
        </div>
      )}
    </section>
  );
}

/** Whether the text already says where it comes from (the label above would repeat it). */
function saysWhoAnswered(text: string): boolean {
  return /^(the server answered|no http answer)\b/i.test(text);
}

/** The preset's outcome, with a status 0 (no HTTP answer at all) explained as such. */
export function presetVerdict(outcome: { error: string; exchange?: HttpExchange }): string {
  const response = outcome.exchange?.response;
  if (response?.status === 0) {
    return response.statusText.startsWith('redirect')
      ? 'No HTTP answer to read (status 0): the server redirected, and a redirect is opaque to fetch. ' +
          'The error did not happen: this request is accepted as it is (is its redirect_uri now registered for the client?).'
      : `No HTTP answer (status 0): ${response.body ?? 'the request did not complete.'}`;
  }
  return outcome.error.trim();
}
