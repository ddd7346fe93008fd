import { crossing, type PreparedTransition } from '../problem/index.js';
import type { ClosedFormResult } from './closedForm.js';
import type { MethodInfo, Route } from './method.js';
import { notApplicableResult } from './result.js';

const info: MethodInfo = {
  key: 'arrhenius',
  label: 'Arrhenius factor e^(−ΔU/D)',
  short: 'e^(−ΔU/D)',
  definition:
    'the Boltzmann factor of the barrier alone (no prefactor): k ∝ e^(−ΔU/D); a factor, not a rate',
  regime: 'every activated rate is a prefactor times it; the prefactor needs a theory',
  reference: 'Arrhenius, Z. Phys. Chem. 4, 226 (1889)',
  dynamics: 'both',
  kind: 'closed form',
  colour: '#adb5bd',
};

/** e^{−ΔU/D} of the barrier crossed, computed in logs (it underflows for high barriers). */
export const arrheniusRoute: Route<ClosedFormResult> = {
  info,
  run(t: PreparedTransition): ClosedFormResult {
    const c = crossing(t);
    if (!c) {
      return {
        ...notApplicableResult(info, 'no barrier lies between the start and the absorbing point'),
        prefactor: null,
        barrierToNoise: null,
      };
    }
    const barrierToNoise = c.transition.deltaU / t.problem.D;
    return {
      rate: Math.exp(-barrierToNoise),
      logRate: -barrierToNoise,
      error: null,
      retcode: 'success',
      definition: info.definition,
      warnings: [],
      prefactor: 1,
      barrierToNoise,
    };
  },
};
