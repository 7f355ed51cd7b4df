import { useId, useState } from 'react';
import { copyText } from '../../../lib/clipboard.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import { exchangeToCurl } from '../model/curl.ts';
import { exchangeToRawHttp } from '../model/raw-http.ts';
import './export.css';

export interface ExportMenuProps {
  exchange: HttpExchange;
}

/** Copy buttons for one exchange: curl and raw HTTP, secrets masked unless revealed. */
export function ExportMenu({ exchange }: ExportMenuProps) {
  const [reveal, setReveal] = useState(false);
  const [status, setStatus] = useState('');
  const revealId = useId();
  const copy = (what: string, text: string) => {
    copyText(text).then(
      () => setStatus(`${what} copied`),
      (error: unknown) => setStatus(error instanceof Error ? error.message : 'Copy failed'),
    );
  };
  return (
    <div className="export-menu">
      <button type="button" onClick={() => copy('curl', exchangeToCurl(exchange, { reveal }))}>
        Copy as curl
      </button>
      <button type="button" onClick={() => copy('HTTP', exchangeToRawHttp(exchange, { reveal }))}>
        Copy as HTTP
      </button>
      <span className="export-reveal">
        <input id={revealId} type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
        <label htmlFor={revealId}>Include secrets</label>
      </span>
      <output className="export-status" aria-live="polite">
        {status}
      </output>
    </div>
  );
}
