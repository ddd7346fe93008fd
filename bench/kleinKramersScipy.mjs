// The Klein–Kramers solve (src/spectral/kleinKramersSpectrum.ts, block elimination over the
// Hermite index + orthogonal iteration) side by side with scipy's sparse route on the same matrix
// (bench/kleinKramersScipy.py: the same mapped-Chebyshev × Hermite discretisation assembled as
// one sparse matrix, SuperLU + ARPACK shift-invert). For each case our ladder runs at 1e-8; its
// finest (K, N) level is then solved by scipy, so both solve the same matrix: the eigenvalues
// agree to rounding and the seconds compare cost at equal accuracy.
// Run: npm run build && node bench/kleinKramersScipy.mjs   (skips scipy if python3/scipy is missing)
import { spawnSync } from 'node:child_process';
import { kleinKramersSpectrum, potentialFromExpression } from '../dist/index.js';

const cases = [
  [0, 0.1, 100],
  [0, 0.1, 1],
  [0, 0.1, 0.2],
  [0, 0.05, 1],
  [0, 0.05, 0.2],
  [0, 0.025, 1],
  [0.1, 0.1, 0.2],
  [0.1, 0.05, 1],
];
const script = new URL('./kleinKramersScipy.py', import.meta.url).pathname;
const hasScipy = spawnSync('python3', ['-c', 'import scipy.sparse.linalg'], { stdio: 'ignore' });
const scipy = hasScipy.status === 0;
if (!scipy) console.log('python3 with scipy not found: our solver only');

console.log(
  '| wells, D | γ | K × N (finest level) | ours: ladder s | ours: that level s | scipy: assemble + SuperLU + ARPACK s | factor nnz | λ1 (ours, corrected) | λ1 same level: ours − scipy (rel.) |',
);
console.log('| --- | --: | --: | --: | --: | --: | --: | --: | --: |');
for (const [tilt, D, gamma] of cases) {
  const potential = potentialFromExpression(`x^4/4 - x^2/2 + ${tilt}*x`);
  const t0 = performance.now();
  const r = kleinKramersSpectrum({ potential, D, gamma, searchDomain: { min: -1.5, max: 1.5 } });
  const ladder = (performance.now() - t0) / 1000;
  const finest = r.levels.reduce((a, b) =>
    b.points ** 3 * b.hermite > a.points ** 3 * a.hermite ? b : a,
  );
  let other = null;
  if (scipy) {
    const input = JSON.stringify({
      tilt,
      D,
      gamma,
      mass: 1,
      min: r.domain.min,
      max: r.domain.max,
      points: finest.points,
      hermite: finest.hermite,
      shift: r.eigenvalues[1],
    });
    const run = spawnSync('python3', [script], {
      input: `${input}\n`,
      encoding: 'utf8',
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
      maxBuffer: 1 << 24,
    });
    if (run.status === 0) other = JSON.parse(run.stdout.trim().split('\n').pop());
    else console.error(run.stderr);
  }
  const same = other
    ? ((finest.eigenvalues[1] - other.eigenvalues[1]) / other.eigenvalues[1]).toExponential(1)
    : '—';
  console.log(
    `| ${tilt ? 'tilted 0.1x' : 'symmetric'}, ${D} | ${gamma} | ${finest.points} × ${finest.hermite} | ${ladder.toFixed(2)} | ${finest.seconds.toFixed(2)} | ${other ? `${other.seconds.toFixed(2)} (${other.assemble.toFixed(2)} + ${other.factor.toFixed(2)} + ${other.eigs.toFixed(2)})` : '—'} | ${other ? other.factorNnz.toExponential(1) : '—'} | ${r.eigenvalues[1].toPrecision(11)} | ${same} |`,
  );
}
