import { KramersError, requirePositive, requireWithinBudget } from '../core/index.js';
import {
  type LinearResponse,
  linearResponse,
  type PeriodicResponseMeasure,
  periodicResponse,
  twoStateResponse,
} from '../drive/index.js';
import {
  generateSource,
  potentialFromExpression,
  timeDependentPotentialFromExpression,
} from '../expr/index.js';
import type { Landscape } from '../landscape/index.js';
import {
  checkProblem,
  checkSettings,
  DEFAULT_POTENTIAL,
  ESCAPE_KEYS,
  type EscapeProblem,
  keysOf,
  type PotentialSummary,
  type PreparedProblem,
  prepare,
  transitionOf,
  varyProblem,
} from '../problem/index.js';
import { barrierWarnings } from '../rates/index.js';
import { ROUTES, type RunOptions } from '../routes/index.js';
import {
  checkTimeStep,
  type Engine,
  runJobs,
  type TrajectoryRequest,
  type TrajectorySamples,
  WASM_LANES,
} from '../simulation/index.js';
import { smoluchowskiSeconds, smoluchowskiSpectrum } from '../spectral/index.js';
import {
  type BackTransform,
  type CurvePoint,
  carriedError,
  outsideRangeNote,
  type PeakRegion,
  parabolaPeak,
  peakRegion,
  peakSpread,
  reachOf,
  type ScanAxis,
} from './gridPeak.js';
import { searchPeak } from './peakSearch.js';
import { criticalAmplitude } from './quasiStatic.js';

export interface ResonanceSimulation {
  /** Drive periods per record (a power of two ≥ 16); default 64. */
  readonly periods?: number;
  /**
   * Samples per period (a power of two ≥ 8); default 128. Point samples Δ apart alias the fast
   * intrawell motion (rate λ ~ U''/γ) into the noise at Ω by (λΔ/2)·coth(λΔ/2): at 16 a period
   * the double well's noise PSD read up to 20% high, at 128 under 0.5% (test/fixtures/resonance_aliasing.py).
   */
  readonly samplesPerPeriod?: number;
  /** Independent trajectories per noise level; default 16. */
  readonly trajectories?: number;
  /** Periods run and discarded before recording; default 4. */
  readonly transientPeriods?: number;
  readonly dt?: number;
  readonly seed?: number;
  /**
   * Also return each simulated row's power spectrum (trajectory-averaged, one-sided, per angular
   * frequency) up to 3Ω: enough to show the signal peak at Ω over the noise background; default
   * false (it adds 3·periods + 1 values per row).
   */
  readonly spectrum?: boolean;
}

export interface ResonanceProblem extends Omit<EscapeProblem, 'D'> {
  /** Drive amplitude A in U(x, t) = U₀(x) − A φ(x) cos Ωt. */
  readonly amplitude: number;
  /** Drive angular frequency Ω. */
  readonly omega: number;
  /** Coupling φ(x) as an expression; default `x` (a rocking force A cos Ωt). */
  readonly coupling?: string;
  /**
   * Noise range, log-spaced: `points` levels (default 12) from Dmin to Dmax (default ΔU/8 to 2ΔU
   * of the lower barrier). Dmin = Dmax, or `points: 1` with both equal, asks about one D.
   */
  readonly Dmin?: number;
  readonly Dmax?: number;
  readonly points?: number;
  /** A single noise level instead of a range (no Dmin, Dmax). */
  readonly D?: number;
  /** Also measure the response by Langevin simulation at each D. */
  readonly simulate?: boolean | ResonanceSimulation;
}

/** The keys of `simulate` when it is an object (`ResonanceSimulation`). */
const SIMULATION_KEYS = keysOf<ResonanceSimulation>()([
  'periods',
  'samplesPerPeriod',
  'trajectories',
  'transientPeriods',
  'dt',
  'seed',
  'spectrum',
]);

/** The keys `stochasticResonance()` reads: the problem (with D or a range of it) and the drive. */
const RESONANCE_KEYS = keysOf<ResonanceProblem>()([
  ...ESCAPE_KEYS,
  'amplitude',
  'omega',
  'coupling',
  'Dmin',
  'Dmax',
  'points',
  'simulate',
]);

/** `onProgress` counts finished trajectories (all noise levels). */
export interface ResonanceOptions extends RunOptions {
  /**
   * Called as soon as every trajectory of one noise level has finished, with that row's index and
   * the row (theory and simulated point): a page can draw the measured curve point by point.
   */
  readonly onRow?: (index: number, row: ResonanceRow) => void;
}

export interface ResonanceRow {
  readonly D: number;
  /** Two-state theory on the Kramers rates (null when the landscape has not exactly two wells). */
  readonly twoState: { readonly amplification: number; readonly snr: number } | null;
  readonly linearResponse: {
    readonly amplification: number;
    readonly snr: number;
    /** Bound on |Δχ(Ω)| from the Fokker–Planck modes left out (of χ, not of η). */
    readonly truncationError: number;
    /** Bound on |Δη| from the same modes, 2|χ|·b + b² with b = `truncationError`. */
    readonly amplificationTruncationError: number;
    /**
     * |Δη| from the grid the modes are computed on: η's change from the grid one level coarser
     * (spacing 2h). The grid is second order, so this is about three times the finest grid's own
     * error (null when the spectrum has a single level).
     */
    readonly gridError: number | null;
    /** The error bound of η: `amplificationTruncationError` + `gridError`. */
    readonly amplificationError: number;
    /**
     * False where the error bound is not below a tenth of η (the eigenfunctions have lost their
     * accuracy, past ΔU/D ≈ 50): tables show no number there and the maximum leaves it out.
     */
    readonly reliable: boolean;
  };
  readonly simulated?: {
    /**
     * η measured: unbiased (the noise's share of |c̄|² taken out), so negative where the signal is
     * not resolved; the CI inverts a score test (see periodicResponse).
     */
    readonly amplification: number;
    readonly amplificationStdErr: number;
    readonly amplificationCI95: [number, number];
    readonly snr: number;
    /** 95% CI of the SNR (score test of the signal against the noise, Fieller; periodicResponse). */
    readonly snrCI95: [number, number];
    /**
     * The noise PSD at Ω (one-sided, per angular frequency; Hann-tapered bins beside Ω carried to
     * it along the spectrum's fitted shape) and its standard error.
     */
    readonly noisePsd: number;
    readonly noisePsdStdErr: number;
    /** Averaged power spectrum S(ω) of x up to 3Ω (with `simulate.spectrum`); signal bin at Ω. */
    readonly spectrum?: { readonly omega: number[]; readonly psd: number[] };
  };
}

/**
 * The maximum of η over the scanned noise, with how far it may be off. A theory curve (linear
 * response, two-state) is evaluated afresh about its largest tabulated η until its own error
 * decides (see `searchedMaximum`); the simulated curve (costly, noisy points) is a parabola in
 * ln D through its largest tabulated η and the neighbours.
 */
