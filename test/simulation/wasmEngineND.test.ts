/**
 * The WebAssembly SIMD engine for walkers in several coordinates (issue 18, item 4) against the
 * JavaScript N-D kernel, its reference: the same first-passage times, step counts, censoring and
 * failures bit for bit (Euler–Maruyama, Heun and BAOAB, scalar friction and friction matrices,
 * bridge and discrete monitoring, box walls, one or several target conditions, strict or not, 2-D
 * to 10-D, forces that call Math), the same positions to the last bit after many steps, on any
 * split into chunks and worker threads; MFPTs within 3 SE of exact values (mfpt_2d_coupled.json,
 * drift_mfpt.json, the 1-D exact route for a rotated Γ) and of the 1-D JavaScript kernel
 * (BAOAB); a configuration without programs runs on 'js'; bad input is still a KramersError.
 */
import { describe, expect, it } from 'vitest';
import { createSimulationPool } from '../../dist/node/index.js';
import {
  differentiate,
  generateVectorSource,
  parseExpression,
  simplify,
} from '../../src/expr/index.js';
import {
  engineRunner,
  inProcessRunner,
  isKramersError,
  passageOfDrift,
  prepareDrift,
  prepareND,
  prepareTransition,
  ROUTES,
  simulate,
  simulateDrift,
  simulateND,
  transitionOfND,
} from '../../src/index.js';
import { configOfDrift, configOfND } from '../../src/routes/index.js';
import type { ChunkResultND, SimulationConfigND } from '../../src/simulation/index.js';
import {
  buildKernelND,
  laneSpecND,
  resolveConfigND,
  runChunkND,
} from '../../src/simulation/kernelND.js';
import { deriveStreamSeed, normalOf } from '../../src/simulation/rng.js';
import { laneKernelND } from '../../src/simulation/wasmChunkND.js';
import { kernelModuleBytesND, MAX_GROUPS_ND } from '../../src/simulation/wasmKernelND.js';
import { readFixture } from '../support/fixtures.js';

interface BoxedProblem {
  readonly potential: string;
  readonly coordinates: readonly string[];
  readonly domain: readonly { min: number; max: number }[];
  readonly D: number;
  readonly dynamics?: 'overdamped' | 'underdamped';
  readonly gamma?: number | number[];
  readonly mass?: number;
}

const separable: BoxedProblem = {
  potential: 'x^4/4 - x^2/2 + 3*y^2/2',
  coordinates: ['x', 'y'],
  domain: [
    { min: -2.5, max: 2.5 },
    { min: -2, max: 2 },
  ],
  D: 0.1,
};

/** The kernel configuration the simulation route builds for a problem and a target region. */
function configOf(
  problem: BoxedProblem,
  fromX: number[],
  toRegion: string,
  settings: { dt: number; tMax: number; seed?: number },
): SimulationConfigND {
  const t = transitionOfND(prepareND({ ...problem, coordinates: [...problem.coordinates] }), {
    fromX,
    toRegion,
  });
  return configOfND(t, { walkers: 1, seed: settings.seed ?? 5, ...settings }).config;
}

/**
 * The configuration of U = Σ (x_i⁴/4 − x_i²/2) in n coordinates into {x0 − 0.5 ≥ 0, 2 − x1 > 0},
 * built as the route builds it but without its landscape scan (seconds in 10-D).
 */
function wellsConfig(n: number, tMax: number): SimulationConfigND {
  const coordinates = Array.from({ length: n }, (_, i) => `x${i}`);
  const tree = (text: string) => simplify(parseExpression(text, { variables: coordinates }).ast);
  const u = tree(coordinates.map((c) => `${c}^4/4 - ${c}^2/2`).join(' + '));
  const conditions = [tree('x0 - 0.5'), tree('2 - x1')];
  const gradients = conditions.flatMap((g) =>
    coordinates.map((c) => simplify(differentiate(g, c))),
  );
  return {
    dimension: n,
    dynamics: 'overdamped',
    gradient: generateVectorSource(
      coordinates.map((c) => simplify(differentiate(u, c))),
      coordinates,
    ),
    target: {
      count: 2,
      strict: [false, true],
      source: generateVectorSource([...conditions, ...gradients], coordinates),
    },
    box: coordinates.map(() => ({ min: -3, max: 3 })),
    D: 0.2,
    friction: 1,
    dt: 2e-3,
    tMax,
    start: coordinates.map(() => -1),
    seed: 3,
  };
}

