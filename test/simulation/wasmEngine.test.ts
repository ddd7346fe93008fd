/**
 * The WebAssembly SIMD engine (issue 18) against the JavaScript engine, its reference: the same
 * first-passage times bit for bit (every scheme, boundary shape and force form), on any split into
 * chunks and worker threads; the same normal draws (so the JavaScript generator's battery covers
 * it, and a battery on 4 million of its own draws here); MFPTs within 3 SE of exact values; and a
 * generator that refuses any program that is not straight-line code of the allowed operations.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulationPool } from '../../dist/node/index.js';
import type { ExpressionProgram } from '../../src/core/index.js';
import { differentiate, generateSource, parseExpression, simplify } from '../../src/expr/index.js';
import { resolveConfig } from '../../src/simulation/config.js';
import {
  type ChunkResult,
  defaultEngine,
  deriveStreamSeed,
  engineRunner,
  firstPassageStatistics,
  inProcessRunner,
  runChunk,
  runJobs,
  type SimulationConfig,
} from '../../src/simulation/index.js';
import { normalOf } from '../../src/simulation/rng.js';
import { runChunkOnLanes } from '../../src/simulation/wasmChunk.js';
import { checkProgram, kernelModuleBytes } from '../../src/simulation/wasmKernel.js';
import { type LaneKernel, laneKernel } from '../../src/simulation/wasmLanes.js';
import { MFPT_TO_BARRIER_TOP, MFPT_TO_OTHER_WELL, sourcesOf } from './sources.js';

const base: SimulationConfig = {
  dynamics: 'overdamped',
  ...sourcesOf('x^4/4 - x^2/2'),
  D: 0.25,
  gamma: 1,
  dt: 1e-3,
  tMax: 40,
  start: { x: -1 },
  absorbing: { above: 1 },
  seed: 12345,
};

/** U(x, t) and U′(x, t) of a driven double well, as the resonance and pull studies build them. */
function drivenSources(): Pick<SimulationConfig, 'force' | 'potential'> {
  const variables = ['x', 't'];
  const u = simplify(parseExpression('x^4/4 - x^2/2 - 0.3*x*cos(2*t)', { variables }).ast);
  const force = simplify(differentiate(u, 'x'));
  return { potential: generateSource(u, variables), force: generateSource(force, variables) };
}

const underdamped: SimulationConfig = {
  ...base,
  dynamics: 'underdamped',
  dt: 5e-3,
  mass: 2,
  start: { boltzmann: { min: -2, max: -0.5 } },
  absorbing: { below: -2.5, above: 0.5 },
};

const CASES: [string, SimulationConfig][] = [
  ['overdamped Heun (the default), bridge monitoring', base],
  ['overdamped Euler–Maruyama, bridge', { ...base, scheme: 'euler-maruyama' }],
  [
    'Heun, discrete monitoring, two boundaries, Boltzmann start',
    {
      ...base,
      monitoring: 'discrete',
      start: { boltzmann: { min: -1.5, max: -0.5 } },
      absorbing: { below: -1.6, above: 0 },
    },
  ],
  ['Heun, a boundary below only', { ...base, start: { x: 1 }, absorbing: { below: -1 } }],
  ['underdamped BAOAB (the default), two boundaries, Boltzmann start', underdamped],
  ['underdamped Euler–Maruyama', { ...underdamped, scheme: 'euler-maruyama' }],
  [
    // Host Math calls per lane (sin, cos, exp, log, atan, tanh, pow) and SIMD sqrt and abs.
    'a force with every kind of function',
    {
      ...base,
      ...sourcesOf(
        'x^4/4 - x^2/2 + 0.1*sin(3*x) + 0.05*exp(-x^2) + 0.02*sqrt(x^2 + 1) + 0.02*atan(x) + 0.01*tanh(x) + 0.01*log(x^2 + 2) + 0.01*abs(x)^1.5 + 0.01*cosh(x/4)',
      ),
      tMax: 15,
      absorbing: { above: 0.8 },
    },
  ],
  ['a time-dependent force U′(x, t), Heun', { ...base, ...drivenSources() }],
  ['a time-dependent force, BAOAB', { ...underdamped, ...drivenSources() }],
];