export interface ResonanceMaximum {
  readonly D: number;
  readonly amplification: number;
  /**
   * Uncertainty of D* (absolute). Theory: the larger side of an interval proven from evaluated
   * values to hold the exact curve's maximum (where the column's error bounds hold). Simulated:
   * the interpolation's bound (see `interpolationReach`), at least the spread of the cubics'
   * peaks; null where the grid cannot bound it (`retcode` not_converged).
   */
  readonly DError: number | null;
  /** Uncertainty of η*: the column's own error (carried to η*) plus `interpolationError`. */
  readonly amplificationError: number | null;
  /**
   * The part of `amplificationError` from locating the maximum: the interpolation's bound
   * (simulated) or how much η may rise above the best value in the search's last bracket (theory).
   */
  readonly interpolationError: number | null;
  /**
   * success: the errors bound the maximum; not_converged (the simulated curve, or a theory curve
   * whose search failed): fewer than two noise levels on either side of the largest η (or a peak
   * the bound cannot resolve), so nothing bounds how far the parabola's peak is off: at 4 levels
   * over ΔU/8 … 2ΔU (Ω = 0.05) the linear-response parabola's η* was 16.3 against 26.5.
   */
  readonly retcode: 'success' | 'not_converged';
}

/**
 * Per curve, why it has no maximum in the scan: its largest η is at an end of the range, or (linear
 * response) of the reliable levels.
 */
export interface ResonanceMaximumNote {
  readonly twoState?: string;
  readonly linearResponse?: string;
  readonly simulated?: string;
}

export interface ResonanceReport {
  readonly potential: PotentialSummary;
  readonly coupling: string;
  readonly amplitude: number;
  readonly omega: number;
  readonly gamma: number;
  /** Smallest drive amplitude that erases the barrier at the drive's extremes (null: no barrier). */
  readonly criticalAmplitude: number | null;
  readonly rows: readonly ResonanceRow[];
  /** The noise of maximal amplification η, per curve present. */
  readonly maximum: {
    readonly twoState?: ResonanceMaximum;
    /** Absent with fewer than three noise levels (no scan, no maximum). */
    readonly linearResponse?: ResonanceMaximum;
    readonly simulated?: ResonanceMaximum;
  };
  /**
   * Why a curve present has no `maximum`: η still rises at an end of the range (the maximum lies
   * outside it; also a warning). Empty when every curve has its maximum or the scan is too short.
   */
  readonly maximumNote: ResonanceMaximumNote;
  /**
   * Simulation settings used (with `simulate`), and the kernels that ran the trajectories (absent
   * when none ran; the samples are the same on either engine).
   */
  readonly simulation?: Required<ResonanceSimulation> & { readonly engine?: Engine };
  readonly retcode: 'success' | 'interrupted' | 'not_converged';
  readonly warnings: readonly string[];
}

function invalid(path: string, message: string): never {
  throw new KramersError('invalid_parameter', `${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

/** The drive and the size of the noise scan. */
interface Drive {
  readonly A: number;
  readonly omega: number;
  readonly points: number;
}

/** Step 1a: the drive and the number of noise levels, checked before any work. */
function requireDrive(problem: ResonanceProblem): Drive {
  if (problem === null || typeof problem !== 'object') invalid('problem', 'expected an object');
  const A = problem.amplitude;
  const omega = problem.omega;
  if (!(A > 0) || !Number.isFinite(A)) invalid('amplitude', `expected A > 0; got ${A}`);
  if (!(omega > 0) || !Number.isFinite(omega)) invalid('omega', `expected Ω > 0; got ${omega}`);
  const points = problem.points ?? 12;
  if (!Number.isInteger(points) || points < 1 || points > 200) {
    invalid('points', `expected a whole number from 1 to 200; got ${points}`);
  }
  return { A, omega, points };
}

/**
 * Step 1b: the simulation settings with their defaults, checked before any work (undefined
 * without `simulate`). dt stays NaN unless given: it is chosen from the landscape in step 4.
 */
function simulationSettings(
  simulate: ResonanceProblem['simulate'],
): Required<ResonanceSimulation> | undefined {
  if (!simulate) return undefined;
  const opts = typeof simulate === 'object' ? simulate : {};
  const settings: Required<ResonanceSimulation> = {
    periods: opts.periods ?? 64,
    samplesPerPeriod: opts.samplesPerPeriod ?? 128,
    trajectories: opts.trajectories ?? 16,
    transientPeriods: opts.transientPeriods ?? 4,
    dt: opts.dt ?? Number.NaN,
    seed: opts.seed ?? 1,
    spectrum: opts.spectrum ?? false,
  };
  const { periods, samplesPerPeriod, trajectories, transientPeriods, seed } = settings;
  if (!isPowerOfTwo(periods) || periods < 16) invalid('periods', 'expected a power of two ≥ 16');
  if (!isPowerOfTwo(samplesPerPeriod) || samplesPerPeriod < 8) {
    invalid('samplesPerPeriod', 'expected a power of two ≥ 8');
  }
  if (!Number.isInteger(trajectories) || trajectories < 2) {
    invalid('trajectories', 'expected a whole number ≥ 2');
  }
  if (!Number.isInteger(transientPeriods) || transientPeriods < 0) {
    invalid('transientPeriods', 'expected a whole number ≥ 0');
  }
  // One trajectory's record is one array of doubles: 2^27 of them is 1 GB.
  if ((periods + transientPeriods) * samplesPerPeriod > 2 ** 27) {
    invalid(
      'periods',
      `${periods} periods × ${samplesPerPeriod} samples exceed 2^27 per trajectory`,
    );
  }
  if (opts.dt !== undefined && !(opts.dt > 0)) invalid('dt', `expected dt > 0; got ${opts.dt}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    invalid('seed', 'expected a whole number in [0, 2^32)');
  }
  return settings;
}

/** What the theory rows and the simulation share: the undriven landscape, φ and the noise grid. */
interface Scan {
  readonly source: string;
  readonly coupling: string;
  readonly phi: (x: number) => number;
  /** The undriven problem prepared once (at D = 1: the landscape does not depend on D). */
  readonly base: PreparedProblem;
  readonly landscape: Landscape;
  readonly gamma: number;
  /** Exactly two wells with a barrier: the two-state theory applies. */
  readonly twoWells: boolean;
  readonly ds: readonly number[];
  readonly critical: number | null;
  readonly warnings: string[];
}

/** Step 2: the undriven landscape (wells, barrier) and the log-spaced noise levels. */
function resonanceScan(problem: ResonanceProblem, drive: Drive): Scan {
  const source = typeof problem.potential === 'string' ? problem.potential : DEFAULT_POTENTIAL;
  if (typeof problem.potential === 'object') {
    throw new KramersError('usage', 'stochastic resonance needs the potential as an expression');
  }
  const coupling = problem.coupling ?? 'x';
  const phiPotential = potentialFromExpression(coupling, {
    ...(problem.parameters ? { parameters: problem.parameters } : {}),
  });
  const base = prepare({ ...problem, potential: source, D: 1 });
  const landscape = base.landscape;
  const warnings: string[] = [...base.warnings];
  const twoWells = landscape.wells.length === 2 && landscape.barriers.length >= 1;
  if (!twoWells) {
    warnings.push(
      `two-state theory needs exactly two wells; this landscape has ${landscape.wells.length}: only linear response is shown`,
    );
  }
  const scan = {
    source,
    coupling,
    phi: (x: number) => phiPotential.U(x),
    base,
    landscape,
    gamma: base.gamma,
    twoWells,
    ds: noiseGrid(problem, landscape, twoWells, drive.points),
    warnings,
  };
  return { ...scan, critical: twoWells ? checkDrive(problem, scan, drive) : null };
}

