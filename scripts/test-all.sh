#!/usr/bin/env bash
# Installs what the tests need (npm packages; Debian's chromium when missing) and runs every check:
# typecheck, lint, unit, e2e. Prints "N passed, N failed" at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
fi
npm ci --no-audit --no-fund
mkdir -p reports
status=0
# Every check runs even when an earlier one fails, so that one run reports everything.
npm run typecheck || status=1
npm run lint || status=1
npx vitest run --reporter=default --reporter=json --outputFile=reports/vitest.json || status=1
E2E_RETRIES=1 PLAYWRIGHT_JSON_OUTPUT_NAME=reports/e2e.json npx playwright test --reporter=line,json || status=1
node scripts/summary.mjs reports/vitest.json reports/e2e.json || status=1
exit $status
