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

/** The app may be served under a sub-path: BASE_PATH=/playground/ npm run build. */
const base = process.env.BASE_PATH ?? '/';

export default defineConfig(({ isSsrBuild }) => ({
  base,
  plugins: [react(), serviceWorkerDev(base)],
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
