import { KramersError } from '../core/index.js';
import { barrierAction } from '../landscape/index.js';
import { crossing, type PreparedTransition, passageKey, remember } from '../problem/index.js';
import type { TurnoverGeometry } from '../rates/index.js';

/** What the inertial theories need beyond curvatures: the barrier orbit's action and where an escaped particle goes. */
export interface InertialContext {
  /** I_s = ∮ p dx at the barrier energy in the start well (null: no closed orbit). */
  readonly action: number | null;
  /** 'symmetric-double-well' for two confined mirror-image wells (recrossing), else 'sink'. */
  readonly geometry: TurnoverGeometry;
  /** Two confined wells with one barrier: population relaxation (λ1·p_b) is defined. */
  readonly twoWells: boolean;
  readonly warnings: readonly string[];
}

function computeContext(t: PreparedTransition): InertialContext {
  const c = crossing(t);
  if (!c) return { action: null, geometry: 'sink', twoWells: false, warnings: [] };
  const { potential, landscape } = t.problem;
  const warnings: string[] = [];
  let action: number | null = null;
  try {
    action = barrierAction(potential, landscape, c.transition).action;
  } catch (error) {
    if (!(error instanceof KramersError)) throw error;
    warnings.push(`${error.message}: energy-diffusion and turnover columns are empty`);
  }
  const to = c.transition.to;
  const twoWells =
    landscape.wells.length === 2 &&
    landscape.barriers.length === 1 &&
    landscape.edges.left === 'confining' &&
    landscape.edges.right === 'confining' &&
    typeof to === 'number';
  const back = landscape.transitions.find((tr) => tr.from === to);
  const other = typeof to === 'number' ? landscape.wells[to] : undefined;
  const symmetric =
    twoWells &&
    back !== undefined &&
    other !== undefined &&
    Math.abs(back.deltaU - c.transition.deltaU) <= 1e-9 * c.transition.deltaU &&
    Math.abs(other.d2U - c.well.d2U) <= 1e-6 * c.well.d2U;
  if (twoWells && !symmetric) {
    warnings.push(
      "the two wells are not mirror images: the theory columns use the escape-into-a-sink factor A(Δ) and ignore recrossing into the other well (Mel'nikov's asymmetric factor is not implemented)",
    );
  }
  return { action, geometry: symmetric ? 'symmetric-double-well' : 'sink', twoWells, warnings };
}

/**
 * The inertial context of a passage, computed once per problem and passage (the action does not
 * depend on D or γ, so a friction sweep finds it once).
 */
export function inertialContext(t: PreparedTransition): InertialContext {
  return remember(t.problem, `inertial|${passageKey(t)}`, () => computeContext(t));
}
