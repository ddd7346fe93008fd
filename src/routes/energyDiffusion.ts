import type { PreparedTransition } from '../problem/index.js';
import { energyDiffusionRate } from '../rates/index.js';
import { type InertialResult, inertialInput, inertialRoute } from './inertial.js';
import type { MethodInfo, Route } from './method.js';

const info: MethodInfo = {
  key: 'energyDiffusion',
  label: 'energy diffusion',
  short: 'energy diff.',
  definition:
    'one-way rate (η_c I_s/D)(ω_a/2π) e^(−ΔU/D): energy supply to the barrier limits escape, k ∝ γ (half of it between mirror wells)',
  regime: 'weak friction, Δ = η_c I_s/D ≪ 1; ΔU/D ≫ 1; needs a closed orbit at the barrier energy',
  reference:
    'Kramers, Physica 7, 284 (1940); Hänggi, Talkner & Borkovec, Rev. Mod. Phys. 62, 251 (1990)',
  dynamics: 'underdamped',
  kind: 'closed form',
  colour: '#0ca678',
};

/**
 * The energy-diffusion rate takes the exact barrier orbit's action but the harmonic well's ω_a and
 * population: only the well is checked for anharmonicity.
 */
const HARMONIC_WELL = { well: true, barrier: false } as const;

/** Kramers' weak-friction rate. */
export const energyDiffusionRoute: Route<InertialResult> = {
  info,
  run: (t: PreparedTransition) =>
    inertialRoute(info, t, true, HARMONIC_WELL, (c, context) =>
      energyDiffusionRate({
        ...inertialInput(t, c),
        action: context.action!,
        geometry: context.geometry,
      }),
    ),
};
