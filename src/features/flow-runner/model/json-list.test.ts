import { describe, expect, it } from 'vitest';
import type { JsonFieldSpec } from '../../flows/index.ts';
import { formatJsonList, parseJsonList, readField, toggleOption, writeField } from './json-list.ts';

const actions: JsonFieldSpec = {
  name: 'actions',
  label: 'Actions',
  kind: 'checkboxes',
  options: ['read', 'write'],
};
const locations: JsonFieldSpec = { name: 'locations', label: 'Locations', kind: 'list' };
const type: JsonFieldSpec = { name: 'type', label: 'Type', kind: 'select', options: ['messages'] };

describe('the JSON list editor model', () => {
  it('reads a JSON array of objects into entries and writes them back as the same JSON', () => {
    const text = JSON.stringify(
      [{ type: 'messages', actions: ['read'], locations: ['https://api.example.com'] }],
      null,
      2,
    );
    const parsed = parseJsonList(text);
    expect(parsed).toEqual({
      ok: true,
      entries: [{ type: 'messages', actions: ['read'], locations: ['https://api.example.com'] }],
    });
    if (!parsed.ok) return;
    expect(formatJsonList(parsed.entries)).toBe(text);
    expect(parseJsonList('')).toEqual({ ok: true, entries: [] });
    expect(formatJsonList([])).toBe('');
  });

  it('explains, readably, text that is not JSON or not an array of objects', () => {
    const broken = parseJsonList('[{"type": "messages",');
    expect(broken.ok).toBe(false);
    if (!broken.ok)
      expect(broken.message).toMatch(
        /^Not valid JSON: .+\. Your text is kept as typed; the form returns once it parses\.$/,
      );
    expect(parseJsonList('{"type":"messages"}')).toEqual({
      ok: false,
      message: 'the value must be a JSON array ([…]) of objects. The form needs an array of objects.',
    });
    expect(parseJsonList('[{"type":"messages"}, 3]')).toEqual({
      ok: false,
      message: 'Entry 2: each entry must be a JSON object ({…}). The form needs an array of objects.',
    });
  });

  it('edits fields: a select, checkboxes in the options’ order, a list one value a line', () => {
    const entry = { type: 'messages', actions: ['write'], extra: 1 };
    expect(readField(entry, type)).toBe('messages');
    expect(readField(entry, actions)).toEqual(['write']);
    expect(readField(entry, locations)).toEqual([]);
    expect(toggleOption(entry, actions, 'read', true)).toEqual({
      type: 'messages',
      actions: ['read', 'write'],
      extra: 1,
    });
    expect(toggleOption(entry, actions, 'write', false)).toEqual({ type: 'messages', actions: [], extra: 1 });
    // A value the form does not offer is kept (after the known ones).
    expect(toggleOption({ actions: ['delete'] }, actions, 'read', true)).toEqual({
      actions: ['read', 'delete'],
    });
    expect(writeField(entry, type, 'payments').type).toBe('payments');
    expect(writeField(entry, locations, ' https://a.example \n\nhttps://b.example\n').locations).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    // No lines: the field is left out rather than sent empty.
    expect(writeField({ ...entry, locations: ['x'] }, locations, '  \n')).toEqual(entry);
  });
});
