import type { PreparedTransition } from '../problem/index.js';
import { kramersSpatialDiffusion } from '../rates/index.js';
import { type InertialResult, inertialInput, inertialRoute } from './inertial.js';
import type { MethodInfo, Route } from './method.js';

const info: MethodInfo = {
  key: 'spatialDiffusion',
  label: 'Kramers spatial diffusion',
  short: 'spatial diff.',
  definition:
    'one-way rate (ω_a/2πω_s)[√(η_c²/4 + ω_s²) − η_c/2] e^(−ΔU/D), η_c = γ/m: recrossing at the barrier top',
  regime:
    'moderate to strong friction, Δ = η_c I_s/D ≫ 1; → TST as γ → 0 (wrongly), → overdamped Kramers as γ → ∞',
  reference: 'Kramers, Physica 7, 284 (1940); Grote & Hynes, J. Chem. Phys. 73, 2715 (1980)',
  dynamics: 'underdamped',
  kind: 'closed form',
  colour: '#7048e8',
};

/** Kramers' moderate-to-strong friction rate (names its regime when the action is known). */
export const spatialDiffusionRoute: Route<InertialResult> = {
  info,
  run: (t: PreparedTransition) =>
    inertialRoute(info, t, false, { well: true, barrier: true }, (c, context) =>
      kramersSpatialDiffusion({
        ...inertialInput(t, c),
        ...(context.action ? { action: context.action } : {}),
      }),
    ),
};
