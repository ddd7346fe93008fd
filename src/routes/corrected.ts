import type { PreparedTransition } from '../problem/index.js';
import {
  type KramersCorrectedEstimate,
  kramersCorrected,
  sampledAnharmonicity,
} from '../rates/index.js';
import { type ClosedFormResult, onBarrier } from './closedForm.js';
import type { MethodInfo, Route } from './method.js';

const info: MethodInfo = {
  key: 'corrected',
  label: 'Kramers + finite-barrier correction',
  short: 'corrected',
  definition:
    'one-way escape rate with the first finite-barrier correction, k_Kramers·[1 − D(c_a + c_s)]',
  regime:
    'strong friction, ΔU/D ≫ 1, error O(D²); none given where D(|c_a| + |c_s|) ≥ 0.5 (the correction is not small: a flat well or barrier)',
  reference:
    'next order of the Laplace expansion; Hänggi, Talkner & Borkovec, Rev. Mod. Phys. 62, 251 (1990)',
  dynamics: 'overdamped',
  kind: 'closed form',
  colour: '#f08c00',
};

/** The formula judges its own anharmonicity, with a stricter limit (`CORRECTION_LIMIT`). */
const NO_CHECK = { well: false, barrier: false } as const;

/** The corrected rate with the factor 1 − D(c_a + c_s) it applied. */
export interface CorrectedResult extends ClosedFormResult {
  readonly correctionFactor: number | null;
}

/** Kramers' rate with the next order in D (third and fourth derivatives at well and barrier). */
export const correctedRoute: Route<CorrectedResult> = {
  info,
  run(t: PreparedTransition): CorrectedResult {
    const { potential, D, gamma, dynamics, mass } = t.problem;
    let factor: number | null = null;
    const result = onBarrier(info, t, { well: true, barrier: true, anharmonic: NO_CHECK }, (c) => {
      const estimate: KramersCorrectedEstimate = kramersCorrected({
        wellCurvature: c.well.d2U,
        barrierCurvature: c.barrier.d2U,
        deltaU: c.transition.deltaU,
        D,
        gamma,
        ...(dynamics === 'underdamped' ? { mass } : {}),
        wellThirdDerivative: potential.d3U(c.well.x),
        wellFourthDerivative: potential.d4U(c.well.x),
        barrierThirdDerivative: potential.d3U(c.barrier.x),
        barrierFourthDerivative: potential.d4U(c.barrier.x),
        wellSampled: sampledAnharmonicity((y) => potential.U(y), c.well.x, c.well.d2U, D),
        barrierSampled: sampledAnharmonicity((y) => potential.U(y), c.barrier.x, c.barrier.d2U, D),
      });
      factor = estimate.correctionFactor;
      return estimate;
    });
    return { ...result, correctionFactor: factor };
  },
};
