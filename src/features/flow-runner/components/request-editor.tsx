import { useId, useState } from 'react';
import { CopyButton } from '../../../components/copy-button.tsx';
import {
  formatRawRequest,
  type HttpRequestDraft,
  parseRawRequest,
  RawRequestError,
} from '../../../lib/http/draft.ts';

interface Props {
  draft: HttpRequestDraft;
  /**
   * `resolve()` gives what to send: `{ draft }` with the edited text parsed, `{}` when not edited
   * (the step builds its request at send time), or `undefined` when the text does not parse.
   */
  children: (resolve: () => { draft?: HttpRequestDraft } | undefined) => React.ReactNode;
}

/** The raw HTTP request, shown before it is sent and editable; edits are sent as they are. */
export function RequestEditor({ draft, children }: Props) {
  const id = useId();
  const built = formatRawRequest(draft);
  const [edited, setEdited] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const text = edited ?? built;
  const resolve = (): { draft?: HttpRequestDraft } | undefined => {
    if (edited === null) return {};
    try {
      setError(null);
      return { draft: parseRawRequest(edited, draft.url) };
    } catch (e) {
      setError(e instanceof RawRequestError ? e.message : String(e));
      return undefined;
    }
  };
  return (
    <div className="request-editor">
      <div className="copy-row">
        <label htmlFor={id} className="label no-select" style={{ fontWeight: 600 }}>
          Raw HTTP request {edited !== null && <span className="badge warn">edited</span>}
        </label>
        <CopyButton text={text} what="the raw HTTP request" />
      </div>
      <textarea
        id={id}
        className="mono"
        value={text}
        spellCheck={false}
        rows={Math.min(16, text.split('\n').length + 1)}
        onChange={(e) => setEdited(e.target.value === built ? null : e.target.value)}
      />
      {error && (
        <p className="banner error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        {children(resolve)}
        {edited !== null && (
          <button type="button" onClick={() => setEdited(null)}>
            Undo my edits
          </button>
        )}
      </div>
    </div>
  );
}
