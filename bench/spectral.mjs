// λ1 of the Smoluchowski operator for U = x⁴/4 − x²/2 (γ = 1): kramers vs scipy's sparse
// shift-invert Lanczos on the SAME square-root discretisation (run after `npm run build`).
//
// Rows: D = 0.1, 0.025, 0.005 (ΔU/D = 2.5, 10, 50). Columns:
// - kramers (full): smoluchowskiSpectrum at tolerance 1e-6 (domain, grids, three levels,
//   Richardson, λ2 for the gap, eigenfunctions), median wall time, relative error vs mpmath.
// - kramers kernel: lowestBirthDeathEigenvalue on the three levels' partner chains + Richardson.
// - scipy: eigsh(k=2, sigma=0, which='LM') on the same three partner matrices BBᵀ (written out
//   here, read by bench/spectral_scipy.py) + the same Richardson.
// References: test/fixtures/reference_cases.json (D = 0.1), test/fixtures/spectral_reference.json.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { potentialFromExpression } from '../dist/expr/index.js';
import { lowestBirthDeathEigenvalue, smoluchowskiSpectrum } from '../dist/spectral/index.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const doubleWell = JSON.parse(readFileSync(here('../test/fixtures/reference_cases.json'), 'utf8'));
const fixture = JSON.parse(readFileSync(here('../test/fixtures/spectral_reference.json'), 'utf8'));
const reference = {
  0.1: Number(doubleWell.cases.find((c) => c.id === 'quartic_D0.1_gamma1').lambda1),
  0.025: Number(fixture.cases.find((c) => c.id === 'quartic_D0.025').eigenvalues[0]),
  0.005: Number(fixture.cases.find((c) => c.id === 'quartic_D0.005').eigenvalues[0]),
};
const potential = potentialFromExpression('x^4/4 - x^2/2');
const REPEATS = 7;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn) {
  fn(); // warm-up
  const ms = [];
  let value;
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    value = fn();
    ms.push(performance.now() - t0);
  }
  return { value, ms: median(ms) };
}

function neville(t, v) {
  const p = [...v];
  for (let k = 1; k < p.length; k++) {
    for (let i = p.length - 1; i >= k; i--) p[i] += ((p[i] - p[i - 1]) * t[i]) / (t[i - k] - t[i]);
  }
  return p[p.length - 1];
}

/** Partner chain (edges) of the square-root approximation on cell-centred nodes in [a, b]. */
function partnerChain(a, b, nodes, D) {
  const h = (b - a) / nodes;
  const u = Float64Array.from({ length: nodes }, (_, i) => potential.U(a + (i + 0.5) * h));
  const kappa = D / (h * h);
  const toLeft = new Float64Array(nodes - 1);
  const toRight = new Float64Array(nodes - 1);
  for (let e = 0; e < nodes - 1; e++) {
    const half = (u[e + 1] - u[e]) / (2 * D);
    toLeft[e] = kappa * Math.exp(-half); // a_e: hop e → e+1
    toRight[e] = kappa * Math.exp(half); // b_e: hop e+1 → e
  }
  return { h, toLeft, toRight };
}

const rows = [];
const scipyInput = { repeats: 5, cases: [] };
for (const D of [0.1, 0.025, 0.005]) {
  const problem = {
    potential,
    D,
    n: 2,
    tolerance: 1e-6,
    searchDomain: { min: -1.5, max: 1.5 },
  };
  const full = time(() => smoluchowskiSpectrum(problem));
  const spectrum = full.value;
  // The same three levels the full run used: finest N cell-centred nodes, then N/2, N/4.
  const x = spectrum.x;
  const h = x[1] - x[0];
  const a = x[0] - h / 2;
  const b = x[x.length - 1] + h / 2;
  const n = x.length;
  const chains = [n / 4, n / 2, n].map((nodes) => partnerChain(a, b, nodes, D));
  const work = new Float64Array(5 * n);
  const kernel = time(() =>
    neville(
      chains.map((c) => c.h * c.h),
      chains.map((c) => lowestBirthDeathEigenvalue(c.toLeft, c.toRight, work)),
    ),
  );
  const finest = chains[2];
  let lambdaMax = 0;
  for (let e = 0; e < finest.toLeft.length; e++) {
    lambdaMax = Math.max(lambdaMax, 2 * (finest.toLeft[e] + finest.toRight[e]));
  }
  const ourFinest = lowestBirthDeathEigenvalue(finest.toLeft, finest.toRight, work);
  scipyInput.cases.push({
    id: String(D),
    levels: chains.map((c) => ({
      h: c.h,
      diag: Array.from(c.toLeft, (l, e) => l + c.toRight[e]),
      off: Array.from(
        { length: c.toLeft.length - 1 },
        (_, e) => -Math.sqrt(c.toRight[e] * c.toLeft[e + 1]),
      ),
    })),
  });
  rows.push({ D, n, full, kernel, ourFinest, lambdaMax, ref: reference[D] });
}

const path = join(tmpdir(), `kramers-spectral-bench-${process.pid}.json`);
writeFileSync(path, JSON.stringify(scipyInput));
const py = spawnSync('python3', [here('spectral_scipy.py'), path], { encoding: 'utf8' });
if (py.status !== 0) {
  console.error(py.stderr);
  process.exit(1);
}
const scipy = JSON.parse(py.stdout);

const rel = (v, ref) => (Number.isFinite(v) ? Math.abs(v / ref - 1).toExponential(1) : String(v));
const fmt = (ms) => ms.toFixed(2);
console.log(
  `\nλ1 of x⁴/4 − x²/2, γ = 1 (Node ${process.version}, scipy ${scipy.scipy}; median of ${REPEATS} / ${scipyInput.repeats} runs)\n`,
);
console.log(
  '| D | ΔU/D | finest N | λ1/λ_max | kramers full ms | rel. err | kernel ms | rel. err | scipy eigsh ms | rel. err | scipy/kernel | scipy finest vs ours |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
rows.forEach((r, i) => {
  const s = scipy.cases[i];
  console.log(
    `| ${r.D} | ${(0.25 / r.D).toFixed(1)} | ${r.n} | ${(r.ourFinest / r.lambdaMax).toExponential(1)} | ${fmt(r.full.ms)} | ${rel(r.full.value.eigenvalues[1], r.ref)} | ${fmt(r.kernel.ms)} | ${rel(r.kernel.value, r.ref)} | ${fmt(s.ms)} | ${rel(s.extrapolated, r.ref)} | ${(s.ms / r.kernel.ms).toFixed(1)} | ${rel(s.levels[2], r.ourFinest)} |`,
  );
});
console.log(
  '\nrel. err: against the mpmath reference. "scipy finest vs ours": relative difference of the two λ1 on the same finest matrix (ours is exact to ~1e-14 there: Sturm-count certified).',
);
