import { lowestOnWalls, type WallPoint } from '../multid/index.js';
import { remember } from './memo.js';
import type { PreparedProblemND } from './prepareND.js';

/** Where the box's reflecting walls, not a saddle, set the answer of a passage or a spectrum. */
export interface BoxWallsND {
  /** The lowest point found on the walls, and U there. */
  readonly x: readonly number[];
  readonly U: number;
  /** U there is below the start minimum: the box's lowest states lie on its walls. */
  readonly belowStart: boolean;
  readonly warning: string;
}

/** ∂U/∂n < 0 at the wall point, n its outward normal: the force there pushes out of the box. */
function fallsOutward(p: PreparedProblemND, wall: WallPoint): boolean {
  const g = new Float64Array(p.dimension);
  p.potential.gradient(wall.x, g);
  return wall.wall.side * g[wall.wall.coordinate]! < 0;
}

const fmt = (v: number) => String(Number(v.toPrecision(4)));
const point = (x: readonly number[]) => `(${x.map(fmt).join(', ')})`;

/**
 * Checks U along the box's walls against the start minimum's U and the saddle's. The walls, not
 * the saddle, set the answer where the lowest wall point is (a) below the start minimum (the
 * box's lowest states lie on its walls), (b) with U still falling outward, no more than D above
 * the saddle (Boltzmann weight there at least e⁻¹ of the saddle's: an open landscape would let
 * the walkers leave there as readily), or (c) with U rising outward, within D of the start
 * minimum (the box truncates the well inside its thermal width). The exact, spectral and
 * simulated answers are then the box's, and the harmonic routes, which count escape over the
 * saddle from a whole Gaussian well (Langer 1969), describe another problem. Null otherwise.
 */
export function boxWallsND(
  p: PreparedProblemND,
  startU: number,
  saddleU: number | null,
  startName = 'the start minimum',
): BoxWallsND | null {
  const wall = remember(p, 'lowestOnWalls', () => lowestOnWalls(p.potential.U, p.box));
  const belowStart = wall.U < startU;
  const outward = fallsOutward(p, wall);
  // Falling outward, the open landscape would let walkers leave there: compare with the saddle.
  const leaks = outward && saddleU !== null && wall.U < saddleU + p.D;
  // Rising outward, the wall only truncates the well: it matters within D of the well's bottom.
  const cuts = !outward && wall.U < startU + p.D;
  if (!belowStart && !leaks && !cuts) return null;
  const where = `U on the box's walls comes down to ${fmt(wall.U)} at ${point(wall.x)}`;
  const compared = belowStart
    ? `below ${startName}'s ${fmt(startU)}: the box's lowest states lie on its walls`
    : leaks
      ? `${wall.U < saddleU! ? 'below' : 'within D of'} the saddle's ${fmt(saddleU!)} and still falling outward: in an open landscape leaving there would be as likely as crossing the saddle`
      : `within D of ${startName}'s ${fmt(startU)}: the box cuts off the well inside its thermal width`;
  return {
    x: wall.x,
    U: wall.U,
    belowStart,
    warning: `${where}, ${compared}; the reflecting walls, ${cuts && !belowStart ? 'as much as the saddle, shape' : 'not the saddle, set'} this answer (widen the box, or give a potential that rises at its walls)`,
  };
}
