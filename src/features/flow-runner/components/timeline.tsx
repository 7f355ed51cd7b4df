import { useId, useState } from 'react';
import { maskUrl } from '../../../lib/http/mask.ts';
import { ExportMenu, RunExportButtons } from '../../export/index.ts';
import { useRun } from '../model/run-store.ts';
import { ExchangeView, statusClass } from './exchange-view.tsx';

/** Every HTTP exchange of the run, from the app and from the worker's trace, oldest first. */
export function Timeline() {
  const run = useRun();
  const [reveal, setReveal] = useState(false);
  const id = useId();
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
                    {exchange.request.method} {reveal ? path : maskUrl(path)}{' '}
                    <span className="badge">{exchange.source === 'app' ? 'app' : 'browser'}</span>
                  </summary>
                  <ExchangeView exchange={exchange} reveal={reveal} />
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