/** The module's spec as runChunkND forms it. */
const specOf = (config: SimulationConfigND) => laneSpecND(resolveConfigND(config), config);

/** A chunk on one engine (the engine named in its result, checked). */
/** U = x⁸ + y⁸ in a box: the landscape of the runs that overflow (blowUpOf). */
const OVERFLOWING: BoxedProblem = {
  potential: 'x^8 + y^8',
  coordinates: ['x', 'y'],
  domain: [
    { min: -3, max: 3 },
    { min: -3, max: 3 },
  ],
  D: 0.1,
};

/**
 * A run that overflows: from (−2, 0.5) at dt = 0.5, with walls at ±10²⁰⁰ set after the route's
 * checks (so they do not stop it) and a target (both coordinates ≥ 2.9) never reached.
 */
function blowUpOf(problem: BoxedProblem): SimulationConfigND {
  return {
    // dt = 1e-5 passes the route's step check, which covers the box up to the target's U
    // (2·2.9⁸ ≈ 10⁴, where λ_max = 56·3⁶ ≈ 4·10⁴); the run's own dt is set below.
    ...configOf(problem, [-2, 0.5], 'x >= 2.9, y >= 2.9', { dt: 1e-5, tMax: 10 }),
    box: [
      { min: -1e200, max: 1e200 },
      { min: -1e200, max: 1e200 },
    ],
    dt: 0.5,
  };
}

function chunk(config: SimulationConfigND, engine: 'js' | 'wasm', first = 0, walkers = 96) {
  const r = runChunkND({ config: { ...config, engine }, firstWalker: first, walkers });
  expect(r.engine).toBe(engine);
  return r;
}

/** Bit-identical outcomes: every time, flag, the step total and any failure. */
function expectSame(a: ChunkResultND, b: ChunkResultND): void {
  expect(Array.from(b.times)).toEqual(Array.from(a.times));
  expect(Array.from(b.censored)).toEqual(Array.from(a.censored));
  expect(b.steps).toBe(a.steps);
  expect(b.failed ?? 0).toBe(a.failed ?? 0);
  expect(b.failure).toEqual(a.failure);
}

/** The runtime's WebAssembly (the project's types do not include the DOM's). */
const wasmApi = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } })
  .WebAssembly;

/** Walkers that were absorbed (so the comparison is not only of censored tMax values). */
const absorbed = (r: ChunkResultND) => r.censored.length - r.censored.reduce((s, c) => s + c, 0);

