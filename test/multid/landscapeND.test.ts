import { describe, expect, it } from 'vitest';
import {
  isKramersError,
  type KramersError,
  prepare,
  prepareND,
  transitionOf,
} from '../../src/index.js';
import { expectClose, readFixture } from '../support/fixtures.js';

interface MuellerBrownPoint {
  kind: 'minimum' | 'saddle';
  x: [number, number];
  U: number;
  hessianEigenvalues: [number, number];
}
const mb = readFixture<{ expression: string; points: MuellerBrownPoint[] }>('mueller_brown.json');
const MB_BOX = [
  { min: -1.5, max: 1.2 },
  { min: -0.2, max: 2 },
];

function thrown(fn: () => unknown): KramersError {
  try {
    fn();
  } catch (error) {
    if (isKramersError(error)) return error;
    throw error;
  }
  throw new Error('expected a KramersError');
}

describe('Müller–Brown: the stationary points against an independent mpmath Newton (fixture)', () => {
  const p = prepare({ potential: mb.expression, coordinates: ['x', 'y'], domain: MB_BOX, D: 5 });
  const minima = mb.points.filter((q) => q.kind === 'minimum');
  const saddles = mb.points.filter((q) => q.kind === 'saddle');

  it('finds exactly three minima and two index-1 saddles, nothing else', () => {
    expect(p.dimension).toBe(2);
    expect(p.landscape.minima).toHaveLength(3);
    expect(p.landscape.saddles).toHaveLength(2);
    expect(p.landscape.stationaryPoints).toHaveLength(5);
    expect(p.landscape.saddles.every((s) => s.index === 1)).toBe(true);
  });

  it('five energies to 1e-6 (they agree to ~1e-14: Newton converges quadratically in doubles), positions to 1e-9, eigenvalues to 1e-7', () => {
    const found = [...p.landscape.minima, ...p.landscape.saddles];
    for (const ref of [...minima, ...saddles]) {
      const match = found.find((q) => Math.hypot(q.x[0]! - ref.x[0], q.x[1]! - ref.x[1]) < 1e-9);
      expect(match, `${ref.kind} at ${ref.x}`).toBeDefined();
      expectClose(match!.U, ref.U, 1e-6, `U at ${ref.kind} ${ref.x}`);
      // Eigenvalues of a symbolic Hessian: rounding of ~1e3 entries, far below 1e-7 relative.
      ref.hessianEigenvalues.forEach((v, k) => {
        expectClose(match!.hessianEigenvalues[k]!, v, 1e-7, `λ${k} at ${ref.kind}`);
      });
    }
  });

  it('minima are numbered deepest first; each saddle joins the minima the paper names (A–C and C–B)', () => {
    const byU = [...minima].sort((a, b) => a.U - b.U);
    p.landscape.minima.forEach((m, i) => {
      expectClose(m.U, byU[i]!.U, 1e-12, `minimum ${i}`);
    });
    // Müller & Brown 1979: the path from A (deepest, 0) to B (1) passes the intermediate C (2);
    // the lower saddle joins B and C, the higher one A and C.
    const pairs = p.landscape.saddles.map((s) => [...s.connects].sort());
    expect(pairs).toEqual([
      [1, 2],
      [0, 2],
    ]);
    const barrier = p.landscape.transitions.find((t) => t.from === 0 && t.to === 2)!;
    expectClose(
      barrier.deltaU,
      saddles[0]!.U - minima[0]!.U,
      1e-10,
      'ΔU from A over the higher saddle',
    );
  });

  it('a box that cuts off a saddle says so, and there is then no path between its minima', () => {
    const cut = prepare({
      potential: mb.expression,
      coordinates: ['x', 'y'],
      domain: [
        { min: -0.7, max: 1.2 },
        { min: -0.2, max: 2 },
      ],
      D: 5,
    });
    expect(cut.landscape.saddles).toHaveLength(1);
    expect(cut.warnings.some((w) => /just outside the box/.test(w))).toBe(true);
    const err = thrown(() => transitionOf(cut, { from: 0, to: 1 }));
    expect(err.code).toBe('no_barrier');
  });
});

