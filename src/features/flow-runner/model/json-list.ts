/**
 * The model of the structured JSON editor (a `json` parameter): a JSON array of objects as
 * entries a form edits, and back. The text stays the value: a text that does not parse is kept as
 * typed and only explained.
 */
import * as v from 'valibot';
import type { JsonFieldSpec } from '../../flows/index.ts';

export type JsonEntry = Record<string, unknown>;

export type JsonListParse = { ok: true; entries: JsonEntry[] } | { ok: false; message: string };

const entriesSchema = v.array(
  v.record(v.string(), v.unknown(), 'each entry must be a JSON object ({…})'),
  'the value must be a JSON array ([…]) of objects',
);

/** Parses the text into entries, or says in a sentence why it cannot (with JSON's own position). */
export function parseJsonList(text: string): JsonListParse {
  if (text.trim() === '') return { ok: true, entries: [] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      message: `Not valid JSON: ${reason}. Your text is kept as typed; the form returns once it parses.`,
    };
  }
  const parsed = v.safeParse(entriesSchema, json);
  if (parsed.success) return { ok: true, entries: parsed.output };
  const issue = parsed.issues[0];
  const index = issue.path?.[0]?.key;
  const where = typeof index === 'number' ? `Entry ${index + 1}: ` : '';
  return { ok: false, message: `${where}${issue.message}. The form needs an array of objects.` };
}

/** The entries as the text the editor shows (two-space JSON; empty when there are none). */
export function formatJsonList(entries: readonly JsonEntry[]): string {
  return entries.length === 0 ? '' : JSON.stringify(entries, null, 2);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : [];
}

/** A field's value in an entry: the string of a select, the strings of checkboxes or a list. */
export function readField(entry: JsonEntry, field: JsonFieldSpec): string | string[] {
  const value = entry[field.name];
  if (field.kind === 'select') return typeof value === 'string' ? value : '';
  return strings(value);
}

/** Checks or unchecks one option, keeping the options' order and any value the form does not offer. */
export function toggleOption(entry: JsonEntry, field: JsonFieldSpec, option: string, on: boolean): JsonEntry {
  const current = strings(entry[field.name]);
  const next = on ? [...new Set([...current, option])] : current.filter((s) => s !== option);
  const order = field.options ?? [];
  next.sort((a, b) => rank(order, a) - rank(order, b));
  return { ...entry, [field.name]: next };
}

function rank(order: readonly string[], value: string): number {
  const i = order.indexOf(value);
  return i === -1 ? order.length : i;
}

/** A select's new value; a list's new lines (blank lines dropped; no lines: the field is left out). */
export function writeField(entry: JsonEntry, field: JsonFieldSpec, value: string): JsonEntry {
  if (field.kind === 'select') return { ...entry, [field.name]: value };
  const lines = value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const { [field.name]: _dropped, ...rest } = entry;
  return lines.length === 0 ? rest : { ...entry, [field.name]: lines };
}
