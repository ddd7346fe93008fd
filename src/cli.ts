#!/usr/bin/env node
import { statSync } from 'node:fs';

// The `kramers` command. It runs the CLI as one bundle (dist/cli/bundle.js, made by `npm run
// build`'s scripts/bundle-cli.mjs from cli/entry.js): Node 20 loads that about three times faster
// than the ~300 modules it is made of, a cost every command pays before its work. A bundle older
// than cli/entry.js (tsc run alone) is not used: the modules as they are, then.
const at = (file: string) => statSync(new URL(file, import.meta.url), { throwIfNoEntry: false });
const [bundle, entry] = [at('./cli/bundle.js'), at('./cli/entry.js')];
const current = bundle !== undefined && entry !== undefined && bundle.mtimeMs >= entry.mtimeMs;
const { start } = (await import(
  current ? './cli/bundle.js' : './cli/entry.js'
)) as typeof import('./cli/entry.js');
process.exitCode = await start(process.argv.slice(2));
