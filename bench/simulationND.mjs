// N-D Langevin on both engines: CPU ns per walker-step of the JavaScript N-D kernel and the
// WebAssembly SIMD lanes (issue 18 item 4; runChunkND, one thread), side by side on the same
// walkers, and the lanes with one and two groups of four walkers (the choice of WASM_GROUPS_ND).
// Case: U = x^4/4 - x^2/2 + y^2 (2-D) and + y^2 + z^2 (3-D), D = 0.25, γ = 1, dt = 1e-3, start
// x = -1 (others 0), absorbed in the region x >= 1 in a reflecting box [-4, 4]^n; Euler–Maruyama
// with samples only ('discrete'), Heun with the bridge test (the default), underdamped BAOAB
// (m = 1, start velocities thermal), and both with the friction matrix Γ = [[1.25, 0.75], [0.75,
// 1.25]] (eigenvalues 2 and 0.5; the steps' products are then full 2×2). Both engines run the
// same walkers, so their step counts and MFPTs must be equal (the "same" column checks it). Each
// timing is one run sized to ~TARGET_SECONDS after a calibration run and a warm-up chunk; times are
// CPU seconds of this process (user + system), the machine may be shared.
// Run after `npm run build`:  node bench/simulationND.mjs
import { loadavg } from 'node:os';
import {
  generateVectorSource,
  parseRegion,
  potentialFromExpressionND,
  simplify,
} from '../dist/expr/index.js';
import { laneSpecND, resolveConfigND, runChunkND } from '../dist/simulation/kernelND.js';
import { laneKernelND, runChunkNDOnLanes } from '../dist/simulation/wasmChunkND.js';

const TARGET_SECONDS = 1.5;
const CHUNK = 128;
const D = 0.25;
const DT = 1e-3;
const T_MAX = 1e4;
/** Γ = R diag(2, 0.5) Rᵀ, R the rotation by 45°: eigenvalues and orthonormal eigenvectors. */
const GAMMA = {
  values: [2, 0.5],
  vectors: [Math.SQRT1_2, -Math.SQRT1_2, Math.SQRT1_2, Math.SQRT1_2],
};

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function nD(expression, coordinates, scheme, monitoring, friction = 1) {
  const p = potentialFromExpressionND(expression, { coordinates });
  const g = simplify(parseRegion('x >= 1', { variables: coordinates }).conditions[0].ast);
  const dg = coordinates.map((_, i) => ({ kind: 'num', value: i === 0 ? 1 : 0 }));
  return {
    dimension: coordinates.length,
    dynamics: scheme === 'baoab' ? 'underdamped' : 'overdamped',
    scheme,
    monitoring,
    gradient: generateVectorSource(p.gradientAsts, coordinates),
    target: { count: 1, strict: [false], source: generateVectorSource([g, ...dg], coordinates) },
    box: coordinates.map(() => ({ min: -4, max: 4 })),
    D,
    friction,
    dt: DT,
    tMax: T_MAX,
    start: coordinates.map((_, i) => (i === 0 ? -1 : 0)),
    seed: 1,
  };
}

/** A chunk runner: the door (`runChunkND` on an engine) or the lanes with a given group count. */
function runnerOf(config, engine, groups) {
  if (groups === undefined) {
    const c = { ...config, engine };
    return (first, walkers) => runChunkND({ config: c, firstWalker: first, walkers });
  }
  const c = resolveConfigND(config);
  const spec = laneSpecND(c, config);
  const key = `bench|${JSON.stringify(config)}`;
  return (first, walkers) => runChunkNDOnLanes(laneKernelND(key, spec, groups), c, first, walkers);
}

function time(run, walkers) {
  const t0 = cpu();
  let steps = 0;
  let sum = 0;
  let absorbed = 0;
  for (let first = 0; first < walkers; first += CHUNK) {
    const r = run(first, CHUNK);
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

/** Walkers for ~TARGET_SECONDS on the JavaScript engine (the slower: both then run as many). */
function size(run) {
  time(run, CHUNK);
  const calibration = time(run, 2 * CHUNK);
  return Math.max(CHUNK, Math.round((2 * CHUNK * TARGET_SECONDS) / calibration.s / CHUNK) * CHUNK);
}

const cases = [
  ['2-D', 'Euler–Maruyama', nD('x^4/4 - x^2/2 + y^2', ['x', 'y'], 'euler-maruyama', 'discrete')],
  ['2-D', 'Heun, bridge', nD('x^4/4 - x^2/2 + y^2', ['x', 'y'], 'heun', 'bridge')],
  [
    '3-D',
    'Euler–Maruyama',
    nD('x^4/4 - x^2/2 + y^2 + z^2', ['x', 'y', 'z'], 'euler-maruyama', 'discrete'),
  ],
  ['3-D', 'Heun, bridge', nD('x^4/4 - x^2/2 + y^2 + z^2', ['x', 'y', 'z'], 'heun', 'bridge')],
  ['2-D', 'BAOAB', nD('x^4/4 - x^2/2 + y^2', ['x', 'y'], 'baoab', 'discrete')],
  ['3-D', 'BAOAB', nD('x^4/4 - x^2/2 + y^2 + z^2', ['x', 'y', 'z'], 'baoab', 'discrete')],
  ['2-D', 'Heun, bridge, Γ matrix', nD('x^4/4 - x^2/2 + y^2', ['x', 'y'], 'heun', 'bridge', GAMMA)],
  ['2-D', 'BAOAB, Γ matrix', nD('x^4/4 - x^2/2 + y^2', ['x', 'y'], 'baoab', 'discrete', GAMMA)],
];

console.log(
  `load average before: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
console.log(
  '| dims | scheme | walkers | walker-steps | js ns/step | wasm ns/step | js / wasm | wasm 1 group | wasm 2 groups | MFPT | same |',
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const [dims, scheme, config] of cases) {
  const js = runnerOf(config, 'js');
  const walkers = size(js);
  const rows = [
    js,
    runnerOf(config, 'wasm'),
    runnerOf(config, 'wasm', 1),
    runnerOf(config, 'wasm', 2),
  ];
  time(rows[1], CHUNK);
  time(rows[2], CHUNK);
  time(rows[3], CHUNK);
  const [a, b, g1, g2] = rows.map((run) => time(run, walkers));
  const ns = (r) => (r.s / r.steps) * 1e9;
  const same = [b, g1, g2].every((r) => r.steps === a.steps && r.mfpt === a.mfpt);
  console.log(
    `| ${dims} | ${scheme} | ${walkers} | ${(a.steps / 1e6).toFixed(1)}M | ${ns(a).toFixed(2)} | ${ns(b).toFixed(2)} | ${(ns(a) / ns(b)).toFixed(2)}× | ${ns(g1).toFixed(2)} | ${ns(g2).toFixed(2)} | ${a.mfpt.toFixed(2)} | ${same ? 'yes' : 'NO'} |`,
  );
}
console.log(
  `load average after: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