/** The one noise level asked for: `D`, or Dmin = Dmax (null for a range). */
function singleNoise(problem: ResonanceProblem): number | null {
  if (problem.D !== undefined) {
    if (problem.Dmin !== undefined || problem.Dmax !== undefined) {
      invalid('D', 'give one noise level D, or a range Dmin … Dmax, not both');
    }
    return requirePositive('D', problem.D, 'noise intensity');
  }
  if (problem.Dmin !== undefined && problem.Dmin === problem.Dmax) {
    return requirePositive('Dmin', problem.Dmin, 'noise intensity');
  }
  return null;
}

/** ΔU of the lower of the two barriers (out of either well over the barrier between them). */
function lowerBarrier(landscape: Landscape): number {
  const [w1, w2] = landscape.wells;
  const s = landscape.barriers.find((b) => b.x > w1!.x && b.x < w2!.x)!;
  return Math.min(s.U - w1!.U, s.U - w2!.U);
}

/** Noise levels, log-spaced; by default from ΔU/8 to 2ΔU of the lower of the two barriers. */
function noiseGrid(
  problem: ResonanceProblem,
  landscape: Landscape,
  twoWells: boolean,
  points: number,
): number[] {
  const deltaU = twoWells ? lowerBarrier(landscape) : Number.NaN;
  const single = singleNoise(problem);
  if (single !== null) return [single];
  const Dmin = problem.Dmin ?? (Number.isFinite(deltaU) ? deltaU / 8 : 0.02);
  const Dmax = problem.Dmax ?? (Number.isFinite(deltaU) ? deltaU / 0.5 : 0.5);
  if (!(Dmin > 0 && Dmax > Dmin && Number.isFinite(Dmax))) {
    invalid('Dmin', `expected 0 < Dmin ≤ Dmax, both finite; got ${Dmin}, ${Dmax}`);
  }
  if (points === 1) {
    invalid(
      'points',
      `one noise level needs one D: give D, or Dmin = Dmax (got ${Dmin} … ${Dmax})`,
    );
  }
  return Array.from({ length: points }, (_, i) => Dmin * (Dmax / Dmin) ** (i / (points - 1)));
}

/**
 * The drive against the two-well picture the theories assume (warnings): weak (A|Δφ| ≪ D at the
 * smallest D), slow (Ω ≪ U″/γ), and below the critical amplitude A_c, which it returns.
 */
function checkDrive(
  problem: ResonanceProblem,
  scan: Omit<Scan, 'critical'>,
  { A, omega }: Drive,
): number {
  const { phi, gamma, warnings } = scan;
  const [w1, w2] = scan.landscape.wells;
  const Dmin = scan.ds[0]!;
  const dphi = Math.abs(phi(w2!.x) - phi(w1!.x));
  if (A * dphi > 0.5 * Dmin) {
    warnings.push(
      `A·|φ(x₂) − φ(x₁)| = ${(A * dphi).toPrecision(3)} is not small against D = ${Dmin.toPrecision(3)}: linear-response and two-state curves assume a weak drive`,
    );
  }
  const slowest = Math.min(w1!.d2U, w2!.d2U) / gamma;
  if (omega > 0.1 * slowest) {
    warnings.push(
      `Ω = ${omega} is not slow against the intrawell relaxation rate U″/γ = ${slowest.toPrecision(3)}: the two-state picture does not hold`,
    );
  }
  const critical = criticalAmplitude(
    scan.source,
    scan.coupling,
    problem.parameters ?? {},
    problem.domain,
  );
  if (A >= critical) {
    warnings.push(
      `A = ${A} is at or above the critical amplitude ${critical.toPrecision(4)}: the drive erases the barrier each period, so hopping is driven, not activated; the theories assume A ≪ A_c`,
    );
  }
  return critical;
}

/**
 * The Fokker–Planck modes at noise D: 50 when the grid holds them (a walled domain at low noise
 * may hold fewer), else 20, 8 or 3; linear response reports what the modes left out would add.
 */
/** The spectrum problem of one noise level with n modes. */
function spectrumProblem(scan: Scan, resolved: PreparedProblem, D: number, n: number) {
  const { landscape } = scan;
  return {
    potential: resolved.potential,
    D,
    gamma: scan.gamma,
    n,
    // The modes one grid coarser too: η's change between the grids is its grid error.
    coarserModes: true,
    // A given domain is a pair of reflecting walls (as in rate() and spectrum()).
    ...(landscape.domainSource === 'given'
      ? { domain: landscape.domain }
      : { searchDomain: landscape.domain }),
  };
}

/**
 * Refuses a theory scan whose spectra would take past the budget, before the first: one a level,
 * and those the search for the maximum may add (each at most the costliest level's).
 */
function requireTheoryWithinBudget(scan: Scan, budgetSeconds: number | undefined): void {
  if (budgetSeconds === undefined) return;
  const each = scan.ds.map((D) =>
    smoluchowskiSeconds(spectrumProblem(scan, varyProblem(scan.base, { D }), D, 50)),
  );
  const search = scan.ds.length >= 3 ? LR_SEARCH_SPECTRA : 0;
  const seconds = each.reduce((sum, t) => sum + t, 0) + search * Math.max(...each);
  requireWithinBudget('the linear-response curve', seconds, budgetSeconds, {
    basis: `${scan.ds.length + search} Fokker–Planck spectra of 50 modes (${search} to locate the maximum), finer grids at small D and on steep walls`,
    hint: 'use fewer points, a larger D-min or a narrower domain',
  });
}

function modesAt(scan: Scan, resolved: PreparedProblem, D: number) {
  const spectrumWith = (n: number) => smoluchowskiSpectrum(spectrumProblem(scan, resolved, D, n));
  for (const n of [50, 20, 8]) {
    try {
      return spectrumWith(n);
    } catch (error) {
      if (!(error instanceof KramersError) || !/more modes than the grid/.test(error.message)) {
        throw error;
      }
    }
  }
  return spectrumWith(3);
}

