/**
 * AMS on the WebAssembly engine (issue 18): the excursion kernel of wasmAms.ts against the
 * generated JavaScript of ams.ts, its reference. Both draw from one stream per run in the same
 * order and do the same operations, so every estimate must agree bit for bit — for several seeds,
 * with and without the bridge test at x_b, with forces that call the host's Math, on a blow-up,
 * on 1 and 2 worker threads, and when the excursion loop is left and resumed on every step.
 * (The MFPT against the exact value on the wasm engine is ams.test.ts's statistical test, run on
 * both engines.)
 */
import { describe, expect, it } from 'vitest';
import { createSimulationPool } from '../../dist/node/index.js';
import { type AmsPartial, amsExcursionKernel, kthSmallest } from '../../src/simulation/ams.js';
import {
  type AmsConfig,
  amsRuns,
  combineAmsRuns,
  deriveStreamSeed,
  engineRunner,
  inProcessRunner,
  openUniform,
  runJobs,
} from '../../src/simulation/index.js';
import { wasmSimdAvailable } from '../../src/simulation/wasmLanes.js';
import { sourcesOf } from './sources.js';

const { force } = sourcesOf('x^4/4 - x^2/2');

/** Small runs at ΔU/D = 5–7.5: a few tenths of a second each, many iterations and bridge draws. */
const base: AmsConfig = {
  force,
  D: 1 / 20,
  gamma: 1,
  dt: 2e-3,
  start: -1,
  target: 0,
  replicas: 40,
  seed: 1,
  independentRuns: 3,
  loopsPerRun: 200,
};

function expectSameRuns(wasm: AmsPartial, js: AmsPartial): void {
  // Each engine asked for ran (else this would compare one engine with itself).
  expect([wasm.engine, js.engine]).toEqual(['wasm', 'js']);
  expect({ ...wasm, engine: 'js' }).toEqual(js);
}

const CASES: [string, AmsConfig][] = [
  ['seed 1, −1 → 0, bridge (the default)', base],
  ['seed 2, −1 → +1, bridge, D = 1/30', { ...base, seed: 2, target: 1, D: 1 / 30 }],
  [
    'seed 3, +1 → 0 (ξ = −x), bridge, 3 killed per iteration',
    { ...base, seed: 3, start: 1, killPerIteration: 3 },
  ],
  ['seed 4, −1 → 0, discrete monitoring', { ...base, seed: 4, monitoring: 'discrete' }],
  [
    'seed 5, −1 → +1, discrete, given Σ',
    { ...base, seed: 5, target: 1, monitoring: 'discrete', coreBoundary: -0.8 },
  ],
  [
    // Host Math calls (sin, exp, log, pow) and wasm's own sqrt and abs in the force.
    'seed 6, a force with calls, sqrt and abs',
    {
      ...base,
      seed: 6,
      force: sourcesOf(
        'x^4/4 - x^2/2 + 0.05*sin(3*x) + 0.02*exp(-x^2) + 0.02*sqrt(x^2 + 1) + 0.01*log(x^2 + 2) + 0.01*abs(x)^1.5',
      ).force,
    },
  ],
];

