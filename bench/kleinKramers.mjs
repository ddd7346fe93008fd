// The Klein–Kramers eigen-solver (src/spectral/kleinKramersSpectrum.ts) against every entry of
// the independent reference test/fixtures/klein_kramers_reference.json (plain Chebyshev ×
// Hermite, scipy ARPACK): seconds a point, actual and reported relative error at 1e-8.
// Run: npm run build && node bench/kleinKramers.mjs [gammaMin]
import { readFileSync } from 'node:fs';
import { kleinKramersSpectrum, potentialFromExpression } from '../dist/index.js';

const { cases } = JSON.parse(
  readFileSync(new URL('../test/fixtures/klein_kramers_reference.json', import.meta.url), 'utf8'),
);
const gammaMin = Number(process.argv[2] ?? 0);
const rows = [];
for (const c of cases.filter((x) => x.gamma >= gammaMin)) {
  const potential = potentialFromExpression(`x^4/4 - x^2/2 + ${c.tilt}*x`);
  const t0 = performance.now();
  const r = kleinKramersSpectrum({
    potential,
    D: c.D,
    gamma: c.gamma,
    searchDomain: { min: -1.5, max: 1.5 },
  });
  const seconds = (performance.now() - t0) / 1000;
  const actual = Math.abs(r.eigenvalues[1] - c.lambda1) / c.lambda1;
  const reported = r.errors[1] / r.eigenvalues[1];
  const last = r.levels[r.levels.length - 1];
  rows.push({ ...c, seconds, actual, reported, retcode: r.retcode });
  console.log(
    [
      `tilt ${c.tilt}`,
      `D ${c.D}`,
      `γ ${c.gamma}`,
      `${seconds.toFixed(2)} s`,
      r.retcode,
      `actual ${actual.toExponential(1)}`,
      `reported ${reported.toExponential(1)}`,
      actual <= reported + c.relativeError ? 'honest' : 'DISHONEST',
      `(${last.points}×${last.hermite})`,
    ].join('  '),
  );
}
const honest = rows.filter((r) => r.actual <= r.reported + r.relativeError).length;
console.log(
  `${honest}/${rows.length} honest; total ${rows.reduce((s, r) => s + r.seconds, 0).toFixed(1)} s`,
);
