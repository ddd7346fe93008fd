// Adaptive multilevel splitting on high barriers: wall time on 1 and 2 workers and the AMS MFPT
// against the exact one (Pontryagin quadrature) at ΔU/D = 20 and 40, the target being
// "within 10% with an error bar, under 60 s on 2 cores".
// Run after `npm run build`:  node bench/ams.mjs [replicas] [runs] [dt] [workers, e.g. 1,2] [js|wasm]
// (the last: the excursion kernels, default the faster one; the same numbers on either)
// Case: U = x^4/4 - x^2/2 (ΔU = 1/4), γ = 1, from the well bottom −1 to the barrier top 0 and to
// the other well's bottom +1 (the MFPT to +1 is twice the one to 0 up to O(D/ΔU)).
import { loadavg } from 'node:os';
import { engineRunner, simulateAms } from '../dist/index.js';
import { createSimulationPool } from '../dist/node/index.js';

const replicas = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 20);
const dt = Number(process.argv[4] ?? 1e-3);
const workerCounts = (process.argv[5] ?? '2').split(',').map(Number);
const engine = process.argv[6];
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

console.log(`load average before: ${loadavg()[0].toFixed(2)}`);
console.log(`replicas ${replicas}, runs ${runs}, dt ${dt}, engine ${engine ?? 'default'}`);
console.log(
  '| ΔU/D | target | workers | wall s | AMS MFPT | SE/MFPT | exact MFPT | AMS/exact | within CI |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const ratio of [20, 40]) {
  for (const toX of [0, 1]) {
    for (const workers of workerCounts) {
      const pool = createSimulationPool(workers);
      const t0 = process.hrtime.bigint();
      const r = await simulateAms(
        { D: 0.25 / ratio, toX, replicas, runs, dt, seed: 11 },
        { runner: engineRunner(pool.runner, engine) },
      );
      const wall = seconds(t0);
      await pool.close();
      const within = r.mfptCI95[0] <= r.exactMfpt && r.exactMfpt <= r.mfptCI95[1];
      console.log(
        `| ${ratio} | ${toX} | ${workers} | ${wall.toFixed(1)} | ${r.mfpt.toPrecision(4)} | ${(
          r.mfptStdErr / r.mfpt
        ).toFixed(3)} | ${r.exactMfpt.toPrecision(5)} | ${(r.mfpt / r.exactMfpt).toFixed(3)} | ${
          within ? 'yes' : 'no'
        } |`,
      );
    }
  }
}
console.log(`load average after: ${loadavg()[0].toFixed(2)}`);
