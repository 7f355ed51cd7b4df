import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { usePageBrowser, useServerStatus } from '../../../lib/server-connection.ts';
import type { FlowDefinition, StepDefinition, StepPrecondition } from '../../flows/index.ts';
import { useRun, useRunStore } from '../model/run-context.tsx';
import { flowContext, pollInterval, type StepResult, stepDraft } from '../model/run-record.ts';
import { ExchangeView } from './exchange-view.tsx';
import { LinesView } from './lines-view.tsx';
import { RequestEditor } from './request-editor.tsx';

/** One step: what happens and why, the request before sending, the action, and what came back. */
export function StepView({ flow, step }: { flow: FlowDefinition; step: StepDefinition }) {
  const run = useRun();
  const store = useRunStore();
  const server = useServerStatus();
  // Without the worker's pages (the server runs in the page, or a cross-site frame), a full-page
  // redirect would leave the server behind.
  const noRedirect = usePageBrowser();
  const [reveal, setReveal] = useState(false);
  const [busy, setBusy] = useState(false);
  const result = run.results[step.id];
  const index = flow.steps.indexOf(step);
  const disabled = busy || !server.usable;

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };

  const draft = stepDraft(run, step);
  const unmet = step.precondition && !step.precondition.met(flowContext(run)) ? step.precondition : undefined;

  return (
    <section className="card" aria-labelledby={`step-${step.id}`}>
      <h2 id={`step-${step.id}`} tabIndex={-1}>
        Step {index + 1} of {flow.steps.length}: {step.title}
      </h2>
      <p>{step.explain}</p>
      <p className="small">
        Spec:{' '}
        {step.rfc.map((link, i) => (
          <span key={link.href}>
            {i > 0 && ', '}
            <a href={link.href} target="_blank" rel="noreferrer">
              {link.label}
            </a>
          </span>
        ))}
      </p>
      {!server.usable && <p className="muted small">Waiting for the in-browser server…</p>}

      {step.kind === 'prepare' && (
        <div className="actions">
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => act(() => store.runStep(step.id))}
          >
            {step.actionLabel}
          </button>
        </div>
      )}

      {step.kind === 'authorize' && draft && (
        <RequestEditor key={`${step.id}-${run.status === 'idle'}`} draft={draft}>
          {(resolve) => (
            <>
              <button
                type="button"
                className="primary"
                disabled={disabled}
                onClick={() => {
                  const d = resolve();
                  if (d) void act(() => store.runStep(step.id, { ...d, mode: 'frame' }));
                }}
              >
                Open in the in-page browser
              </button>
              <button
                type="button"
                disabled={disabled || noRedirect}
                title={
                  noRedirect
                    ? 'A full-page redirect needs the service worker: here the server lives in this page.'
                    : undefined
                }
                onClick={() => {
                  const d = resolve();
                  if (d) void act(() => store.runStep(step.id, { ...d, mode: 'redirect' }));
                }}
              >
                Redirect this page
              </button>
            </>
          )}
        </RequestEditor>
      )}

      {unmet && <Precondition precondition={unmet} />}

      {step.kind === 'http' && draft && (
        <RequestEditor key={step.id} draft={draft}>
          {(resolve) => (
            <>
              <button
                type="button"
                className="primary"
                disabled={disabled || Boolean(unmet)}
                onClick={() => {
                  const d = resolve();
                  if (d) void act(() => store.runStep(step.id, d));
                }}
              >
                {step.actionLabel}
              </button>
              {unmet && (
                <button
                  type="button"
                  disabled={disabled}
                  onClick={() => {
                    const d = resolve();
                    if (d) void act(() => store.runStep(step.id, d));
                  }}
                >
                  Send it anyway
                </button>
              )}
              {step.poll && <Poller step={step} disabled={!server.usable} />}
            </>
          )}
        </RequestEditor>
      )}

      {step.kind === 'device-verification' && (
        <div>
          <p>
            {step.codeLabel ?? 'User code'}:{' '}
            <strong style={{ fontFamily: 'var(--mono)', fontSize: '1.2rem' }}>
              {step.userCode(flowContext(run)) || '—'}
            </strong>
          </p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={disabled || !step.url(flowContext(run))}
              onClick={() => act(() => store.runStep(step.id))}
            >
              Open the {step.page ?? 'verification page'}
            </button>
          </div>
        </div>
      )}

      {result && <StepResultView result={result} reveal={reveal} setReveal={setReveal} />}
      {result?.status === 'ok' && flow.steps[index + 1] && (
        <div className="actions">
          <button
            type="button"
            className="primary"
            onClick={() => {
              store.nextStep();
              // Keyboard and screen-reader users land on the new step.
              requestAnimationFrame(() =>
                document.getElementById(`step-${flow.steps[index + 1]?.id}`)?.focus(),
              );
            }}
          >
            Next step: {flow.steps[index + 1]?.title}
          </button>
        </div>
      )}
    </section>
  );
}

