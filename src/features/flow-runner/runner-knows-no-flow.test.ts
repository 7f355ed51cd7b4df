import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowIds } from '../flows/index.ts';

/** Every source file of the runner (its tests excepted). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the runner', () => {
  const files = sources(new URL('.', import.meta.url).pathname);

  it('has source files to check', () => {
    expect(files.some((f) => f.endsWith('run-store.ts'))).toBe(true);
  });

  it('names no flow: adding a flow touches src/features/flows/ only', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const id of flowIds) {
        // As a string literal, or in a path such as `/flows/refresh-token`.
        const literal = new RegExp(`['"\`/]${id.replace(/-/g, '\\-')}['"\`/?]`);
        expect(literal.test(text), `${file} names the flow ${id}`).toBe(false);
      }
    }
  });

  it('keeps no OAuth special case that belongs to a flow', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const special of ['sent_state', 'sent_nonce', 'response_mode', 'values.interval', "'realm'"]) {
        expect(text.includes(special), `${file} mentions ${special}`).toBe(false);
      }
    }
  });
});
