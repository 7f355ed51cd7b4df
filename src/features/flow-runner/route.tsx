import { useEffect } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { demoClientDefaults, findFlow } from '../flows/index.ts';
import { useActiveProvider } from '../providers/index.ts';
import { FlowRunner } from './components/flow-runner.tsx';
import {
  configureEnvironment,
  consumeRedirectCallback,
  getRunSnapshot,
  selectFlow,
  setParams,
  subscribeRun,
} from './model/run-store.ts';
import { paramsFromSearch, searchFromParams } from './model/url-state.ts';

/** Route `/flows/:flowId`: the runner, with the flow's non-secret parameters mirrored in the URL. */
export default function FlowRoute() {
  const { flowId } = useParams();
  const flow = findFlow(flowId);
  const location = useLocation();
  const navigate = useNavigate();

  // Another provider (issue 6) brings its own client: it becomes the flows' default.
  const provider = useActiveProvider();
  const clientId = provider?.clientId;
  const clientSecret = provider?.clientSecret;

  // URL -> run: on load, reload, back and forward.
  useEffect(() => {
    if (!flow) return;
    configureEnvironment({
      paramDefaults:
        clientId === undefined ? undefined : { client_id: clientId, client_secret: clientSecret ?? '' },
    });
    selectFlow(flow.id);
    const wanted = paramsFromSearch(flow.id, location.search);
    const current = getRunSnapshot().params;
    const changed = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => current[k] !== v));
    // A link naming another demo client brings that client's secret (never carried by the URL).
    const client = changed.client_id ? demoClientDefaults(current, changed.client_id) : {};
    if (Object.keys(changed).length > 0) setParams({ ...client, ...changed });
    consumeRedirectCallback();
  }, [flow, location.search, clientId, clientSecret]);

  // Run -> URL: parameter edits replace the search (no history entry per keystroke).
  useEffect(() => {
    if (!flow) return;
    return subscribeRun(() => {
      const run = getRunSnapshot();
      if (run.flowId !== flow.id) return;
      const search = searchFromParams(flow.id, run.params);
      if (search !== window.location.search && !(search === '' && window.location.search === '?')) {
        navigate({ search }, { replace: true });
      }
    });
  }, [flow, navigate]);

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
  return <FlowRunner key={flow.id} flow={flow} />;
}
