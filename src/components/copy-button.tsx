import { useEffect, useState } from 'react';
import { copyText } from '../lib/clipboard.ts';

/**
 * Copies exactly `text` (a token, a raw request) to the clipboard and says so next to itself.
 * `what` names what is copied for screen readers ("the access token": "Copy the access token").
 */
export function CopyButton({ text, what }: { text: string | (() => string); what: string }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (status === 'idle') return;
    const timer = setTimeout(() => setStatus('idle'), 2500);
    return () => clearTimeout(timer);
  }, [status]);
  return (
    <span className="no-select">
      <button
        type="button"
        className="copy"
        onClick={() =>
          copyText(typeof text === 'function' ? text() : text).then(
            () => setStatus('copied'),
            () => setStatus('failed'),
          )
        }
      >
        Copy<span className="visually-hidden"> {what}</span>
      </button>
      {status !== 'idle' && (
        <span className="copy-status" role="status">
          {' '}
          {status === 'copied' ? 'Copied' : 'The browser refused to copy'}
        </span>
      )}
    </span>
  );
}
