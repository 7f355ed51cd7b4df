import { useId, useState } from 'react';
import { issuerUrl } from '../../../lib/app-url.ts';
import { copyText } from '../../../lib/clipboard.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import { exchangeToCurl } from '../model/curl.ts';
import { exchangeToFetch } from '../model/fetch-snippet.ts';
import { exchangeToRawHttp } from '../model/raw-http.ts';
import { forTerminal, nodeServerUrl } from '../model/terminal.ts';
import './export.css';

export interface ExportMenuProps {
  exchange: HttpExchange;
}

/**
 * Copy buttons for one exchange, secrets masked unless revealed: curl and raw HTTP for a terminal
 * (the in-browser server's requests go to `npm run server`), and fetch() for this page's console.
 */
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
  const terminal = () => forTerminal(exchange, { builtInIssuer: issuerUrl(), nodeServer: nodeServerUrl() });
  const withNote = (note: string | undefined, text: string) => (note ? `# ${note}\n${text}` : text);
  const note = terminal().note;
  return (
    <div className="export-menu">
      <button
        type="button"
        onClick={() => {
          const { exchange: moved, note: line } = terminal();
          copy('curl', withNote(line, exchangeToCurl(moved, { reveal })));
        }}
      >
        Copy as curl
      </button>
      <button
        type="button"
        onClick={() => {
          const { exchange: moved, note: line } = terminal();
          copy('HTTP', withNote(line, exchangeToRawHttp(moved, { reveal })));
        }}
      >
        Copy as HTTP
      </button>
      <button type="button" onClick={() => copy('fetch()', exchangeToFetch(exchange, { reveal }))}>
        Copy as fetch()
      </button>
      <span className="export-reveal">
        <input id={revealId} type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
        <label htmlFor={revealId}>Include secrets</label>
      </span>
      <output className="export-status" aria-live="polite">
        {status}
      </output>
      {note && (
        <p className="small muted export-note">
          curl and HTTP: {note} fetch() runs in this page’s developer console, against the in-browser server.
        </p>
      )}
    </div>
  );
}
