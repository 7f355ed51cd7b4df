import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flowIds, flows } from '../features/flows/index.ts';

/**
 * Every flow in the registry is driven by an e2e test with service workers blocked, so that the
 * page host and the in-page browser are proven for it. What counts, read from the spec sources:
 * `openInPageMode('<id>'` (it waits for the page-mode note), and `switchToFlow('<title>')` in a
 * spec whose every test runs with `serviceWorkers: 'block'` (a top-level `test.use`).
 */
const e2e = new URL('../../e2e/', import.meta.url);

function pageModeCoverage(): Map<string, string[]> {
  const covered = new Map<string, string[]>();
  const add = (id: string, file: string) => {
    covered.set(id, [...(covered.get(id) ?? []), file]);
  };
  for (const file of readdirSync(e2e).filter((name) => name.endsWith('.spec.ts'))) {
    const text = readFileSync(new URL(file, e2e), 'utf8');
    for (const [, id] of text.matchAll(/openInPageMode\(\s*'([\w-]+)'/g)) add(id as string, file);
    if (!/^test\.use\(\{ serviceWorkers: 'block' \}\);$/m.test(text)) continue;
    for (const [, title] of text.matchAll(/switchToFlow\(\s*'([^']+)'/g)) {
      add(flows.find((flow) => flow.title === title)?.id ?? `(no flow titled ${title})`, file);
    }
  }
  return covered;
}

describe('page-host e2e coverage', () => {
  const covered = pageModeCoverage();

  it('finds the page-host specs', () => {
    expect(covered.get('auth-code-pkce')).toContain('page-host.spec.ts');
  });

  it.each(flows.map((flow) => flow.id))('%s runs in an e2e test with service workers blocked', (id) => {
    expect(covered.has(id), `no e2e test opens ${id} with service workers blocked`).toBe(true);
  });

  it('flow-ids.ts, which e2e/a11y.spec.ts walks, lists exactly the registry', () => {
    expect([...flowIds].sort()).toEqual(flows.map((flow) => flow.id).sort());
  });

  it('names only flows that exist', () => {
    const ids = new Set<string>(flows.map((flow) => flow.id));
    expect([...covered.keys()].filter((id) => !ids.has(id))).toEqual([]);
  });
});
