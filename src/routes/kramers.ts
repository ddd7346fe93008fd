import type { PreparedTransition } from '../problem/index.js';
import { kramersOverdamped } from '../rates/index.js';
import { type ClosedFormResult, onBarrier } from './closedForm.js';
import type { MethodInfo, Route } from './method.js';

const info: MethodInfo = {
  key: 'kramers',
  label: 'Kramers (overdamped)',
  short: 'Kramers',
  definition: 'one-way escape rate, leading order √(U″_a|U″_s|)/(2πγ) e^{−ΔU/D} (Kramers 1940)',
  regime:
    'strong friction γ/m ≫ ω_s, ΔU/D ≫ 1, harmonic well and barrier at this D: ε = D(5U‴²/24|U″|³ + |U⁗|/8U″²) summed over both ≪ 1 (error ≈ −D(c_a + c_s); none given from ε = 1), no wall within 1.5 thermal widths of the well',
  reference: 'Kramers, Physica 7, 284 (1940)',
  dynamics: 'overdamped',
  kind: 'closed form',
  colour: '#d9480f',
};

/**
 * Kramers' overdamped (Smoluchowski) rate over the passage's barrier; not applicable where the
 * well or barrier is too anharmonic at this D or a wall cuts the well (`onBarrier`).
 */
export const kramersRoute: Route<ClosedFormResult> = {
  info,
  run: (t: PreparedTransition) =>
    onBarrier(info, t, { well: true, barrier: true }, (c) =>
      kramersOverdamped({
        wellCurvature: c.well.d2U,
        barrierCurvature: c.barrier.d2U,
        deltaU: c.transition.deltaU,
        D: t.problem.D,
        gamma: t.problem.gamma,
        // Under inertial dynamics the formula checks its strong-friction regime.
        ...(t.problem.dynamics === 'underdamped' ? { mass: t.problem.mass } : {}),
      }),
    ),
};