/** Two-state theory on the `kramers` route's rates both ways (null when a rate is missing). */
function twoStateAt(
  scan: Scan,
  resolved: PreparedProblem,
  D: number,
  { A, omega }: Drive,
): ResonanceRow['twoState'] {
  const forward = transitionOf(resolved, { from: 0, to: 1 });
  const k12 = ROUTES.kramers.run(forward).rate;
  const k21 = ROUTES.kramers.run(transitionOf(resolved, { from: 1, to: 0 })).rate;
  const s = scan.landscape.barriers[forward.geometry.transition!.barrier];
  if (k12 === null || k21 === null || !(k12 > 0) || !(k21 > 0) || !s) return null;
  const [w1, w2] = scan.landscape.wells;
  const { phi } = scan;
  const r = twoStateResponse({
    x1: w1!.x,
    x2: w2!.x,
    xs: s.x,
    k12,
    k21,
    phi1: phi(w1!.x),
    phis: phi(s.x),
    phi2: phi(w2!.x),
    D,
    omega,
  });
  return { amplification: r.amplification, snr: A * A * r.snrPerAmplitudeSquared };
}

/**
 * One warning for the range of D where the two-state column's Kramers rates are outside their
 * regime, ΔU/D < 5 for the lower barrier (docs/conventions.md §1), worded as rate() words it
 * (barrierWarnings) at the worst level. There the two-state η is far off: +46% at ΔU/D = 2 on the
 * double well at Ω = 0.05 (38.24 against the exact linear response 26.27).
 */
function twoStateRegimeWarning(scan: Scan, rows: readonly ResonanceRow[]): string | null {
  if (!scan.twoWells) return null;
  const deltaU = lowerBarrier(scan.landscape);
  const out = rows.filter((r) => r.twoState && barrierWarnings(deltaU, r.D).length > 0);
  if (out.length === 0) return null;
  const ds = out.map((r) => r.D);
  const [lo, hi] = [Math.min(...ds), Math.max(...ds)];
  const at = (D: number) => Number(D.toPrecision(4));
  const range =
    out.length === 1
      ? `D = ${at(lo)}`
      : `D = ${at(lo)} … ${at(hi)} (${out.length} of ${rows.length} noise levels)`;
  const worst = barrierWarnings(deltaU, hi)[0]!.replace(/; use an exact method$/, '');
  return `two-state column at ${range}: ${worst}; the linear-response column holds at any ΔU/D`;
}

/** Step 3: the theory row at one noise: linear response on the modes, two-state on the routes. */
function theoryRow(scan: Scan, drive: Drive, D: number): ResonanceRow {
  const resolved = varyProblem(scan.base, { D });
  return {
    D,
    twoState: scan.twoWells ? twoStateAt(scan, resolved, D, drive) : null,
    linearResponse: linearResponseAt(scan, resolved, D, drive),
  };
}

/** Linear response on the Fokker–Planck modes at one noise, with its error bound. */
function linearResponseAt(
  scan: Scan,
  resolved: PreparedProblem,
  D: number,
  drive: Drive,
): ResonanceRow['linearResponse'] {
  const modes = modesAt(scan, resolved, D);
  const lr: LinearResponse = linearResponse(modes, modes.x.map(scan.phi), D, drive.omega);
  const gridError = modes.coarser
    ? Math.abs(
        lr.amplification -
          linearResponse(modes.coarser, modes.coarser.x.map(scan.phi), D, drive.omega)
            .amplification,
      )
    : null;
  const error = lr.amplificationTruncationError + (gridError ?? Number.POSITIVE_INFINITY);
  return {
    amplification: lr.amplification,
    snr: drive.A * drive.A * lr.snrPerAmplitudeSquared,
    truncationError: lr.truncationError,
    amplificationTruncationError: lr.amplificationTruncationError,
    gridError,
    amplificationError: error,
    reliable: error <= 0.1 * lr.amplification,
  };
}

/** The trajectory jobs of every noise level and how to read their records. */
interface SimulationPlan {
  /** The settings used, with the time step chosen. */
  readonly settings: Required<ResonanceSimulation>;
  /** `jobsPerLevel` requests per noise level, level after level. */
  readonly requests: readonly TrajectoryRequest[];
  readonly jobsPerLevel: number;
  /** Time between samples: 1/samplesPerPeriod of the drive period. */
  readonly spacing: number;
  /** Samples recorded, and samples dropped first (the transient), per trajectory. */
  readonly recorded: number;
  readonly skip: number;
  readonly warnings: readonly string[];
}

/** The sample spacing, and a time step that divides it exactly (at most the stability default). */
function timeGrid(scan: Scan, omega: number, settings: Required<ResonanceSimulation>) {
  const spacing = (2 * Math.PI) / omega / settings.samplesPerPeriod;
  let maxCurvature = 0;
  for (const w of scan.landscape.wells) maxCurvature = Math.max(maxCurvature, Math.abs(w.d2U));
  for (const b of scan.landscape.barriers) maxCurvature = Math.max(maxCurvature, Math.abs(b.d2U));
  const dtWanted = Number.isFinite(settings.dt)
    ? settings.dt
    : Math.min(1e-2, (0.01 * scan.gamma) / Math.max(maxCurvature, 1e-12));
  const every = Math.max(1, Math.ceil(spacing / dtWanted));
  return { spacing, every, dt: spacing / every };
}

/**
 * U(x, t) = U₀ − A φ cos Ωt as generated kernel source, and the equilibrium start interval:
 * between the outer wells, widened by their spacing on each side (the Boltzmann weight beyond is
 * negligible at the noise levels where a two-well picture holds).
 */
function drivenKernel(problem: ResonanceProblem, scan: Scan, { A, omega }: Drive) {
  const driven = timeDependentPotentialFromExpression(
    `(${scan.source}) - (${A})*(${scan.coupling})*cos((${omega})*t)`,
    { ...(problem.parameters ? { parameters: problem.parameters } : {}) },
  );
  const { wells, domain } = scan.landscape;
  const first = wells[0]?.x ?? domain.min;
  const last = wells[wells.length - 1]?.x ?? domain.max;
  const pad = Math.max(last - first, 1);
  return {
    force: generateSource(driven.forceAst, ['x', 't']),
    potential: generateSource(driven.ast, ['x', 't']),
    start: { min: Math.max(domain.min, first - pad), max: Math.min(domain.max, last + pad) },
  };
}

/**
 * Step 4: trajectory jobs of one noise level each, `WASM_LANES` trajectories a job (stream j at
 * every level): the WebAssembly lanes run a job's trajectories side by side, so one a job would
 * leave all but one idle; the default 16 trajectories still make 4 jobs a level for the pool, the
 * progress count and an abort. Trajectory j draws from stream j whatever the batch, so the
 * numbers do not depend on it.
 */
