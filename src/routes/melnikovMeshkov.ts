import type { PreparedTransition } from '../problem/index.js';
import { melnikovMeshkovRate } from '../rates/index.js';
import { type InertialResult, inertialInput, inertialRoute } from './inertial.js';
import type { MethodInfo, Route } from './method.js';

const info: MethodInfo = {
  key: 'melnikovMeshkov',
  label: "Mel'nikov–Meshkov turnover",
  short: 'MM turnover',
  definition:
    'one-way rate A(Δ)·k_SD into a sink, A(Δ)²/A(2Δ)·k_SD between mirror wells: uniform from weak to strong friction',
  regime:
    'every friction, ΔU/D ≫ 1 (error O(D/ΔU): 5–30% at ΔU/D = 5); needs a closed barrier orbit',
  reference:
    "Mel'nikov & Meshkov, J. Chem. Phys. 85, 1018 (1986); Mel'nikov, Phys. Rep. 209, 1 (1991)",
  dynamics: 'underdamped',
  kind: 'closed form',
  colour: '#e64980',
};

/** The Mel'nikov–Meshkov turnover rate, with Mel'nikov's recrossing factor between mirror wells. */
export const melnikovMeshkovRoute: Route<InertialResult> = {
  info,
  run: (t: PreparedTransition) =>
    inertialRoute(info, t, true, { well: true, barrier: true }, (c, context) =>
      melnikovMeshkovRate({
        ...inertialInput(t, c),
        action: context.action!,
        geometry: context.geometry,
      }),
    ),
};
