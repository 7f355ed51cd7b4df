/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time by function, and total time by
 * module/package, so that "where does a token request go" has a precise answer.
 * Usage: node bench/profile-summary.mjs <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const self = new Map();
const dt = new Map();
profile.samples.forEach((id, i) => {
  dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
let total = 0;
for (const [id, us] of dt) {
  total += us;
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/work\/main\//, '')}:${lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + us);
}
const area = (url) =>
  url === ''
    ? '(native/idle/gc)'
    : url.startsWith('node:')
      ? url
      : url.includes('node_modules/')
        ? url.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1')
        : url.replace(/^.*\/work\/main\//, '');
const inclusive = new Map();
for (const [id, us] of dt) {
  const seen = new Set();
  for (let n = id; n !== undefined; n = parent.get(n)) {
    const a = area(byId.get(n).callFrame.url);
    if (seen.has(a)) continue;
    seen.add(a);
    inclusive.set(a, (inclusive.get(a) ?? 0) + us);
  }
}
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
console.log(`total sampled: ${(total / 1000).toFixed(0)} ms`);
console.log('\nself time by function:');
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${k}`);
console.log('\ninclusive time by module or package:');
for (const [k, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${pct(us)}  ${k}`);

// Inclusive time of the playground's own functions (the bundled server), to see which step costs.
const ownInclusive = new Map();
for (const [id, us] of dt) {
  const seen = new Set();
  for (let n = id; n !== undefined; n = parent.get(n)) {
    const { functionName, url, lineNumber } = byId.get(n).callFrame;
    if (!url.includes('bench-node/server.js') && !url.includes('bench-core/index.js')) continue;
    const key = `${functionName || '(anonymous)'}:${lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    ownInclusive.set(key, (ownInclusive.get(key) ?? 0) + us);
  }
}
console.log('\ninclusive time of the playground server functions:');
for (const [k, us] of [...ownInclusive].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${pct(us)}  ${k}`);
