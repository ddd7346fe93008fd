import { KramersError } from '../core/index.js';
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
import {
  DEFAULT_POTENTIAL,
  type EscapeProblem,
  type PotentialSummary,
  prepare,
  transitionOf,
  varyProblem,
} from '../problem/index.js';
import { ROUTES, type RunOptions } from '../routes/index.js';
import {
  checkTimeStep,
  runJobs,
  type TrajectoryRequest,
  type TrajectorySamples,
} from '../simulation/index.js';
import { smoluchowskiSpectrum } from '../spectral/index.js';
import { criticalAmplitude } from './quasiStatic.js';

export interface ResonanceSimulation {
  /** Drive periods per record (a power of two ≥ 16); default 64. */
  readonly periods?: number;
  /** Samples per period (a power of two ≥ 8); default 16. */
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
  /** Noise range (log-spaced); default 0.04 … 0.4 of… see below; points default 12. */
  readonly Dmin?: number;
  readonly Dmax?: number;
  readonly points?: number;
  /** Also measure the response by Langevin simulation at each D. */
  readonly simulate?: boolean | ResonanceSimulation;
}

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
    readonly truncationError: number;
  };
  readonly simulated?: {
    readonly amplification: number;
    readonly amplificationStdErr: number;
    readonly amplificationCI95: [number, number];
    readonly snr: number;
    /** Averaged power spectrum S(ω) of x up to 3Ω (with `simulate.spectrum`); signal bin at Ω. */
    readonly spectrum?: { readonly omega: number[]; readonly psd: number[] };
  };
}

export interface ResonanceMaximum {
  readonly D: number;
  readonly amplification: number;
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
    readonly linearResponse: ResonanceMaximum;
    readonly simulated?: ResonanceMaximum;
  };
  /** Simulation settings used (with `simulate`). */
  readonly simulation?: Required<ResonanceSimulation>;
  readonly retcode: 'success' | 'interrupted';
  readonly warnings: readonly string[];
}