describe('the same AMS estimates on both engines, bit for bit', () => {
  it('defaults to wasm where WebAssembly runs; js when asked or without a program', () => {
    expect(wasmSimdAvailable()).toBe(true);
    const one = { ...base, independentRuns: 1, loopsPerRun: 20, replicas: 5 };
    expect(amsRuns(one).engine).toBe('wasm');
    expect(amsRuns({ ...one, engine: 'js' }).engine).toBe('js');
    const { program: _, ...noProgram } = force;
    expect(amsRuns({ ...one, force: noProgram }).engine).toBe('js');
    expect(() => amsRuns({ ...one, force: noProgram, engine: 'wasm' })).toThrow(
      expect.objectContaining({
        code: 'invalid_parameter',
        message: expect.stringMatching(/needs the force/),
      }),
    );
    expect(() => amsRuns({ ...one, engine: 'fast' as never })).toThrow(
      expect.objectContaining({ code: 'invalid_parameter' }),
    );
    expect(() => amsRuns({ ...one, monitoring: 'sometimes' as never })).toThrow(
      expect.objectContaining({ code: 'invalid_parameter' }),
    );
  });

  it.each(CASES)('%s', (_, config) => {
    const js = amsRuns({ ...config, engine: 'js' });
    const wasm = amsRuns({ ...config, engine: 'wasm' });
    expectSameRuns(wasm, js);
    expect(js.runs).toHaveLength(3);
    expect(js.iterations).toBeGreaterThan(100);
    const combined = combineAmsRuns([wasm], 3);
    expect(combined.engine).toBe('wasm');
    expect(combined.mfpt).toBe(combineAmsRuns([js], 3).mfpt);
  });

  it('a trajectory that leaves every finite state fails the same way on both', () => {
    // U = −x⁴ + x²: the start is a well bottom, but past x ≈ ±0.7 the walker runs away.
    const blowUp = {
      ...base,
      force: sourcesOf('x^2 - x^4').force,
      D: 0.5,
      dt: 0.05,
      start: 0,
      target: 5,
    };
    const js = amsRuns({ ...blowUp, engine: 'js' });
    const wasm = amsRuns({ ...blowUp, engine: 'wasm' });
    expectSameRuns(wasm, js);
    expect(js.failed).toBe(true);
  });

  it('the same on a pool of one and of two worker threads as in this thread on the JS engine', async () => {
    const jobs = [0, 1, 2, 3].map((firstRun) => ({
      ...base,
      seed: 9,
      independentRuns: 1,
      firstRun,
    }));
    const reference = await runJobs(engineRunner(inProcessRunner, 'js'), 'ams', jobs);
    expect(reference.map((r) => r!.engine)).toEqual(['js', 'js', 'js', 'js']);
    for (const workers of [1, 2]) {
      const pool = createSimulationPool(workers);
      try {
        const results = await runJobs(engineRunner(pool.runner, 'wasm'), 'ams', jobs);
        expect(results.map((r) => r!.engine)).toEqual(['wasm', 'wasm', 'wasm', 'wasm']);
        expect(results.map((r) => ({ ...r!, engine: 'js' }))).toEqual(reference);
      } finally {
        await pool.close();
      }
    }
  }, 60_000);
});

describe('the killing level', () => {
  it('kthSmallest gives the k-th of the sorted order, ties and infinities included', () => {
    // Against a full sort (the previous implementation): levels drawn from a few values so that
    // ties are common, as replicas that reached x_b all share the level ξ_b.
    const s = new Int32Array(deriveStreamSeed(77, 0));
    const values = [-1, 0, 0.25, 0.5, 0.5000000000000001, Number.POSITIVE_INFINITY];
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + (trial % 37);
      const a = Float64Array.from({ length: n }, () => {
        const u = openUniform(s);
        return u < 0.5 ? values[Math.floor(u * 2 * values.length)]! : u;
      });
      const sorted = a.slice().sort();
      for (const k of [1, 2, Math.ceil(n / 2), n].filter((k) => k <= n)) {
        expect(kthSmallest(a.slice(), k)).toBe(sorted[k - 1]);
      }
    }
  });
});

describe('the excursion loop leaves and resumes anywhere', () => {
  /**
   * 60 excursions in a row on one stream (a replica's: from x, with running maximum from −∞,
   * until back at x_a or at x_b), driven with `steps` steps per call and a record buffer that
   * starts at one slot and doubles when full (code 5), as ams.ts's `advance` does.
   */
  function excursions(config: AmsConfig, steps: number) {
    const run = amsExcursionKernel(config);
    const s = new Int32Array(deriveStreamSeed(config.seed, 0));
    const st = new Float64Array(4);
    const out: { code: number; st: number[]; records: number[] }[] = [];
    let x = -0.8;
    for (let e = 0; e < 60; e++) {
      st.set([x, 0, Number.NEGATIVE_INFINITY, 0]);
      let rec = new Float64Array(1);
      let code = 0;
      while (code === 0 || code === 5) {
        if (code === 5) {
          const bigger = new Float64Array(rec.length * 2);
          bigger.set(rec);
          rec = bigger;
        }
        code = run(s, st, rec, 0, Number.POSITIVE_INFINITY, st[1]! + steps);
      }
      out.push({ code, st: [...st, ...s], records: [...rec.subarray(0, st[3]!)] });
      x = code === 1 ? -0.8 : -0.8 + 0.01 * (e % 7);
    }
    return out;
  }

  it('1, 3 or 4096 steps per call, records in a growing buffer: the same excursions on both', () => {
    const config = { ...base, D: 1 / 10, seed: 21 };
    const reference = excursions({ ...config, engine: 'js' }, 4096);
    // Both ends occur, and the records hold the running maxima.
    expect(new Set(reference.map((r) => r.code))).toEqual(new Set([1, 2]));
    expect(reference.some((r) => r.records.length > 8)).toBe(true);
    for (const steps of [1, 3, 4096]) {
      expect(excursions({ ...config, engine: 'wasm' }, steps)).toEqual(reference);
      if (steps !== 4096) expect(excursions({ ...config, engine: 'js' }, steps)).toEqual(reference);
    }
  });
});
