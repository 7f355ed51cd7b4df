import { useId, useState } from 'react';
import { downloadText } from '../../../lib/clipboard.ts';
import { parseTenant, type Tenant, type TenantFieldError } from '../../../server/tenant/schema.ts';

interface Props {
  tenant: Tenant;
  /** Replaces the whole tenant (import, JSON editor). */
  onReplace(tenant: Tenant, how: string): void;
  onReset(): Promise<void>;
}

type Check =
  | { kind: 'none' }
  | { kind: 'errors'; title: string; errors: TenantFieldError[] }
  | { kind: 'ok'; message: string };

/** Parses text as a tenant file: JSON first, then the schema; errors name the field. */
export function checkTenantText(
  text: string,
): { ok: true; tenant: Tenant } | { ok: false; errors: TenantFieldError[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      errors: [
        { path: '(file)', message: `not JSON: ${error instanceof Error ? error.message : 'syntax error'}` },
      ],
    };
  }
  return parseTenant(json);
}

export function ImportExportSection({ tenant, onReplace, onReset }: Props) {
  const [check, setCheck] = useState<Check>({ kind: 'none' });
  const [json, setJson] = useState<string | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const fileId = useId();
  const jsonId = useId();
  const resultId = useId();
  const apply = (text: string, how: string) => {
    const result = checkTenantText(text);
    if (!result.ok) {
      setCheck({
        kind: 'errors',
        title: `The ${how} is not a valid tenant; nothing was changed.`,
        errors: result.errors,
      });
      return false;
    }
    onReplace(result.tenant, how);
    setCheck({ kind: 'ok', message: `The ${how} is applied.` });
    return true;
  };
  return (
    <section className="tenant-section" aria-labelledby="tenant-files">
      <h2 id="tenant-files">Import, export, reset</h2>
      <div className="tenant-row">
        <button
          type="button"
          onClick={() =>
            downloadText('tenant.json', `${JSON.stringify(tenant, null, 2)}\n`, 'application/json')
          }
        >
          Export tenant JSON
        </button>
        <label htmlFor={fileId} className="tenant-file">
          Import tenant JSON
        </label>
        <input
          id={fileId}
          type="file"
          accept="application/json,.json"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            if (file.size > 1024 * 1024) {
              setCheck({ kind: 'errors', title: 'The file is over 1 MB; nothing was changed.', errors: [] });
              return;
            }
            apply(await file.text(), 'imported file');
          }}
        />
        <button
          type="button"
          aria-expanded={json !== null}
          onClick={() => setJson(json === null ? JSON.stringify(tenant, null, 2) : null)}
        >
          {json === null ? 'Edit as JSON' : 'Close the JSON editor'}
        </button>
        {!confirmReset ? (
          <button type="button" className="danger" onClick={() => setConfirmReset(true)}>
            Reset to the demo tenant
          </button>
        ) : (
          <fieldset className="tenant-row tenant-confirm">
            <legend>Replace this tenant with the demo tenant?</legend>
            <button
              type="button"
              className="danger"
              onClick={async () => {
                setConfirmReset(false);
                await onReset();
                setJson(null);
                setCheck({ kind: 'ok', message: 'The demo tenant is back.' });
              }}
            >
              Yes, reset
            </button>
            <button type="button" onClick={() => setConfirmReset(false)}>
              Cancel
            </button>
          </fieldset>
        )}
      </div>
      {json !== null && (
        <div className="tenant-field">
          <label htmlFor={jsonId}>Tenant as JSON</label>
          <textarea
            id={jsonId}
            className="tenant-json"
            rows={16}
            spellCheck={false}
            value={json}
            aria-describedby={check.kind === 'none' ? undefined : resultId}
            onChange={(e) => setJson(e.target.value)}
          />
          <div className="tenant-row">
            <button type="button" onClick={() => apply(json, 'JSON')}>
              Apply JSON
            </button>
            <button type="button" onClick={() => setJson(JSON.stringify(tenant, null, 2))}>
              Discard JSON edits
            </button>
          </div>
        </div>
      )}
      <div id={resultId}>
        {check.kind === 'errors' && (
          <div role="alert" className="tenant-alert">
            <p>{check.title}</p>
            <ul aria-label="Tenant errors">
              {check.errors.map((e) => (
                <li key={`${e.path}:${e.message}`}>
                  <code>{e.path}</code>: {e.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {check.kind === 'ok' && <p role="status">{check.message}</p>}
      </div>
    </section>
  );
}
