import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { type FlowDefinition, findFlow } from '../flows/index.ts';
import { useActiveProvider } from '../providers/index.ts';
import { FlowRunner } from './components/flow-runner.tsx';
import { runEnvironment } from './model/environment.ts';
import { createPresetRunner, type PresetRunner } from './model/preset-runner.ts';
import { RunProvider } from './model/run-context.tsx';
import { initialRun, useRunTrace, useRunUrl } from './model/run-page.ts';
import type { RunEnvironment } from './model/run-record.ts';
import { savePendingAuthorization, saveRun } from './model/run-storage.ts';
import { createRunStore } from './model/run-store.ts';
import { searchFromParams } from './model/url-state.ts';

/** Route `/flows/:flowId`: the page creates the run and hands it down; the URL holds its non-secret parameters. */
export default function FlowRoute() {
  const { flowId } = useParams();
  const flow = findFlow(flowId);
  const navigate = useNavigate();
  // Another provider is an explicit input of the run, not a binding made elsewhere.
  const provider = useActiveProvider();
  const providerKey = JSON.stringify(provider);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the provider's value, not its identity
  const environment = useMemo(() => runEnvironment(provider), [providerKey]);
  // Presets outlive the page's run: one of another flow is handed to that flow's run.
  const [presets] = useState(createPresetRunner);

  if (!flow) {
    return (
      <section className="page narrow">
        <h1>Unknown flow</h1>
        <p>
          There is no flow named <code>{flowId}</code>. <Link to="/">Choose a flow</Link>.
        </p>
      </section>
    );
  }
  return (
    <FlowPage
      key={`${flow.id} ${providerKey}`}
      flow={flow}
      environment={environment}
      presets={presets}
      openFlow={(id) => navigate(`/flows/${id}`)}
    />
  );
}

function FlowPage({
  flow,
  environment,
  presets,
  openFlow,
}: {
  flow: FlowDefinition;
  environment: RunEnvironment;
  presets: PresetRunner;
  openFlow: (flowId: string) => void;
}) {
  const location = useLocation();
  const navigate = useNavigate();
  const [store] = useState(() =>
    createRunStore({
      flow,
      initial: initialRun(flow, environment, location.search),
      persist: saveRun,
      redirect: (url, run, stepId) => {
        savePendingAuthorization({
          flowId: flow.id,
          stepId,
          state: new URL(url).searchParams.get('state') ?? '',
          startedAt: Date.now(),
          returnTo: `${location.pathname}${searchFromParams(flow, run.params, environment)}`,
        });
        window.location.assign(url);
      },
    }),
  );
  const replaceSearch = useCallback((search: string) => navigate({ search }, { replace: true }), [navigate]);
  useRunUrl(store, flow, environment, location.search, replaceSearch);
  useRunTrace(store);

  // A preset started on another flow's page runs here.
  useEffect(() => {
    const preset = presets.take(flow.id);
    if (preset) void presets.run(preset, store);
  }, [presets, flow.id, store]);

  return (
    <RunProvider store={store} presets={presets} openFlow={openFlow}>
      <FlowRunner flow={flow} />
    </RunProvider>
  );
}