describe('(x² − 1)² + (y² − 1)²: every kind of stationary point, in closed form', () => {
  // Minima at (±1, ±1), U = 0, Hessian 8I; index-1 saddles at (0, ±1) and (±1, 0), U = 1,
  // eigenvalues −4 and 8; a maximum at the origin, U = 2, eigenvalues −4, −4.
  const p = prepareND({
    potential: '(x^2 - 1)^2 + (y^2 - 1)^2',
    domain: [
      { min: -1.7, max: 1.6 },
      { min: -1.6, max: 1.7 },
    ],
  });

  it('four minima, four saddles with index 1, one maximum of index 2', () => {
    const { minima, saddles, stationaryPoints } = p.landscape;
    expect(minima).toHaveLength(4);
    for (const m of minima) {
      expect(Math.abs(m.x[0]!)).toBeCloseTo(1, 12);
      expect(Math.abs(m.x[1]!)).toBeCloseTo(1, 12);
      expect(m.U).toBeCloseTo(0, 14);
      for (const v of m.hessianEigenvalues) expect(v).toBeCloseTo(8, 10);
    }
    expect(saddles).toHaveLength(4);
    for (const s of saddles) {
      expect(s.U).toBeCloseTo(1, 12);
      expect(s.index).toBe(1);
      expect(s.hessianEigenvalues[0]).toBeCloseTo(-4, 10);
      expect(s.hessianEigenvalues[1]).toBeCloseTo(8, 10);
    }
    const maxima = stationaryPoints.filter((q) => q.kind === 'maximum');
    expect(maxima).toHaveLength(1);
    expect(maxima[0]!.index).toBe(2);
    expect(maxima[0]!.U).toBeCloseTo(2, 12);
    expect(p.warnings.some((w) => /index-2 stationary point \(maximum\)/.test(w))).toBe(true);
  });

  it('each saddle connects the two minima beside it (same sign of the coordinate it sits at ±1 on)', () => {
    for (const s of p.landscape.saddles) {
      const [a, b] = s.connects.map((e) => p.landscape.minima[e as number]!);
      const axis = Math.abs(s.x[0]!) > 0.5 ? 0 : 1;
      expect(Math.sign(a!.x[axis]!)).toBe(Math.sign(s.x[axis]!));
      expect(Math.sign(b!.x[axis]!)).toBe(Math.sign(s.x[axis]!));
      expect(Math.sign(a!.x[1 - axis]!)).toBe(-Math.sign(b!.x[1 - axis]!));
    }
    // Eight one-way transitions (two per saddle), each over ΔU = 1.
    expect(p.landscape.transitions).toHaveLength(8);
    for (const t of p.landscape.transitions) expect(t.deltaU).toBeCloseTo(1, 12);
  });
});

describe('bad input: clear KramersErrors, no NaN', () => {
  it('no minimum in the box', () => {
    const err = thrown(() =>
      prepareND({
        potential: 'x + y^2',
        domain: [
          { min: -1, max: 1 },
          { min: -1, max: 1 },
        ],
      }),
    );
    expect(err.code).toBe('no_well');
  });

  it('U unbounded below inside the box (−∞ on the seed grid)', () => {
    const err = thrown(() =>
      prepareND({
        potential: 'log(x^2 + y^2)',
        domain: [
          { min: -1, max: 1 },
          { min: -1, max: 1 },
        ],
      }),
    );
    expect(err.code).toBe('unbounded_below');
  });

  it('a box with the wrong number of intervals, or none', () => {
    expect(
      thrown(() => prepareND({ potential: 'x^2 + y^2', domain: [{ min: -1, max: 1 }] })).code,
    ).toBe('invalid_domain');
    expect(
      thrown(() => prepare({ potential: 'x^2 + y^2', coordinates: ['x', 'y'] } as never)).code,
    ).toBe('invalid_domain');
  });

  it('a friction matrix that is not positive definite', () => {
    const err = thrown(() =>
      prepareND({
        potential: 'x^2 + y^2',
        gamma: [1, 2, 2, 1],
        domain: [
          { min: -1, max: 1 },
          { min: -1, max: 1 },
        ],
      }),
    );
    expect(err.code).toBe('invalid_parameter');
    expect(err.message).toMatch(/positive definite/);
  });

  it('a potential in y given to a study of one coordinate is an unknown name, not a half-read problem', () => {
    const err = thrown(() => prepare({ potential: 'x^2 + y^2' }));
    expect(err.code).toBe('unknown_name');
  });
});
