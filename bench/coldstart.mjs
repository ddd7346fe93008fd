// Cold start of `kramers analyze` (the default problem) beside a bare `node -e 0` and a process
// that only imports commander, spawned in the same script so the machine state is shared.
// Run after `npm run build`: node bench/coldstart.mjs [runs]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 21);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const commander = fileURLToPath(new URL('../node_modules/commander/index.js', import.meta.url));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(args) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
    samples.push(ms);
  }
  return median(samples);
}

const rows = [
  ['node -e 0 (Node start-up alone)', time(['-e', '0'])],
  [
    'node: import commander',
    time(['--input-type=module', '-e', `await import(${JSON.stringify(commander)})`]),
  ],
  ['kramers analyze (default double well)', time([cli, 'analyze'])],
  ['kramers analyze --json', time([cli, 'analyze', '--json'])],
  [
    'kramers analyze "-cos(x) - 0.5*x" --domain -4:8',
    time([cli, 'analyze', '-cos(x) - 0.5*x', '--domain', '-4:8']),
  ],
];
const base = rows[0][1];
console.log(`Cold start, median of ${runs} spawns (ms); target for kramers analyze: < 300 ms\n`);
console.log('| command | median ms | × node -e 0 |');
console.log('|---|---:|---:|');
for (const [name, ms] of rows)
  console.log(`| ${name} | ${ms.toFixed(1)} | ${(ms / base).toFixed(2)} |`);