function expectSameChunks(wasm: ChunkResult, js: ChunkResult): void {
  expect(wasm.engine).toBe('wasm');
  expect(js.engine).toBe('js');
  expect([...wasm.times]).toEqual([...js.times]);
  expect([...wasm.censored]).toEqual([...js.censored]);
  expect(wasm.steps).toBe(js.steps);
  expect(wasm.failed).toBe(js.failed);
  expect(wasm.failure).toEqual(js.failure);
}

describe('the same first-passage times on both engines, bit for bit', () => {
  it.each(CASES)('%s', (_, config) => {
    const request = { firstWalker: 5, walkers: 150 };
    const js = runChunk({ config: { ...config, engine: 'js' }, ...request });
    const wasm = runChunk({ config: { ...config, engine: 'wasm' }, ...request });
    expectSameChunks(wasm, js);
    // Some walkers absorbed, some not: both outcomes are compared.
    expect(js.censored.some((c) => c === 0)).toBe(true);
  });

  it('final states, a blow-up (U = −x⁴) and censoring at tMax come out the same', () => {
    const record = { ...base, tMax: 2, recordFinalState: true, absorbing: { above: 0 } };
    const [js, wasm] = (['js', 'wasm'] as const).map((engine) =>
      runChunk({ config: { ...record, engine }, firstWalker: 0, walkers: 60 }),
    ) as [ChunkResult, ChunkResult];
    expectSameChunks(wasm, js);
    expect([...wasm.finalX!]).toEqual([...js.finalX!]);
    expect(js.censored.some((c) => c === 1)).toBe(true);
    const blowUp: SimulationConfig = {
      ...base,
      ...sourcesOf('-x^4'),
      dt: 0.1,
      tMax: 1000,
      start: { x: 0 },
      absorbing: { above: 1e300 },
    };
    const a = runChunk({ config: { ...blowUp, engine: 'js' }, firstWalker: 0, walkers: 20 });
    const b = runChunk({ config: { ...blowUp, engine: 'wasm' }, firstWalker: 0, walkers: 20 });
    expectSameChunks(b, a);
    expect(a.failed).toBe(20);
  });

  it('any split into chunks gives the same times (lanes take walkers in index order)', () => {
    const config = { ...base, engine: 'wasm' as const };
    const whole = runChunk({ config, firstWalker: 0, walkers: 41 });
    const parts = [0, 1, 4, 13, 41].slice(1).map((end, i, ends) => {
      const first = i === 0 ? 0 : ends[i - 1]!;
      return runChunk({ config, firstWalker: first, walkers: end - first });
    });
    expect(parts.flatMap((p) => [...p.times])).toEqual([...whole.times]);
  });

  it('any number of steps per run call gives the same times (the loop leaves and resumes)', () => {
    // The stepping loop returns to its driver for every slow ziggurat draw and flagged step and
    // run() returns every maxSteps steps; capping maxSteps at 1 or 5 makes every leave and resume
    // land on other steps, so a state not saved or restored exactly would show as a different time.
    const cases: [SimulationConfig, number][] = [
      [{ ...base, scheme: 'euler-maruyama', tMax: 20 }, 1],
      [{ ...base, ...drivenSources(), tMax: 20 }, 2],
      [{ ...underdamped, start: { x: -1 }, tMax: 20 }, 1],
    ];
    for (const [index, [config, groups]] of cases.entries()) {
      const js = runChunk({ config: { ...config, engine: 'js' }, firstWalker: 0, walkers: 24 });
      const resolved = resolveConfig(config);
      const shape = { groups, below: resolved.below !== undefined, above: true };
      const kernel = laneKernel(`steps-${index}`, resolved, config.force.program!, shape);
      for (const cap of [1, 5]) {
        const capped = Object.create(kernel) as LaneKernel;
        capped.advance = (maxSteps: number) => kernel.advance(Math.min(maxSteps, cap));
        const start = () => resolved.startMin;
        const wasm = runChunkOnLanes(capped, resolved, start, 0, 24, false);
        expectSameChunks(wasm, js);
      }
    }
  });

  it('the same on a pool of one and of two worker threads as in this thread on the JS engine', async () => {
    const requests = [0, 30, 60].map((firstWalker) => ({ config: base, firstWalker, walkers: 30 }));
    const reference = await runJobs(engineRunner(inProcessRunner, 'js'), 'chunk', requests);
    for (const workers of [1, 2]) {
      const pool = createSimulationPool(workers);
      try {
        const results = await runJobs(engineRunner(pool.runner, 'wasm'), 'chunk', requests);
        expect(results.map((r) => r!.engine)).toEqual(['wasm', 'wasm', 'wasm']);
        expect(results.flatMap((r) => [...r!.times])).toEqual(
          reference.flatMap((r) => [...r!.times]),
        );
      } finally {
        await pool.close();
      }
    }
  }, 60_000);
});