function simulationPlan(
  problem: ResonanceProblem,
  scan: Scan,
  drive: Drive,
  settings: Required<ResonanceSimulation>,
): SimulationPlan {
  const { periods, samplesPerPeriod, trajectories, transientPeriods, seed } = settings;
  const { spacing, every, dt } = timeGrid(scan, drive.omega, settings);
  const kernel = drivenKernel(problem, scan, drive);
  const recorded = periods * samplesPerPeriod;
  const skip = transientPeriods * samplesPerPeriod;
  const requests: TrajectoryRequest[] = [];
  const configAt = (D: number) => ({
    dynamics: 'overdamped' as const,
    force: kernel.force,
    potential: kernel.potential,
    D,
    gamma: scan.gamma,
    dt,
    start: { boltzmann: kernel.start },
    seed,
  });
  const batch = Math.min(WASM_LANES, trajectories);
  for (const D of scan.ds) {
    const config = configAt(D);
    for (let j = 0; j < trajectories; j += batch) {
      requests.push({
        config,
        firstTrajectory: j,
        trajectories: Math.min(batch, trajectories - j),
        samples: recorded + skip,
        every,
      });
    }
  }
  // The step is checked at the smallest noise over the region the trajectories visit.
  const warnings = checkTimeStep({
    ...configAt(scan.ds[0]!),
    tMax: 1,
    start: { x: 0.5 * (kernel.start.min + kernel.start.max) },
    absorbing: { below: kernel.start.min, above: kernel.start.max },
  });
  const aliasing = aliasingWarning(scan, spacing);
  const jobsPerLevel = Math.ceil(trajectories / batch);
  return {
    settings: { ...settings, dt },
    requests,
    jobsPerLevel,
    spacing,
    recorded,
    skip,
    warnings: aliasing ? [...warnings, aliasing] : warnings,
  };
}

/**
 * A warning where the samples are too sparse for the noise PSD: the stiffest well relaxes at
 * λ = U''/γ and its sampled spectrum at Ω is (λΔ/2)·coth(λΔ/2) times the continuous one (see
 * periodicResponse). Above 1.5 the intrawell part of the simulated noise is half as large again.
 */
function aliasingWarning(scan: Scan, spacing: number): string | null {
  let curvature = 0;
  for (const w of scan.landscape.wells) curvature = Math.max(curvature, w.d2U);
  const half = (curvature / scan.gamma) * spacing * 0.5;
  const factor = half > 1e-8 ? half / Math.tanh(half) : 1;
  if (!(factor > 1.5)) return null;
  return `samples ${Number(spacing.toPrecision(3))} apart alias the wells' relaxation (rate ${Number((curvature / scan.gamma).toPrecision(3))}) into the noise at Ω: its intrawell part reads ${factor.toFixed(1)}× too high; raise simulate.samplesPerPeriod`;
}

/**
 * Step 5: the simulated point of one noise level from its trajectories (undefined if any was cut
 * short): η and SNR from the FFT of the recorded whole periods, CIs from the spread over
 * trajectories, and with `spectrum` the averaged PSD up to 3Ω (bins 0 … 3P; the signal in bin P).
 */
function measureLevel(
  chunk: readonly (TrajectorySamples | undefined)[],
  plan: SimulationPlan,
  A: number,
  warnings: string[],
): ResonanceRow['simulated'] | undefined {
  if (chunk.some((r) => r === undefined || r.aborted || r.trajectories === 0)) return undefined;
  const { trajectories, periods, spectrum } = plan.settings;
  const { recorded, skip } = plan;
  const data = new Float64Array(trajectories * recorded);
  let j = 0;
  for (const r of chunk) {
    for (let i = 0; i < r!.trajectories; i++, j++) {
      const row = i * r!.samples + skip;
      data.set(r!.x.subarray(row, row + recorded), j * recorded);
    }
  }
  if (chunk.some((r) => r!.failed > 0)) {
    warnings.push('a trajectory met a non-finite state: reduce dt');
  }
  const m: PeriodicResponseMeasure = periodicResponse(data, trajectories, plan.spacing, periods, A);
  const upTo = 3 * periods + 1;
  return {
    amplification: m.amplification,
    amplificationStdErr: m.amplificationStdErr,
    amplificationCI95: m.amplificationCI95,
    snr: m.snr,
    snrCI95: m.snrCI95,
    noisePsd: m.noisePsd,
    noisePsdStdErr: m.noisePsdStdErr,
    ...(spectrum
      ? {
          spectrum: {
            omega: m.spectrum.omega.slice(0, upTo),
            psd: m.spectrum.psd.slice(0, upTo),
          },
        }
      : {}),
  };
}

/**
 * Steps 4–5 on the runner: every trajectory job, each noise level measured (and handed to
 * `onRow`) as soon as its last trajectory is in; undefined for a level cut short by an abort.
 * The results come back in request order, so the numbers do not depend on the worker count.
 */
async function simulateLevels(
  plan: SimulationPlan,
  theory: readonly ResonanceRow[],
  A: number,
  options: ResonanceOptions,
  warnings: string[],
): Promise<{ rows: (ResonanceRow['simulated'] | undefined)[]; engine?: Engine }> {
  const per = plan.jobsPerLevel;
  const levelOf = <T>(all: readonly T[], level: number) =>
    all.slice(level * per, (level + 1) * per);
  const received: (TrajectorySamples | undefined)[] = new Array(plan.requests.length);
  const pending = theory.map(() => per);
  const early: (ResonanceRow['simulated'] | undefined)[] = theory.map(() => undefined);
  const total = theory.length * plan.settings.trajectories;
  let finished = 0;
  const results = await runJobs(options.runner, 'trajectory', plan.requests, {
    signal: options.signal,
    onDone: (index, result) => {
      finished += result.trajectories;
      options.onProgress?.(finished, total);
      received[index] = result;
      const level = Math.floor(index / per);
      if (--pending[level]! === 0 && options.onRow) {
        early[level] = measureLevel(levelOf(received, level), plan, A, warnings);
        if (early[level]) options.onRow(level, { ...theory[level]!, simulated: early[level]! });
      }
    },
  });
  const engines = new Set(results.flatMap((r) => (r && r.trajectories > 0 ? [r.engine] : [])));
  return {
    rows: theory.map((_, i) => early[i] ?? measureLevel(levelOf(results, i), plan, A, warnings)),
    ...(engines.size === 1 ? { engine: [...engines][0]! } : {}),
  };
}

/** The noise scan, for the note on a maximum outside it. */
const NOISE: ScanAxis = { y: 'η', x: 'D', name: 'noise', option: 'D' };

/** A curve's maximum (with the column's own error carried to η*), or why there is none. */
type CurveMaximum =
  | { readonly found: ResonanceMaximum; readonly columnError: number }
  | { readonly found: null; readonly why: string };

/** A theory curve at any noise: η with its error bound; null where it has no trusted value. */
type TheoryAt = (D: number) => { readonly value: number; readonly error: number } | null;

/** What the maximum of a theory curve may spend: its function and Brent's evaluations. */
interface Search {
  readonly at: TheoryAt;
  readonly maxEvaluations: number;
}

/**
 * Maximum of η sampled on a log grid of D. A theory curve (`search`) is evaluated afresh about the
 * largest value until its own error, not the grid, sets the ± (searchedMaximum). Otherwise (the
 * simulated curve, or where the search finds no certified maximum) the largest value is refined
 * by a parabola in (ln D, η) through it and its neighbours, with how far it may be off
 * (`interpolationReach`); `errors` are the column's own errors of η, carried to η* by the
 * parabola's Lagrange weights. None when the largest η is at an end of the range: η still rises
 * towards it.
 */
