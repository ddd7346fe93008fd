import type { PreparedTransition } from '../problem/index.js';
import { transitionStateRate } from '../rates/index.js';
import { type ClosedFormResult, onBarrier } from './closedForm.js';
import type { MethodInfo, Route } from './method.js';

const info: MethodInfo = {
  key: 'tst',
  label: 'transition-state theory',
  short: 'TST',
  definition:
    'TST (ω_a/2π) e^(−ΔU/D), ω_a = √(U″_a/m): the equilibrium one-way flux through the barrier top, no recrossing',
  regime:
    'an upper bound at any friction; approached at moderate friction with inertia; ΔU/D ≫ 1, harmonic well at this D (ε_a ≪ 1, no wall within its thermal width)',
  reference: 'Eyring 1935; Wigner 1938; Hänggi, Talkner & Borkovec, Rev. Mod. Phys. 62, 251 (1990)',
  dynamics: 'both',
  kind: 'closed form',
  colour: '#868e96',
};

/** Transition-state theory on the passage's well (needs a harmonic well only). */
export const tstRoute: Route<ClosedFormResult> = {
  info,
  run: (t: PreparedTransition) =>
    onBarrier(info, t, { well: true, barrier: false }, (c) =>
      transitionStateRate({
        wellCurvature: c.well.d2U,
        deltaU: c.transition.deltaU,
        D: t.problem.D,
        mass: t.problem.mass,
      }),
    ),
};
