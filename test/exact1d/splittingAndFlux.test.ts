import { describe, expect, it } from 'vitest';
import {
  fluxDensity,
  fluxOverPopulationRate,
  meanFirstPassageTime,
  splittingProbability,
} from '../../src/exact1d/index.js';
import { potentialFromExpression } from '../../src/expr/index.js';
import { expectClose, readFixture } from '../support/fixtures.js';

interface SplittingCase {
  id: string;
  expression: string;
  D: number;
  left: number;
  right: number;
  x: number;
  probability: string;
  probabilityLeft: string;
  check: number;
}
interface FluxCase {
  id: string;
  expression: string;
  D: number;
  gamma: number;
  well: number;
  barrier: number;
  sink: number;
  reflecting: number | null;
  logRate: string;
  rate: string;
  population: string;
  check: number;
}
interface TwoAbsorbingCase {
  id: string;
  expression: string;
  D: number;
  start: number;
  left: number;
  right: number;
  splitting: string;
}
const fixture = readFixture<{
  splitting: SplittingCase[];
  fluxOverPopulation: FluxCase[];
  twoAbsorbing: TwoAbsorbingCase[];
}>('mfpt_reference.json');

// Probabilities are O(1): 1e-12 absolute is two orders inside our 1e-10 target.
const PROBABILITY_TOL = 1e-12;
// Rates: the 1e-10 relative target (the issue asks 1e-8).
const TARGET_TOL = 1e-10;

describe('splittingProbability against mpmath', () => {
  it.each(fixture.splitting)('$id', (c) => {
    const r = splittingProbability({
      potential: potentialFromExpression(c.expression),
      D: c.D,
      left: c.left,
      right: c.right,
      x: c.x,
    });
    const what = `π_R(${c.x}) on [${c.left}, ${c.right}] for ${c.expression}, D = ${c.D}`;
    expect(r.retcode).toBe('success');
    const delta = Math.abs(r.probability - Number(c.probability));
    expect(delta, `${what}: expected ${c.probability}, got ${r.probability}`).toBeLessThanOrEqual(
      PROBABILITY_TOL,
    );
    // Honest: the true error within the estimate (1 ulp of slack for the exactly representable ends).
    expect(delta, `${what}: error ${delta} > estimate ${r.error}`).toBeLessThanOrEqual(
      r.error + 1.2e-16,
    );
    // The complement is its own ratio, so it is relatively accurate even when tiny.
    const q = Number(c.probabilityLeft);
    if (q > 0) expectClose(r.probabilityLeft, q, 1e-10, `${what} (1 − π_R)`);
  });

  it('the committor at the start of a two-absorbing MFPT case', () => {
    for (const c of fixture.twoAbsorbing) {
      const r = splittingProbability({
        potential: potentialFromExpression(c.expression),
        D: c.D,
        left: c.left,
        right: c.right,
        x: c.start,
      });
      expect(Math.abs(r.probability - Number(c.splitting))).toBeLessThanOrEqual(PROBABILITY_TOL);
    }
  });

  it('flat potential: π_R(x) = (x − L)/(R − L) (closed form), arrays in, arrays out', () => {
    const xs = [-2, -1.5, 0, 0.25, 3];
    const r = splittingProbability({
      potential: potentialFromExpression('0*x'),
      D: 0.7,
      left: -2,
      right: 3,
      x: xs,
    });
    expect(r.probability).toBeInstanceOf(Float64Array);
    xs.forEach((x, i) => {
      // Polynomial integrand: rounding only.
      expect(Math.abs(r.probability[i]! - (x + 2) / 5)).toBeLessThanOrEqual(1e-15);
      expect(Math.abs(r.probabilityLeft[i]! - (3 - x) / 5)).toBeLessThanOrEqual(1e-15);
    });
    expect(r.probability[0]).toBe(0);
    expect(r.probability[4]).toBe(1);
  });
});

