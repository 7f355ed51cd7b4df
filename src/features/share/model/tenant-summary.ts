/** What replacing one tenant with another changes, in a few human lines (for the confirmation). */
type Named = Record<string, unknown>;

const collections: [key: string, id: string, label: string][] = [
  ['clients', 'clientId', 'client'],
  ['users', 'email', 'user'],
  ['apis', 'identifier', 'API'],
  ['connections', 'name', 'connection'],
];

function asObject(value: unknown): Named {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Named) : {};
}

function list(value: unknown): Named[] {
  return Array.isArray(value) ? value.map(asObject) : [];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const short = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

export function summarizeTenantChange(current: unknown, next: unknown): string[] {
  const from = asObject(current);
  const to = asObject(next);
  const lines: string[] = [];
  for (const [key, id, label] of collections) {
    const before = list(from[key]);
    const after = list(to[key]);
    const idOf = (item: Named) => String(item[id] ?? '');
    for (const item of after) {
      const old = before.find((b) => idOf(b) === idOf(item));
      if (!old) lines.push(`adds the ${label} ${idOf(item)}`);
      else if (!same(old, item)) {
        const fields = Object.keys({ ...old, ...item }).filter((f) => !same(old[f], item[f]));
        lines.push(`changes the ${label} ${idOf(item)} (${fields.join(', ')})`);
      }
    }
    for (const item of before)
      if (!after.some((a) => idOf(a) === idOf(item))) lines.push(`removes the ${label} ${idOf(item)}`);
  }
  const others = new Set([...Object.keys(from), ...Object.keys(to)]);
  for (const [key] of collections) others.delete(key);
  for (const key of others)
    if (!same(from[key], to[key])) lines.push(`sets ${key} to ${short(to[key])} (was ${short(from[key])})`);
  return lines;
}