function curveMaximum(
  what: string,
  ds: readonly number[],
  values: readonly number[],
  errors: readonly number[],
  rangeEnds: RangeEnds = { low: true, high: true },
  search?: Search,
): CurveMaximum {
  let i = 0;
  for (let j = 1; j < values.length; j++) if (values[j]! > values[i]!) i = j;
  if (i === 0 || i === values.length - 1) {
    const low = i === 0;
    const why = (low ? rangeEnds.low : rangeEnds.high)
      ? outsideRangeNote(what, NOISE, ds[i]!, low)
      : outsideReliableNote(what, ds[i]!, low);
    return { found: null, why };
  }
  const searched = search ? searchedMaximum(ds, values, errors, i, search) : null;
  if (searched) return searched;
  const pts = ds.map((D, j): [number, number] => [Math.log(D), values[j]!]);
  const peak = parabolaPeak(pts[i - 1]!, pts[i]!, pts[i + 1]!);
  const columnError = carriedError(pts, errors, i, peak[0]);
  const reach = interpolationReach(pts, i, peak);
  const found = { D: Math.exp(peak[0]), amplification: peak[1] };
  if (!reach) {
    const none = { DError: null, amplificationError: null, interpolationError: null };
    return { found: { ...found, ...none, retcode: 'not_converged' }, columnError };
  }
  return {
    found: {
      ...found,
      DError: reach.x,
      amplificationError: reach.y + columnError,
      interpolationError: reach.y,
      retcode: 'success',
    },
    columnError,
  };
}

/**
 * The maximum of a theory curve located by evaluating it (peakSearch's searchPeak, in ln D): from
 * the grid's bracket (levels i − 1, i + 1 about the largest η, assumed to hold one maximum of η)
 * Brent's search closes in until the column's own error ε decides; the ± are proven from values
 * evaluated at the ends of the interval they give. D*'s interval holds the exact curve's maximum
 * wherever the column's errors bound its values; η*'s ± is ε plus how much η may rise above the
 * best value inside the search's last bracket. Null where an evaluation has no trusted value or
 * the interval cannot be proven (the grid's parabola then stands, as for the simulated curve).
 */
function searchedMaximum(
  ds: readonly number[],
  values: readonly number[],
  errors: readonly number[],
  i: number,
  { at, maxEvaluations }: Search,
): CurveMaximum | null {
  const sample = (j: number) => ({ x: Math.log(ds[j]!), y: values[j]!, error: errors[j]! });
  const evaluate = (x: number) => {
    const v = at(Math.exp(x));
    return v ? { x, y: v.value, error: v.error } : null;
  };
  const peak = searchPeak(sample(i - 1), sample(i), sample(i + 1), evaluate, { maxEvaluations });
  if (!peak) return null;
  const D = Math.exp(peak.best.x);
  return {
    found: {
      D,
      amplification: peak.best.y,
      DError: Math.max(D - Math.exp(peak.low), Math.exp(peak.high) - D),
      amplificationError: peak.yError,
      interpolationError: peak.searchError,
      retcode: 'success',
    },
    columnError: peak.yError - peak.searchError,
  };
}

/** A log axis for D and a linear one for η: the (ln D, η) parabola's back-transform. */
const LOG_D: BackTransform = { x: Math.exp, y: (y) => y };
/** Log axes for both: the (ln D, ln η) parabola's. */
const LOG_LOG: BackTransform = { x: Math.exp, y: Math.exp };

/**
 * How far the (ln D, η) parabola's peak may be from η's maximum, in D and η; null where the grid
 * cannot say (peakBound: fewer than two levels on either side of the largest η).
 * Two models of the three points, each with its remainder bound (gridPeak's peakRegion): the
 * parabola in (ln D, η) and, where η > 0, in (ln D, ln η); the ± reaches every end of either
 * region, and at least the cubics' and the second parabola's peaks (peakSpread, the ± this had
 * before). One model alone is not enough: the peak is narrow in ln D at slow drives (the rates
 * grow like e^{−ΔU/D}), and against dense Fokker–Planck and two-state maxima (Ω = 0.01, 0.05,
 * 0.2; 3 to 25 levels over ΔU/8 … 2ΔU, 0.01 … 2 and 0.05 … 0.4;
 * test/fixtures/resonance_maximum_dense.py) the (ln D, η) bound alone missed η* by up to 2.2 times
 * (Ω = 0.01, 10 levels over 0.01 … 2) and the (ln D, ln η) one by up to 1.15 times (Ω = 0.01, 6
 * levels). Their union missed by at most 0.75 of its reach in η* and 0.24 in D*; on cases kept
 * out while it was chosen (Ω = 0.002, 0.1, 0.5 over ΔU/8 … 2ΔU, 0.02 … 0.8, 0.005 … 1) by 0.81 and
 * 0.22. It is loose where the peak is resolved: at 12 levels over ΔU/8 … 2ΔU (Ω = 0.05) D* ± 33%,
 * η* ± 8.3% for actual errors of 0.8% and 0.2%, which is why the theory curves now evaluate the
 * theory instead (searchedMaximum: D* ± 1.2%, η* ± 0.016% there); this bound remains for the
 * simulated curve and where that search fails. The cubics' spread alone (the earlier ±) missed by
 * up to 720 times at 3 levels, 20 at 4, and still 1.1–3.6 times at every count from 12 to 25.
 */
function interpolationReach(
  pts: readonly CurvePoint[],
  i: number,
  peak: CurvePoint,
): { readonly x: number; readonly y: number } | null {
  const linear = peakRegion(pts, i, LOG_D);
  if (!linear) return null;
  const regions: PeakRegion[] = [linear];
  const others: [number, number][] = [];
  const three = [i - 1, i, i + 1];
  if (three.every((j) => pts[j]![1] > 0)) {
    const logs = pts.map(([x, y]): CurvePoint => [x, Math.log(y)]);
    const [x, y] = parabolaPeak(logs[i - 1]!, logs[i]!, logs[i + 1]!);
    others.push([Math.exp(x), Math.exp(y)]);
    // At i ± 2 a simulated η may be ≤ 0: its log is not finite, and peakBound gives no region.
    const log = peakRegion(logs, i, LOG_LOG);
    if (log) regions.push(log);
  }
  const at: CurvePoint = [Math.exp(peak[0]), peak[1]];
  const spread = peakSpread(pts, i, peak, LOG_D, others);
  const reach = reachOf(at, regions);
  return { x: Math.max(spread.xError, reach.x), y: Math.max(spread.yError, reach.y) };
}

/** Whether a curve's first and last levels are the scan's own ends (false: rows left out). */
interface RangeEnds {
  readonly low: boolean;
  readonly high: boolean;
}

/**
 * Why a largest η at an end of the reliable levels, short of the scan's end, is no maximum: η
 * still rises towards the levels left out as unreliable, so its maximum lies among them (or past
 * the range); a wider range would not find it, which is why this is not `outsideRangeNote`.
 */
function outsideReliableNote(what: string, at: number, lowEnd: boolean): string {
  const v = Number(at.toPrecision(4));
  const end = lowEnd ? 'smallest' : 'largest';
  const side = lowEnd ? 'smaller' : 'larger';
  return `${what}: η rises towards D = ${v} (the ${end} of the reliable noise levels): the maximum lies at ${side} D, where linear response is not reliable (see the warning naming those levels)`;
}

