import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import type { FlowDefinition } from '../../flows/index.ts';
import { useActiveProvider } from '../../providers/index.ts';
import { ShareButton, ShareLinkRestore } from '../../share/index.ts';
import { goToStep, resetRun, startFlow, useRun } from '../model/run-store.ts';
import { BrowserFrame } from './browser-frame.tsx';
import { ParamsForm } from './params-form.tsx';
import { StepView } from './step-view.tsx';
import { Timeline } from './timeline.tsx';

const SequenceDiagram = lazy(() => import('./sequence-diagram.tsx'));
const TokensPanel = lazy(() => import('./tokens-panel.tsx'));
const UseTokensPanel = lazy(() => import('./use-tokens-panel.tsx'));
const SessionPanel = lazy(() => import('./session-panel.tsx'));
const ErrorPresets = lazy(() => import('./error-presets.tsx'));

/** Renders any flow from its definition: parameters, steps, frame, diagram, tokens, timeline. */
export function FlowRunner({ flow }: { flow: FlowDefinition }) {
  const run = useRun();
  const step = flow.steps[run.stepIndex] ?? flow.steps[0];
  return (
    <div>
      <h1>{flow.title}</h1>
      <p>{flow.summary}</p>
      {flow.discouraged && (
        <p className="banner warn">
          <strong>Discouraged by RFC 9700.</strong> {flow.discouraged.reason}{' '}
          <a href={flow.discouraged.rfc.href} target="_blank" rel="noreferrer">
            {flow.discouraged.rfc.label}
          </a>
        </p>
      )}
      <ProviderNotice />
      <ShareLinkRestore />
      <ParamsForm flow={flow} />
      <div className="runner">
        <div className="runner-main">
          <nav aria-label="Steps" className="card steps-card">
            <div className="actions" style={{ marginTop: 0 }}>
              <span>
                Status: <strong>{run.status}</strong>
              </span>
              <button type="button" onClick={() => startFlow({ fresh: true })}>
                {run.status === 'idle' ? 'Start' : 'Start over'}
              </button>
              <button type="button" onClick={resetRun}>
                Reset parameters
              </button>
              <ShareButton />
            </div>
            <ol className="steps">
              {flow.steps.map((s, i) => {
                const result = run.results[s.id];
                return (
                  <li key={s.id}>
                    <button
                      type="button"
                      aria-current={s.id === step?.id ? 'step' : undefined}
                      onClick={() => goToStep(s.id)}
                    >
                      {i + 1}. {s.title}
                      {result?.status === 'ok' && ' ✓'}
                      {result?.status === 'error' && ' ✗'}
                    </button>
                  </li>
                );
              })}
            </ol>
          </nav>
          {step && <StepView key={step.id} flow={flow} step={step} />}
          <BrowserFrame />
          {run.status === 'done' && <WhatNext flowId={flow.id} />}
          <Suspense fallback={null}>
            <TokensPanel />
            <UseTokensPanel />
          </Suspense>
        </div>
        {/* Context beside the steps: it stays in view (and scrolls by itself) while the steps scroll. */}
        <div className="runner-side">
          <Suspense fallback={<p className="muted small">Loading the diagram…</p>}>
            <SequenceDiagram flow={flow} currentStepId={step?.id ?? ''} />
          </Suspense>
          <Timeline />
          <Suspense fallback={null}>
            <ErrorPresets />
            <SessionPanel />
          </Suspense>
        </div>
      </div>
    </div>
  );
}

/** Where the tokens just obtained lead: refresh, exchange, inspect. */
function WhatNext({ flowId }: { flowId: string }) {
  const { tokens } = useRun();
  return (
    <section className="banner ok" aria-labelledby="next-title">
      <h2 id="next-title" style={{ marginTop: 0, fontSize: '1.05rem' }}>
        Flow complete. What next?
      </h2>
      <ul className="small">
        <li>Call the API and the server with the tokens below (“Use the tokens”).</li>
        {tokens.refresh_token && flowId !== 'refresh-token' && (
          <li>
            <Link to="/flows/refresh-token">Use the refresh token</Link> in the Refresh Token flow.
          </li>
        )}
        {tokens.access_token && flowId !== 'token-exchange' && (
          <li>
            <Link to="/flows/token-exchange">Exchange the access token</Link> for another audience.
          </li>
        )}
        <li>
          <Link to="/inspect">Inspect a token</Link> in the token inspector.
        </li>
      </ul>
    </section>
  );
}

/** When the flows go to another provider, say so (the in-browser server is the default). */
function ProviderNotice() {
  const provider = useActiveProvider();
  if (!provider) return null;
  return (
    <p className="banner info">
      Requests go to another provider: <code>{provider.endpoints.issuer || provider.endpoints.token}</code>,
      client <code>{provider.clientId}</code>.{' '}
      <Link to="/providers">Change or go back to the in-browser server</Link>.
    </p>
  );
}
