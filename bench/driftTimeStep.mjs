// Walkers with a drift: the time-step bias of stochastic Heun with the bridge check of the target,
// on the Gibbs-preserving rotation b = −(I + M)∇U, U = x^4/4 − x^2/2 + y^2/2, m = 2, D = 0.1, from
// (−1, 0) into x ≥ 1, against the exact MFPT of test/fixtures/drift_mfpt.json (27.530072), at steps
// 20× and 10× the default 1e-3. Two worker threads (the house limit).
// Run after `npm run build`:  node bench/driftTimeStep.mjs [walkers]

import { simulateDrift } from '../dist/index.js';
import { createSimulationPool } from '../dist/node/index.js';

const EXACT = 27.530072100968866;
const walkers = Number(process.argv[2] ?? 20000);
const pool = createSimulationPool(2);
try {
  console.log('| dt | walkers | MFPT | ± SE | MFPT/exact − 1 | z | wall s |');
  console.log('| -: | ------: | ---: | ---: | -------------: | -: | -----: |');
  for (const dt of [0.02, 0.01]) {
    const t0 = performance.now();
    const r = await simulateDrift(
      {
        drift: '-(x^3 - x) - 2*y, 2*(x^3 - x) - y',
        potential: 'x^4/4 - x^2/2 + y^2/2',
        domain: [
          { min: -1.8, max: 1.5 },
          { min: -1.2, max: 1.2 },
        ],
        D: 0.1,
        fromX: [-1, 0],
        toRegion: 'x >= 1',
        walkers,
        seed: 11,
        dt,
      },
      { runner: pool.runner },
    );
    const rel = r.mfpt / EXACT - 1;
    const wall = (performance.now() - t0) / 1000;
    console.log(
      `| ${dt} | ${walkers} | ${r.mfpt.toFixed(3)} | ${r.mfptStdErr.toFixed(3)} | ${(100 * rel).toFixed(2)}% | ${((r.mfpt - EXACT) / r.mfptStdErr).toFixed(2)} | ${wall.toFixed(1)} |`,
    );
  }
} finally {
  await pool.close();
}
