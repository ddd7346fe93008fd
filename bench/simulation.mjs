// Langevin first passage: ns per walker-step of our generated kernels (runChunk, one thread, and
// the worker pool with 1 and 2 workers) beside a C reference (bench/langevin.c, built with gcc -O3
// and with gcc -O3 -march=native) and numpy vectorised Euler–Maruyama (bench/langevin_numpy.py), all run from here
// on the same machine at the same time.
// Run after `npm run build`:  node bench/simulation.mjs
// Case: overdamped double well U = x^4/4 - x^2/2, D = 0.25, γ = 1, dt = 1e-3, start x = -1,
// absorbed at x ≥ +1 (first passage, samples only: monitoring 'discrete' as in C); underdamped
// BAOAB with m = 1, γ = 1. Each timing is one run sized to ~TARGET_SECONDS after a calibration run
// (and, for ours, a warm-up chunk). Targets: ours ≤ 1.5× C per core; 2 workers ≥ 1.8× one worker.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateSource, potentialFromExpression, simplify } from '../dist/expr/index.js';
import { createSimulationPool } from '../dist/node/simulationPool.js';
import { runChunk, runJobs } from '../dist/simulation/index.js';

const TARGET_SECONDS = 2;
const CHUNK = 128;
const POOL_CHUNKS = 64;
const D = 0.25;
const GAMMA = 1;
const MASS = 1;
const DT = 1e-3;
const T_MAX = 1e4;
const SEED = 1;

const potential = potentialFromExpression('x^4/4 - x^2/2');
const base = {
  force: generateSource(potential.derivativeAsts[0], ['x']),
  potential: generateSource(simplify(potential.ast), ['x']),
  D,
  gamma: GAMMA,
  mass: MASS,
  dt: DT,
  tMax: T_MAX,
  start: { x: -1 },
  absorbing: { above: 1 },
  seed: SEED,
};
const configs = {
  em: { ...base, dynamics: 'overdamped', scheme: 'euler-maruyama', monitoring: 'discrete' },
  emBridge: { ...base, dynamics: 'overdamped', scheme: 'euler-maruyama', monitoring: 'bridge' },
  heun: { ...base, dynamics: 'overdamped', scheme: 'heun', monitoring: 'discrete' },
  baoab: { ...base, dynamics: 'underdamped', scheme: 'baoab' },
};

const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const meanTime = (results) => {
  let sum = 0;
  let count = 0;
  for (const r of results)
    for (let i = 0; i < r.times.length; i++)
      if (!r.censored[i]) {
        sum += r.times[i];
        count++;
      }
  return sum / count;
};

// ---- C reference -------------------------------------------------------------------------------
// Two builds of the same loop: `gcc -O3` (the issue's reference) and `gcc -O3 -march=native`
// (stricter: it lets gcc use this CPU's FMA and vector instructions, which JavaScript cannot).
const source = fileURLToPath(new URL('langevin.c', import.meta.url));
const builds = { o3: ['-O3'], native: ['-O3', '-march=native'] };
const binaries = {};
let haveC = true;
for (const [name, flags] of Object.entries(builds)) {
  const binary = `/tmp/kramers-langevin-${name}-${process.pid}`;
  const compile = spawnSync('gcc', [...flags, '-o', binary, source, '-lm'], { encoding: 'utf8' });
  if (compile.error || compile.status !== 0) {
    haveC = false;
    console.log(`note: C reference skipped (gcc: ${compile.error?.message ?? compile.stderr})`);
    break;
  }
  binaries[name] = binary;
}

