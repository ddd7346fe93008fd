import { type Box, type DriftField, KramersError, type PotentialND } from '../core/index.js';

/** U(x, y) on a regular grid over a box: what a contour or shaded map draws. */
export interface PotentialGrid {
  /** The grid's nodes along each axis, box edge to box edge. */
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** U at (x[i], y[j]) in values[j·nx + i] (rows of constant y, bottom row first). */
  readonly values: readonly number[];
  /** The smallest and largest finite value on the grid. */
  readonly min: number;
  readonly max: number;
}

/**
 * The nodes of an nx × ny grid spanning a 2-D box, edges included (the last node is the box's
 * edge exactly, not a sum that may fall short of it).
 *
 * @throws KramersError `invalid_parameter` for a field not in two coordinates, a box of another
 *   size or fewer than 2 (or more than 2000) nodes per axis.
 */
function gridAxes(what: string, dimension: number, box: Box, nx: number, ny: number) {
  if (dimension !== 2 || box.length !== 2) {
    throw new KramersError(
      'invalid_parameter',
      `${what} in two coordinates and a box of two intervals; got ${dimension} coordinates and ${box.length} intervals`,
      { issues: [{ path: 'domain', message: 'not two-dimensional' }] },
    );
  }
  for (const n of [nx, ny]) {
    if (!Number.isInteger(n) || n < 2 || n > 2000) {
      throw new KramersError(
        'invalid_parameter',
        `grid nodes per axis must be a whole number from 2 to 2000; got ${n}`,
        { issues: [{ path: 'grid', message: 'out of range' }] },
      );
    }
  }
  const axis = (d: Box[number], n: number) =>
    Array.from({ length: n }, (_, i) =>
      i === n - 1 ? d.max : d.min + ((d.max - d.min) * i) / (n - 1),
    );
  return { x: axis(box[0]!, nx), y: axis(box[1]!, ny) };
}

/**
 * U of a 2-D potential on an nx × ny grid of nodes spanning the box (edges included). A value
 * that is not finite (an overflowing exponential far out in the box) is kept as it is, so that a
 * map can leave it blank, and is left out of `min` and `max`.
 *
 * @throws KramersError `invalid_parameter` for a potential not in two coordinates, a box of
 *   another size or fewer than 2 (or more than 2000) nodes per axis.
 */
export function potentialGrid(
  potential: PotentialND,
  box: Box,
  nx: number,
  ny = nx,
): PotentialGrid {
  const { x, y } = gridAxes('a map of U needs a potential', potential.dimension, box, nx, ny);
  const values: number[] = new Array(nx * ny);
  const point = new Float64Array(2);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < ny; j++) {
    point[1] = y[j]!;
    for (let i = 0; i < nx; i++) {
      point[0] = x[i]!;
      const u = potential.U(point);
      values[j * nx + i] = u;
      if (Number.isFinite(u)) {
        if (u < min) min = u;
        if (u > max) max = u;
      }
    }
  }
  return { x, y, values, min, max };
}

/** A drift field b(x, y) on a regular grid over a box: what a flow-field (arrow) plot draws. */
export interface DriftGrid {
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** b_x and b_y at (x[i], y[j]) in bx[j·nx + i], by[j·nx + i] (bottom row first). */
  readonly bx: readonly number[];
  readonly by: readonly number[];
  /** The largest finite |b| on the grid (arrows are scaled by it). */
  readonly maxSpeed: number;
}

/**
 * A 2-D drift field on an nx × ny grid of nodes spanning the box (edges included), laid out as
 * `potentialGrid`'s values. Non-finite components are kept as they are and left out of
 * `maxSpeed`, so a plot can skip them.
 *
 * @throws KramersError `invalid_parameter` as `potentialGrid`.
 */
export function driftGrid(field: DriftField, box: Box, nx: number, ny = nx): DriftGrid {
  const { x, y } = gridAxes('a flow field needs a drift', field.dimension, box, nx, ny);
  const bx: number[] = new Array(nx * ny);
  const by: number[] = new Array(nx * ny);
  const point = new Float64Array(2);
  const out = new Float64Array(2);
  let maxSpeed = 0;
  for (let j = 0; j < ny; j++) {
    point[1] = y[j]!;
    for (let i = 0; i < nx; i++) {
      point[0] = x[i]!;
      field.b(point, out);
      bx[j * nx + i] = out[0]!;
      by[j * nx + i] = out[1]!;
      const speed = Math.hypot(out[0]!, out[1]!);
      if (Number.isFinite(speed) && speed > maxSpeed) maxSpeed = speed;
    }
  }
  return { x, y, bx, by, maxSpeed };
}