describe('wasm N-D walkers give the JavaScript kernel’s times bit for bit', () => {
  const cases: [string, SimulationConfigND][] = [
    ['2-D Heun, bridge', configOf(separable, [-1, 0], 'x >= 0', { dt: 2e-3, tMax: 6 })],
    [
      '2-D Euler–Maruyama, bridge',
      {
        ...configOf(separable, [-1, 0], 'x >= 0', { dt: 2e-3, tMax: 6 }),
        scheme: 'euler-maruyama',
      },
    ],
    [
      '2-D Heun, discrete monitoring',
      {
        ...configOf(separable, [-1, 0], 'x >= 0', { dt: 2e-3, tMax: 6 }),
        monitoring: 'discrete',
      },
    ],
    [
      // Walls at |y| = 0.15 (a few noise steps away) and x = −1.3: mirrored every few steps.
      '2-D Heun, narrow box (walls hit all the time)',
      configOf(
        {
          ...separable,
          domain: [
            { min: -1.3, max: 1 },
            { min: -0.15, max: 0.15 },
          ],
        },
        [-1, 0],
        'x >= 0',
        { dt: 5e-3, tMax: 6 },
      ),
    ],
    [
      'two conditions, one strict (the bridge on whichever is violated)',
      configOf(separable, [-1, 0], 'x > -0.2, y >= -0.1', { dt: 2e-3, tMax: 6 }),
    ],
    [
      '3-D, a force that calls exp, sqrt and abs (host Math and SIMD)',
      configOf(
        {
          potential: 'x^4/4 - x^2/2 + y^2 + z^2/2 + 0.2*x*z + 0.1*exp(-y^2) + 0.05*sqrt(1 + z^2)',
          coordinates: ['x', 'y', 'z'],
          domain: [
            { min: -2.5, max: 2.5 },
            { min: -2, max: 2 },
            { min: -2, max: 2 },
          ],
          D: 0.15,
        },
        [-1, 0, 0],
        'x + 0.1*abs(y) >= 0',
        { dt: 2e-3, tMax: 6 },
      ),
    ],
  ];
  for (const [what, config] of cases) {
    it(what, () => {
      const js = chunk(config, 'js');
      const wasm = chunk(config, 'wasm');
      expectSame(js, wasm);
      expect(absorbed(js)).toBeGreaterThan(10);
      expect(absorbed(js)).toBeLessThan(96);
    });
  }

  it('the Maier–Stein drift field (no potential) on the drift route’s configuration', () => {
    const t = passageOfDrift(
      prepareDrift({
        drift: 'x - x^3 - 10*x*y^2, -(1+x^2)*y',
        domain: [
          { min: -1.6, max: 1.5 },
          { min: -0.8, max: 0.8 },
        ],
        D: 0.1,
      }),
      { fromX: [-1, 0], toRegion: 'x >= 0.5' },
    );
    const { config } = configOfDrift(t, { walkers: 1, seed: 9, dt: 2e-3, tMax: 8 });
    const js = chunk(config, 'js');
    expectSame(js, chunk(config, 'wasm'));
    expect(absorbed(js)).toBeGreaterThan(10);
  });

  it('10 coordinates (the largest module) and a run that fails: the same failure', () => {
    const config = wellsConfig(10, 8);
    const js = chunk(config, 'js', 0, 24);
    expectSame(js, chunk(config, 'wasm', 0, 24));
    expect(absorbed(js)).toBeGreaterThan(2);
    // A force that overflows: U = x⁸ + y⁸ with dt = 0.5 from (−2, 0.5) overshoots to x ≈ 510,
    // then 10¹⁹, 10¹³⁴, … until a step is not finite; walls at ±10²⁰⁰ (set after the route's
    // checks) do not stop it, and the target (both coordinates ≥ 2.9) is never reached.
    const blowUp = blowUpOf(OVERFLOWING);
    for (const scheme of ['heun', 'euler-maruyama'] as const) {
      const js = chunk({ ...blowUp, scheme }, 'js', 0, 8);
      const wasm = chunk({ ...blowUp, scheme }, 'wasm', 0, 8);
      expect(js.failed).toBeGreaterThan(4);
      expectSame(js, wasm);
    }
  });

  it('any split into chunks gives the same walkers', () => {
    const config = cases[0]![1];
    const whole = chunk(config, 'wasm', 0, 96);
    const parts = [chunk(config, 'wasm', 0, 37), chunk(config, 'wasm', 37, 59)];
    expect([...parts[0]!.times, ...parts[1]!.times]).toEqual(Array.from(whole.times));
    expect(parts[0]!.steps + parts[1]!.steps).toBe(whole.steps);
  });

  it('an abort keeps a prefix of finished walkers, equal to the JavaScript engine’s', () => {
    const config = cases[0]![1];
    const wasm = runChunkND(
      { config: { ...config, engine: 'wasm' }, firstWalker: 0, walkers: 96 },
      { aborted: true },
    );
    expect(wasm.aborted).toBe(true);
    expect(wasm.times.length).toBe(0);
  });

  it('the modules validate, for one and two lane groups, Heun and Euler–Maruyama, 2-D to 10-D', () => {
    for (const n of [2, 3, 10]) {
      const config = wellsConfig(n, 1);
      for (let groups = 1; groups <= MAX_GROUPS_ND; groups++) {
        for (const scheme of ['heun', 'euler-maruyama'] as const) {
          const bytes = kernelModuleBytesND(specOf({ ...config, scheme }), groups);
          expect(wasmApi.validate(bytes), `n = ${n}, ${groups} groups, ${scheme}`).toBe(true);
        }
        const baoab = { ...config, dynamics: 'underdamped' as const, mass: 2 };
        const bytes = kernelModuleBytesND(specOf(baoab), groups);
        expect(wasmApi.validate(bytes), `n = ${n}, ${groups} groups, BAOAB`).toBe(true);
      }
    }
  });
});

