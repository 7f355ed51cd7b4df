import { useId, useMemo, useState } from 'react';
import { collectSecrets, maskText, maskUrl } from '../../../lib/http/mask.ts';
import { ExportMenu, RunExportButtons } from '../../export/index.ts';
import { useRun } from '../model/run-context.tsx';
import { tokenValues } from '../model/run-record.ts';
import { ExchangeView, statusClass } from './exchange-view.tsx';

/** Every HTTP exchange of the run, from the app and from the worker's trace, oldest first. */
export function Timeline() {
  const run = useRun();
  const [reveal, setReveal] = useState(false);
  const id = useId();
  // Every secret of the run, so that one seen in an exchange is masked wherever it shows up again.
  const known = useMemo(() => {
    const secrets = collectSecrets(run.exchanges);
    for (const value of Object.values(tokenValues(run.tokens))) if (value) secrets.add(value);
    return secrets;
  }, [run.exchanges, run.tokens]);
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Timeline</h2>
      <label className="small">
        <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} /> Reveal
        secrets
      </label>
      {run.exchanges.length === 0 ? (
        <p className="muted small">No requests yet. Each request of the flow appears here.</p>
      ) : (
        <ol className="timeline" aria-label="HTTP exchanges">
          {run.exchanges.map((exchange) => {
            const url = new URL(exchange.request.url, window.location.origin);
            const path = `${url.pathname}${url.search}`;
            return (
              <li key={exchange.id}>
                <details>
                  <summary>
                    <span className={statusClass(exchange.response.status)}>{exchange.response.status}</span>{' '}
                    {exchange.request.method} {reveal ? path : maskText(maskUrl(path), { known })}{' '}
                    <span className="badge">{exchange.source === 'app' ? 'app' : 'browser'}</span>
                  </summary>
                  <ExchangeView exchange={exchange} reveal={reveal} known={known} />
                  <ExportMenu exchange={exchange} />
                </details>
              </li>
            );
          })}
        </ol>
      )}
      <RunExportButtons />
    </section>
  );
}
