import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * axe-core on the page as it is now: no violation, or the list of them (rule: targets).
 * `frames: false` checks the frame elements themselves but not the documents inside them.
 */
export async function expectNoAxeViolations(
  page: Page,
  where: string,
  { frames = true }: { frames?: boolean } = {},
): Promise<void> {
  const builder = new AxeBuilder({ page });
  const results = await (frames ? builder : builder.options({ iframes: false })).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe violations on ${where}`).toEqual([]);
}
