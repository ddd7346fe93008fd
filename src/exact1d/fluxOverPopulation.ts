import {
  KramersError,
  type Potential1D,
  type RetCode,
  requireFinite,
  requirePositive,
} from '../core/index.js';
import {
  adaptiveSolve,
  type PanelEvaluation,
  panelStartingAt,
  relativeOf,
  scaledExponent,
} from './adaptive.js';
import {
  logCumulative,
  logSumRange,
  type Panel,
  type PanelRegion,
  Resolve,
} from './chebyshevPanels.js';
import { naturalTruncation } from './naturalBoundary.js';

export interface FluxOverPopulationProblem {
  readonly potential: Potential1D;
  /** Noise intensity D = k_B T (energy). */
  readonly D: number;
  /** Friction coefficient γ (force per velocity); default 1. */
  readonly gamma?: number;
  /** Well bottom x_a (where the flux integral starts). */
  readonly well: number;
  /** Barrier top x_s (where the well population ends). */
  readonly barrier: number;
  /** Sink x_c beyond the barrier (where the flux is absorbed). */
  readonly sink: number;
  /** Reflecting wall on the far side of the well; default a natural boundary at ±∞. */
  readonly reflecting?: number;
  /** Relative tolerance, default 1e-10. */
  readonly tolerance?: number;
}

export interface FluxOverPopulationResult {
  /** One-way escape rate k = J/N (1/time); may underflow to 0, see `logRate`. */
  readonly rate: number;
  readonly logRate: number;
  /** Absolute and relative error estimates of `rate`. */
  readonly error: number;
  readonly relativeError: number;
  /** N = ∫_{L}^{x_s} e^{−(U − U(x_a))/D} dz: the well population with the density 1 at x_a (length). */
  readonly population: number;
  readonly logPopulation: number;
  /** J = (D/γ) / ∫_{x_a}^{x_c} e^{(U − U(x_a))/D} dy: the stationary flux for that density (length/time). */
  readonly flux: number;
  readonly logFlux: number;
  readonly retcode: RetCode;
  readonly warnings: string[];
  readonly panels: number;
  readonly evaluations: number;
}

function invalid(path: string, message: string): KramersError {
  return new KramersError('invalid_parameter', message, { issues: [{ path, message }] });
}

/**
 * Flux-over-population rate (Farkas 1927; Kramers, Physica 1940; Hänggi, Talkner, Borkovec, Rev.
 * Mod. Phys. 1990, §IV): a stationary flux J from the well into a sink at x_c, divided by the
 * population N of the well, for γ dx = −U′ dt + √(2γD) dW (docs/conventions.md §1):
 *
 *   1/k = (γ/D) ∫_{well} e^{−U(z)/D} dz · ∫_{x_a}^{x_c} e^{U(y)/D} dy.
 *
 * Choice: the well population is integrated from the reflecting wall (or −∞: natural boundary) up to
 * the barrier top x_s. The result is the one-way rate k_{a→c}; it agrees with 1/MFPT(x_a → x_c)
 * up to relative terms of order e^{−ΔU/D} (the inner integral of the MFPT is replaced by its value
 * at x_s; for x³/3 − x they differ by 0.5% at ΔU/D = 4.4 and by 1e-12 at ΔU/D = 27), and exactly
 * for a symmetric double well with the sink at the mirror image of the well. Both tend to Kramers'
 * √(U″_a|U″_s|)/(2πγ) e^{−ΔU/D}. Units: 1/time with time = γ·length²/energy.
 *
 * @example
 * fluxOverPopulationRate({ potential: potentialFromExpression('x^4/4 - x^2/2'), D: 0.05, well: -1, barrier: 0, sink: 1 }).rate; // => 0.00137048124728442
 */
export function fluxOverPopulationRate(
  problem: FluxOverPopulationProblem,
): FluxOverPopulationResult {
  const v = validateFluxProblem(problem);
  const { potential, D, gamma, well, sign } = v;
  const anchorU = potential.U(well);
  if (!Number.isFinite(anchorU)) {
    throw new KramersError('not_finite', `U(x) is not finite at the well x = ${well}`, {
      issues: [{ path: 'well', message: `U = ${String(anchorU)}` }],
    });
  }
  const exponent = scaledExponent(potential, D, sign, anchorU);
  const xa = sign * well;
  const xs = sign * v.barrier;
  const xc = sign * v.sink;
  const end = wellEnd(v, anchorU, xa, xc);
  const regions: PanelRegion[] = [
    { a: end.x, b: xa, checks: Resolve.minus },
    { a: xa, b: xs, checks: Resolve.minus | Resolve.plus },
    { a: xs, b: xc, checks: Resolve.plus },
  ].filter((r) => r.b > r.a);
  const outcome = adaptiveSolve(
    exponent,
    regions,
    v.tolerance,
    anchorU / D,
    populationAndResistance(xa, xs, end.logTail),
  );
  const { logN, logI } = outcome.value;
  // s is measured from U(x_a), so logN is ln N and logI is ln ∫ e^{(U−U_a)/D} directly.
  const logFlux = Math.log(D) - Math.log(gamma) - logI;
  const logRate = logFlux - logN;
  const rate = Math.exp(logRate);
  const warnings = [...outcome.warnings];
  if (rate === 0)
    warnings.push(`the rate underflows double precision (ln k = ${logRate}); use logRate`);
  return {
    rate,
    logRate,
    error: rate * outcome.relativeError,
    relativeError: outcome.relativeError,
    population: Math.exp(logN),
    logPopulation: logN,
    flux: Math.exp(logFlux),
    logFlux,
    retcode: outcome.retcode,
    warnings,
    panels: outcome.panels,
    evaluations: 1 + end.evaluations + outcome.evaluations,
  };
}

