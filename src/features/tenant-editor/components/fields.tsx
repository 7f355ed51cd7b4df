import { type ReactNode, useEffect, useId, useState } from 'react';
import type { TenantFieldError } from '../../../server/tenant/schema.ts';
import { errorsUnder, optionalList, optionalText, parseLines } from '../model/draft.ts';

interface FieldProps {
  label: string;
  /** Dotted path in the tenant, to show the errors that name it. */
  path: string;
  errors: readonly TenantFieldError[];
  help?: ReactNode;
}

function FieldErrors({
  id,
  errors,
  path,
}: {
  id: string;
  errors: readonly TenantFieldError[];
  path: string;
}) {
  const mine = errorsUnder(errors, path);
  if (!mine.length) return null;
  return (
    <ul id={id} className="tenant-field-errors">
      {mine.map((e) => (
        <li key={`${e.path}:${e.message}`}>
          <code>{e.path}</code>: {e.message}
        </li>
      ))}
    </ul>
  );
}

function FieldHelp({ id, help }: { id: string; help?: ReactNode }) {
  return help ? (
    <small id={id} className="tenant-help">
      {help}
    </small>
  ) : null;
}

function useFieldIds(path: string, errors: readonly TenantFieldError[]) {
  const id = useId();
  const errorId = `${id}-errors`;
  const helpId = `${id}-help`;
  const invalid = errorsUnder(errors, path).length > 0;
  return { id, errorId, helpId, invalid };
}

function describedBy(invalid: boolean, errorId: string, help: ReactNode, helpId: string) {
  return [invalid ? errorId : '', help ? helpId : ''].filter(Boolean).join(' ') || undefined;
}

export function TextField({
  label,
  path,
  errors,
  help,
  value,
  onChange,
  type = 'text',
  autoComplete = 'off',
}: FieldProps & {
  value: string;
  onChange(value: string): void;
  type?: 'text' | 'email' | 'url' | 'password' | 'tel';
  autoComplete?: string;
}) {
  const ids = useFieldIds(path, errors);
  return (
    <div className="tenant-field">
      <label htmlFor={ids.id}>{label}</label>
      <input
        id={ids.id}
        type={type}
        value={value}
        autoComplete={autoComplete}
        spellCheck={false}
        aria-invalid={ids.invalid || undefined}
        aria-describedby={describedBy(ids.invalid, ids.errorId, help, ids.helpId)}
        onChange={(e) => onChange(e.target.value)}
      />
      <FieldHelp id={ids.helpId} help={help} />
      <FieldErrors id={ids.errorId} errors={errors} path={path} />
    </div>
  );
}

export function NumberField({
  label,
  path,
  errors,
  help,
  value,
  onChange,
}: FieldProps & { value: number; onChange(value: number): void }) {
  const ids = useFieldIds(path, errors);
  const [text, setText] = useState(String(value));
  useEffect(() => {
    setText((old) => (Number(old) === value ? old : String(value)));
  }, [value]);
  return (
    <div className="tenant-field">
      <label htmlFor={ids.id}>{label}</label>
      <input
        id={ids.id}
        type="number"
        inputMode="numeric"
        value={text}
        aria-invalid={ids.invalid || undefined}
        aria-describedby={describedBy(ids.invalid, ids.errorId, help, ids.helpId)}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value.trim() === '' ? Number.NaN : Number(e.target.value));
        }}
      />
      <FieldHelp id={ids.helpId} help={help} />
      <FieldErrors id={ids.errorId} errors={errors} path={path} />
    </div>
  );
}

export function CheckboxField({
  label,
  path,
  errors,
  help,
  checked,
  onChange,
}: FieldProps & { checked: boolean; onChange(checked: boolean): void }) {
  const ids = useFieldIds(path, errors);
  return (
    <div className="tenant-field tenant-check">
      <input
        id={ids.id}
        type="checkbox"
        checked={checked}
        aria-describedby={describedBy(ids.invalid, ids.errorId, help, ids.helpId)}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={ids.id}>{label}</label>
      <FieldHelp id={ids.helpId} help={help} />
      <FieldErrors id={ids.errorId} errors={errors} path={path} />
    </div>
  );
}

