import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const dist = (path: string) => fileURLToPath(new URL(`../dist/${path}`, import.meta.url));

/**
 * The Lab imports the package as users do: its entry ('kramers'), the browser entry and the
 * worker entry, resolved to the built dist/ (npm run build first). Output: dist/lab, with every
 * asset (fonts included) bundled: the page makes no external requests.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: {
    alias: [
      { find: /^kramers$/, replacement: dist('index.js') },
      { find: /^kramers\/browser$/, replacement: dist('browser/index.js') },
      {
        find: /^kramers\/browser\/worker(\?.*)?$/,
        replacement: `${dist('browser/simulationWorker.js')}$1`,
      },
    ],
  },
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../dist/lab', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1000,
  },
  logLevel: 'warn',
});
