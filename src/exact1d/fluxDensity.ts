import {
  KramersError,
  type Potential1D,
  type RetCode,
  requireFinite,
  requirePositive,
} from '../core/index.js';
import { splittingProbability } from './splittingProbability.js';

export interface FluxDensityProblem {
  readonly potential: Potential1D;
  /** Noise intensity D = k_B T (energy). */
  readonly D: number;
  /** The source, x_a (the well bottom): P(x_a) = 1. */
  readonly well: number;
  /** The sink x_c beyond the barrier: P(x_c) = 0. */
  readonly sink: number;
  /** Where to evaluate P (any order; points behind the source get the Boltzmann density). */
  readonly x: readonly number[];
  /** Relative tolerance of the integrals, default 1e-10. */
  readonly tolerance?: number;
}

export interface FluxDensityResult {
  /** P(x), normalised to P(x_a) = 1. */
  readonly density: Float64Array;
  /** Absolute error estimate of each value. */
  readonly error: Float64Array;
  readonly retcode: RetCode;
  readonly warnings: string[];
}

/**
 * The flux-carrying stationary density of Kramers' flux-over-population picture (Kramers 1940;
 * docs/conventions.md §1): a source at the well bottom x_a, a sink at x_c beyond the barrier.
 * Between them
 *
 *   P(x) = e^{−(U(x) − U(x_a))/D} ∫_x^{x_c} e^{U/D} dy / ∫_{x_a}^{x_c} e^{U/D} dy,
 *
 * which is the Boltzmann density times q(x), the probability of reaching x_a before x_c (the
 * committor to the source; Gardiner §5.2.8): the splitting probability, integrated in log space,
 * so P stays accurate where it is e^{−ΔU/D} small. Behind the source no flux runs and P is the
 * Boltzmann density. The flux it carries is J = (D/γ)/∫_{x_a}^{x_c} e^{(U − U_a)/D}
 * (`fluxOverPopulationRate`). For U = 0, P falls linearly from 1 to 0.
 */
export function fluxDensity(problem: FluxDensityProblem): FluxDensityResult {
  const { potential } = problem;
  const D = requirePositive('D', problem.D, 'noise intensity k_B T');
  const well = requireFinite('well', problem.well, 'source (well bottom) x_a');
  const sink = requireFinite('sink', problem.sink, 'sink x_c');
  if (well === sink) {
    throw new KramersError('invalid_parameter', 'the sink must differ from the source', {
      issues: [{ path: 'sink', message: 'equals the source' }],
    });
  }
  const xs = problem.x.map((x, i) => requireFinite(`x[${i}]`, x, 'position'));
  const sign = Math.sign(sink - well);
  const Ua = potential.U(well);
  const boltzmann = (x: number) => Math.exp(-(potential.U(x) - Ua) / D);
  // Points strictly between source and sink need the committor; the rest are closed-form.
  const inside = xs.filter((x) => (x - well) * sign > 0 && (sink - x) * sign > 0);
  const left = Math.min(well, sink);
  const right = Math.max(well, sink);
  const split =
    inside.length > 0
      ? splittingProbability({
          potential,
          D,
          left,
          right,
          x: inside,
          ...(problem.tolerance !== undefined ? { tolerance: problem.tolerance } : {}),
        })
      : null;
  const density = new Float64Array(xs.length);
  const error = new Float64Array(xs.length);
  let k = 0;
  xs.forEach((x, i) => {
    if ((sink - x) * sign <= 0) return; // at or past the sink: absorbed
    const weight = boltzmann(x);
    if ((x - well) * sign <= 0) {
      density[i] = weight;
      return;
    }
    // q(x): reach the source (left end if the sink is on the right) before the sink.
    const q = sign > 0 ? split!.probabilityLeft[k]! : split!.probability[k]!;
    density[i] = weight * q;
    error[i] = weight * (sign > 0 ? split!.errorLeft[k]! : split!.error[k]!);
    k++;
  });
  return {
    density,
    error,
    retcode: split?.retcode ?? 'success',
    warnings: split?.warnings ?? [],
  };
}
