import { useServerStatus } from '../hooks.ts';
import { messages } from '../model/status.ts';

const tone = {
  starting: { background: 'var(--accent-subtle)', color: 'var(--fg)', borderColor: 'var(--border)' },
  'update-available': { background: 'var(--warn-subtle)', color: 'var(--fg)', borderColor: 'var(--warn)' },
  error: { background: 'var(--danger-subtle)', color: 'var(--fg)', borderColor: 'var(--danger)' },
  unsupported: { background: 'var(--danger-subtle)', color: 'var(--fg)', borderColor: 'var(--danger)' },
} as const;

const note = {
  background: 'var(--accent-subtle)',
  color: 'var(--fg)',
  borderColor: 'var(--border)',
} as const;

const box = {
  display: 'flex',
  flexWrap: 'wrap',
  alignItems: 'center',
  gap: '0.75rem',
  padding: '0.5rem 1rem',
  border: '1px solid',
  borderRadius: 'var(--radius)',
  margin: '0.5rem 0',
} as const;

/**
 * The in-browser server's state for the user: starting, ready (nothing shown), a new version
 * waiting, or why it cannot run. Messages are plain text (never HTML).
 */
export function ServerStatusBanner() {
  const { status, message, mode, reason, reload } = useServerStatus();
  if (status === 'ready' && mode === 'page') return <PageModeNote reason={reason} />;
  if (status === 'ready') return null;
  if (status === 'starting') {
    return (
      <div role="status" style={{ ...box, ...tone.starting }}>
        {messages.starting}
      </div>
    );
  }
  if (status === 'update-available') {
    return (
      <div role="status" style={{ ...box, ...tone['update-available'] }}>
        <span>A new version is available.</span>
        <button type="button" onClick={reload}>
          Reload
        </button>
      </div>
    );
  }
  return (
    <div role="alert" style={{ ...box, ...tone[status] }}>
      <strong>The in-browser server is unavailable.</strong>
      <span>{message}</span>
      {status === 'error' ? (
        <button type="button" onClick={reload}>
          Reload
        </button>
      ) : null}
    </div>
  );
}

/** Page mode: which host runs the server, and that its state ends with the tab. */
export function PageModeNote({ reason }: { reason?: string }) {
  return (
    <div role="status" aria-label="Server mode" style={{ ...box, ...note }}>
      <span>
        <strong>In-page server.</strong> {messages.pageMode}
      </span>
      {reason ? (
        <details>
          <summary>Why no service worker</summary>
          <p style={{ margin: '0.25rem 0 0' }}>{reason}</p>
        </details>
      ) : null}
    </div>
  );
}