/** The problem checked: positive D, γ and tolerance, the barrier between well and sink. */
interface ValidFluxProblem {
  readonly potential: Potential1D;
  readonly D: number;
  readonly gamma: number;
  readonly well: number;
  readonly barrier: number;
  readonly sink: number;
  readonly reflecting: number | undefined;
  readonly tolerance: number;
  /** +1 when the sink lies to the right of the well; −1 mirrors x → −x. */
  readonly sign: 1 | -1;
}

/** Checks the problem's numbers and their order, well < barrier ≤ sink (or mirrored). */
function validateFluxProblem(problem: FluxOverPopulationProblem): ValidFluxProblem {
  if (typeof problem?.potential?.U !== 'function') {
    throw invalid('potential', 'potential must be a Potential1D with a function U(x)');
  }
  const { potential } = problem;
  const D = requirePositive('D', problem.D, 'noise intensity k_B T');
  const gamma = requirePositive('gamma', problem.gamma ?? 1, 'friction coefficient γ');
  const well = requireFinite('well', problem.well, 'well bottom x_a');
  const barrier = requireFinite('barrier', problem.barrier, 'barrier top x_s');
  const sink = requireFinite('sink', problem.sink, 'sink x_c beyond the barrier');
  const tolerance = Math.max(requirePositive('tolerance', problem.tolerance ?? 1e-10), 1e-14);
  if (!(tolerance < 1)) throw invalid('tolerance', `tolerance must be below 1; got ${tolerance}`);
  const sign: 1 | -1 = sink > well ? 1 : -1;
  if (!((barrier - well) * sign > 0 && (sink - barrier) * sign >= 0)) {
    throw invalid(
      'barrier',
      `need the barrier between the well and the sink (well < barrier ≤ sink or mirrored); got well = ${well}, barrier = ${barrier}, sink = ${sink}`,
    );
  }
  const reflecting = problem.reflecting;
  if (reflecting !== undefined) checkReflecting(reflecting, well, sink, sign);
  return { potential, D, gamma, well, barrier, sink, reflecting, tolerance, sign };
}

/** A reflecting wall must be a number on the far side of the well from the sink. */
function checkReflecting(reflecting: number, well: number, sink: number, sign: 1 | -1): void {
  if (Number.isNaN(reflecting)) throw invalid('reflecting', 'reflecting must be a number; got NaN');
  if (
    (reflecting - well) * sign > 0 ||
    (!Number.isFinite(reflecting) && Math.sign(reflecting) === sign)
  ) {
    throw invalid(
      'reflecting',
      `reflecting = ${reflecting} must lie on the far side of the well (${well}) from the sink (${sink})`,
    );
  }
}

/**
 * The far end L of the well population (canonical coordinate): the reflecting wall, or where the
 * natural boundary is cut, with a bound on the neglected tail beyond it (ln, −∞ at a wall).
 */
function wellEnd(
  v: ValidFluxProblem,
  anchorU: number,
  xa: number,
  xc: number,
): { x: number; logTail: number; evaluations: number } {
  const { reflecting, sign } = v;
  if (reflecting !== undefined && Number.isFinite(reflecting)) {
    return { x: sign * reflecting, logTail: Number.NEGATIVE_INFINITY, evaluations: 0 };
  }
  const scan = scaledExponent(v.potential, v.D, sign, anchorU, true);
  const cut = Math.max(50, -Math.log(v.tolerance) + 30);
  return naturalTruncation(scan, xa, -1, xc - xa, cut, (x) => sign * x);
}

/**
 * ln N = ln ∫_L^{x_s} e^{−s} and ln I = ln ∫_{x_a}^{x_c} e^{s} on the current panels, with their
 * relative errors (the truncated tail of N included).
 */
function populationAndResistance(
  xa: number,
  xs: number,
  logTail: number,
): (panels: readonly Panel[], tailTol: number) => PanelEvaluation<{ logN: number; logI: number }> {
  return (panels, tailTol) => {
    const last = panels.length - 1;
    const ia = panelStartingAt(panels, xa);
    const is = panelStartingAt(panels, xs);
    const pop = logCumulative(panels, 0, is - 1, -1, false, tailTol, undefined, logTail);
    const inv = logCumulative(panels, ia, last, 1, false, tailTol);
    const logN = logSumRange(pop.panelLog, 0, is - 1);
    const logI = logSumRange(inv.panelLog, ia, last);
    const relN = relativeOf(logN, logSumRange(pop.panelLogError, 0, is - 1));
    const relNTail = relativeOf(logN, logTail);
    const relI = relativeOf(logI, logSumRange(inv.panelLogError, ia, last));
    return {
      value: { logN, logI },
      relativeError: relN + relNTail + relI,
      failed: [...pop.failed, ...inv.failed],
    };
  };
}
