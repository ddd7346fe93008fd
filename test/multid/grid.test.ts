import { describe, expect, it } from 'vitest';
import { isKramersError, potentialFromExpressionND, potentialGrid } from '../../src/index.js';

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