describe('wasm N-D BAOAB walkers give the JavaScript kernel’s times bit for bit', () => {
  // D = 0.25 (ΔU/D = 1 on the x double well): most walkers cross within tMax, some do not.
  const underdamped = (problem: BoxedProblem, gamma: number, mass: number): BoxedProblem => ({
    ...problem,
    D: 0.25,
    dynamics: 'underdamped',
    gamma,
    mass,
  });
  const cases: [string, SimulationConfigND][] = [
    [
      '2-D, γ = 1, m = 1',
      configOf(underdamped(separable, 1, 1), [-1, 0], 'x >= 0', { dt: 5e-3, tMax: 10 }),
    ],
    [
      // Low friction and a heavier mass: the O-step's constants far from 1-D's defaults.
      '2-D, γ = 0.3, m = 2.5, two conditions, one strict',
      configOf(underdamped(separable, 0.3, 2.5), [-1, 0], 'x > -0.2, y >= -0.1', {
        dt: 5e-3,
        tMax: 8,
      }),
    ],
    [
      // Walls at |y| = 0.15 and x = −1.3: positions mirrored and velocities reversed often.
      '2-D, narrow box (specular walls hit all the time)',
      configOf(
        underdamped(
          {
            ...separable,
            domain: [
              { min: -1.3, max: 1 },
              { min: -0.15, max: 0.15 },
            ],
          },
          2,
          1,
        ),
        [-1, 0],
        'x >= 0',
        { dt: 5e-3, tMax: 10 },
      ),
    ],
    [
      '3-D, a force that calls exp, sqrt and abs (host Math and SIMD)',
      configOf(
        underdamped(
          {
            potential: 'x^4/4 - x^2/2 + y^2 + z^2/2 + 0.2*x*z + 0.1*exp(-y^2) + 0.05*sqrt(1 + z^2)',
            coordinates: ['x', 'y', 'z'],
            domain: [
              { min: -2.5, max: 2.5 },
              { min: -2, max: 2 },
              { min: -2, max: 2 },
            ],
            D: 0.15,
          },
          1.5,
          1,
        ),
        [-1, 0, 0],
        'x + 0.1*abs(y) >= 0',
        { dt: 5e-3, tMax: 10 },
      ),
    ],
  ];
  for (const [what, config] of cases) {
    it(what, () => {
      expect(config.dynamics).toBe('underdamped');
      const js = chunk(config, 'js');
      const wasm = chunk(config, 'wasm');
      expectSame(js, wasm);
      expect(absorbed(js)).toBeGreaterThan(10);
      expect(absorbed(js)).toBeLessThan(96);
    });
  }

  it('10 coordinates and a run that blows up: the same times and the same failure', () => {
    const config: SimulationConfigND = {
      ...wellsConfig(10, 8),
      dynamics: 'underdamped',
      scheme: 'baoab',
      mass: 0.7,
      friction: 1.3,
      dt: 5e-3,
    };
    const js = chunk(config, 'js', 0, 24);
    expectSame(js, chunk(config, 'wasm', 0, 24));
    expect(absorbed(js)).toBeGreaterThan(2);
    // U = x⁸ + y⁸ with dt = 0.5 from (−2, 0.5): the first kick sends v to ~10², the drift x
    // past the far side, and the force grows as x⁷ until a step is not finite; walls at ±10²⁰⁰
    // do not stop it and the target (both coordinates ≥ 2.9) is never reached.
    const blowUp = blowUpOf(underdamped(OVERFLOWING, 1, 1));
    const failing = chunk(blowUp, 'js', 0, 8);
    expect(failing.failed).toBeGreaterThan(4);
    expectSame(failing, chunk(blowUp, 'wasm', 0, 8));
  });

  it('any split into chunks gives the same walkers', () => {
    const config = cases[0]![1];
    const whole = chunk(config, 'wasm', 0, 96);
    const parts = [chunk(config, 'wasm', 0, 37), chunk(config, 'wasm', 37, 59)];
    expect([...parts[0]!.times, ...parts[1]!.times]).toEqual(Array.from(whole.times));
    expect(parts[0]!.steps + parts[1]!.steps).toBe(whole.steps);
  });
});

