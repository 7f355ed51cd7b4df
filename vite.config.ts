import { createHash } from 'node:crypto';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Dev only: serve src/sw/sw.ts at <base>sw.js (registered as a module worker). */
function serviceWorkerDev(base: string): Plugin {
  return {
    name: 'sw-dev',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const path = `${base}sw.js`;
        if (req.url === path || req.url?.startsWith(`${path}?`)) req.url = `${base}src/sw/sw.ts`;
        next();
      });
    },
  };
}

/**
 * Build only: writes the list of emitted files (app shell and assets) into sw.js, replacing
 * `self.__PRECACHE_MANIFEST` (src/sw/precache.ts), so the worker precaches them for offline use.
 * sw.js changes whenever any file does, which is what makes the browser install a new worker.
 */
function precacheManifest(): Plugin {
  return {
    name: 'sw-precache-manifest',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const sw = bundle['sw.js'];
      if (sw?.type !== 'chunk') return;
      const files = Object.keys(bundle)
        .filter((name) => name !== 'sw.js' && !name.endsWith('.map'))
        .sort();
      const hash = createHash('sha256');
      for (const name of files) {
        const output = bundle[name];
        hash.update(name).update(output.type === 'chunk' ? output.code : output.source);
      }
      const manifest = { version: hash.digest('hex').slice(0, 16), files };
      if (!sw.code.includes('self.__PRECACHE_MANIFEST')) {
        this.error('sw.js does not read self.__PRECACHE_MANIFEST: the precache list cannot be injected.');
      }
      sw.code = sw.code.replace('self.__PRECACHE_MANIFEST', `(${JSON.stringify(manifest)})`);
    },
  };
}

/** The app may be served under a sub-path: BASE_PATH=/playground/ npm run build. */
const base = process.env.BASE_PATH ?? '/';

export default defineConfig(({ isSsrBuild }) => ({
  base,
  plugins: [react(), serviceWorkerDev(base), precacheManifest()],
  build: isSsrBuild
    ? { outDir: process.env.OUT_DIR_NODE ?? 'dist-node', emptyOutDir: true }
    : {
        outDir: process.env.OUT_DIR ?? 'dist',
        rolldownOptions: {
          input: { main: 'index.html', sw: 'src/sw/sw.ts' },
          output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
        },
      },
}));
