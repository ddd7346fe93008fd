// The simulated studies beside first passage on both engines (issue 18, item 4): CPU ns per
// walker-step of turnover's population relaxation (runRelaxationChunk, BAOAB and overdamped Heun)
// and of transition counting (countTransitions, overdamped Heun with bridge monitoring, and
// BAOAB), the JavaScript kernels against the WebAssembly SIMD lanes on the same case and seed,
// one thread, CPU time of this process. The two engines give the same numbers bit for bit; this
// script checks that too (a mismatch is printed and exits 1).
// Run after `npm run build`:  node bench/simulationStudies.mjs [text: only the cases naming it]
// Cases: U = x^4/4 − x^2/2 (relaxation from the right well, divide 0, γ = 1, m = 1: the batch
// `turnover --simulate` runs at D = 0.05 — dt = 0.0212, a sample every 633 steps, 60 samples —
// and a short one, D = 0.1, dt = 0.02, a sample every 50 steps, 20 samples) and
// U = x^4/4 − x^2/2 + 0.15x (transitions: D = 0.2, cores x ≤ −0.9 and x ≥ 0.75, dt = 0.005,
// duration 2000 per trajectory; test/simulation/transitions.test.ts's case), and AMS runs
// (amsRuns: U = x^4/4 − x^2/2 from −1 to +1, 500 replicas, dt = 1e-3, bench/ams.mjs's case at
// ΔU/D = 20 and 40; the unit is one run, its excursions on the scalar wasm loop of wasmAms.ts),
// and stochastic resonance's free trajectories (sampleTrajectories: U = x^4/4 − x^2/2 −
// 0.05·x·cos(0.1t), D = 0.2, resonance.test.ts's case with the study's default record — 16
// samples a period, dt = 2π/0.1/16/786 ≈ 0.005, a sample every 786 steps, 4 + 64 periods — in
// jobs of four trajectories as the study now makes them, and of one as it did before; and at
// the study's record since e7296af, 128 samples a period, a sample every 98 steps), and first
// passage under a drive (runChunk, 64 walkers a unit from −1 to x ≥ 1, D = 0.25, dt = 1e-3: a
// force ramp 0.02·t·x as pull applies it, and a periodic drive 0.3·x·cos(2t)).
import { loadavg } from 'node:os';
import {
  generateSource,
  potentialFromExpression,
  simplify,
  timeDependentPotentialFromExpression,
} from '../dist/expr/index.js';
import {
  amsRuns,
  countTransitions,
  mergeTransitionCounts,
  runChunk,
  runRelaxationChunk,
  sampleTrajectories,
} from '../dist/simulation/index.js';

const TARGET_SECONDS = 1.5;

function sources(expression) {
  const u = potentialFromExpression(expression);
  return {
    force: generateSource(u.derivativeAsts[0], ['x']),
    potential: generateSource(simplify(u.ast), ['x']),
  };
}

const relaxation = {
  ...sources('x^4/4 - x^2/2'),
  D: 0.1,
  gamma: 1,
  mass: 1,
  dt: 0.02,
  divide: 0,
  start: { min: 0, max: 2.5 },
  sampleEvery: 50,
  samples: 20,
  seed: 5,
};
const TURNOVER = { D: 0.05, dt: 0.021213203435596423, sampleEvery: 633, samples: 60, seed: 4 };
const transitions = {
  ...sources('x^4/4 - x^2/2 + 0.15*x'),
  D: 0.2,
  gamma: 1,
  dt: 0.005,
  seed: 4,
  cores: [
    { min: Number.NEGATIVE_INFINITY, max: -0.9 },
    { min: 0.75, max: Number.POSITIVE_INFINITY },
  ],
  start: -1,
  duration: 2000,
};

const driven = timeDependentPotentialFromExpression('x^4/4 - x^2/2 - 0.05*x*cos(0.1*t)');
const resonance = {
  dynamics: 'overdamped',
  force: generateSource(driven.forceAst, ['x', 't']),
  potential: generateSource(driven.ast, ['x', 't']),
  D: 0.2,
  gamma: 1,
  dt: (2 * Math.PI) / 0.1 / 16 / 786,
  start: { boltzmann: { min: -3, max: 3 } },
  seed: 3,
};

/** n jobs of `batch` trajectories each (the study's jobs), merged as the study reads them. */
function trajectoryJobs(n, batch, engine, config = resonance, perPeriod = 16, every = 786) {
  const parts = [];
  for (let j = 0; j < n; j++) {
    parts.push(
      sampleTrajectories({
        config: { ...config, engine },
        firstTrajectory: j * batch,
        trajectories: batch,
        samples: 68 * perPeriod,
        every,
      }),
    );
  }
  return {
    x: parts.flatMap((p) => Array.from(p.x)),
    steps: parts.reduce((a, p) => a + p.steps, 0),
    failed: parts.reduce((a, p) => a + p.failed, 0),
  };
}

/** First passage under a drive U(x, t): walkers from −1 to x ≥ 1 (lanes fall out of step). */
function drivenChunk(expression, n, engine) {
  const u = timeDependentPotentialFromExpression(expression);
  return runChunk({
    config: {
      dynamics: 'overdamped',
      force: generateSource(u.forceAst, ['x', 't']),
      potential: generateSource(u.ast, ['x', 't']),
      D: 0.25,
      gamma: 1,
      dt: 1e-3,
      tMax: 200,
      start: { x: -1 },
      absorbing: { above: 1 },
      seed: 9,
      engine,
    },
    firstWalker: 0,
    walkers: 64 * n,
  });
}

