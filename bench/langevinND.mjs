// N-D Langevin: ns per walker-step of the generated N-D kernels (runChunkND) beside the 1-D kernel
// (runChunk) in the same process, one thread, on the same double well: U = x^4/4 - x^2/2 in 1-D,
// plus harmonic modes y^2 (2-D) and y^2 + z^2 (3-D), D = 0.25, γ = 1, dt = 1e-3, start x = -1
// (the other coordinates 0), absorbed at x ≥ 1 (the region "x >= 1" in N-D). Samples only
// ('discrete') unless said; underdamped BAOAB with m = 1. The separable N-D passages have the
// 1-D MFPT (the last column checks it). Each timing is one run sized to ~TARGET_SECONDS after a
// calibration run and a warm-up chunk; times are CPU seconds of this process.
// Run after `npm run build`:  node bench/langevinND.mjs
import { loadavg } from 'node:os';
import {
  generateSource,
  generateVectorSource,
  parseRegion,
  potentialFromExpression,
  potentialFromExpressionND,
  simplify,
} from '../dist/expr/index.js';
import { runChunk, runChunkND } from '../dist/simulation/index.js';

const TARGET_SECONDS = 1.5;
const CHUNK = 128;
const D = 0.25;
const DT = 1e-3;
const T_MAX = 1e4;

// CPU time of this process (user + system), not wall time: on a machine shared with other work
// (load ≫ cores) wall time mostly measures the others.
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function oneD(dynamics, scheme, monitoring) {
  const p = potentialFromExpression('x^4/4 - x^2/2');
  return {
    run: runChunk,
    config: {
      dynamics,
      scheme,
      monitoring,
      force: generateSource(p.derivativeAsts[0], ['x']),
      potential: generateSource(simplify(p.ast), ['x']),
      D,
      gamma: 1,
      mass: 1,
      dt: DT,
      tMax: T_MAX,
      start: { x: -1 },
      absorbing: { above: 1 },
      seed: 1,
    },
  };
}

function nD(expression, coordinates, dynamics, scheme, monitoring, friction = 1) {
  const p = potentialFromExpressionND(expression, { coordinates });
  const g = simplify(parseRegion('x >= 1', { variables: coordinates }).conditions[0].ast);
  const dg = coordinates.map((_, i) => ({ kind: 'num', value: i === 0 ? 1 : 0 }));
  return {
    run: runChunkND,
    config: {
      dimension: coordinates.length,
      dynamics,
      scheme,
      monitoring,
      gradient: generateVectorSource(p.gradientAsts, coordinates),
      target: { count: 1, strict: [false], source: generateVectorSource([g, ...dg], coordinates) },
      box: coordinates.map(() => ({ min: -4, max: 4 })),
      D,
      friction,
      mass: 1,
      dt: DT,
      tMax: T_MAX,
      start: coordinates.map((_, i) => (i === 0 ? -1 : 0)),
      seed: 1,
      // The JavaScript kernels, as in the figures of bench/README.md (the default is now the
      // WebAssembly lanes where they apply: bench/simulationND.mjs compares the two).
      engine: 'js',
    },
  };
}

function time(kernel, walkers) {
  const t0 = cpu();
  let steps = 0;
  let sum = 0;
  let absorbed = 0;
  for (let first = 0; first < walkers; first += CHUNK) {
    const r = kernel.run({ config: kernel.config, firstWalker: first, walkers: CHUNK });
    steps += r.steps;
    for (let i = 0; i < r.times.length; i++) {
      if (!r.censored[i]) {
        sum += r.times[i];
        absorbed++;
      }
    }
  }
  return { s: cpu() - t0, steps, mfpt: sum / absorbed };
}

function measure(kernel) {
  time(kernel, CHUNK); // warm-up: compile and optimise
  const calibration = time(kernel, 2 * CHUNK);
  const walkers = Math.max(
    CHUNK,
    Math.round((2 * CHUNK * TARGET_SECONDS) / calibration.s / CHUNK) * CHUNK,
  );
  const r = time(kernel, walkers);
  return { ...r, walkers, ns: (r.s / r.steps) * 1e9 };
}

// A friction matrix with off-diagonal terms: Γ = [[1.25, 0.75], [0.75, 1.25]] by its eigenpairs.
const s = Math.SQRT1_2;
const rotated = { values: [0.5, 2], vectors: [s, s, -s, s] };
const cases = [
  ['1-D', 'Euler–Maruyama', oneD('overdamped', 'euler-maruyama', 'discrete')],
  [
    '2-D',
    'Euler–Maruyama',
    nD('x^4/4 - x^2/2 + y^2', ['x', 'y'], 'overdamped', 'euler-maruyama', 'discrete'),
  ],
  [
    '3-D',
    'Euler–Maruyama',
    nD('x^4/4 - x^2/2 + y^2 + z^2', ['x', 'y', 'z'], 'overdamped', 'euler-maruyama', 'discrete'),
  ],
  ['1-D', 'Heun, bridge', oneD('overdamped', 'heun', 'bridge')],
  ['2-D', 'Heun, bridge', nD('x^4/4 - x^2/2 + y^2', ['x', 'y'], 'overdamped', 'heun', 'bridge')],
  [
    '3-D',
    'Heun, bridge',
    nD('x^4/4 - x^2/2 + y^2 + z^2', ['x', 'y', 'z'], 'overdamped', 'heun', 'bridge'),
  ],
  [
    '2-D',
    'Heun, bridge, Γ matrix',
    nD('x^4/4 - x^2/2 + y^2', ['x', 'y'], 'overdamped', 'heun', 'bridge', rotated),
  ],
  ['1-D', 'BAOAB (m = 1)', oneD('underdamped', 'baoab', 'discrete')],
  [
    '2-D',
    'BAOAB (m = 1)',
    nD('x^4/4 - x^2/2 + y^2', ['x', 'y'], 'underdamped', 'baoab', 'discrete'),
  ],
  [
    '3-D',
    'BAOAB (m = 1)',
    nD('x^4/4 - x^2/2 + y^2 + z^2', ['x', 'y', 'z'], 'underdamped', 'baoab', 'discrete'),
  ],
];

console.log(
  `load average before: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
console.log('| dims | scheme | walkers | walker-steps | CPU s | ns/step | × 1-D | MFPT |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const oneDns = {};
for (const [dims, scheme, kernel] of cases) {
  const r = measure(kernel);
  const key = scheme.replace(', Γ matrix', '');
  if (dims === '1-D') oneDns[key] = r.ns;
  const ratio = oneDns[key] ? (r.ns / oneDns[key]).toFixed(2) : '';
  console.log(
    `| ${dims} | ${scheme} | ${r.walkers} | ${(r.steps / 1e6).toFixed(1)}M | ${r.s.toFixed(2)} | ${r.ns.toFixed(2)} | ${ratio}× | ${r.mfpt.toFixed(2)} |`,
  );
}
console.log(
  `load average after: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