function runC(binary, scheme, walkers) {
  const args = [scheme, String(walkers), D, GAMMA, MASS, DT, T_MAX, SEED].map(String);
  const r = spawnSync(binary, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`langevin.c failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
function sized(run, probeWalkers) {
  const probe = run(probeWalkers);
  const walkers = Math.max(
    probeWalkers,
    Math.round((probeWalkers * TARGET_SECONDS) / Math.max(probe.seconds, 1e-3)),
  );
  return run(walkers);
}
const c = {};
const cO3 = {};
if (haveC) {
  for (const scheme of ['em', 'baoab']) {
    c[scheme] = sized((w) => runC(binaries.native, scheme, w), 1000);
    cO3[scheme] = sized((w) => runC(binaries.o3, scheme, w), 1000);
  }
}

// ---- ours, one thread (runChunk in this process) -----------------------------------------------
function runOurs(config, walkers) {
  const results = [];
  let steps = 0;
  const t0 = process.hrtime.bigint();
  for (let first = 0; first < walkers; first += CHUNK) {
    const r = runChunk({ config, firstWalker: first, walkers: Math.min(CHUNK, walkers - first) });
    steps += r.steps;
    results.push(r);
  }
  return { walkers, steps, seconds: seconds(t0), mfpt: meanTime(results) };
}
const ours = {};
for (const [name, config] of Object.entries(configs)) {
  runOurs(config, CHUNK); // warm-up: kernel built and optimised
  ours[name] = sized((w) => runOurs(config, Math.ceil(w / CHUNK) * CHUNK), 2 * CHUNK);
}

// ---- ours, worker pool: 1 vs 2 workers on the same requests -------------------------------------
const requests = Array.from({ length: POOL_CHUNKS }, (_, k) => ({
  config: configs.em,
  firstWalker: k * CHUNK,
  walkers: CHUNK,
}));
// The machine may be shared: each pool runs the requests POOL_REPEATS times, alternating, and the
// fastest wall time counts; CPU time / wall time shows how many cores the run really got.
const POOL_REPEATS = 3;
const pools = { 1: createSimulationPool(1), 2: createSimulationPool(2) };
for (const pool of Object.values(pools)) await runJobs(pool.runner, 'chunk', requests.slice(0, 8)); // warm-up
const pooled = {};
for (let rep = 0; rep < POOL_REPEATS; rep++) {
  for (const workers of [1, 2]) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const results = await runJobs(pools[workers].runner, 'chunk', requests);
    const s = seconds(t0);
    const cpu = process.cpuUsage(cpu0);
    if (!pooled[workers] || s < pooled[workers].seconds) {
      pooled[workers] = {
        walkers: POOL_CHUNKS * CHUNK,
        steps: results.reduce((sum, r) => sum + r.steps, 0),
        seconds: s,
        cores: (cpu.user + cpu.system) / 1e6 / s,
        mfpt: meanTime(results),
      };
    }
  }
}
for (const pool of Object.values(pools)) await pool.close();

// ---- numpy vectorised Euler–Maruyama -----------------------------------------------------------
const numpyScript = fileURLToPath(new URL('langevin_numpy.py', import.meta.url));
function runNumpy(walkers) {
  const args = [numpyScript, walkers, D, GAMMA, DT, T_MAX, SEED].map(String);
  const r = spawnSync('python3', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`langevin_numpy.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
const numpy = sized(runNumpy, 1000);

// ---- table -------------------------------------------------------------------------------------
const ns = (r) => (r.seconds * 1e9) / r.steps;
const rows = [];
const row = (what, scheme, r, reference) =>
  rows.push(
    `| ${what} | ${scheme} | ${r.walkers} | ${(r.steps / 1e6).toFixed(1)}M | ${r.seconds.toFixed(2)} | ${ns(r).toFixed(2)} | ${reference ? `${(ns(r) / ns(reference)).toFixed(2)}×` : '–'} | ${r.mfpt.toFixed(2)} |`,
  );
if (haveC) row('C gcc -O3 -march=native', 'Euler–Maruyama', c.em, c.em);
if (haveC) row('C gcc -O3', 'Euler–Maruyama', cO3.em, c.em);
row('ours, runChunk, 1 thread', 'Euler–Maruyama', ours.em, c.em);
row('ours, runChunk, 1 thread', 'Euler–Maruyama, bridge monitoring', ours.emBridge, c.em);
row('ours, runChunk, 1 thread', 'Heun', ours.heun, c.em);
row(
  `ours, pool, 1 worker (wall; ${pooled[1].cores.toFixed(2)} cores busy)`,
  'Euler–Maruyama',
  pooled[1],
  c.em,
);
row(
  `ours, pool, 2 workers (wall; ${pooled[2].cores.toFixed(2)} cores busy)`,
  'Euler–Maruyama',
  pooled[2],
  c.em,
);
row('numpy vectorised', 'Euler–Maruyama', numpy, c.em);
if (haveC) row('C gcc -O3 -march=native', 'BAOAB (m = 1)', c.baoab, c.baoab);
if (haveC) row('C gcc -O3', 'BAOAB (m = 1)', cO3.baoab, c.baoab);
row('ours, runChunk, 1 thread', 'BAOAB (m = 1)', ours.baoab, c.baoab);

console.log(
  '| implementation | scheme | walkers | walker-steps | s | ns/step | × C (same scheme) | MFPT |',
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const line of rows) console.log(line);
if (haveC) {
  const ratio = (r, ref) => (ns(r) / ns(ref)).toFixed(2);
  console.log(
    `\nours per core vs C (target ≤ 1.5×): Euler–Maruyama ${ratio(ours.em, cO3.em)}× gcc -O3, ${ratio(ours.em, c.em)}× gcc -O3 -march=native; BAOAB ${ratio(ours.baoab, cO3.baoab)}× gcc -O3, ${ratio(ours.baoab, c.baoab)}× gcc -O3 -march=native`,
  );
}
console.log(
  `\npool speed-up, 2 vs 1 worker on ${POOL_CHUNKS} chunks of ${CHUNK} (best of ${POOL_REPEATS}): ${(pooled[1].seconds / pooled[2].seconds).toFixed(2)}× (target ≥ 1.8×)`,
);
console.log(
  `load average after (1, 5, 15 min): ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; Node ${process.version}`,
);