describe('friction matrices on the lanes give the JavaScript kernel’s times bit for bit', () => {
  // Γ with eigenvectors rotated off the axes (langevinND.test.ts's case): every entry of Γ⁻¹,
  // Γ^{−1/2} and e^{−Γdt/m} is non-zero, so every term of kernelND.ts's matrix products is used.
  const rotated: BoxedProblem = {
    potential: 'x^4/4 - x^2/2 + 3*y^2/2 + 0.3*x*y',
    coordinates: ['x', 'y'],
    domain: [
      { min: -2.5, max: 2.5 },
      { min: -2, max: 2 },
    ],
    D: 0.2,
    gamma: [1.25, 0.75, 0.75, 1.25],
  };
  const settings = { dt: 4e-3, tMax: 8 };
  const cases: [string, SimulationConfigND][] = [
    ['overdamped Heun, bridge', configOf(rotated, [-1, 0], 'x >= 0', settings)],
    [
      'overdamped Euler–Maruyama, two conditions (the bridge on either)',
      {
        ...configOf(rotated, [-1, 0], 'x > -0.2, y >= -0.1', settings),
        scheme: 'euler-maruyama',
      },
    ],
    [
      // A diagonal Γ: its matrices have zero entries, which kernelND.ts's products leave out.
      'overdamped Heun, diagonal Γ, narrow box',
      configOf(
        {
          ...rotated,
          gamma: [2, 0, 0, 0.5],
          domain: [
            { min: -1.3, max: 1 },
            { min: -0.15, max: 0.15 },
          ],
        },
        [-1, 0],
        'x >= 0',
        settings,
      ),
    ],
    [
      'underdamped BAOAB, m = 1.5',
      configOf({ ...rotated, dynamics: 'underdamped', mass: 1.5 }, [-1, 0], 'x >= 0', settings),
    ],
    [
      '3-D BAOAB, a full Γ',
      configOf(
        {
          potential: 'x^4/4 - x^2/2 + y^2 + z^2/2 + 0.2*x*z',
          coordinates: ['x', 'y', 'z'],
          domain: [
            { min: -2.5, max: 2.5 },
            { min: -2, max: 2 },
            { min: -2, max: 2 },
          ],
          D: 0.2,
          dynamics: 'underdamped',
          gamma: [1.5, 0.4, 0.2, 0.4, 1, 0.3, 0.2, 0.3, 0.8],
        },
        [-1, 0, 0],
        'x >= 0',
        settings,
      ),
    ],
  ];
  for (const [what, config] of cases) {
    it(what, () => {
      expect(typeof config.friction).toBe('object');
      const js = chunk(config, 'js');
      expectSame(js, chunk(config, 'wasm'));
      expect(absorbed(js)).toBeGreaterThan(10);
      expect(absorbed(js)).toBeLessThan(96);
    });
  }
});

