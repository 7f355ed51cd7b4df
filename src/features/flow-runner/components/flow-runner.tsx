import { lazy, Suspense } from 'react';
import type { FlowDefinition } from '../../flows/model/types.ts';
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
      <ShareLinkRestore />
      <div className="runner">
        <div className="runner-main">
          <ParamsForm flow={flow} />
          <nav aria-label="Steps" className="card">
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
          <Suspense fallback={null}>
            <TokensPanel />
            <UseTokensPanel />
          </Suspense>
        </div>
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