describe('MFPTs from the WebAssembly engine against exact values (fixed seeds)', () => {
  const mfpt = (config: SimulationConfig, walkers: number) => {
    const r = runChunk({ config: { ...config, engine: 'wasm' }, firstWalker: 0, walkers });
    expect(r.engine).toBe('wasm');
    return firstPassageStatistics(r.times, r.censored, config.tMax);
  };

  it('Heun, −1 → barrier top: within 3 SE plus the O(dt) bias bound of accuracy.test.ts', () => {
    // Exact 5.74343706804 (reference_cases.json); 8000 walkers, SE ≈ 0.06; bias bound 4·dt.
    const s = mfpt({ ...base, dt: 0.01, tMax: 400, absorbing: { above: 0 }, seed: 11 }, 8000);
    expect(Math.abs(s.mfpt - MFPT_TO_BARRIER_TOP)).toBeLessThan(3 * s.mfptStdErr + 0.04);
  });

  it('Heun, well to well: within 3 SE plus a 1% dt-bias bound (as accuracy.test.ts)', () => {
    // Exact 14.2777366365081; 4000 walkers at dt = 0.01, SE ≈ 0.2.
    const s = mfpt({ ...base, dt: 0.01, tMax: 400, seed: 11 }, 4000);
    expect(Math.abs(s.mfpt - MFPT_TO_OTHER_WELL)).toBeLessThan(
      3 * s.mfptStdErr + 0.01 * MFPT_TO_OTHER_WELL,
    );
  });
});

const BATTERY = JSON.parse(
  readFileSync(new URL('../fixtures/normal_battery.json', import.meta.url), 'utf8'),
) as { edges: number[]; chi2Critical999: number; ksCritical999: number; tailBeyond4: number };

/** The lanes' normal draws from `fill`, round-major: lane l's stream is walker l of `seed`. */
function laneNormals(seed: number, rounds: number): { lanes: number; draws: Float64Array } {
  const config = resolveConfig({ ...base, seed });
  const shape = { groups: 2, below: false, above: true };
  const kernel = laneKernel('battery', config, base.force.program!, shape);
  const s = new Int32Array(4);
  for (let lane = 0; lane < kernel.lanes; lane++) {
    s.set(deriveStreamSeed(seed, lane));
    kernel.setState(lane, s);
  }
  const perCall = 8192 / kernel.lanes;
  const draws = new Float64Array(rounds * kernel.lanes);
  for (let r = 0; r < rounds; r += perCall) {
    draws.set(kernel.normals(Math.min(perCall, rounds - r)), r * kernel.lanes);
  }
  return { lanes: kernel.lanes, draws };
}