/**
 * A doubt worth a warning: the grid cannot bound the maximum at all (fewer than two levels on
 * either side of the largest η: no ±, not_converged), or the interpolation sets its accuracy
 * (more than the column's own error carried to η*) and its bound passes 5% of D* or η*. The ±
 * printed with every maximum says the rest. The theory curves' maxima are searched, their ± set
 * by their own errors, so this is said of the simulated curve only (and of a theory curve whose
 * search failed); the grid's bound on the double well's linear response (Ω = 0.05, ΔU/8 … 2ΔU)
 * was 33% in D* and 8.3% in η* at 12 levels (actual errors 0.8% and 0.2%), 3.3% and 0.4% at 25.
 */
function coarseMaximumWarning(
  what: string,
  m: ResonanceMaximum,
  columnError: number,
  levels: number,
): string | null {
  if (m.DError === null || m.interpolationError === null) {
    return `${what} is interpolated from ${levels} noise levels with fewer than two on either side of the largest η: nothing bounds how far the parabola's D* and η* are off (retcode not_converged, no ±); use more --points, or center the range on the maximum`;
  }
  const relD = m.DError / m.D;
  const relEta = m.interpolationError / m.amplification;
  if (m.interpolationError <= columnError || Math.max(relD, relEta) <= 0.05) return null;
  const pm = (e: number, rel: number) =>
    `± ${Number(e.toPrecision(2))} (${Number((100 * rel).toPrecision(2))}%)`;
  return `${what} is interpolated from ${levels} noise levels: D* ${pm(m.DError, relD)}, η* ${pm(m.interpolationError, relEta)}; use more --points`;
}

/**
 * Doubt about simulated points whose signal the noise swamps: η's 95% CI reaches 0, and its
 * unbiased estimate may be negative (null when every simulated signal is resolved).
 */
function unresolvedWarning(rows: readonly ResonanceRow[]): string | null {
  const at = rows.filter((r) => r.simulated && r.simulated.amplificationCI95[0] === 0);
  if (at.length === 0) return null;
  const list = at.map((r) => Number(r.D.toPrecision(3))).join(', ');
  return `the simulated signal is not resolved from the noise at D = ${list}: η's 95% CI reaches 0 and its unbiased estimate can be negative; more trajectories or periods narrow it`;
}

/**
 * Doubt about simulated SNRs with no upper bound: where the noise PSD at Ω is not resolved from
 * zero over the trajectories (Ŝ ≤ t·SE, t the Student quantile for n − 1 degrees of freedom), the
 * SNR's Fieller interval (periodicResponse) is [0, ∞): any SNR above its lower end is consistent
 * with the records. At low noise the PSD comes from rare hops, so a few trajectories with a hop
 * carry it all (8 trajectories × 16 periods on the double well at A = 0.05, Ω = 0.1: D = 0.04 and
 * 0.052). Null when every simulated SNR has a finite interval.
 */
function unboundedSnrWarning(rows: readonly ResonanceRow[], trajectories: number): string | null {
  const at = rows.filter((r) => r.simulated && !Number.isFinite(r.simulated.snrCI95[1]));
  if (at.length === 0) return null;
  const list = at.map((r) => Number(r.D.toPrecision(3))).join(', ');
  return `the simulated SNR's 95% CI is unbounded above, [lower end, ∞), at D = ${list}: the noise PSD at Ω is not resolved from zero over ${trajectories} trajectories (rare hops carry it), so those SNRs have no upper bound; more trajectories or periods resolve it`;
}

/**
 * Where linear response is not reliable, and why: the grid error (the eigenfunctions lose
 * accuracy at high ΔU/D) or the bound on the modes left out, which is what dominates where η is
 * tiny (a drive far faster than the modes: η ~ 1e−25 at Ω = 1e12 on the double well). One
 * warning per cause, naming its noise levels.
 */
function unreliableWarnings(rows: readonly ResonanceRow[]): string[] {
  const bad = rows.filter((r) => !r.linearResponse.reliable);
  const gridBound = (r: ResonanceRow) =>
    (r.linearResponse.gridError ?? Number.POSITIVE_INFINITY) >
    r.linearResponse.amplificationTruncationError;
  const causes: [readonly ResonanceRow[], string][] = [
    [
      bad.filter(gridBound),
      'its error bound is not small against η (the Fokker–Planck eigenfunctions lose accuracy at high ΔU/D)',
    ],
    [
      bad.filter((r) => !gridBound(r)),
      "η is below the bound on the Fokker–Planck modes left out (the drive is fast against the modes' rates; not a matter of ΔU/D)",
    ],
  ];
  return causes
    .filter(([some]) => some.length > 0)
    .map(([some, why]) => {
      const list = some.map((r) => Number(r.D.toPrecision(4))).join(', ');
      return `linear response is not reliable at D = ${list}: ${why}; those rows are left out of its maximum`;
    });
}

/** The curves a maximum is sought for: its key, its name in a note, its values and errors. */
interface Curve {
  readonly key: keyof ResonanceMaximumNote;
  readonly what: string;
  readonly rows: readonly ResonanceRow[];
  readonly value: (row: ResonanceRow) => number;
  readonly error: (row: ResonanceRow) => number;
  /** A theory curve's value at any D, for locating its maximum (none for the simulated one). */
  readonly search?: Search;
}

/** The curves a maximum is sought for (complete ones; linear response on its reliable rows). */
function curvesOf(
  rows: readonly ResonanceRow[],
  simulated: boolean,
  theoryAt: { readonly linearResponse: TheoryAt; readonly twoState: TheoryAt },
): Curve[] {
  // Linear response over the rows it is reliable at only (`reliable`, set in theoryRow).
  const reliable = rows.filter((r) => r.linearResponse.reliable);
  // Key order as printed: linear response, two-state, simulated.
  return [
    ...(reliable.length >= 3
      ? [
          {
            key: 'linearResponse' as const,
            what: 'the linear-response maximum',
            rows: reliable,
            value: (r: ResonanceRow) => r.linearResponse.amplification,
            error: (r: ResonanceRow) => r.linearResponse.amplificationError,
            search: { at: theoryAt.linearResponse, maxEvaluations: LR_SEARCH_EVALUATIONS },
          },
        ]
      : []),
    ...(rows.every((r) => r.twoState)
      ? [
          {
            key: 'twoState' as const,
            what: 'the two-state maximum',
            rows,
            value: (r: ResonanceRow) => r.twoState!.amplification,
            // A closed form of the Kramers rates: rounding is its only error here (its regime is
            // a warning of its own, twoStateRegimeWarning).
            error: (r: ResonanceRow) => TWO_STATE_ROUNDING * r.twoState!.amplification,
            search: { at: theoryAt.twoState, maxEvaluations: 40 },
          },
        ]
      : []),
    ...(simulated && rows.every((r) => r.simulated)
      ? [
          {
            key: 'simulated' as const,
            what: 'the simulated maximum',
            rows,
            value: (r: ResonanceRow) => r.simulated!.amplification,
            error: (r: ResonanceRow) => r.simulated!.amplificationStdErr,
          },
        ]
      : []),
  ];
}