describe('positions after many steps are the JavaScript kernel’s to the last bit', () => {
  // First-passage times are whole steps, so a difference in the last bits of a position changes
  // them only when a crossing is that close; the positions themselves show any change in the
  // order of operations. Four walkers run 400 steps on both kernels in a box narrow in y (walls
  // hit often) with the target out of reach; every lane must then sit at its step limit with the
  // JavaScript walker's coordinates exactly.
  const steps = 400;
  const problem = (dynamics: 'overdamped' | 'underdamped', gamma: number | number[]) =>
    configOf(
      {
        potential: 'x^4/4 - x^2/2 + y^2 + z^2/2 + 0.2*x*z + 0.1*exp(-y^2)',
        coordinates: ['x', 'y', 'z'],
        domain: [
          { min: -2.5, max: 2.5 },
          { min: -0.15, max: 0.15 },
          { min: -2, max: 2 },
        ],
        D: 0.2,
        dynamics,
        gamma,
        mass: 1.5,
      },
      [-1, 0, 0],
      'x >= 2.4',
      { dt: 5e-3, tMax: 10 },
    );
  const full = [1.5, 0.4, 0.2, 0.4, 1, 0.3, 0.2, 0.3, 0.8];
  const cases: [string, SimulationConfigND][] = [
    ['overdamped Heun, scalar γ', problem('overdamped', 1.5)],
    ['overdamped Heun, a full Γ', problem('overdamped', full)],
    [
      'overdamped Euler–Maruyama, a full Γ',
      { ...problem('overdamped', full), scheme: 'euler-maruyama' },
    ],
    ['BAOAB, scalar γ', problem('underdamped', 0.7)],
    ['BAOAB, a full Γ', problem('underdamped', full)],
  ];
  for (const [what, config] of cases) {
    it(what, () => {
      const c = resolveConfigND(config);
      const kernel = buildKernelND(c, config);
      const lanes = laneKernelND(`positions|${what}`, laneSpecND(c, config), 1);
      const expected: number[][] = [];
      for (let lane = 0; lane < 4; lane++) {
        const s = new Int32Array(deriveStreamSeed(c.seed, lane));
        const v = Float64Array.from(c.start, () =>
          c.dynamics === 'underdamped' ? Math.sqrt(c.D / c.mass) * normalOf(s) : 0,
        );
        lanes.setLane(lane, s, c.start, v, steps);
        const [q, f] = [Float64Array.from(c.start), new Float64Array(3)];
        const gq = new Float64Array(config.target.count * 4);
        kernel.prime(q, f, gq);
        const st = new Float64Array(1);
        expect(kernel.block(s, st, q, v, f, gq, steps), 'JavaScript walker censored').toBe(0);
        expected.push(Array.from(q));
      }
      while (lanes.hot(1 << 12) === 0);
      for (let lane = 0; lane < 4; lane++) {
        expect([lanes.code(lane), lanes.n(lane)]).toEqual([3, steps]);
        expect(lanes.q(lane)).toEqual(expected[lane]);
      }
    });
  }
});

