import { describe, expect, it } from 'vitest';
import { KramersError } from '../../src/core/index.js';
import {
  fluxOverPopulationRate,
  meanFirstPassageTime,
  mfptProfile,
  splittingProbability,
} from '../../src/exact1d/index.js';
import { potentialFromExpression } from '../../src/expr/index.js';

const potential = potentialFromExpression('x^4/4 - x^2/2');
const base = { potential, D: 0.1, start: -1, absorbing: 1 };

function expectKramersError(run: () => unknown, code: string, path: string, pattern?: RegExp) {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(KramersError);
  const e = caught as KramersError;
  expect(e.code).toBe(code);
  expect(e.issues.map((i) => i.path)).toContain(path);
  if (pattern) expect(e.message).toMatch(pattern);
}

describe('meanFirstPassageTime rejects impossible input with a KramersError naming it', () => {
  it.each([
    ['D', { D: 0 }],
    ['D', { D: Number.NaN }],
    ['D', { D: -1 }],
    ['gamma', { gamma: 0 }],
    ['start', { start: Number.POSITIVE_INFINITY }],
    ['absorbing', { absorbing: Number.NaN }],
    ['tolerance', { tolerance: 0 }],
    ['tolerance', { tolerance: 2 }],
  ])('%s: %o', (path, patch) => {
    expectKramersError(
      () => meanFirstPassageTime({ ...base, ...patch }),
      'invalid_parameter',
      path,
    );
  });

  it('a reflecting wall between the start and the absorbing point', () => {
    expectKramersError(
      () => meanFirstPassageTime({ ...base, reflecting: 0 }),
      'invalid_parameter',
      'reflecting',
      /between start/,
    );
  });

  it('a reflecting wall past the absorbing point', () => {
    expectKramersError(
      () => meanFirstPassageTime({ ...base, reflecting: 2 }),
      'invalid_parameter',
      'reflecting',
      /past the absorbing point/,
    );
  });

  it('a natural boundary named on the absorbing side', () => {
    expectKramersError(
      () => meanFirstPassageTime({ ...base, reflecting: Number.POSITIVE_INFINITY }),
      'invalid_parameter',
      'reflecting',
    );
  });

  it('both a wall and a second absorbing point, or the second absorbing point on the wrong side', () => {
    expectKramersError(
      () => meanFirstPassageTime({ ...base, reflecting: -2, absorbingOther: -2 }),
      'invalid_parameter',
      'reflecting',
    );
    expectKramersError(
      () => meanFirstPassageTime({ ...base, absorbingOther: 2 }),
      'invalid_parameter',
      'absorbingOther',
    );
  });

  it('a missing potential', () => {
    expectKramersError(
      () => meanFirstPassageTime({ ...base, potential: {} as never }),
      'invalid_parameter',
      'potential',
    );
  });

  it('a natural boundary where U falls without bound (x³/3 − x toward −∞)', () => {
    const cubic = potentialFromExpression('x^3/3 - x');
    expectKramersError(
      () => meanFirstPassageTime({ potential: cubic, D: 0.1, start: 1, absorbing: 2 }),
      'unbounded_below',
      'reflecting',
      /not normalisable/,
    );
    // High barrier: the weight first looks negligible at the barrier; the scan goes on and finds U falling.
    expectKramersError(
      () => meanFirstPassageTime({ potential: cubic, D: 0.005, start: 1, absorbing: 2 }),
      'unbounded_below',
      'reflecting',
    );
  });

  it('a natural boundary on a flat potential (no decay at all)', () => {
    const flat = potentialFromExpression('0*x');
    expectKramersError(
      () => meanFirstPassageTime({ potential: flat, D: 1, start: 0, absorbing: 1 }),
      'invalid_domain',
      'reflecting',
    );
  });

  it('U not finite inside the range, with the place named', () => {
    const log = potentialFromExpression('-log(x)');
    expectKramersError(
      () =>
        meanFirstPassageTime({ potential: log, D: 0.1, start: 1, absorbing: 2, reflecting: -1 }),
      'not_finite',
      'potential',
      /not finite at x = /,
    );
  });

  it('a D so small that U/D overflows', () => {
    expectKramersError(
      () => meanFirstPassageTime({ ...base, D: 1e-320 }),
      'invalid_parameter',
      'D',
      /too small/,
    );
  });
});

describe('other entries', () => {
  it('mfptProfile: points outside the range, bad counts', () => {
    expectKramersError(
      () => mfptProfile({ potential, D: 0.1, absorbing: 1, reflecting: -1 }, [-2, 0]),
      'invalid_parameter',
      'points',
    );
    expectKramersError(
      () => mfptProfile({ potential, D: 0.1, absorbing: 1 }, 1),
      'invalid_parameter',
      'points',
    );
    expectKramersError(
      () => mfptProfile({ potential, D: 0.1, absorbing: 1 }, [Number.NaN]),
      'invalid_parameter',
      'points[0]',
    );
  });

  it('splittingProbability: inverted interval, x outside', () => {
    expectKramersError(
      () => splittingProbability({ potential, D: 0.1, left: 1, right: -1, x: 0 }),
      'invalid_parameter',
      'right',
    );
    expectKramersError(
      () => splittingProbability({ potential, D: 0.1, left: -1, right: 1, x: [0, 2] }),
      'invalid_parameter',
      'x[1]',
    );
  });

  it('fluxOverPopulationRate: barrier not between well and sink, wall on the wrong side', () => {
    expectKramersError(
      () => fluxOverPopulationRate({ potential, D: 0.1, well: -1, barrier: 2, sink: 1 }),
      'invalid_parameter',
      'barrier',
    );
    expectKramersError(
      () =>
        fluxOverPopulationRate({
          potential,
          D: 0.1,
          well: -1,
          barrier: 0,
          sink: 1,
          reflecting: -0.5,
        }),
      'invalid_parameter',
      'reflecting',
    );
  });
});
