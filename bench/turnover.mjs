// Simulated population relaxation (BAOAB) against the exact Klein–Kramers λ1/2 across friction,
// at ΔU/D = 2.5 and 5 on x⁴/4 − x²/2 (issue 6: "simulated within 3 SE of exact across γ 0.05–20"),
// with a dt check at high friction, plus the Mel'nikov–Meshkov gap to exact and the exact solver's
// cost, and the simulated points on 1 and 2 workers (turnover() runs them on the pool). Slow
// (minutes): run with `npm run build && node bench/turnover.mjs` (`workers` as the only argument
// runs the worker comparison alone).
import { turnover } from '../dist/index.js';
import { createSimulationPool } from '../dist/node/index.js';

const cases = [
  { D: 0.1, gammas: [0.05, 0.2, 1, 5, 20], walkers: 8000 },
  { D: 0.05, gammas: [0.05, 0.2, 1, 5], walkers: 8000 },
  { D: 0.05, gammas: [20], walkers: 2000 },
];
const dtChecks = [
  { D: 0.1, gamma: 20, dts: [0.02, 0.01, 0.005], walkers: 8000 },
  { D: 0.1, gamma: 5, dts: [0.02, 0.01], walkers: 8000 },
];

if (process.argv[2] === 'workers') {
  await workersComparison();
  process.exit(0);
}
const fmt = (x, d = 4) => Number(x.toPrecision(d));
console.log(
  '| ΔU/D | γ | dt | walkers | exact k = λ1/2 | ± rel. | simulated k | SE | z | MM / exact − 1 | s |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const run = async (D, gamma, walkers, dt, seed) => {
  const t0 = performance.now();
  const r = await turnover({
    D,
    gammaMin: gamma,
    gammaMax: gamma,
    points: 1,
    exact: true,
    exactTolerance: 1e-4,
    simulate: { walkers, seed, gammas: [gamma], ...(dt ? { dt } : {}) },
  });
  const row = r.rows[0];
  const x = {
    exact: row.rates.kleinKramers,
    exactError: row.errors.kleinKramers,
    simulated: row.rates.relaxation,
    simulatedStdErr: row.errors.relaxation,
    turnover: row.rates.melnikovMeshkov,
  };
  const z = (x.simulated - x.exact) / x.simulatedStdErr;
  const usedDt = dt ?? Math.min(0.03 / Math.SQRT2, 0.1 / gamma);
  console.log(
    `| ${fmt(0.25 / D, 3)} | ${gamma} | ${fmt(usedDt, 3)} | ${walkers} | ${fmt(x.exact, 6)} | ${fmt(x.exactError / x.exact, 2)} | ${fmt(x.simulated, 4)} | ${fmt(x.simulatedStdErr, 2)} | ${z.toFixed(2)} | ${(x.turnover / x.exact - 1).toFixed(3)} | ${((performance.now() - t0) / 1000).toFixed(1)} |`,
  );
  return z;
};
/**
 * Wall time of turnover()'s simulated points on a pool of 1 and of 2 worker threads (the same
 * seed, so the same numbers), alternating, best of `repeats`; CPU/wall says how many cores the
 * run really got on a shared machine.
 */
async function workersComparison(repeats = 3) {
  const problem = {
    D: 0.1,
    gammaMin: 0.5,
    gammaMax: 5,
    points: 3,
    simulate: { walkers: 8000, seed: 7 },
  };
  const best = { 1: Number.POSITIVE_INFINITY, 2: Number.POSITIVE_INFINITY };
  const values = {};
  for (let rep = 0; rep < repeats; rep++) {
    for (const workers of [1, 2]) {
      const pool = createSimulationPool(workers);
      const t0 = performance.now();
      const r = await turnover(problem, { runner: pool.runner });
      best[workers] = Math.min(best[workers], (performance.now() - t0) / 1000);
      values[workers] = r.rows.map((row) => row.rates.relaxation);
      await pool.close();
    }
  }
  console.log('| workers | best wall s (3 points × 8000 walkers) | speed-up |');
  console.log('| ---: | ---: | ---: |');
  for (const w of [1, 2])
    console.log(`| ${w} | ${best[w].toFixed(2)} | ${(best[1] / best[w]).toFixed(2)} |`);
  console.log(
    `\nsame numbers on 1 and 2 workers: ${JSON.stringify(values[1]) === JSON.stringify(values[2])}\n`,
  );
}
let worst = 0;
let seed = 11;
for (const c of cases) {
  for (const gamma of c.gammas)
    worst = Math.max(worst, Math.abs(await run(c.D, gamma, c.walkers, undefined, seed++)));
}
console.log(`\nlargest |z| over the friction sweep: ${worst.toFixed(2)}\n`);
console.log('dt ladder at high friction (same seed per ladder):\n');
console.log(
  '| ΔU/D | γ | dt | walkers | exact k = λ1/2 | ± rel. | simulated k | SE | z | MM / exact − 1 | s |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const c of dtChecks) for (const dt of c.dts) await run(c.D, c.gamma, c.walkers, dt, 99);
console.log('\nsimulated points on the worker pool:\n');
await workersComparison();