describe('engines on the N-D studies', () => {
  const short = {
    ...separable,
    coordinates: ['x', 'y'],
    fromX: [-1, 0],
    toRegion: 'x >= 0.3',
    walkers: 300,
    seed: 5,
    tMax: 4,
  };

  it('wasm on two worker threads gives the JavaScript engine’s numbers in this thread', async () => {
    const js = await simulateND(short, { runner: engineRunner(inProcessRunner, 'js') });
    const pool = createSimulationPool(2);
    try {
      const wasm = await simulateND(short, { runner: engineRunner(pool.runner, 'wasm') });
      expect(js.engine).toBe('js');
      expect(wasm.engine).toBe('wasm');
      expect(wasm.steps).toBe(js.steps);
      expect(wasm.censored).toBe(js.censored);
      expect(wasm.mfpt).toBe(js.mfpt);
      expect(wasm.histogram).toEqual(js.histogram);
    } finally {
      await pool.close();
    }
  });

  it('BAOAB on two worker threads gives the JavaScript engine’s numbers in this thread', async () => {
    const underdamped = { ...short, D: 0.25, dynamics: 'underdamped' as const, gamma: 0.5 };
    const js = await simulateND(underdamped, { runner: engineRunner(inProcessRunner, 'js') });
    const pool = createSimulationPool(2);
    try {
      const wasm = await simulateND(underdamped, { runner: engineRunner(pool.runner, 'wasm') });
      expect([js.engine, wasm.engine]).toEqual(['js', 'wasm']);
      expect(wasm.steps).toBe(js.steps);
      expect(wasm.censored).toBe(js.censored);
      expect(wasm.mfpt).toBe(js.mfpt);
      expect(wasm.histogram).toEqual(js.histogram);
    } finally {
      await pool.close();
    }
  });

  it('a gradient without its program runs on js whatever is asked', () => {
    const config = configOf(separable, [-1, 0], 'x >= 0', { dt: 2e-3, tMax: 1 });
    const { program: _, ...source } = config.gradient;
    const r = runChunkND({
      config: { ...config, gradient: source, engine: 'wasm' },
      firstWalker: 0,
      walkers: 4,
    });
    expect(r.engine).toBe('js');
  });

  it('a rotated friction matrix on the lanes: the u-mode within 3 SE of the exact 1-D MFPT at γ = 2', async () => {
    // langevinND.test.ts's case with a fresh seed: U = f(u) + 3v²/2 in u = (x + y)/√2 and
    // Γ = R diag(2, 0.5) Rᵀ share their eigenvectors, so u is a 1-D overdamped walk with γ = 2;
    // the exact route's quadrature is independent of any simulation. Fixed seed: deterministic.
    const r = await simulateND(
      {
        potential: '((x+y)*s)^4/4 - ((x+y)*s)^2/2 + 3*((x-y)*s)^2/2',
        coordinates: ['x', 'y'],
        parameters: { s: Math.SQRT1_2 },
        domain: [
          { min: -3, max: 3 },
          { min: -3, max: 3 },
        ],
        D: 0.1,
        gamma: [1.25, 0.75, 0.75, 1.25],
        fromX: [-Math.SQRT1_2, -Math.SQRT1_2],
        toRegion: '(x+y)*s >= 1',
        walkers: 400,
        seed: 29,
        // dt·λ_max/γ_min = 0.024: the Heun bias is far below the 5% SE (langevinND.test.ts).
        dt: 4e-3,
      },
      { runner: engineRunner(inProcessRunner, 'wasm') },
    );
    expect(r.engine).toBe('wasm');
    expect(r.retcode).toBe('success');
    const exact = ROUTES.exact.run(prepareTransition({ D: 0.1, gamma: 2, fromX: -1, toX: 1 })).mfpt;
    const z = Math.abs(r.mfpt! - exact) / r.mfptStdErr!;
    expect(z, `${r.mfpt} ± ${r.mfptStdErr} vs ${exact}`).toBeLessThan(3);
  });

  it('BAOAB in 2-D against the 1-D underdamped kernel on the JavaScript engine (x decouples)', async () => {
    // langevinND.test.ts's check, now on the lanes: with scalar γ and m the x-motion of the
    // separable potential is the 1-D Langevin equation, so the 1-D JavaScript kernel (its own
    // generated code and absorption test) simulates the same law at the same dt. Fresh seeds;
    // fixed, so deterministic; a correct kernel fails such a test with probability 0.3%.
    const common = { D: 0.1, gamma: 1, dynamics: 'underdamped' as const, dt: 5e-3, walkers: 500 };
    const nd = await simulateND(
      { ...separable, ...common, fromX: [-1, 0], toRegion: 'x >= 1', seed: 23 },
      { runner: engineRunner(inProcessRunner, 'wasm') },
    );
    const one = await simulate(
      { potential: 'x^4/4 - x^2/2', ...common, fromX: -1, toX: 1, seed: 24 },
      { runner: engineRunner(inProcessRunner, 'js') },
    );
    expect(nd.engine).toBe('wasm');
    expect(nd.retcode).toBe('success');
    const se = Math.hypot(nd.mfptStdErr!, one.mfptStdErr!);
    const z = Math.abs(nd.mfpt! - one.mfpt!) / se;
    expect(z, `${nd.mfpt} vs ${one.mfpt} ± ${se}`).toBeLessThan(3);
  });

  const f = readFixture<{
    potential: string;
    D: number;
    domain: number[][];
    start: number[];
    target: string;
    isotropic: { mfpt: number; error: number };
  }>('mfpt_2d_coupled.json');

  it('coupled 2-D potential: within 3 SE of the exact MFPT (finite volumes, mfpt_2d_coupled.py)', async () => {
    // A different seed from langevinND.test.ts's run: a fresh sample on the wasm engine. Fixed
    // seed, so deterministic; a correct kernel fails such a test with probability 0.3%.
    const r = await simulateND(
      {
        potential: f.potential,
        coordinates: ['x', 'y'],
        domain: f.domain.map(([min, max]) => ({ min: min!, max: max! })),
        D: f.D,
        fromX: f.start,
        toRegion: f.target,
        dt: 2e-3,
        walkers: 500,
        seed: 31,
      },
      { runner: engineRunner(inProcessRunner, 'wasm') },
    );
    expect(r.engine).toBe('wasm');
    expect(r.retcode).toBe('success');
    const z = Math.abs(r.mfpt! - f.isotropic.mfpt) / r.mfptStdErr!;
    expect(z, `${r.mfpt} ± ${r.mfptStdErr} vs ${f.isotropic.mfpt}`).toBeLessThan(3);
  });

  it('Maier–Stein β = 10, D = 0.05: within 3 SE of the exact MFPT (drift_mfpt.py)', async () => {
    const exact = readFixture<{
      maierStein: { cases: { D: number; mfpt: number; mfptError: number }[] };
    }>('drift_mfpt.json').maierStein.cases.find((c) => Math.abs(c.D - 0.05) < 1e-12)!;
    const r = await simulateDrift(
      {
        drift: 'x - x^3 - 10*x*y^2, -(1+x^2)*y',
        domain: [
          { min: -1.6, max: 1.5 },
          { min: -0.8, max: 0.8 },
        ],
        D: 0.05,
        fromX: [-1, 0],
        toRegion: 'x >= 1',
        walkers: 400,
        seed: 17,
        tMax: 3000,
      },
      { runner: engineRunner(inProcessRunner, 'wasm') },
    );
    expect(r.engine).toBe('wasm');
    expect(r.censored).toBe(0);
    // 3 SE, plus langevinDrift.test.ts's allowance for Heun's time-step bias (0.5%, measured in
    // bench/driftTimeStep.mjs) and the fixture's own error.
    const slack = 3 * r.mfptStdErr! + 0.005 * exact.mfpt + exact.mfptError;
    expect(Math.abs(r.mfpt! - exact.mfpt), `${r.mfpt!} ± ${r.mfptStdErr!}`).toBeLessThan(slack);
  });
});

