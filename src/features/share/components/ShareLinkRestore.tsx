import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { appUrl } from '../../../lib/app-url.ts';
import { downloadText } from '../../../lib/clipboard.ts';
import { useServerStatus } from '../../../lib/server-connection.ts';
import type { Tenant, TenantFieldError } from '../../../server/tenant/schema.ts';
import { useRunStore } from '../../flow-runner/index.ts';
import { describePlan, restorePlan } from '../model/restore-plan.ts';
import type { FilledSecret } from '../model/tenant-changes.ts';
import './share.css';

type State =
  | { kind: 'none' }
  | { kind: 'checking' }
  | { kind: 'invalid'; message: string; fieldErrors?: TenantFieldError[] }
  | {
      kind: 'confirm';
      local: Tenant;
      next: Tenant;
      filled: FilledSecret[];
      changes: string[];
      notes: string[];
    }
  | { kind: 'applying' }
  | { kind: 'done'; message: string; filled: FilledSecret[]; notes: string[] };

interface Pending {
  stepId: string | null;
  /** The link was made at a step: the run is restored to a runnable state when the link is applied. */
  restore: boolean;
}

const LINK_PARAMS = ['tenant', 'step'];

/**
 * Restores a share link on the flow page: the step, and the tenant changes, which replace the
 * user's tenant only after they confirm. A damaged link changes nothing and says why.
 */
