import { describe, expect, it } from 'vitest';
import { KramersError } from '../../src/core/index.js';
import { potentialFromExpression } from '../../src/expr/index.js';
import { analyzeLandscape } from '../../src/landscape/index.js';
import { expectClose, readFixture } from '../support/fixtures.js';

interface Point {
  x: number;
  U: number;
  d2U: number;
}
interface Case {
  id: string;
  expression: string;
  parameters: Record<string, number>;
  domain: [number, number] | null;
  mass: number;
  wells: Point[];
  barriers: Point[];
  transitions: { from: number; to: number | string; barrier: number; deltaU: number }[];
}
const { cases } = readFixture<{ cases: Case[] }>('landscape_rates.json');

// Positions come from Brent's method to a few ulps; curvatures from compiled symbolic U″ at that
// point. A root error δ moves U″ by U‴δ and U by ½U″δ², so 1e-12 relative (absolute near 0)
// leaves a wide margin over double rounding while catching any real mis-location.
const POSITION_TOL = 1e-12;

describe('landscape against mpmath (test/fixtures/landscape_rates.py)', () => {
  it.each(cases)('$id', (c) => {
    const potential = potentialFromExpression(c.expression, { parameters: c.parameters });
    const landscape = analyzeLandscape(potential, {
      mass: c.mass,
      ...(c.domain ? { domain: { min: c.domain[0], max: c.domain[1] } } : {}),
    });
    expect(landscape.wells).toHaveLength(c.wells.length);
    expect(landscape.barriers).toHaveLength(c.barriers.length);
    for (const [found, ref] of [
      ...landscape.wells.map((w, i) => [w, c.wells[i]!] as const),
      ...landscape.barriers.map((b, i) => [b, c.barriers[i]!] as const),
    ]) {
      expect(Math.abs(found.x - ref.x)).toBeLessThanOrEqual(
        POSITION_TOL * Math.max(1, Math.abs(ref.x)),
      );
      expect(Math.abs(found.U - ref.U)).toBeLessThanOrEqual(
        POSITION_TOL * Math.max(1, Math.abs(ref.U)),
      );
      expectClose(found.d2U, ref.d2U, 1e-10, `${c.id} U″ at ${ref.x}`);
      expectClose(
        found.omega,
        Math.sqrt(Math.abs(ref.d2U) / c.mass),
        1e-10,
        `${c.id} ω at ${ref.x}`,
      );
      expect(found.degenerate).toBe(false);
    }
    expect(landscape.transitions.map((t) => [t.from, t.to, t.barrier])).toEqual(
      c.transitions.map((t) => [t.from, t.to, t.barrier]),
    );
    landscape.transitions.forEach((t, i) => {
      expectClose(t.deltaU, c.transitions[i]!.deltaU, 1e-12, `${c.id} ΔU of transition ${i}`);
    });
  });
});

describe('degenerate and special stationary points', () => {
  it('flags x^4 at 0 as a degenerate minimum, not a barrier', () => {
    const landscape = analyzeLandscape(potentialFromExpression('x^4'));
    expect(landscape.wells).toHaveLength(1);
    expect(landscape.barriers).toHaveLength(0);
    expect(Math.abs(landscape.wells[0]!.x)).toBeLessThan(1e-6);
    expect(landscape.wells[0]!.degenerate).toBe(true);
    expect(landscape.transitions).toHaveLength(0);
    expect(landscape.warnings.join('\n')).toMatch(/degenerate/);
  });

  it('finds the double root of U′ at an inflection point (x^3 + x^4 at 0)', () => {
    const landscape = analyzeLandscape(potentialFromExpression('x^3 + x^4'));
    const kinds = landscape.stationaryPoints.map((p) => p.kind);
    expect(kinds).toEqual(['minimum', 'inflection']);
    expectClose(landscape.wells[0]!.x, -0.75, 1e-12, 'well of x^3 + x^4');
    expect(Math.abs(landscape.stationaryPoints[1]!.x)).toBeLessThan(1e-6);
  });

  it('classifies a flat (sextic) barrier top as a degenerate maximum', () => {
    const landscape = analyzeLandscape(potentialFromExpression('x^6/6 - x^4/4'));
    expect(landscape.barriers).toHaveLength(1);
    expect(landscape.barriers[0]!.degenerate).toBe(true);
    expect(landscape.wells.map((w) => w.x)).toEqual([-1, 1]);
    expect(landscape.transitions).toHaveLength(2);
  });

  it('resolves two stationary points much closer than the grid spacing', () => {
    // U′ = (x − 0.3)(x − 0.3 − 1e-5)·(x + 1)… built as a polynomial: roots at −1, 0.3, 0.30001.
    const e = '(x+1)*(x-0.3)*(x-0.30001)';
    const potential = potentialFromExpression(
      `x^4/4 - (0.3+0.30001-1)*x^3/3 + (0.3*0.30001-0.3-0.30001)*x^2/2 + 0.3*0.30001*x`,
    );
    const landscape = analyzeLandscape(potential, { domain: { min: -3, max: 3 } });
    expect(landscape.stationaryPoints.map((p) => p.kind)).toEqual([
      'minimum',
      'maximum',
      'minimum',
    ]);
    expectClose(landscape.barriers[0]!.x, 0.3, 1e-9, `barrier of ∫${e}`);
    expectClose(landscape.wells[1]!.x, 0.30001, 1e-9, `well of ∫${e}`);
  });

  it('stops at overflow and still finds the wells of a fast-growing potential', () => {
    const landscape = analyzeLandscape(potentialFromExpression('exp(x^2) - 3*x^2'));
    // U′ = 2x(e^{x²} − 3): wells at ±√ln3, barrier at 0.
    expect(landscape.wells.map((w) => w.x).map((x) => Math.abs(x))).toEqual([
      expect.closeTo(Math.sqrt(Math.log(3)), 12),
      expect.closeTo(Math.sqrt(Math.log(3)), 12),
    ]);
    expect(landscape.barriers).toHaveLength(1);
  });
});

describe('bad landscapes get clear errors', () => {
  const cases: [string, string, string | undefined, RegExp][] = [
    ['no well, unbounded below', '-x^2', undefined, /unbounded below/],
    ['monotone, unbounded below', 'x', undefined, /unbounded below/],
    ['inflection only', 'x^3', undefined, /unbounded below/],
    ['no well in the given domain', 'x^2', '1:2', /no well .* in the domain 1:2/],
    ['periodic without a domain', '-cos(x) - 0.5*x', undefined, /periodic or oscillating/],
    [
      'undefined on part of the auto domain',
      'log(x) + 1/x',
      undefined,
      /undefined \(not a number\)/,
    ],
    ['undefined inside the given domain', 'sqrt(x) + 1/x', '-1:2', /undefined \(not a number\)/],
  ];
  it.each(cases)('%s: %s', (_what, expression, domain, message) => {
    const potential = potentialFromExpression(expression);
    const run = () =>
      analyzeLandscape(
        potential,
        domain
          ? { domain: { min: Number(domain.split(':')[0]), max: Number(domain.split(':')[1]) } }
          : {},
      );
    expect(run).toThrowError(KramersError);
    expect(run).toThrowError(message);
  });

  it('accepts a potential defined only on part of the line when given a domain', () => {
    const landscape = analyzeLandscape(potentialFromExpression('x - log(x)'), {
      domain: { min: 0.1, max: 5 },
    });
    expectClose(landscape.wells[0]!.x, 1, 1e-12, 'well of x − ln x');
  });
});
