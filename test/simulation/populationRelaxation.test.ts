import { describe, expect, it } from 'vitest';
import { generateSource, potentialFromExpression, simplify } from '../../src/expr/index.js';
import { relaxationRate, runRelaxationChunk } from '../../src/simulation/index.js';

const U = potentialFromExpression('x^4/4 - x^2/2');
const config = {
  dynamics: 'underdamped' as const,
  force: generateSource(U.derivativeAsts[0], ['x']),
  potential: generateSource(simplify(U.ast), ['x']),
  D: 0.1,
  gamma: 1,
  dt: 0.02,
  divide: 0,
  start: { min: 0, max: 2.5 },
  sampleEvery: 50,
  samples: 20,
  seed: 5,
};

describe('population relaxation by simulation', () => {
  it('does not depend on how walkers are split into chunks', () => {
    const whole = runRelaxationChunk(config, 0, 40);
    const a = runRelaxationChunk(config, 0, 17);
    const b = runRelaxationChunk(config, 17, 23);
    for (let j = 0; j <= config.samples; j++) {
      expect(a.onStartSide[j]! + b.onStartSide[j]!).toBe(whole.onStartSide[j]!);
    }
    expect(whole.onStartSide[0]).toBe(40);
  });

  it('recovers a known exponential decay with a jackknife error that covers it', () => {
    // Synthetic batches: f(t) − 1/2 = 0.5 e^{−0.05 t} exactly (no noise) ⇒ λ1 = 0.05, SE = 0.
    const batches = Array.from({ length: 20 }, () => ({
      onStartSide: Float64Array.from(
        { length: 21 },
        (_, j) => 1000 * (0.5 + 0.5 * Math.exp(-0.05 * j)),
      ),
      walkers: 1000,
      steps: 0,
      engine: 'js' as const,
    }));
    const r = relaxationRate(batches, 1, 0.5, [2, 20]);
    expect(r.lambda1).toBeCloseTo(0.05, 12);
    expect(r.stdErr).toBeLessThan(1e-12);
  });

  // The engines share the stream of each walker and every operation of its path (wasmKernel.ts),
  // so the counts must agree exactly, not within an error: any difference is a bug.
  it.each([
    ['BAOAB (turnover)', {}],
    ['underdamped Euler–Maruyama', { scheme: 'euler-maruyama' as const }],
    ['overdamped Heun', { dynamics: 'overdamped' as const, dt: 0.01 }],
    [
      'overdamped Euler–Maruyama',
      { dynamics: 'overdamped' as const, dt: 0.01, scheme: 'euler-maruyama' as const },
    ],
  ])('%s: the WebAssembly lanes count the same walkers as the JavaScript kernel', (_, change) => {
    const c = { ...config, ...change, start: { min: -2.5, max: 0 } };
    const js = runRelaxationChunk({ ...c, engine: 'js' }, 3, 37);
    const wasm = runRelaxationChunk({ ...c, engine: 'wasm' }, 3, 37);
    // Each engine asked for ran (else the comparison below would be of one engine with itself).
    expect([js.engine, wasm.engine]).toEqual(['js', 'wasm']);
    expect(runRelaxationChunk(c, 3, 1).engine).toBe('wasm');
    expect(Array.from(wasm.onStartSide)).toEqual(Array.from(js.onStartSide));
    expect(wasm.steps).toBe(js.steps);
    expect(wasm.steps).toBe(37 * config.sampleEvery * config.samples);
    // Not a trivial count: walkers crossed over (the test can fail).
    expect(js.onStartSide[config.samples]).toBeLessThan(37);
  });

  it('refuses a prepared population that straddles the dividing point', () => {
    expect(() => runRelaxationChunk({ ...config, start: { min: -1, max: 1 } }, 0, 1)).toThrow(
      /one side/,
    );
  });
});
