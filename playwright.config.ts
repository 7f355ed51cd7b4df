import { defineConfig } from '@playwright/test';

/** Ports can be moved so that several runs can share a machine. */
const port = Number(process.env.E2E_PORT ?? 4173);
const nodePort = Number(process.env.E2E_NODE_PORT ?? 4100);
/** Each port gets its own build folder, so that parallel runs do not overwrite each other's build. */
const outDir = process.env.E2E_PORT ? `dist-e2e-${port}` : 'dist';
const nodeOutDir = process.env.E2E_NODE_PORT ? `dist-node-e2e-${nodePort}` : 'dist-node';
/**
 * The sub-path deployment (BASE_PATH=/playground/), built into its own folder and served on its
 * own port; the `subpath` project runs the worker specs against it. E2E_SUBPATH=0 leaves it out.
 */
const subPathEnabled = process.env.E2E_SUBPATH !== '0' && process.env.E2E_DEV !== '1';
const subPathPort = Number(process.env.E2E_SUBPATH_PORT ?? port + 600);
const subPath = '/playground/';
/**
 * The origins the e2e build lets receive token values from an embed (VITE_EMBED_ORIGINS): the
 * docs pages that support-embed and embed-cross-site serve on their own ports.
 */
const embedOrigins = [
  `http://localhost:${nodePort + 100}`,
  `http://127.0.0.1:${nodePort + 100}`,
  `http://127.0.0.1:${nodePort + 102}`,
].join(' ');
const subPathOutDir = `dist-e2e-subpath-${subPathPort}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  // One retry in CI and in scripts/test-all.sh (a loaded 2-core machine); the summary counts flaky tests apart.
  retries: process.env.CI || process.env.E2E_RETRIES === '1' ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${port}`,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'chromium' },
    ...(subPathEnabled
      ? [
          {
            name: 'subpath',
            testMatch: /worker-(discovery|flow)\.spec\.ts$/,
            use: { baseURL: `http://localhost:${subPathPort}${subPath}` },
          },
        ]
      : []),
  ],
  webServer: [
    {
      command:
        process.env.E2E_DEV === '1'
          ? `VITE_EMBED_ORIGINS='${embedOrigins}' vite --port ${port} --strictPort`
          : `VITE_EMBED_ORIGINS='${embedOrigins}' OUT_DIR=${outDir} vite build --logLevel warn && OUT_DIR=${outDir} vite preview --port ${port} --strictPort`,
      url: `http://localhost:${port}/`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: `OUT_DIR_NODE=${nodeOutDir} vite build --ssr src/node/server.ts --logLevel warn && node ${nodeOutDir}/server.js --port ${nodePort}`,
      url: `http://localhost:${nodePort}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
    ...(subPathEnabled
      ? [
          {
            command: `BASE_PATH=${subPath} OUT_DIR=${subPathOutDir} vite build --logLevel warn && BASE_PATH=${subPath} OUT_DIR=${subPathOutDir} vite preview --port ${subPathPort} --strictPort`,
            url: `http://localhost:${subPathPort}${subPath}`,
            reuseExistingServer: false,
            timeout: 120_000,
          },
        ]
      : []),
  ],
});