describe('the WebAssembly normal generator', () => {
  const rounds = 500_000;
  const { lanes, draws } = laneNormals(2024, rounds);
  const n = draws.length;

  it('draws what normalOf draws on each lane’s stream, bit for bit (4 million, ~110 000 slow paths)', () => {
    const s = new Int32Array(4);
    let mismatches = 0;
    for (let lane = 0; lane < lanes; lane++) {
      s.set(deriveStreamSeed(2024, lane));
      for (let r = 0; r < rounds; r++) if (normalOf(s) !== draws[r * lanes + lane]) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('passes χ² on 1000 equiprobable bins, Kolmogorov–Smirnov, the 4σ tail and lane independence', () => {
    // Bins by Φ⁻¹(k/1000) from scipy (test/fixtures/normal_battery.py); critical values at
    // p = 0.001, so a correct generator fails this fixed-seed test with probability 0.2%.
    const edges = BATTERY.edges;
    const counts = new Float64Array(edges.length + 1);
    let beyond4 = 0;
    for (const g of draws) {
      let lo = 0;
      let hi = edges.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (edges[mid]! <= g) lo = mid + 1;
        else hi = mid;
      }
      counts[lo]!++;
      if (Math.abs(g) > 4) beyond4++;
    }
    const expected = n / counts.length;
    let chi2 = 0;
    let cumulative = 0;
    let ks = 0;
    counts.forEach((c, k) => {
      chi2 += (c - expected) ** 2 / expected;
      cumulative += c;
      if (k < edges.length) ks = Math.max(ks, Math.abs(cumulative / n - (k + 1) / counts.length));
    });
    expect(chi2).toBeLessThan(BATTERY.chi2Critical999);
    // KS at the 999 edges (a lower bound of the full statistic, within 1/1000 of it).
    expect(Math.sqrt(n) * ks).toBeLessThan(BATTERY.ksCritical999);
    // P(|g| > 4) = 6.33e-5 (the ziggurat's exponential tail): 4 binomial SEs.
    const p = BATTERY.tailBeyond4;
    expect(Math.abs(beyond4 / n - p)).toBeLessThan(4 * Math.sqrt(p / n));
    // Lag-1 correlation within a lane and between neighbouring lanes: SE 1/√(draws).
    let lag = 0;
    let cross = 0;
    for (let r = 1; r < rounds; r++) {
      lag += draws[r * lanes]! * draws[(r - 1) * lanes]!;
      cross += draws[r * lanes]! * draws[r * lanes + 1]!;
    }
    expect(Math.abs(lag / rounds)).toBeLessThan(4 / Math.sqrt(rounds));
    expect(Math.abs(cross / rounds)).toBeLessThan(4 / Math.sqrt(rounds));
  });
});

/** The runtime's WebAssembly (not in the TypeScript libs this project compiles against). */
const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } })
  .WebAssembly;