export function ShareLinkRestore() {
  const location = useLocation();
  const navigate = useNavigate();
  const store = useRunStore();
  const [state, setState] = useState<State>({ kind: 'none' });
  const pending = useRef<Pending>({ stepId: null, restore: false });
  const headingId = useId();
  // The link as the router sees it (within the app's base path).
  const linkInAddress = () => {
    const search = new URLSearchParams(location.search);
    return LINK_PARAMS.some((name) => search.has(name))
      ? new URL(`.${location.pathname}${location.search}`, appUrl()).href
      : '';
  };
  // The link as it arrived: kept even after the flow page rewrites its search.
  const [href, setHref] = useState(linkInAddress);
  const currentHref = linkInAddress();
  useEffect(() => {
    if (currentHref) setHref(currentHref);
  }, [currentHref]);
  // In a fresh browser the link is the first page: the tenant is read once the server is up.
  const serverUsable = useServerStatus().usable;

  const pathname = location.pathname;
  const dropLinkParams = useCallback(() => {
    const rest = new URLSearchParams(window.location.search);
    for (const name of LINK_PARAMS) rest.delete(name);
    const query = rest.toString();
    navigate({ pathname, search: query ? `?${query}` : '' }, { replace: true });
  }, [navigate, pathname]);

  /**
   * A runnable state: a new attempt (fresh state, nonce, verifier), the local steps before the
   * first one that needs the server done again, and the recipient on the first step still to do.
   */
  const restoreRun = useCallback(async () => {
    if (!pending.current.restore) return;
    pending.current.restore = false;
    const plan = restorePlan(store.flow, pending.current.stepId);
    if (!plan) return;
    store.start({ fresh: true });
    for (const step of plan.automatic) await store.runStep(step.id);
    store.goToStep(plan.landing.id);
  }, [store]);

  // The flow page rewrites its search from the run's parameters (dropping `tenant` and `step`),
  // so the link is read once, from the address it arrived with, and the work is not cancelled by that.
  const processed = useRef('');
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (!href || processed.current === href || !serverUsable) return;
    processed.current = href;
    const isCancelled = () => !mounted.current;
    setState({ kind: 'checking' });
    (async () => {
      const [
        { parseShareLink },
        { applyTenantChanges, sameTenant },
        { summarizeTenantChange },
        { demoTenant },
        api,
      ] = await Promise.all([
        import('../model/share-link.ts'),
        import('../model/tenant-changes.ts'),
        import('../model/tenant-summary.ts'),
        import('../../../server/tenant/demo.ts'),
        import('../../tenant-editor/index.ts'),
      ]);
      const parsed = await parseShareLink(href, appUrl());
      if (isCancelled()) return;
      if (!parsed.ok) {
        setState({ kind: 'invalid', message: parsed.error });
        return;
      }
      const { link } = parsed;
      // The flow page applies the link's parameters from the address; this restores the rest.
      const plan = link.flowId === store.flow.id ? restorePlan(store.flow, link.stepId) : undefined;
      pending.current = { stepId: link.stepId, restore: plan !== undefined };
      const notes = link.ignored.map((part) => `Ignored: ${part}.`);
      if (plan?.note) notes.push(`Ignored: ${plan.note}.`);
      if (plan) notes.push(...describePlan(store.flow, plan));
      if (!link.tenantPatch) {
        await restoreRun();
        setState({ kind: 'done', message: 'The shared setup is restored.', filled: [], notes });
        dropLinkParams();
        return;
      }
      let local: Tenant;
      try {
        local = await api.fetchTenant();
      } catch (error) {
        setState({
          kind: 'invalid',
          message: `Your tenant could not be read, so the link's tenant changes were not applied: ${
            error instanceof Error ? error.message : 'unknown error'
          }`,
        });
        return;
      }
      const applied = applyTenantChanges(demoTenant, link.tenantPatch, local);
      if (isCancelled()) return;
      if (!applied.ok) {
        setState({
          kind: 'invalid',
          message: 'The tenant changes in this link do not make a valid tenant. Nothing was changed.',
          fieldErrors: applied.errors,
        });
        return;
      }
      if (sameTenant(local, applied.tenant)) {
        await restoreRun();
        setState({
          kind: 'done',
          message: 'The shared setup is restored; your tenant already matches it.',
          filled: [],
          notes,
        });
        dropLinkParams();
        return;
      }
      setState({
        kind: 'confirm',
        local,
        next: applied.tenant,
        filled: applied.filled,
        changes: summarizeTenantChange(local, applied.tenant),
        notes,
      });
    })().catch((error: unknown) => {
      if (!isCancelled())
        setState({
          kind: 'invalid',
          message: `This share link cannot be used: ${error instanceof Error ? error.message : 'unknown error'}`,
        });
    });
  }, [href, dropLinkParams, serverUsable, store, restoreRun]);

  if (state.kind === 'none') return null;
  if (state.kind === 'checking' || state.kind === 'applying')
    return (
      <p className="share-panel" role="status">
        {state.kind === 'checking' ? 'Reading the share link…' : 'Applying the tenant changes…'}
      </p>
    );
  if (state.kind === 'invalid')
    return (
      <section className="share-panel" data-tone="error" role="alert" aria-labelledby={headingId}>
        <h2 id={headingId}>This share link cannot be used</h2>
        <p>{state.message}</p>
        {state.fieldErrors && (
          <ul aria-label="Errors in the link's tenant">
            {state.fieldErrors.map((e) => (
              <li key={`${e.path}:${e.message}`}>
                <code>{e.path}</code>: {e.message}
              </li>
            ))}
          </ul>
        )}
        <p>Your tenant and your settings were not changed.</p>
        <button
          type="button"
          onClick={() => {
            dropLinkParams();
            setState({ kind: 'none' });
          }}
        >
          Dismiss
        </button>
      </section>
    );
  if (state.kind === 'confirm') {
    const { local, next, filled, changes, notes } = state;
    return (
      <section className="share-panel" data-tone="warn" aria-labelledby={headingId}>
        <h2 id={headingId}>This link changes your tenant</h2>
        <p>Applying it replaces the tenant of your in-browser server. It:</p>
        <ul aria-label="Tenant changes">
          {changes.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <div className="share-row">
          <button
            type="button"
            className="primary"
            onClick={async () => {
              setState({ kind: 'applying' });
              try {
                const api = await import('../../tenant-editor/index.ts');
                await api.saveTenant(next);
                await restoreRun();
                setState({ kind: 'done', message: "The link's tenant is applied.", filled, notes });
                dropLinkParams();
              } catch (error) {
                setState({
                  kind: 'invalid',
                  message: `The tenant could not be saved: ${error instanceof Error ? error.message : 'unknown error'}`,
                });
              }
            }}
          >
            Apply the link's tenant
          </button>
          <button
            type="button"
            onClick={async () => {
              await restoreRun();
              setState({
                kind: 'done',
                message: 'Your tenant is kept; the link set only the flow and its parameters.',
                filled: [],
                notes,
              });
              dropLinkParams();
            }}
          >
            Keep my tenant
          </button>
          <button
            type="button"
            onClick={() =>
              downloadText('my-tenant.json', `${JSON.stringify(local, null, 2)}\n`, 'application/json')
            }
          >
            Download my current tenant
          </button>
        </div>
      </section>
    );
  }
  return (
    <section className="share-panel" data-tone="ok" aria-labelledby={headingId}>
      <h2 id={headingId}>{state.message}</h2>
      {state.filled.length > 0 && (
        <>
          <p>
            The link could not carry these secrets, so new ones were made (change them in the tenant editor):
          </p>
          <ul aria-label="New secrets">
            {state.filled.map((f) => (
              <li key={`${f.kind}:${f.owner}`}>
                {f.kind === 'password' ? 'password of' : 'client secret of'} {f.owner}: <code>{f.value}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {state.notes.length > 0 && (
        <ul aria-label="Notes about the link">
          {state.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <button type="button" onClick={() => setState({ kind: 'none' })}>
        Dismiss
      </button>
    </section>
  );
}
