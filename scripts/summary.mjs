// Adds up Vitest and Playwright JSON reports and prints "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
const [vitestReport, e2eReport] = process.argv.slice(2);
if (vitestReport && existsSync(vitestReport)) {
  const r = JSON.parse(readFileSync(vitestReport, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
} else failed += 1;
if (e2eReport && existsSync(e2eReport)) {
  const r = JSON.parse(readFileSync(e2eReport, 'utf8'));
  passed += (r.stats?.expected ?? 0) + (r.stats?.flaky ?? 0);
  failed += r.stats?.unexpected ?? 0;
  if ((r.errors ?? []).length > 0) failed += r.errors.length;
} else failed += 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