describe('the kernel generator takes only checked programs', () => {
  const good = base.force.program!;
  const bad = (program: unknown) => () => checkProgram(program as ExpressionProgram, 1);

  it('accepts what generateSource emits and every module it writes validates', () => {
    expect(checkProgram(good, 1)).toBe(good);
    for (const [, config] of CASES) {
      const c = resolveConfig(config);
      for (const groups of [1, 2, 4]) {
        const shape = { groups, below: c.below !== undefined, above: c.above !== undefined };
        const bytes = kernelModuleBytes(c, config.force.program!, shape);
        expect(wasm.validate(bytes)).toBe(true);
      }
    }
  });

  it('refuses anything else with a KramersError naming force.program', () => {
    const step = good.steps[0]!;
    const refused = [
      null,
      { ...good, variables: 2 },
      { ...good, steps: 'x' },
      { ...good, results: [] },
      { ...good, results: [{ t: 0 }, { t: 0 }] },
      { ...good, steps: [{ op: 'eval', a: { v: 0 } }] },
      { ...good, steps: [{ op: 'call', fn: 'constructor', a: { v: 0 } }] },
      { ...good, steps: [{ op: 'call', fn: 'random', a: { v: 0 } }] },
      { ...good, steps: [{ op: '+', a: { t: 0 }, b: { v: 0 } }] }, // reads itself
      { ...good, steps: [{ op: '+', a: { v: 1 }, b: { v: 0 } }] }, // no variable 1
      { ...good, steps: [{ op: '+', a: { c: Number.NaN }, b: { v: 0 } }] },
      { ...good, steps: [{ op: '+', a: { c: 1, v: 0 }, b: { v: 0 } }] },
      { ...good, steps: [{ op: '+', a: { v: 0.5 }, b: { v: 0 } }] },
      { ...good, steps: [step], results: [{ t: 1 }] },
      { ...good, steps: [{ op: '*', a: { v: 0 } }] }, // a binary step without b
    ];
    for (const program of refused) {
      expect(bad(program)).toThrow(
        expect.objectContaining({
          code: 'invalid_parameter',
          message: expect.stringMatching(/force program/),
        }),
      );
    }
  });

  it('runChunk refuses a tampered program on engine wasm and never runs it', () => {
    const tampered = { ...good, steps: [{ op: 'call', fn: 'process', a: { v: 0 } }] };
    const config = { ...base, force: { ...base.force, program: tampered }, engine: 'wasm' };
    expect(() =>
      runChunk({ config: config as SimulationConfig, firstWalker: 0, walkers: 1 }),
    ).toThrow(expect.objectContaining({ code: 'invalid_parameter' }));
  });

  it('generateSource refuses a tree with a node or function outside the whitelist', () => {
    const x = { kind: 'var', name: 'x' };
    for (const tree of [
      { kind: 'eval', arg: x },
      { kind: 'call', fn: 'constructor', arg: x },
      { kind: 'num', value: Number.POSITIVE_INFINITY },
    ]) {
      expect(() => generateSource(tree as never, ['x'])).toThrow(
        expect.objectContaining({ code: 'invalid_parameter' }),
      );
    }
  });
});

describe('choosing the engine', () => {
  it('defaults to wasm where WebAssembly SIMD runs (Node 20), js when asked or without a program', () => {
    expect(defaultEngine()).toBe('wasm');
    const run = (config: SimulationConfig) =>
      runChunk({ config, firstWalker: 0, walkers: 2 }).engine;
    expect(run(base)).toBe('wasm');
    expect(run({ ...base, engine: 'js' })).toBe('js');
    const { program: _, ...noProgram } = base.force;
    expect(run({ ...base, force: noProgram })).toBe('js');
    expect(() => run({ ...base, force: noProgram, engine: 'wasm' })).toThrow(
      expect.objectContaining({
        code: 'invalid_parameter',
        message: expect.stringMatching(/needs the force/),
      }),
    );
    expect(() => run({ ...base, engine: 'fast' as never })).toThrow(
      expect.objectContaining({ code: 'invalid_parameter' }),
    );
  });

  it('engineRunner sets the engine of chunks, relaxation, transition and 1-D AMS jobs, not of N-D AMS', async () => {
    const seen: { kind: string; request: { config?: SimulationConfig; engine?: unknown } }[] = [];
    const spy = engineRunner(async (jobs) => {
      seen.push(...(jobs as unknown as typeof seen));
      return [];
    }, 'js');
    await spy([
      { kind: 'chunk', request: { config: base, firstWalker: 0, walkers: 1 } },
      { kind: 'relaxation', request: { config: {} as never, firstWalker: 0, walkers: 1 } },
      {
        kind: 'transitions',
        request: { config: {} as never, firstTrajectory: 0, trajectories: 1 },
      },
      { kind: 'ams', request: {} as never },
      { kind: 'amsND', request: {} as never },
    ]);
    expect(seen.map((job) => job.request.config?.engine)).toEqual([
      'js',
      'js',
      'js',
      undefined,
      undefined,
    ]);
    expect(seen[3]!.request.engine).toBe('js');
    expect(seen[4]!.request.engine).toBeUndefined();
    expect(engineRunner(inProcessRunner, undefined)).toBe(inProcessRunner);
  });
});