describe('bad input is still a KramersError on the wasm engine', () => {
  const config = configOf(separable, [-1, 0], 'x >= 0', { dt: 2e-3, tMax: 1 });
  const refused = (change: Partial<SimulationConfigND>, code: string) => {
    let error: unknown;
    try {
      runChunkND({ config: { ...config, ...change }, firstWalker: 0, walkers: 4 });
    } catch (e) {
      error = e;
    }
    expect(isKramersError(error), String(error)).toBe(true);
    expect((error as { code: string }).code).toBe(code);
  };

  it('an unknown engine', () => refused({ engine: 'fast' as 'js' }, 'invalid_parameter'));
  it('a start inside the target', () =>
    refused({ engine: 'wasm', start: [0.5, 0] }, 'invalid_parameter'));
  it('a gradient program with a forbidden operation or an operand out of range', () => {
    const program = config.gradient.program!;
    const evil = { ...program, steps: [{ op: 'eval', a: { v: 0 } }] } as never;
    refused(
      { engine: 'wasm', gradient: { ...config.gradient, program: evil } },
      'invalid_parameter',
    );
    const far = { ...program, results: [{ t: 10 ** 6 }, { v: 1 }] } as never;
    refused(
      { engine: 'wasm', gradient: { ...config.gradient, program: far } },
      'invalid_parameter',
    );
  });
  it('a target program of the wrong number of results', () => {
    const source = config.target.source;
    const short = { ...source.program!, results: source.program!.results.slice(1) };
    refused(
      { engine: 'wasm', target: { ...config.target, source: { ...source, program: short } } },
      'invalid_parameter',
    );
  });
});
