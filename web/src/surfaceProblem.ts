/**
 * The 2-D tab's problem as the library's plain-data problem in x and y: the one translation every
 * 2-D worker uses, so the analysis, the exact route and the walkers see the same problem.
 */
import type { EscapeProblemND } from 'kramers';
import type { SurfaceProblem } from './surfaceState.js';

export function problemND(q: SurfaceProblem): EscapeProblemND {
  return {
    potential: q.potential,
    coordinates: ['x', 'y'],
    parameters: q.parameters,
    domain: q.box.map(([min, max]) => ({ min, max })),
    D: q.D,
    gamma: q.gamma,
    ...(q.mass !== undefined ? { mass: q.mass } : {}),
  };
}
