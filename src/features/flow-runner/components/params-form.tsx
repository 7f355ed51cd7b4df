import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useServerStatus } from '../../../lib/server-connection.ts';
import type { FlowDefinition, ParamSpec } from '../../flows/index.ts';
import { discoveryQuery } from '../../server-metadata/index.ts';
import { tenantQuery } from '../../tenant-editor/index.ts';
import { useRun, useRunStore } from '../model/run-context.tsx';
import { JsonParamField } from './json-param-field.tsx';

/**
 * Every parameter of the flow, editable. Scopes are chips from discovery plus what is typed.
 * `foldable` (a narrow screen): once the run has started the form folds to its title, so that the
 * current step comes first; the learner can open it again.
 */
export function ParamsForm({ flow, foldable = false }: { flow: FlowDefinition; foldable?: boolean }) {
  const run = useRun();
  const [unfolded, setUnfolded] = useState<boolean | null>(null);
  const main = flow.params.filter((p) => !isAdvanced(p));
  const advanced = flow.params.filter(isAdvanced);
  const fields = (
    <>
      <div className="fields">
        {main.map((spec) => (
          <ParamField key={spec.name} spec={spec} value={run.params[spec.name] ?? ''} />
        ))}
      </div>
      {advanced.length > 0 && (
        <details>
          <summary>More parameters ({advanced.map((p) => p.name).join(', ')})</summary>
          <div className="fields" style={{ marginTop: '0.75rem' }}>
            {advanced.map((spec) => (
              <ParamField key={spec.name} spec={spec} value={run.params[spec.name] ?? ''} />
            ))}
          </div>
        </details>
      )}
    </>
  );
  if (foldable) {
    const open = unfolded ?? run.status === 'idle';
    return (
      <section className="card" aria-labelledby="params-title">
        <details
          className="params-fold"
          open={open}
          // Only the learner's own toggles count; the fold on start is not one.
          onToggle={(event) => {
            if (event.currentTarget.open !== open) setUnfolded(event.currentTarget.open);
          }}
        >
          <summary className="params-summary">
            <h2 id="params-title">Parameters</h2>
          </summary>
          {fields}
        </details>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="params-title">
      <h2 id="params-title">Parameters</h2>
      {fields}
    </section>
  );
}

/** The flow says which parameters are advanced (`ParamSpec.advanced`). */
function isAdvanced(spec: ParamSpec): boolean {
  return spec.advanced === true && spec.prominent !== true;
}

/** Known values from the in-browser server's tenant: its clients or its APIs, as the spec asks. */
function useTenantSuggestions(spec: ParamSpec): string[] {
  const server = useServerStatus();
  const wanted = spec.suggestFromTenant;
  const tenant = useQuery({ ...tenantQuery(), enabled: !!wanted && server.usable, staleTime: 30_000 });
  if (!wanted || !tenant.data) return [];
  return wanted === 'clients'
    ? tenant.data.clients.map((c) => c.clientId)
    : tenant.data.apis.map((a) => a.identifier);
}

function ParamField({ spec, value }: { spec: ParamSpec; value: string }) {
  const id = useId();
  const store = useRunStore();
  const fromTenant = useTenantSuggestions(spec);
  const suggestions = spec.suggestions ? [...new Set([...spec.suggestions, ...fromTenant])] : undefined;
  const helpId = `${id}-help`;
  const set = (next: string) => store.setParams({ [spec.name]: next });
  const described = spec.help ? helpId : undefined;
  let control: React.ReactNode;
  switch (spec.kind) {
    case 'select':
      control = (
        <select id={id} value={value} onChange={(e) => set(e.target.value)} aria-describedby={described}>
          {(spec.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option === '' ? '(not sent)' : option}
            </option>
          ))}
          {!spec.options?.includes(value) && <option value={value}>{value}</option>}
        </select>
      );
      break;
    case 'scopes':
      return <ScopeField spec={spec} value={value} />;
    case 'json':
      return <JsonParamField spec={spec} value={value} />;
    case 'extra':
      control = (
        <textarea
          id={id}
          className="mono"
          style={{ minHeight: '4rem' }}
          value={value}
          placeholder="key=value"
          onChange={(e) => set(e.target.value)}
          aria-describedby={described}
        />
      );
      break;
    default:
      control = (
        <>
          <input
            id={id}
            type={spec.kind === 'number' ? 'number' : 'text'}
            inputMode={spec.kind === 'number' ? 'numeric' : undefined}
            value={value}
            onChange={(e) => set(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            list={suggestions ? `${id}-list` : undefined}
            aria-describedby={described}
            placeholder={
              spec.generate
                ? 'generated when the flow starts'
                : spec.fromTokens
                  ? `the ${spec.fromTokens.replace('_', ' ')} obtained earlier in this tab`
                  : undefined
            }
          />
          {suggestions && (
            <datalist id={`${id}-list`}>
              {suggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          )}
        </>
      );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{spec.label}</label>
      {control}
      {spec.help && (
        <span id={helpId} className="help">
          {spec.help}
        </span>
      )}
    </div>
  );
}

/** Scope chips: the server's scopes_supported plus any typed; the text field stays editable. */
function ScopeField({ spec, value }: { spec: ParamSpec; value: string }) {
  const id = useId();
  const store = useRunStore();
  const server = useServerStatus();
  // Short-lived: a tenant edit adds or removes API scopes.
  const discovery = useQuery({ ...discoveryQuery(), enabled: server.usable, staleTime: 5_000 });
  const selected = value.split(/\s+/).filter(Boolean);
  const known = discovery.data?.scopes_supported ?? [
    'openid',
    'profile',
    'email',
    'offline_access',
    'read:messages',
    'write:messages',
  ];
  const all = [...new Set([...known, ...selected])];
  const toggle = (scope: string, on: boolean) => {
    const next = on ? [...selected, scope] : selected.filter((s) => s !== scope);
    store.setParams({ [spec.name]: [...new Set(next)].join(' ') });
  };
  return (
    <fieldset className="field" style={{ border: 'none', padding: 0, margin: 0, gridColumn: '1 / -1' }}>
      <legend className="label" style={{ fontWeight: 600, fontSize: '0.9rem', padding: 0 }}>
        {spec.label}
      </legend>
      <div className="chips">
        {all.map((scope) => (
          <label key={scope} className="chip">
            <input
              type="checkbox"
              checked={selected.includes(scope)}
              onChange={(e) => toggle(scope, e.target.checked)}
            />
            {scope}
          </label>
        ))}
      </div>
      <label htmlFor={id} className="help">
        Scope as sent (space-separated; type any other value)
      </label>
      <input
        id={id}
        type="text"
        value={value}
        onChange={(e) => store.setParams({ [spec.name]: e.target.value })}
        autoComplete="off"
        spellCheck={false}
      />
      {spec.help && <span className="help">{spec.help}</span>}
    </fieldset>
  );
}
