// `npm run build`'s last step: the CLI as one bundle (dist/cli/bundle.js and its lazily loaded
// chunks) instead of ~300 modules. Node 20's ESM loader pays for every module it resolves, reads,
// compiles and links: `import('dist/cli/main.js')` took 665–900 ms at a load of 5, the bundle
// 250–280 ms (bench/README.md, "the CLI's start"), and every command pays it before any work.
// The library (dist/index.js …) stays as tsc wrote it; packages and Node's built-ins stay imports.
// The bundle lives in dist/cli, so the paths its sources build from import.meta.url (the CLI's
// worker files './pointThread.js', '../node/…', '../lab/', '../../package.json') still point
// where they did. dist/cli.js, the `bin`, loads the bundle when it is newer than its entry.
import { chmodSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const out = join(dist, 'cli');
for (const name of readdirSync(out)) {
  if (/^bundle(-.*)?\.js$/.test(name)) rmSync(join(out, name));
}
const bundle = await rolldown({
  input: join(out, 'entry.js'),
  platform: 'node',
  // Only the repository's own files (relative or absolute paths) are bundled.
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
  logLevel: 'warn',
});
await bundle.write({
  dir: out,
  format: 'esm',
  entryFileNames: 'bundle.js',
  chunkFileNames: 'bundle-[name]-[hash].js',
  sourcemap: false,
});
await bundle.close();
chmodSync(join(dist, 'cli.js'), 0o755);