/** Step 6: the noise of maximal η for each curve that is complete, notes where there is none. */
function maximaOf(
  rows: readonly ResonanceRow[],
  simulated: boolean,
  theoryAt: { readonly linearResponse: TheoryAt; readonly twoState: TheoryAt },
) {
  const maximum: Record<string, ResonanceMaximum> = {};
  const maximumNote: Record<string, string> = {};
  const warnings: string[] = [];
  // A maximum needs a scan: with fewer than three levels there is none to report.
  if (rows.length < 3) return { maximum, maximumNote, warnings };
  const curves = curvesOf(rows, simulated, theoryAt);
  for (const c of curves) {
    // Linear response keeps its reliable rows only: an end of those may not be the range's.
    const m = curveMaximum(
      c.what,
      c.rows.map((r) => r.D),
      c.rows.map(c.value),
      c.rows.map(c.error),
      { low: c.rows[0] === rows[0], high: c.rows.at(-1) === rows.at(-1) },
      c.search,
    );
    if (m.found === null) {
      maximumNote[c.key] = m.why;
      warnings.push(m.why);
      continue;
    }
    maximum[c.key] = m.found;
    const coarse = coarseMaximumWarning(c.what, m.found, m.columnError, c.rows.length);
    if (coarse) warnings.push(coarse);
  }
  return {
    maximum: maximum as ResonanceReport['maximum'],
    maximumNote: maximumNote as ResonanceMaximumNote,
    warnings,
  };
}

/**
 * Brent's evaluations for the linear-response maximum (a spectrum each, ~60 ms on the double
 * well): from the default 12 levels it stops after 5 to 7 (Ω = 0.01, 0.05, 0.2), from 3 levels
 * after at most 12; the certificate adds about two.
 */
const LR_SEARCH_EVALUATIONS = 16;
/** The most spectra that search makes: Brent's and the certificate's (five a side at most). */
const LR_SEARCH_SPECTRA = LR_SEARCH_EVALUATIONS + 10;

/**
 * The two-state column's error: rounding alone, as it is a closed form in D (the Kramers rates'
 * exponential and prefactor, the drive's Lorentzian: a few dozen operations each within 2^−53,
 * the landscape's wells and barrier found once to rounding). 1e−12 of η leaves the ~1e−14 a
 * hundredfold room; the search's certificate needs it to tell rounding from a fall of η.
 */
const TWO_STATE_ROUNDING = 1e-12;

/** The theory curves at any noise, for their maxima (an unreliable or failed level: null). */
function theoryAtAnyNoise(scan: Scan, drive: Drive) {
  const guarded =
    (f: TheoryAt): TheoryAt =>
    (D) => {
      try {
        return f(D);
      } catch (error) {
        if (error instanceof KramersError) return null;
        throw error;
      }
    };
  return {
    linearResponse: guarded((D) => {
      const lr = linearResponseAt(scan, varyProblem(scan.base, { D }), D, drive);
      return lr.reliable ? { value: lr.amplification, error: lr.amplificationError } : null;
    }),
    twoState: guarded((D) => {
      const t = scan.twoWells ? twoStateAt(scan, varyProblem(scan.base, { D }), D, drive) : null;
      return t ? { value: t.amplification, error: TWO_STATE_ROUNDING * t.amplification } : null;
    }),
  };
}

/**
 * The report's outcome: interrupted where simulated levels are missing; not_converged where linear
 * response is unreliable at some level or a maximum has nothing bounding it; else success.
 */
function retcodeOf(
  interrupted: boolean,
  unreliable: boolean,
  maximum: ResonanceReport['maximum'],
): ResonanceReport['retcode'] {
  if (interrupted) return 'interrupted';
  const unbounded = Object.values(maximum).some((m) => m.retcode === 'not_converged');
  return unreliable || unbounded ? 'not_converged' : 'success';
}

/**
 * Stochastic resonance of U(x, t) = U₀(x) − A φ(x) cos Ωt over a range of noise D: the spectral
 * amplification η and the signal-to-noise ratio from the two-state theory on our Kramers rates
 * (McNamara & Wiesenfeld 1989), from linear response on the Fokker–Planck spectrum (Jung &
 * Hänggi 1991; exact to order A, intrawell motion included) and, on request, measured from
 * Langevin trajectories (FFT of whole-period records; unbiased η, score-test CIs from the spread
 * over trajectories, noise from a tapered periodogram; see periodicResponse).
 * SNR = (mean-square signal)/(one-sided noise PSD per angular frequency at Ω).
 */
export async function stochasticResonance(
  problem: ResonanceProblem,
  options: ResonanceOptions = {},
): Promise<ResonanceReport> {
  checkProblem(problem, RESONANCE_KEYS, 'stochasticResonance');
  checkSettings(problem.simulate, SIMULATION_KEYS, 'stochasticResonance', 'simulate');
  const drive = requireDrive(problem);
  const settings = simulationSettings(problem.simulate);
  const scan = resonanceScan(problem, drive);
  const { ds, warnings } = scan;
  requireTheoryWithinBudget(scan, options.budgetSeconds);
  const theory = ds.map((D) => theoryRow(scan, drive, D));
  const plan = settings ? simulationPlan(problem, scan, drive, settings) : null;
  if (plan) warnings.push(...plan.warnings);
  const run = plan ? await simulateLevels(plan, theory, drive.A, options, warnings) : null;
  const simulated = run?.rows ?? [];
  const rows = theory.map((t, i) => (simulated[i] ? { ...t, simulated: simulated[i]! } : t));
  const interrupted = plan !== null && simulated.some((s) => !s);
  if (interrupted) warnings.push('interrupted: simulated points missing for some noise levels');
  const unresolved = unresolvedWarning(rows);
  if (unresolved) warnings.push(unresolved);
  const unbounded = plan ? unboundedSnrWarning(rows, plan.settings.trajectories) : null;
  if (unbounded) warnings.push(unbounded);
  const unreliable = unreliableWarnings(rows);
  warnings.push(...unreliable);
  const regime = twoStateRegimeWarning(scan, rows);
  if (regime) warnings.push(regime);
  const maxima = maximaOf(rows, plan !== null, theoryAtAnyNoise(scan, drive));
  warnings.push(...maxima.warnings);
  return {
    potential: scan.base.summary,
    coupling: scan.coupling,
    amplitude: drive.A,
    omega: drive.omega,
    gamma: scan.gamma,
    criticalAmplitude: scan.critical,
    rows,
    maximum: maxima.maximum,
    maximumNote: maxima.maximumNote,
    ...(plan
      ? { simulation: { ...plan.settings, ...(run?.engine ? { engine: run.engine } : {}) } }
      : {}),
    retcode: retcodeOf(interrupted, unreliable.length > 0, maxima.maximum),
    warnings: [...new Set(warnings)],
  };
}
