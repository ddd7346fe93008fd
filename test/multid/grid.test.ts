import { describe, expect, it } from 'vitest';
import {
  driftFromExpressions,
  driftGrid,
  isKramersError,
  potentialFromExpressionND,
  potentialGrid,
} from '../../src/index.js';

describe('potentialGrid', () => {
  it('U on the nodes of the box, edges included, bottom row first (against the formula)', () => {
    const U = potentialFromExpressionND('x^2 + 3*y - exp(x*y)');
    const box = [
      { min: -1, max: 2 },
      { min: 0.5, max: 1.5 },
    ];
    const grid = potentialGrid(U, box, 4, 3);
    expect(grid.x).toEqual([-1, 0, 1, 2]);
    expect(grid.y).toEqual([0.5, 1, 1.5]);
    const direct = (x: number, y: number) => x * x + 3 * y - Math.exp(x * y);
    grid.y.forEach((y, j) => {
      grid.x.forEach((x, i) => {
        // The compiled expression against the formula written out: round-off only.
        expect(grid.values[j * 4 + i]).toBeCloseTo(direct(x, y), 12);
      });
    });
    const values = grid.y.flatMap((y) => grid.x.map((x) => direct(x, y)));
    expect(grid.min).toBeCloseTo(Math.min(...values), 12);
    expect(grid.max).toBeCloseTo(Math.max(...values), 12);
  });

  it('keeps an overflowing value as it is and out of min and max', () => {
    const U = potentialFromExpressionND('exp(800*x) + y');
    const grid = potentialGrid(
      U,
      [
        { min: 0, max: 1 },
        { min: 0, max: 1 },
      ],
      2,
    );
    expect(grid.values).toEqual([1, Number.POSITIVE_INFINITY, 2, Number.POSITIVE_INFINITY]);
    expect([grid.min, grid.max]).toEqual([1, 2]);
  });

  it('refuses a box that is not two-dimensional and a grid out of range', () => {
    const U = potentialFromExpressionND('x^2 + y^2');
    const box = [
      { min: -1, max: 1 },
      { min: -1, max: 1 },
    ];
    for (const bad of [() => potentialGrid(U, [box[0]!], 10), () => potentialGrid(U, box, 1)]) {
      let error: unknown;
      try {
        bad();
      } catch (e) {
        error = e;
      }
      expect(isKramersError(error) && error.code).toBe('invalid_parameter');
    }
  });
});

describe('driftGrid', () => {
  it('b(x, y) on the nodes of the box, bottom row first, with the largest speed (against the formula)', () => {
    const field = driftFromExpressions('x - x^3 - beta*x*y^2, -(1+x^2)*y', {
      parameters: { beta: 10 },
    });
    const box = [
      { min: -1.5, max: 1.5 },
      { min: -1, max: 1 },
    ];
    const grid = driftGrid(field, box, 4, 3);
    expect(grid.x).toEqual([-1.5, -0.5, 0.5, 1.5]);
    expect(grid.y).toEqual([-1, 0, 1]);
    // The Maier–Stein field written out (Maier & Stein 1993): round-off only.
    const bx = (x: number, y: number) => x - x ** 3 - 10 * x * y * y;
    const by = (x: number, y: number) => -(1 + x * x) * y;
    let fastest = 0;
    grid.y.forEach((y, j) => {
      grid.x.forEach((x, i) => {
        expect(grid.bx[j * 4 + i]).toBeCloseTo(bx(x, y), 12);
        expect(grid.by[j * 4 + i]).toBeCloseTo(by(x, y), 12);
        fastest = Math.max(fastest, Math.hypot(bx(x, y), by(x, y)));
      });
    });
    expect(grid.maxSpeed).toBeCloseTo(fastest, 12);
  });

  it('refuses a grid out of range', () => {
    const field = driftFromExpressions('-x, -y');
    const box = [
      { min: -1, max: 1 },
      { min: -1, max: 1 },
    ];
    let error: unknown;
    try {
      driftGrid(field, box, 2001);
    } catch (e) {
      error = e;
    }
    expect(isKramersError(error) && error.code).toBe('invalid_parameter');
  });
});