/** What the step still needs, and the flows that provide it. */
function Precondition({ precondition }: { precondition: StepPrecondition }) {
  return (
    <div className="precondition">
      <p style={{ margin: 0 }}>{precondition.missing}</p>
      <ul className="small" style={{ margin: '0.3rem 0 0' }}>
        {precondition.from.map((source) => (
          <li key={source.flowId}>
            <Link to={`/flows/${source.flowId}`}>Run {source.label}</Link>, then come back here.
          </li>
        ))}
      </ul>
    </div>
  );
}

function StepResultView({
  result,
  reveal,
  setReveal,
}: {
  result: StepResult;
  reveal: boolean;
  setReveal: (v: boolean) => void;
}) {
  const run = useRun();
  const exchange = result.exchangeId ? run.exchanges.find((e) => e.id === result.exchangeId) : undefined;
  const tone = result.status === 'ok' ? 'ok' : result.status === 'error' ? 'error' : 'info';
  return (
    <div>
      <h3>Result</h3>
      {result.message && (
        <p className={`banner ${tone}`} role={result.status === 'error' ? 'alert' : 'status'}>
          {result.message}
        </p>
      )}
      {result.callback && (
        <p className="small">
          Callback: <code style={{ overflowWrap: 'anywhere' }}>{result.callback.displayUrl}</code>
        </p>
      )}
      {(result.lines?.length || exchange) && (
        <label className="small">
          <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} /> Reveal
          secrets in this step
        </label>
      )}
      {result.lines && <LinesView lines={result.lines} reveal={reveal} />}
      {exchange && <ExchangeView exchange={exchange} reveal={reveal} foldRequest />}
    </div>
  );
}

/** Polling: repeat the request every interval (the step says how long) while the server says pending. */
function Poller({ step, disabled }: { step: StepDefinition; disabled: boolean }) {
  const run = useRun();
  const store = useRunStore();
  const [polling, setPolling] = useState(false);
  const [countdown, setCountdown] = useState(0);
  const stop = useRef(false);
  const interval = pollInterval(run, step) ?? 5;

  useEffect(() => {
    if (!polling) return;
    stop.current = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const result = await store.runStep(step.id);
      if (stop.current) return;
      if (result?.status !== 'retry') {
        setPolling(false);
        return;
      }
      let left = pollInterval(store.get(), step) ?? 5;
      setCountdown(left);
      const wait = () => {
        timer = setTimeout(() => {
          if (stop.current) return;
          left -= 1;
          setCountdown(left);
          if (left <= 0) void tick();
          else wait();
        }, 1000);
      };
      wait();
    };
    void tick();
    return () => {
      stop.current = true;
      if (timer) clearTimeout(timer);
    };
  }, [polling, step, store]);

  return (
    <>
      <button type="button" disabled={disabled} onClick={() => setPolling((p) => !p)}>
        {polling ? 'Stop polling' : `Poll every ${interval} s`}
      </button>
      {polling && (
        <span className="small" role="status">
          Polling; next request in {countdown} s (interval {interval} s).
        </span>
      )}
    </>
  );
}
