// Simulated population relaxation (BAOAB) against the exact Klein–Kramers λ1/2 across friction,
// at ΔU/D = 2.5 and 5 on x⁴/4 − x²/2 (issue 6: "simulated within 3 SE of exact across γ 0.05–20"),
// with a dt check at high friction, plus the Mel'nikov–Meshkov gap to exact and the exact solver's
// cost. Slow (minutes): run with `npm run build && node bench/turnover.mjs`.
import { turnover } from '../dist/index.js';

const cases = [
  { D: 0.1, gammas: [0.05, 0.2, 1, 5, 20], walkers: 8000 },
  { D: 0.05, gammas: [0.05, 0.2, 1, 5], walkers: 8000 },
  { D: 0.05, gammas: [20], walkers: 2000 },
];
const dtChecks = [
  { D: 0.1, gamma: 20, dts: [0.02, 0.01, 0.005], walkers: 8000 },
  { D: 0.1, gamma: 5, dts: [0.02, 0.01], walkers: 8000 },
];

const fmt = (x, d = 4) => Number(x.toPrecision(d));
console.log(
  '| ΔU/D | γ | dt | walkers | exact k = λ1/2 | ± rel. | simulated k | SE | z | MM / exact − 1 | s |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const run = (D, gamma, walkers, dt, seed) => {
  const t0 = performance.now();
  const r = turnover({
    D,
    gammaMin: gamma,
    gammaMax: gamma,
    points: 1,
    exact: true,
    exactTolerance: 1e-4,
    simulate: { walkers, seed, gammas: [gamma], ...(dt ? { dt } : {}) },
  });
  const x = r.rows[0].rates;
  const z = (x.simulated - x.exact) / x.simulatedStdErr;
  const usedDt = dt ?? Math.min(0.03 / Math.SQRT2, 0.1 / gamma);
  console.log(
    `| ${fmt(0.25 / D, 3)} | ${gamma} | ${fmt(usedDt, 3)} | ${walkers} | ${fmt(x.exact, 6)} | ${fmt(x.exactError / x.exact, 2)} | ${fmt(x.simulated, 4)} | ${fmt(x.simulatedStdErr, 2)} | ${z.toFixed(2)} | ${(x.turnover / x.exact - 1).toFixed(3)} | ${((performance.now() - t0) / 1000).toFixed(1)} |`,
  );
  return z;
};
let worst = 0;
let seed = 11;
for (const c of cases) {
  for (const gamma of c.gammas)
    worst = Math.max(worst, Math.abs(run(c.D, gamma, c.walkers, undefined, seed++)));
}
console.log(`\nlargest |z| over the friction sweep: ${worst.toFixed(2)}\n`);
console.log('dt ladder at high friction (same seed per ladder):\n');
console.log(
  '| ΔU/D | γ | dt | walkers | exact k = λ1/2 | ± rel. | simulated k | SE | z | MM / exact − 1 | s |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const c of dtChecks) for (const dt of c.dts) run(c.D, c.gamma, c.walkers, dt, 99);