const CASES = [
  [
    // turnover --simulate's batch at D = 0.05, γ = 1 (its dt, sampleEvery and 60 samples).
    'relaxation, BAOAB, turnover at ΔU/D = 5',
    (n, e) =>
      runRelaxationChunk(
        { ...relaxation, ...TURNOVER, dynamics: 'underdamped', engine: e },
        0,
        4 * n,
      ),
    'relax',
  ],
  [
    'relaxation, BAOAB, a sample every 50 steps',
    (n, e) => runRelaxationChunk({ ...relaxation, dynamics: 'underdamped', engine: e }, 0, 64 * n),
    'relax',
  ],
  [
    'relaxation, overdamped Heun',
    (n, e) =>
      runRelaxationChunk(
        { ...relaxation, dynamics: 'overdamped', dt: 0.005, sampleEvery: 200, engine: e },
        0,
        64 * n,
      ),
    'relax',
  ],
  [
    'transitions, overdamped Heun + bridge',
    (n, e) =>
      countTransitions({
        config: { ...transitions, dynamics: 'overdamped', engine: e },
        firstTrajectory: 0,
        trajectories: 4 * n,
      }),
    'count',
  ],
  [
    // The study made one job per trajectory before; it now makes jobs of four (the row above).
    'transitions, overdamped Heun + bridge, 1 a job (the study before)',
    (n, e) =>
      mergeTransitionCounts(
        Array.from({ length: 4 * n }, (_, i) =>
          countTransitions({
            config: { ...transitions, dynamics: 'overdamped', engine: e },
            firstTrajectory: i,
            trajectories: 1,
          }),
        ),
      ),
    'count',
  ],
  [
    'transitions, BAOAB (γ = 0.5, dt = 0.01)',
    (n, e) =>
      countTransitions({
        config: { ...transitions, dynamics: 'underdamped', gamma: 0.5, dt: 0.01, engine: e },
        firstTrajectory: 0,
        trajectories: 4 * n,
      }),
    'count',
  ],
  ...[20, 40].map((ratio) => [
    `AMS, ΔU/D = ${ratio}, −1 → +1, 500 replicas (a run each)`,
    (n, e) =>
      amsRuns({
        force: sources('x^4/4 - x^2/2').force,
        D: 0.25 / ratio,
        gamma: 1,
        dt: 1e-3,
        start: -1,
        target: 1,
        replicas: 500,
        seed: 11,
        independentRuns: n,
        engine: e,
      }),
    'ams',
  ]),
  [
    'resonance trajectories, Heun, driven, 4 a job (the study now)',
    (n, e) => trajectoryJobs(n, 4, e),
  ],
  ['resonance trajectories, Heun, driven, 1 a job (before)', (n, e) => trajectoryJobs(4 * n, 1, e)],
  [
    // The study's record since it samples 128 times a period: a sample every 98 steps.
    'resonance trajectories, Heun, driven, 4 a job, 128 a period',
    (n, e) =>
      trajectoryJobs(n, 4, e, { ...resonance, dt: (2 * Math.PI) / 0.1 / 128 / 98 }, 128, 98),
  ],
  [
    // The same record without the drive: no host Math call (cos) in the force.
    'resonance trajectories, Heun, undriven, 4 a job',
    (n, e) => trajectoryJobs(n, 4, e, { ...resonance, ...sources('x^4/4 - x^2/2') }),
  ],
  [
    // The pull study's shape: a force ramp F = r·t on the walkers (time-only part r·t, no call).
    'first passage, Heun, force ramp 0.02·t·x (pull)',
    (n, e) => drivenChunk('x^4/4 - x^2/2 - 0.02*t*x', n, e),
  ],
  [
    'first passage, Heun, periodic drive 0.3·x·cos(2t)',
    (n, e) => drivenChunk('x^4/4 - x^2/2 - 0.3*x*cos(2*t)', n, e),
  ],
];

function timed(run, units) {
  const t0 = process.cpuUsage();
  const result = run(units);
  const cpu = process.cpuUsage(t0);
  return { result, seconds: (cpu.user + cpu.system) / 1e6 };
}

/** Sized to ~TARGET_SECONDS on the JS engine after a probe; the same units on wasm. */
function measure(run) {
  timed((n) => run(n, 'wasm'), 1);
  const probe = timed((n) => run(n, 'js'), 1);
  const units = Math.max(1, Math.round(TARGET_SECONDS / Math.max(probe.seconds, 1e-3)));
  const js = timed((n) => run(n, 'js'), units);
  const wasm = timed((n) => run(n, 'wasm'), units);
  return { units, js, wasm };
}

// Everything but the name of the engine that ran.
const plain = (r) =>
  JSON.stringify(r, (k, v) =>
    k === 'engine' ? undefined : ArrayBuffer.isView(v) ? Array.from(v) : v,
  );
const same = (a, b) => plain(a) === plain(b);

console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log('| case | walker-steps | js ns/step | wasm ns/step | wasm vs js | same numbers |');
console.log('|---|---|---|---|---|---|');
let mismatch = false;
const only = process.argv[2];
for (const [name, run] of CASES.filter(([name]) => !only || name.includes(only))) {
  const { js, wasm } = measure(run);
  const steps = js.result.steps;
  const ok = same(js.result, wasm.result);
  mismatch ||= !ok;
  const ns = (r) => ((r.seconds / steps) * 1e9).toFixed(2);
  console.log(
    `| ${name} | ${steps.toExponential(2)} | ${ns(js)} | ${ns(wasm)} | ${(js.seconds / wasm.seconds).toFixed(2)}× | ${ok ? 'yes' : 'NO'} |`,
  );
}
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
if (mismatch) process.exit(1);