export function SelectField<T extends string>({
  label,
  path,
  errors,
  help,
  value,
  options,
  onChange,
}: FieldProps & { value: T; options: readonly T[]; onChange(value: T): void }) {
  const ids = useFieldIds(path, errors);
  return (
    <div className="tenant-field">
      <label htmlFor={ids.id}>{label}</label>
      <select
        id={ids.id}
        value={value}
        aria-invalid={ids.invalid || undefined}
        aria-describedby={describedBy(ids.invalid, ids.errorId, help, ids.helpId)}
        onChange={(e) => onChange(e.target.value as T)}
      >
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
      <FieldHelp id={ids.helpId} help={help} />
      <FieldErrors id={ids.errorId} errors={errors} path={path} />
    </div>
  );
}

/** A textarea whose text is kept as typed, parsed into a value on every change. */
export function TextAreaField<V>({
  label,
  path,
  errors,
  help,
  value,
  format,
  parse,
  onChange,
  rows = 3,
}: FieldProps & {
  value: V;
  format(value: V): string;
  /** Returns the value, or an error message for text that does not parse. */
  parse(text: string): { ok: true; value: V } | { ok: false; message: string };
  onChange(value: V): void;
  rows?: number;
}) {
  const ids = useFieldIds(path, errors);
  const [text, setText] = useState(() => format(value));
  const [parseError, setParseError] = useState('');
  useEffect(() => {
    setText((old) => {
      const parsed = parse(old);
      return parsed.ok && JSON.stringify(parsed.value) === JSON.stringify(value) ? old : format(value);
    });
  }, [value, format, parse]);
  const invalid = ids.invalid || parseError !== '';
  return (
    <div className="tenant-field">
      <label htmlFor={ids.id}>{label}</label>
      <textarea
        id={ids.id}
        rows={rows}
        value={text}
        spellCheck={false}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(invalid, ids.errorId, help, ids.helpId)}
        onChange={(e) => {
          setText(e.target.value);
          const parsed = parse(e.target.value);
          if (parsed.ok) {
            setParseError('');
            onChange(parsed.value);
          } else setParseError(parsed.message);
        }}
      />
      <FieldHelp id={ids.helpId} help={help} />
      {parseError ? (
        <ul id={ids.errorId} className="tenant-field-errors">
          <li>
            <code>{path}</code>: {parseError}
          </li>
        </ul>
      ) : (
        <FieldErrors id={ids.errorId} errors={errors} path={path} />
      )}
    </div>
  );
}

const joinLines = (list: readonly string[]) => list.join('\n');
const splitLines = (text: string) => ({ ok: true as const, value: parseLines(text) });

/** One string per line (redirect URIs, connections...). */
export function LinesField(
  props: FieldProps & { value: readonly string[]; onChange(value: string[]): void; rows?: number },
) {
  return (
    <TextAreaField<string[]>
      {...props}
      value={[...props.value]}
      format={joinLines}
      parse={splitLines}
      onChange={props.onChange}
    />
  );
}

type KeysOfType<T, V> = { [K in keyof T]-?: T[K] extends V ? K : never }[keyof T] & string;

/**
 * The props that tie the fields of one tenant item (a client, a user) to its keys: each field's
 * path (for its errors), its value and its change, so that a field names its key once.
 */
export function bindFields<T extends object>(
  item: T,
  path: string,
  errors: readonly TenantFieldError[],
  set: (patch: Partial<T>) => void,
) {
  const patch = (key: string, value: unknown) => set({ [key]: value } as Partial<T>);
  const at = (key: string) => ({ path: `${path}.${key}`, errors });
  return {
    /** A field that edits the value as it is (a list, a number, a choice). */
    value: <K extends keyof T & string>(key: K) => ({
      ...at(key),
      value: item[key],
      onChange: (value: T[K]) => patch(key, value),
    }),
    /** A text field; with `unsetWhenEmpty`, emptying it unsets an optional value that may not be empty. */
    text: (key: KeysOfType<T, string | undefined>, unsetWhenEmpty = false) => ({
      ...at(key),
      value: (item[key] as string | undefined) ?? '',
      onChange: (text: string) => patch(key, unsetWhenEmpty ? optionalText(text) : text),
    }),
    /** A list whose absence means something (no restriction): emptying it unsets it. */
    optionalList: (key: KeysOfType<T, string[] | undefined>) => ({
      ...at(key),
      value: (item[key] as string[] | undefined) ?? [],
      onChange: (lines: string[]) => patch(key, optionalList(lines)),
    }),
    /** A checkbox; `fallback` is what an unset value means. */
    check: (key: KeysOfType<T, boolean | undefined>, fallback = false) => ({
      ...at(key),
      checked: (item[key] as boolean | undefined) ?? fallback,
      onChange: (checked: boolean) => patch(key, checked),
    }),
  };
}
