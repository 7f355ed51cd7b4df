import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowIds } from '../flows/index.ts';

/** Every source file under `dir` (its tests excepted). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** A flow's id as a string literal, or in a path such as `/flows/refresh-token`. */
const named = (id: string) => new RegExp(`['"\`/]${id.replace(/-/g, '\\-')}['"\`/?]`);

// Adding a flow touches src/features/flows/ only: the features that render or export any flow
// read what they need from its definition.
describe.each([
  { feature: 'the runner', dir: '.', sample: 'run-store.ts' },
  { feature: 'the export', dir: '../export', sample: 'snippet.ts' },
])('$feature', ({ dir, sample }) => {
  const files = sources(new URL(dir, import.meta.url).pathname);

  it('has source files to check', () => {
    expect(files.some((f) => f.endsWith(sample))).toBe(true);
  });

  it('names no flow', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const id of flowIds) expect(named(id).test(text), `${file} names the flow ${id}`).toBe(false);
    }
  });
});

describe('the runner', () => {
  const files = sources(new URL('.', import.meta.url).pathname);

  it('keeps no OAuth special case that belongs to a flow', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const special of ['sent_state', 'sent_nonce', 'response_mode', 'values.interval', "'realm'"]) {
        expect(text.includes(special), `${file} mentions ${special}`).toBe(false);
      }
    }
  });
});
