// Exact 1-D MFPT: our adaptive Chebyshev panels against nested scipy.integrate.quad, both at
// relative 1e-10, on the double well x^4/4 - x^2/2 from -1 to +1 (natural boundary at -inf).
// Run after `npm run build`:  node bench/mfpt.mjs
// Errors are against the mpmath references in test/fixtures/mfpt_reference.json (30 digits).
// Our time: median over REPETITIONS batches after a warm-up; scipy's: median of 5 runs in
// bench/mfpt_scipy.py, spawned from here so both run on the same machine at the same time.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { meanFirstPassageTime } from '../dist/exact1d/index.js';
import { potentialFromExpression } from '../dist/expr/index.js';

const CASES = [0.1, 0.05, 0.025];
const REPETITIONS = 15;
const CALLS = 20;
const WARMUP = 50;

const reference = JSON.parse(
  readFileSync(new URL('../test/fixtures/mfpt_reference.json', import.meta.url), 'utf8'),
);
const referenceFor = (D) =>
  Number(reference.mfpt.find((c) => c.id === `double_well_D${D}_to_other_well`).mfpt);

const potential = potentialFromExpression('x^4/4 - x^2/2');
const solve = (D) =>
  meanFirstPassageTime({ potential, D, start: -1, absorbing: 1, tolerance: 1e-10 });

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const ours = CASES.map((D) => {
  for (let i = 0; i < WARMUP; i++) solve(D);
  const times = [];
  let result;
  for (let r = 0; r < REPETITIONS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) result = solve(D);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6 / CALLS);
  }
  return {
    D,
    ms: median(times),
    mfpt: result.mfpt,
    panels: result.panels,
    evaluations: result.evaluations,
  };
});

const script = fileURLToPath(new URL('mfpt_scipy.py', import.meta.url));
const python = spawnSync('python3', [script, ...CASES.map(String)], { encoding: 'utf8' });
if (python.status !== 0) {
  console.error(python.stderr);
  process.exit(1);
}
const scipy = python.stdout
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));

const rel = (value, D) => Math.abs(value / referenceFor(D) - 1);
const fmt = (x) => (x === 0 ? '0' : x.toExponential(1));
console.log(
  '| case | ours ms | ours rel. error | panels (U calls) | scipy ms | scipy rel. error | speed-up |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [i, o] of ours.entries()) {
  const s = scipy[i];
  console.log(
    `| double well, D = ${o.D} (ΔU/D = ${0.25 / o.D}) | ${o.ms.toFixed(3)} | ${fmt(rel(o.mfpt, o.D))} | ${o.panels} (${o.evaluations}) | ${(s.seconds * 1e3).toFixed(2)} | ${fmt(rel(s.mfpt, o.D))} | ${((s.seconds * 1e3) / o.ms).toFixed(1)}× |`,
  );
}
