// Exact 2-D MFPT: our banded GTH elimination of the detailed-balance (square-root) grid against
// scipy.sparse.linalg.spsolve (SuperLU) on the same grids, for U = x^4/4 - x^2/2 + y^2/2 on
// [-2,2]x[-1.5,1.5] at D = 0.05, from (-1, 0) into x >= 0.7 (gamma = 1).
// Run after `npm run build`:  node bench/exact2d.mjs
// The 1-D exact MFPT (Pontryagin's quadrature, 1e-12) is the reference: the potential is separable
// and the target a half-plane, so the 2-D answer equals it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { meanFirstPassageTime } from '../dist/exact1d/index.js';
import { potentialFromExpression } from '../dist/expr/index.js';
import { gridLadder, gridMfpt, mfptOnGrid } from '../dist/multid/index.js';

const D = 0.05;
const B = 0.7;
const BOX = [
  { min: -2, max: 2 },
  { min: -1.5, max: 1.5 },
];
const problem = {
  U: (x, y) => x ** 4 / 4 - x ** 2 / 2 + (y * y) / 2,
  D,
  gamma: 1,
  box: BOX,
  target: (x) => x >= B,
};
const reference = meanFirstPassageTime({
  potential: potentialFromExpression('x^4/4 - x^2/2'),
  D,
  start: -1,
  absorbing: B,
  reflecting: -2,
  tolerance: 1e-12,
}).mfpt;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed(f, repeats = 3) {
  const times = [];
  let value;
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    value = f();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { value, seconds: median(times) };
}

const ladder = gridLadder(4, 3, 126);
const grids = ladder.levels.map((s) => [s * ladder.p + 1, s * ladder.q + 1]);
const ours = grids.map(([nx, ny]) => {
  const { value, seconds } = timed(() => mfptOnGrid(problem, nx, ny));
  const k =
    Math.round((-1 - BOX[0].min) / value.grid.hx) * ny + Math.round(-BOX[1].min / value.grid.hy);
  return { nx, ny, seconds, mfpt: value.T[k] };
});
const whole = timed(() => gridMfpt(problem, [-1, 0], ladder, 1e-4), 3);

const script = fileURLToPath(new URL('./exact2d_scipy.py', import.meta.url));
const py = spawnSync('python3', [script, String(D), String(B), ...grids.map((g) => g.join('x'))], {
  encoding: 'utf8',
});
const scipy =
  py.status === 0
    ? py.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
    : [];
if (py.status !== 0) console.error(py.stderr);

console.log(`reference (1-D exact): T = ${reference}`);
console.log(
  '| grid | ours s (GTH band) | T ours (node) | scipy spsolve s | T scipy (no defect corr.) |',
);
console.log('| ---- | ---: | ---: | ---: | ---: |');
ours.forEach((o, i) => {
  const s = scipy[i];
  console.log(
    `| ${o.nx}×${o.ny} | ${o.seconds.toFixed(3)} | ${o.mfpt.toPrecision(9)} | ${s ? s.seconds.toFixed(3) : '—'} | ${s ? s.mfpt.toPrecision(9) : '—'} |`,
  );
});
const w = whole.value;
console.log(
  `ladder (4 grids + Richardson): ${whole.seconds.toFixed(2)} s, T = ${w.mfpt.toPrecision(10)} ± ${w.error.toPrecision(2)} (estimate ${w.relativeError.toExponential(1)} rel., actual ${(Math.abs(w.mfpt - reference) / reference).toExponential(1)})`,
);