function invalid(path: string, message: string): never {
  throw new KramersError('invalid_parameter', `${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

/** Maximum of a sampled curve on a log grid, refined by a parabola in ln D through 3 points. */
function peak(ds: readonly number[], values: readonly number[]): ResonanceMaximum {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  if (best === 0 || best === values.length - 1) {
    return { D: ds[best]!, amplification: values[best]! };
  }
  const [a, b, c] = [values[best - 1]!, values[best]!, values[best + 1]!];
  const h = Math.log(ds[best + 1]! / ds[best]!);
  const denom = a - 2 * b + c;
  const shift = denom < 0 ? (0.5 * (a - c)) / denom : 0;
  return {
    D: ds[best]! * Math.exp(shift * h),
    amplification: b - 0.25 * (a - c) * shift,
  };
}

/**
 * Stochastic resonance of U(x, t) = U₀(x) − A φ(x) cos Ωt over a range of noise D: the spectral
 * amplification η and the signal-to-noise ratio from the two-state theory on our Kramers rates
 * (McNamara & Wiesenfeld 1989), from linear response on the Fokker–Planck spectrum (Jung &
 * Hänggi 1991; exact to order A, intrawell motion included) and, on request, measured from
 * Langevin trajectories (FFT of whole-period records; CIs from the spread over trajectories).
 * SNR = (mean-square signal)/(one-sided noise PSD per angular frequency at Ω).
 */
export async function stochasticResonance(
  problem: ResonanceProblem,
  options: ResonanceOptions = {},
): Promise<ResonanceReport> {
  if (problem === null || typeof problem !== 'object') invalid('problem', 'expected an object');
  const A = problem.amplitude;
  const omega = problem.omega;
  if (!(A > 0) || !Number.isFinite(A)) invalid('amplitude', `expected A > 0; got ${A}`);
  if (!(omega > 0) || !Number.isFinite(omega)) invalid('omega', `expected Ω > 0; got ${omega}`);
  const points = problem.points ?? 12;
  if (!Number.isInteger(points) || points < 3 || points > 200) {
    invalid('points', `expected a whole number from 3 to 200; got ${points}`);
  }
  // Simulation settings are checked before any work.
  let simulation: Required<ResonanceSimulation> | undefined;
  if (problem.simulate) {
    const opts = typeof problem.simulate === 'object' ? problem.simulate : {};
    simulation = {
      periods: opts.periods ?? 64,
      samplesPerPeriod: opts.samplesPerPeriod ?? 16,
      trajectories: opts.trajectories ?? 16,
      transientPeriods: opts.transientPeriods ?? 4,
      dt: opts.dt ?? Number.NaN,
      seed: opts.seed ?? 1,
      spectrum: opts.spectrum ?? false,
    };
    const { periods, samplesPerPeriod, trajectories, transientPeriods } = simulation;
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
    if (opts.dt !== undefined && !(opts.dt > 0)) invalid('dt', `expected dt > 0; got ${opts.dt}`);
    if (!Number.isInteger(simulation.seed) || simulation.seed < 0 || simulation.seed > 0xffffffff) {
      invalid('seed', 'expected a whole number in [0, 2^32)');
    }
  }
  const source = typeof problem.potential === 'string' ? problem.potential : DEFAULT_POTENTIAL;
  if (typeof problem.potential === 'object') {
    throw new KramersError('usage', 'stochastic resonance needs the potential as an expression');
  }
  const couplingText = problem.coupling ?? 'x';
  const coupling = potentialFromExpression(couplingText, {
    ...(problem.parameters ? { parameters: problem.parameters } : {}),
  });
  // The undriven landscape at a reference noise: wells, barrier, default noise range.
  const base = prepare({ ...problem, potential: source, D: 1 });
  const landscape = base.landscape;
  const warnings: string[] = [...base.warnings];
  const twoWells = landscape.wells.length === 2 && landscape.barriers.length >= 1;
  if (!twoWells) {
    warnings.push(
      `two-state theory needs exactly two wells; this landscape has ${landscape.wells.length}: only linear response is shown`,
    );
  }
  let deltaU = Number.NaN;
  if (twoWells) {
    const s = landscape.barriers.find(
      (b) => b.x > landscape.wells[0]!.x && b.x < landscape.wells[1]!.x,
    )!;
    deltaU = Math.min(s.U - landscape.wells[0]!.U, s.U - landscape.wells[1]!.U);
  }
  const Dmin = problem.Dmin ?? (Number.isFinite(deltaU) ? deltaU / 8 : 0.02);
  const Dmax = problem.Dmax ?? (Number.isFinite(deltaU) ? deltaU / 0.5 : 0.5);
  if (!(Dmin > 0 && Dmax > Dmin)) invalid('Dmin', `expected 0 < Dmin < Dmax; got ${Dmin}, ${Dmax}`);
  const ds = Array.from({ length: points }, (_, i) => Dmin * (Dmax / Dmin) ** (i / (points - 1)));
  const gamma = base.gamma;
  const phiOf = (x: number) => coupling.U(x);

  // Drive strength against the barrier: linear response needs A|Δφ| ≪ D at every D used.
  if (twoWells) {
    const [w1, w2] = landscape.wells;
    const dphi = Math.abs(phiOf(w2!.x) - phiOf(w1!.x));
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
  }

  let critical: number | null = null;
  if (twoWells) {
    critical = criticalAmplitude(source, couplingText, problem.parameters ?? {}, problem.domain);
    if (A >= critical) {
      warnings.push(
        `A = ${A} is at or above the critical amplitude ${critical.toPrecision(4)}: the drive erases the barrier each period, so hopping is driven, not activated; the theories assume A ≪ A_c`,
      );
    }
  }

  const theory = ds.map((D) => {
    const resolved = varyProblem(base, { D });
    // 50 modes when the grid holds them (a walled domain at low noise may hold fewer): the
    // sum-rule residual below reports what the modes left out would add.
    const spectrumWith = (n: number) =>
      smoluchowskiSpectrum({
        potential: resolved.potential,
        D,
        gamma,
        n,
        // A given domain is a pair of reflecting walls (as in rate() and spectrum()).
        ...(landscape.domainSource === 'given'
          ? { domain: landscape.domain }
          : { searchDomain: landscape.domain }),
      });
    let spec: ReturnType<typeof smoluchowskiSpectrum> | undefined;
    for (const n of [50, 20, 8]) {
      try {
        spec = spectrumWith(n);
        break;
      } catch (error) {
        if (!(error instanceof KramersError) || !/more modes than the grid/.test(error.message)) {
          throw error;
        }
      }
    }
    if (!spec) spec = spectrumWith(3);
    const phi = spec.x.map(phiOf);
    const lr: LinearResponse = linearResponse(spec, phi, D, omega);
    let twoState: ResonanceRow['twoState'] = null;
    if (twoWells) {
      const forwardPassage = transitionOf(resolved, { from: 0, to: 1 });
      const k12 = ROUTES.kramers.run(forwardPassage).rate;
      const k21 = ROUTES.kramers.run(transitionOf(resolved, { from: 1, to: 0 })).rate;
      const s = landscape.barriers[forwardPassage.geometry.transition!.barrier];
      if (k12 !== null && k21 !== null && k12 > 0 && k21 > 0 && s) {
        const [w1, w2] = landscape.wells;
        const r = twoStateResponse({
          x1: w1!.x,
          x2: w2!.x,
          xs: s.x,
          k12,
          k21,
          phi1: phiOf(w1!.x),
          phis: phiOf(s.x),
          phi2: phiOf(w2!.x),
          D,
          omega,
        });
        twoState = { amplification: r.amplification, snr: A * A * r.snrPerAmplitudeSquared };
      }
    }
    return {
      D,
      twoState,
      linearResponse: {
        amplification: lr.amplification,
        snr: A * A * lr.snrPerAmplitudeSquared,
        truncationError: lr.truncationError,
      },
    };
  });

  let simulatedRows: (ResonanceRow['simulated'] | undefined)[] = [];
  let interrupted = false;
  if (problem.simulate && simulation) {
    const { periods, samplesPerPeriod, trajectories, transientPeriods, seed } = simulation;
    const opts = typeof problem.simulate === 'object' ? problem.simulate : {};
    const spacing = (2 * Math.PI) / omega / samplesPerPeriod;
    // dt divides the sample spacing exactly: at most the stability-based default.
    let maxCurvature = 0;
    for (const w of landscape.wells) maxCurvature = Math.max(maxCurvature, Math.abs(w.d2U));
    for (const b of landscape.barriers) maxCurvature = Math.max(maxCurvature, Math.abs(b.d2U));
    const dtWanted = Number.isFinite(opts.dt ?? Number.NaN)
      ? opts.dt!
      : Math.min(1e-2, (0.01 * gamma) / Math.max(maxCurvature, 1e-12));
    const every = Math.max(1, Math.ceil(spacing / dtWanted));
    const dt = spacing / every;
    simulation = { ...simulation, dt };
    const driven = timeDependentPotentialFromExpression(
      `(${source}) - (${A})*(${couplingText})*cos((${omega})*t)`,
      { ...(problem.parameters ? { parameters: problem.parameters } : {}) },
    );
    const force = generateSource(driven.forceAst, ['x', 't']);
    const potentialSource = generateSource(driven.ast, ['x', 't']);
    // Equilibrium start between the outer wells, widened by their spacing on each side (the
    // Boltzmann weight beyond is negligible at the noise levels where a two-well picture holds).
    const first = landscape.wells[0]?.x ?? landscape.domain.min;
    const last = landscape.wells[landscape.wells.length - 1]?.x ?? landscape.domain.max;
    const pad = Math.max(last - first, 1);
    const startInterval = {
      min: Math.max(landscape.domain.min, first - pad),
      max: Math.min(landscape.domain.max, last + pad),
    };
    const recorded = periods * samplesPerPeriod;
    const skip = transientPeriods * samplesPerPeriod;
    const requests: TrajectoryRequest[] = [];
    for (const D of ds) {
      const config = {
        dynamics: 'overdamped' as const,
        force,
        potential: potentialSource,
        D,
        gamma,
        dt,
        start: { boltzmann: startInterval },
        seed,
      };
      if (D === ds[0]) {
        warnings.push(
          ...checkTimeStep({
            ...config,
            tMax: 1,
            // The region the trajectories visit: the Boltzmann start interval.
            start: { x: 0.5 * (startInterval.min + startInterval.max) },
            absorbing: { below: startInterval.min, above: startInterval.max },
          }),
        );
      }
      for (let j = 0; j < trajectories; j++) {
        requests.push({
          config,
          firstTrajectory: j,
          trajectories: 1,
          samples: recorded + skip,
          every,
        });
      }
    }
    /** The simulated point of noise level i from its trajectories (undefined if cut short). */
    const measure = (
      chunk: readonly (TrajectorySamples | undefined)[],
    ): ResonanceRow['simulated'] | undefined => {
      if (chunk.some((r) => r === undefined || r.aborted || r.trajectories === 0)) return undefined;
      const data = new Float64Array(trajectories * recorded);
      chunk.forEach((r, j) => {
        data.set(r!.x.subarray(skip, skip + recorded), j * recorded);
      });
      if (chunk.some((r) => r!.failed > 0)) {
        warnings.push('a trajectory met a non-finite state: reduce dt');
      }
      const m: PeriodicResponseMeasure = periodicResponse(data, trajectories, spacing, periods, A);
      // Bins 0 … 3P: frequencies up to 3Ω (the signal sits in bin P).
      const upTo = 3 * periods + 1;
      return {
        amplification: m.amplification,
        amplificationStdErr: m.amplificationStdErr,
        amplificationCI95: m.amplificationCI95,
        snr: m.snr,
        ...(simulation!.spectrum
          ? {
              spectrum: {
                omega: m.spectrum.omega.slice(0, upTo),
                psd: m.spectrum.psd.slice(0, upTo),
              },
            }
          : {}),
      };
    };
    let finished = 0;
    const received: (TrajectorySamples | undefined)[] = new Array(requests.length);
    const pending = ds.map(() => trajectories);
    const early: (ResonanceRow['simulated'] | undefined)[] = ds.map(() => undefined);
    const results = await runJobs(options.runner, 'trajectory', requests, {
      signal: options.signal,
      onDone: (index, result) => {
        options.onProgress?.(++finished, requests.length);
        received[index] = result;
        const level = Math.floor(index / trajectories);
        if (--pending[level]! === 0 && options.onRow) {
          early[level] = measure(received.slice(level * trajectories, (level + 1) * trajectories));
          if (early[level]) options.onRow(level, { ...theory[level]!, simulated: early[level]! });
        }
      },
    });
    simulatedRows = ds.map((_, i) => {
      const row = early[i] ?? measure(results.slice(i * trajectories, (i + 1) * trajectories));
      if (!row) interrupted = true;
      return row;
    });
  }

  const rows: ResonanceRow[] = theory.map((t, i) =>
    simulatedRows[i] ? { ...t, simulated: simulatedRows[i]! } : t,
  );
  const maximum: {
    twoState?: ResonanceMaximum;
    linearResponse: ResonanceMaximum;
    simulated?: ResonanceMaximum;
  } = {
    linearResponse: peak(
      ds,
      rows.map((r) => r.linearResponse.amplification),
    ),
  };
  if (rows.every((r) => r.twoState)) {
    maximum.twoState = peak(
      ds,
      rows.map((r) => r.twoState!.amplification),
    );
  }
  if (problem.simulate && rows.every((r) => r.simulated)) {
    maximum.simulated = peak(
      ds,
      rows.map((r) => r.simulated!.amplification),
    );
  }
  if (interrupted) warnings.push('interrupted: simulated points missing for some noise levels');
  return {
    potential: base.summary,
    coupling: couplingText,
    amplitude: A,
    omega,
    gamma,
    criticalAmplitude: critical,
    rows,
    maximum,
    ...(simulation ? { simulation } : {}),
    retcode: interrupted ? 'interrupted' : 'success',
    warnings: [...new Set(warnings)],
  };
}