describe('fluxOverPopulationRate against mpmath', () => {
  it.each(fixture.fluxOverPopulation)('$id', (c) => {
    const r = fluxOverPopulationRate({
      potential: potentialFromExpression(c.expression),
      D: c.D,
      gamma: c.gamma,
      well: c.well,
      barrier: c.barrier,
      sink: c.sink,
      ...(c.reflecting === null ? {} : { reflecting: c.reflecting }),
    });
    const what = `k_FOP for ${c.expression}, D = ${c.D}, well ${c.well}, sink ${c.sink}`;
    expect(r.retcode).toBe('success');
    const delta = Math.abs(r.logRate - Number(c.logRate));
    expect(delta, `${what}: ln k expected ${c.logRate}, got ${r.logRate}`).toBeLessThanOrEqual(
      TARGET_TOL,
    );
    expectClose(r.rate, Number(c.rate), 1e-8, what);
    expect(delta, `${what}: error ${delta} > estimate ${r.relativeError}`).toBeLessThanOrEqual(
      r.relativeError,
    );
    expectClose(r.population, Number(c.population), TARGET_TOL, `${what}: population`);
    expectClose(r.flux / r.population, r.rate, 1e-14, `${what}: k = J/N`);
  });

  it('symmetric double well: k_FOP = 1/T(x_a → x_c) exactly (the odd part of G integrates to 0)', () => {
    const potential = potentialFromExpression('x^4/4 - x^2/2');
    for (const D of [0.25, 0.05, 0.0025]) {
      const k = fluxOverPopulationRate({ potential, D, well: -1, barrier: 0, sink: 1 });
      const T = meanFirstPassageTime({ potential, D, start: -1, absorbing: 1 });
      // Two different integrals of ours agreeing at the 1e-12 level.
      expectClose(k.logRate, -T.logMfpt, 1e-12, `ln k_FOP vs −ln T, D = ${D}`);
    }
  });

  it('asymmetric barrier: k_FOP·MFPT − 1 is of order e^{−ΔU/D}, not zero', () => {
    const potential = potentialFromExpression('x^3/3 - x');
    for (const [D, low, high] of [
      [0.3, 1e-3, 1e-2], // ΔU/D = 4.4: e^{−4.4} = 0.012
      [0.1, 1e-7, 1e-5], // ΔU/D = 13: e^{−13} = 1.6e-6
    ] as const) {
      const k = fluxOverPopulationRate({ potential, D, well: 1, barrier: -1, sink: -2 });
      const T = meanFirstPassageTime({ potential, D, start: 1, absorbing: -2 });
      const gap = Math.abs(k.rate * T.mfpt - 1);
      expect(gap, `D = ${D}`).toBeGreaterThan(low);
      expect(gap, `D = ${D}`).toBeLessThan(high);
    }
  });
});

describe('fluxDensity', () => {
  it('flat potential: P falls linearly from 1 at the source to 0 at the sink, 1 behind it', () => {
    const potential = potentialFromExpression('0*x');
    const x = [-3, -1, -0.5, 0, 0.5, 1, 2];
    const cases = [
      { well: -1, sink: 1, expected: [1, 1, 0.75, 0.5, 0.25, 0, 0] },
      // Mirrored: the sink on the left.
      { well: 1, sink: -1, expected: [0, 0, 0.25, 0.5, 0.75, 1, 1] },
    ];
    for (const { well, sink, expected } of cases) {
      const p = fluxDensity({ potential, D: 0.4, well, sink, x });
      for (const [i, value] of expected.entries()) {
        expect(Math.abs(p.density[i]! - value), `x = ${x[i]}`).toBeLessThanOrEqual(1e-15);
      }
    }
  });

  it('carries the flux of fluxOverPopulationRate at every x between source and sink', () => {
    // In the flux picture γJ = −(U′P + D P′) is the same everywhere between source and sink.
    const potential = potentialFromExpression('x^4/4 - x^2/2');
    const D = 0.1;
    const k = fluxOverPopulationRate({ potential, D, well: -1, barrier: 0, sink: 1 });
    const h = 1e-4;
    for (const x0 of [-0.5, 0, 0.5]) {
      const p = fluxDensity({ potential, D, well: -1, sink: 1, x: [x0 - h, x0, x0 + h] });
      const [a, b, c] = p.density;
      const J = -(potential.dU(x0) * b! + (D * (c! - a!)) / (2 * h));
      // The centred difference is accurate to O(h²) ≈ 1e-8 relative here.
      expectClose(J, k.flux, 1e-6, `γJ at x = ${x0}`);
    }
  });
});

describe('splittingProbability: the error covers the rounding of a probability near 1', () => {
  // test/fixtures/splitting_rounding.py: mpmath at 40 digits. A double next to 1 is only good to
  // half an ulp (1.1e-16), and π = exp(ln S − ln(S_L + S_R)) carries the rounding of logs of size
  // |ln S| ≈ ΔU/D (measured: 3.3e-16 off at D = 0.05), so the one `error` of π_R and π_L must
  // cover that. Not vacuous: below ε·(ΔU/D + 50), 1e-13 at ΔU/D = 250 (D = 0.001).
  const { cases } = readFixture<{
    cases: {
      expression: string;
      D: number;
      left: number;
      right: number;
      x: number;
      probabilityRight: string;
      probabilityLeft: string;
    }[];
  }>('splitting_rounding.json');
  for (const c of cases) {
    it(`${c.expression}, D = ${c.D}, x = ${c.x}`, () => {
      const r = splittingProbability({
        potential: potentialFromExpression(c.expression),
        D: c.D,
        left: c.left,
        right: c.right,
        x: c.x,
      });
      // π_R − ref: as 1 − ref_L where ref_R rounds to 1, so the difference is exact in doubles.
      const refLeft = Number(c.probabilityLeft);
      const actualRight = Math.abs(r.probability - 1 + refLeft);
      const actualLeft = Math.abs(r.probabilityLeft - refLeft);
      expect(actualRight).toBeLessThanOrEqual(r.error);
      expect(r.error).toBeLessThan(1e-13);
      // π_L has its own error, relative to π_L (tiny here): it must bound π_L's actual error and
      // stay far below π_R's, or a density built on π_L (fluxDensity) gets a useless bar.
      expect(actualLeft).toBeLessThanOrEqual(r.errorLeft);
      expect(r.errorLeft).toBeLessThanOrEqual(r.error);
    });
  }
});
