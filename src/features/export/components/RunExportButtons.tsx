import { useId, useState } from 'react';
import { copyText, downloadText } from '../../../lib/clipboard.ts';
import type { HttpExchange } from '../../../shared/trace.ts';
import { useRun } from '../../flow-runner/index.ts';
import { harFileText } from '../model/har.ts';
import { flowSnippet, hasFlowSnippet } from '../model/snippet.ts';
import { DEFAULT_NODE_SERVER, nodeServerNote, nodeServerUrl, setNodeServerUrl } from '../model/terminal.ts';
import './export.css';

export interface RunExportButtonsProps {
  /** Defaults to the current run's exchanges. */
  exchanges?: readonly HttpExchange[];
  flowId?: string | null;
  /** The flow's parameters under their OAuth names (defaults to the current run's). */
  params?: Readonly<Record<string, string | undefined>>;
  /** The issuer the run used (defaults to the runner's). */
  issuer?: string;
}

/** Exports of the whole run: a HAR file and a JavaScript snippet; secrets masked unless revealed. */
export function RunExportButtons(props: RunExportButtonsProps) {
  const run = useRun();
  const exchanges = props.exchanges ?? run.exchanges;
  const flowId = props.flowId === undefined ? run.flowId : props.flowId;
  const params = props.params ?? run.params;
  const issuer = props.issuer ?? run.environment.endpoints.issuer;
  const [reveal, setReveal] = useState(false);
  const [status, setStatus] = useState('');
  const [snippet, setSnippet] = useState<string | null>(null);
  const revealId = useId();
  const serverId = useId();
  const [nodeServer, setNodeServer] = useState(nodeServerUrl);
  const canSnippet = flowId !== null && hasFlowSnippet(flowId);
  // A program runs outside this page: the in-browser server's run goes to `npm run server`.
  const target = (withSecrets: boolean) => {
    const builtIn = props.issuer === undefined && run.environment.server === 'built-in';
    const node = { builtInIssuer: issuer, nodeServer: nodeServerUrl() };
    return builtIn
      ? {
          flowId: flowId ?? '',
          issuer: node.nodeServer,
          params,
          reveal: withSecrets,
          note: nodeServerNote(node),
        }
      : { flowId: flowId ?? '', issuer, params, reveal: withSecrets };
  };
  const makeSnippet = () => (canSnippet ? flowSnippet(target(reveal)) : '');
  const report = (message: string) => setStatus(message);
  return (
    <fieldset className="run-export-group">
      <legend>Export this run</legend>
      <div className="run-export">
        <button
          type="button"
          disabled={exchanges.length === 0}
          onClick={() => {
            const stamp = new Date().toISOString().replace(/[:.]/g, '-');
            downloadText(
              `oauth-playground-${flowId ?? 'run'}-${stamp}.har`,
              harFileText(exchanges, { reveal }),
              'application/json',
            );
            report(`HAR with ${exchanges.length} requests downloaded`);
          }}
        >
          Download HAR
        </button>
        <button
          type="button"
          disabled={exchanges.length === 0}
          onClick={() =>
            copyText(harFileText(exchanges, { reveal })).then(
              () => report('HAR copied'),
              () => report('Copy failed'),
            )
          }
        >
          Copy HAR
        </button>
        <button
          type="button"
          disabled={!canSnippet}
          onClick={() =>
            copyText(makeSnippet()).then(
              () => report('Code copied'),
              () => report('Copy failed'),
            )
          }
        >
          Copy JavaScript (oauth4webapi)
        </button>
        <button
          type="button"
          disabled={!canSnippet}
          aria-expanded={snippet !== null}
          onClick={() => setSnippet(snippet === null ? makeSnippet() : null)}
        >
          {snippet === null ? 'Show code' : 'Hide code'}
        </button>
        <span className="export-reveal">
          <input
            id={revealId}
            type="checkbox"
            checked={reveal}
            onChange={(e) => {
              setReveal(e.target.checked);
              if (snippet !== null && canSnippet) setSnippet(flowSnippet(target(e.target.checked)));
            }}
          />
          <label htmlFor={revealId}>Include secrets</label>
        </span>
        <output className="export-status" aria-live="polite">
          {status}
        </output>
      </div>
      <div className="run-export">
        <label htmlFor={serverId}>
          <code>npm run server</code> address for curl and HTTP exports
        </label>
        <input
          id={serverId}
          type="url"
          value={nodeServer}
          placeholder={DEFAULT_NODE_SERVER}
          spellCheck={false}
          onChange={(e) => {
            setNodeServer(e.target.value);
            setNodeServerUrl(e.target.value || DEFAULT_NODE_SERVER);
          }}
        />
      </div>
      {snippet !== null && (
        <textarea
          className="export-preview"
          aria-label="JavaScript code"
          readOnly
          rows={18}
          spellCheck={false}
          value={snippet}
        />
      )}
    </fieldset>
  );
}
