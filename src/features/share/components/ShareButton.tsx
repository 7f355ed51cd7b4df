import { useId, useState } from 'react';
import { appUrl } from '../../../lib/app-url.ts';
import { copyText } from '../../../lib/clipboard.ts';
import { useRun, useRunFlow } from '../../flow-runner/index.ts';
import { shareSetupOf } from '../model/run-share.ts';
import type { Omission } from '../model/share-link.ts';
import './share.css';

type State =
  | { kind: 'closed' }
  | { kind: 'making' }
  | { kind: 'made'; url: string; omitted: Omission[]; secretsLeftOut: string[] }
  | { kind: 'error'; message: string };

/** Loads the tenant and makes the link; the tenant code (valibot, demo tenant) loads only now. */
async function makeLink(
  flowId: string,
  params: Record<string, string>,
  stepId: string,
  secrets: string[],
  extraOmitted: Omission[],
) {
  const [{ makeShareLink }, { tenantChanges }, { demoTenant }, { fetchTenant }] = await Promise.all([
    import('../model/share-link.ts'),
    import('../model/tenant-changes.ts'),
    import('../../../server/tenant/demo.ts'),
    import('../../tenant-editor/index.ts'),
  ]);
  let tenant: unknown = demoTenant;
  let tenantNote: Omission | null = null;
  try {
    tenant = await fetchTenant();
  } catch (error) {
    tenantNote = {
      what: 'the tenant changes',
      why: `the tenant could not be read (${error instanceof Error ? error.message : 'unknown error'})`,
    };
  }
  const changes = tenantChanges(demoTenant, tenant);
  const link = await makeShareLink(appUrl(), { flowId, params, stepId, tenantPatch: changes.patch }, secrets);
  const secretsLeftOut = changes.stripped.map((s) =>
    s.kind === 'password' ? `the password of ${s.owner}` : `the client secret of ${s.owner}`,
  );
  const omitted = [...(tenantNote ? [tenantNote] : []), ...extraOmitted, ...link.omitted];
  return { ...link, omitted, secretsLeftOut };
}

/** "Share this setup": a link to the flow, its parameters, the step and the tenant changes. */
export function ShareButton() {
  const run = useRun();
  const flow = useRunFlow();
  const [state, setState] = useState<State>({ kind: 'closed' });
  const [copied, setCopied] = useState('');
  const linkId = useId();
  const open = () => {
    setState({ kind: 'making' });
    setCopied('');
    const share = shareSetupOf(flow, run);
    makeLink(run.flowId, share.params, share.stepId, share.secretNames, share.omitted).then(
      (made) => setState({ kind: 'made', ...made }),
      (error: unknown) =>
        setState({
          kind: 'error',
          message: error instanceof Error ? error.message : 'The link could not be made.',
        }),
    );
  };
  return (
    <div>
      <button type="button" className="share-button" onClick={open} aria-expanded={state.kind !== 'closed'}>
        Share this setup
      </button>
      {state.kind === 'making' && <p role="status">Making the link…</p>}
      {state.kind === 'error' && (
        <div className="share-panel" data-tone="error" role="alert">
          {state.message}
        </div>
      )}
      {state.kind === 'made' && (
        <section className="share-panel" aria-labelledby={`${linkId}-title`}>
          <h3 id={`${linkId}-title`}>Share link</h3>
          <div className="share-row">
            <input
              id={linkId}
              aria-label="Share link"
              type="url"
              readOnly
              value={state.url}
              onFocus={(e) => e.currentTarget.select()}
            />
            <button
              type="button"
              onClick={() =>
                copyText(state.url).then(
                  () => setCopied('Link copied'),
                  () => setCopied('Copy failed: select the link and copy it'),
                )
              }
            >
              Copy link
            </button>
            <button type="button" onClick={() => setState({ kind: 'closed' })}>
              Close
            </button>
            <output aria-live="polite">{copied}</output>
          </div>
          <p>This link does not carry:</p>
          <ul aria-label="Not in the link">
            {[...state.omitted.map((o) => `${o.what} (${o.why})`), ...state.secretsLeftOut].map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
