import { lazy } from 'react';
import { Link } from 'react-router';
import { type FlowDefinition, flows } from '../../flows/index.ts';
import { ShareButton, ShareLinkRestore } from '../../share/index.ts';
import { usePresets, useRun, useRunStore } from '../model/run-context.tsx';
import { tokenValues } from '../model/run-record.ts';
import { BrowserFrame } from './browser-frame.tsx';
import { ParamsForm } from './params-form.tsx';
import { PanelContent, PanelDisclosures, type RunnerPanel, useWideLayout } from './runner-panels.tsx';
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
  const store = useRunStore();
  const step = flow.steps[run.stepIndex] ?? flow.steps[0];
  const wide = useWideLayout();
  const preset = usePresets().state;
  // Beside the steps on a wide screen, under them otherwise; on a narrow screen each folds away.
  const resultPanels: RunnerPanel[] = [
    { id: 'tokens', label: 'Tokens', content: <TokensPanel /> },
    { id: 'use-tokens', label: 'Use tokens', content: <UseTokensPanel /> },
  ];
  const contextPanels: RunnerPanel[] = [
    {
      id: 'diagram',
      label: 'Diagram',
      content: <SequenceDiagram flow={flow} currentStepId={step?.id ?? ''} />,
      fallback: <p className="muted small">Loading the diagram…</p>,
    },
    { id: 'timeline', label: 'Timeline', content: <Timeline /> },
    { id: 'presets', label: 'Presets', content: <ErrorPresets /> },
    { id: 'session', label: 'Session', content: <SessionPanel /> },
  ];
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
      <ParamsForm flow={flow} foldable={!wide} />
      <div className="runner">
        <div className="runner-main">
          <nav aria-label="Steps" className="card steps-card">
            <div className="actions" style={{ marginTop: 0 }}>
              <span>
                Status: <strong>{run.status}</strong>
              </span>
              <button type="button" onClick={() => store.start({ fresh: true })}>
                {run.status === 'idle' ? 'Start' : 'Start over'}
              </button>
              <button type="button" onClick={store.reset}>
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
                      onClick={() => store.goToStep(s.id)}
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
          {wide ? (
            resultPanels.map((panel) => <PanelContent key={panel.id} panel={panel} />)
          ) : (
            <PanelDisclosures
              panels={[...resultPanels, ...contextPanels]}
              // A preset started on another flow's page goes on here: its panel shows how it ends.
              initiallyOpen={preset.phase === 'running' || preset.phase === 'waiting' ? 'presets' : null}
            />
          )}
        </div>
        {/* Context beside the steps: it stays in view (and scrolls by itself) while the steps scroll. */}
        {wide && (
          <div className="runner-side">
            {contextPanels.map((panel) => (
              <PanelContent key={panel.id} panel={panel} />
            ))}
          </div>
        )}
      </div>
    </div>
  );
}

/** Where the tokens just obtained lead: the flows that consume them (their `followUp`), the inspector. */
function WhatNext({ flowId }: { flowId: string }) {
  const tokens = tokenValues(useRun().tokens);
  const next = flows.filter((f) => f.id !== flowId && f.followUp && tokens[f.followUp.token]);
  return (
    <section className="banner ok" aria-labelledby="next-title">
      <h2 id="next-title" style={{ marginTop: 0, fontSize: '1.05rem' }}>
        Flow complete. What next?
      </h2>
      <ul className="small">
        <li>Call the API and the server with the tokens below (“Use the tokens”).</li>
        {next.map((f) => (
          <li key={f.id}>
            <Link to={`/flows/${f.id}`}>{f.followUp?.label}</Link>
            {f.followUp?.text}
          </li>
        ))}
        <li>
          <Link to="/inspect">Inspect a token</Link> in the token inspector.
        </li>
      </ul>
    </section>
  );
}

/** When the run goes to another provider, say so (the in-browser server is the default). */
function ProviderNotice() {
  const { environment, params } = useRun();
  if (environment.server !== 'provider') return null;
  return (
    <p className="banner info">
      Requests go to another provider:{' '}
      <code>{environment.endpoints.issuer || environment.endpoints.token}</code>, client{' '}
      <code>{environment.paramDefaults?.client_id ?? params.client_id}</code>.{' '}
      <Link to="/providers">Change or go back to the in-browser server</Link>.
    </p>
  );
}
