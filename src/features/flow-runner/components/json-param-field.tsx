import './json-param-field.css';
import { useId, useState } from 'react';
import type { JsonFieldSpec, ParamSpec } from '../../flows/index.ts';
import {
  formatJsonList,
  type JsonEntry,
  parseJsonList,
  readField,
  toggleOption,
  writeField,
} from '../model/json-list.ts';
import { useRunStore } from '../model/run-context.tsx';

/**
 * A `json` parameter: a form with one fieldset an entry (add, remove, the spec's fields), and the
 * raw JSON it produces, editable too. A text that does not parse is kept and explained; the form
 * waits until it parses again.
 */
export function JsonParamField({ spec, value }: { spec: ParamSpec; value: string }) {
  const id = useId();
  const store = useRunStore();
  const json = spec.json;
  const parsed = parseJsonList(value);
  const problems = parsed.ok && json?.problems ? json.problems(value) : [];
  const set = (text: string) => store.setParams({ [spec.name]: text });
  const setEntries = (entries: JsonEntry[]) => set(formatJsonList(entries));
  const itemLabel = json?.itemLabel ?? 'Entry';
  const statusId = `${id}-status`;
  return (
    <fieldset className="field json-param">
      <legend className="label">{spec.label}</legend>
      {spec.help && <p className="help">{spec.help}</p>}
      {json && parsed.ok && (
        <>
          {parsed.entries.map((entry, index) => (
            <fieldset
              // biome-ignore lint/suspicious/noArrayIndexKey: entries have no identity but their place
              key={index}
              className="json-entry"
            >
              <legend>
                {itemLabel} {index + 1}
              </legend>
              <div className="fields">
                {json.fields.map((field) => (
                  <EntryField
                    key={field.name}
                    field={field}
                    entry={entry}
                    onChange={(next) => setEntries(parsed.entries.map((e, i) => (i === index ? next : e)))}
                  />
                ))}
              </div>
              <div className="actions">
                <button
                  type="button"
                  onClick={() => setEntries(parsed.entries.filter((_, i) => i !== index))}
                >
                  Remove {itemLabel.toLowerCase()} {index + 1}
                </button>
              </div>
            </fieldset>
          ))}
          <div className="actions">
            <button type="button" onClick={() => setEntries([...parsed.entries, { ...json.newItem }])}>
              Add {itemLabel.toLowerCase()}
            </button>
          </div>
        </>
      )}
      <label htmlFor={id} className="label">
        {spec.label} as JSON (sent as it is; edit it here too)
      </label>
      <textarea
        id={id}
        className="mono json-text"
        value={value}
        spellCheck={false}
        onChange={(e) => set(e.target.value)}
        aria-invalid={!parsed.ok}
        aria-describedby={statusId}
      />
      <div id={statusId} aria-live="polite">
        {!parsed.ok && <p className="banner error small">{parsed.message}</p>}
        {problems.length > 0 && (
          <div className="banner warn small">
            <p style={{ margin: 0 }}>The server will refuse this:</p>
            <ul style={{ margin: '0.2rem 0 0' }}>
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </fieldset>
  );
}

function EntryField({
  field,
  entry,
  onChange,
}: {
  field: JsonFieldSpec;
  entry: JsonEntry;
  onChange: (entry: JsonEntry) => void;
}) {
  const id = useId();
  // A list keeps the lines as typed while focused (a new empty line is not dropped mid-typing).
  const [typing, setTyping] = useState<string | null>(null);
  const value = readField(entry, field);
  const helpId = field.help ? `${id}-help` : undefined;
  const help = field.help && (
    <span id={helpId} className="help">
      {field.help}
    </span>
  );
  if (field.kind === 'checkboxes') {
    const checked = value as string[];
    const options = [...new Set([...(field.options ?? []), ...checked])];
    return (
      <fieldset className="field" aria-describedby={helpId}>
        <legend className="label">{field.label}</legend>
        <div className="chips">
          {options.map((option) => (
            <label key={option} className="chip">
              <input
                type="checkbox"
                checked={checked.includes(option)}
                onChange={(e) => onChange(toggleOption(entry, field, option, e.target.checked))}
              />
              {option}
            </label>
          ))}
        </div>
        {help}
      </fieldset>
    );
  }
  if (field.kind === 'select') {
    const selected = value as string;
    return (
      <div className="field">
        <label htmlFor={id}>{field.label}</label>
        <select
          id={id}
          value={selected}
          aria-describedby={helpId}
          onChange={(e) => onChange(writeField(entry, field, e.target.value))}
        >
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
          {!field.options?.includes(selected) && <option value={selected}>{selected || '(none)'}</option>}
        </select>
        {help}
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      <textarea
        id={id}
        className="mono"
        rows={2}
        spellCheck={false}
        value={typing ?? (value as string[]).join('\n')}
        aria-describedby={helpId}
        onChange={(e) => {
          setTyping(e.target.value);
          onChange(writeField(entry, field, e.target.value));
        }}
        onBlur={() => setTyping(null)}
      />
      {help}
    </div>
  );
}
