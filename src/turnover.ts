import { adaptiveGaussLegendre, KramersError, requirePositive } from './core/index.js';
import { type ExpressionPotential, generateSource, simplify } from './expr/index.js';
import { barrierAction, type TransitionTarget } from './landscape/index.js';
import {
  type EscapeProblem,
  landscapeOf,
  type PotentialSummary,
  potentialSummary,
  resolveProblem,
} from './problem.js';
import {
  energyDiffusionRate,
  type FrictionRegime,
  kramersOverdamped,
  kramersSpatialDiffusion,
  melnikovMeshkovRate,
  type TurnoverGeometry,
  transitionStateRate,
} from './rates/index.js';
import {
  firstPassageStatistics,
  type RelaxationChunk,
  relaxationRate,
  runChunk,
  runRelaxationChunk,
} from './simulation/index.js';
import { kleinKramersDomain, kleinKramersLambda1 } from './spectral/index.js';

export interface TurnoverSimulationOptions {
  /** Walkers per friction value (default 4000), in 20 batches for the jackknife. */
  readonly walkers?: number;
  /** Master seed (default 1). */
  readonly seed?: number;
  /**
   * BAOAB time step (default min(0.03/ω_max, 0.1·m/γ)). BAOAB samples configurations well at any
   * γ·dt, but its kinetics are only consistent for γ·dt/m → 0; the dt ladder in bench/README.md
   * (γ·dt/m from 0.1 to 0.4) shows no trend at a 3% standard error, and the default keeps it ≤ 0.1.
   */
  readonly dt?: number;
  /**
   * Friction values to simulate (default: up to 7 of the table's, spread evenly, skipping those
   * that would need more than `maxSteps` steps per walker).
   */
  readonly gammas?: readonly number[];
  /** Step budget per walker for the default friction values (default 3e5). */
  readonly maxSteps?: number;
  /**
   * Also simulate the inverse mean first-passage time from the start well's bottom to the other
   * well's bottom (`simulatedWellToWell`): a different quantity from λ1·p_b, shown beside it
   * because it is what a passage-time simulation naturally measures.
   */
  readonly wellToWell?: boolean;
}

export interface TurnoverProblem extends Omit<EscapeProblem, 'gamma'> {
  /** Smallest friction coefficient γ (default 0.01). */
  readonly gammaMin?: number;
  /** Largest γ (default 100). */
  readonly gammaMax?: number;
  /** Log-spaced friction values from gammaMin to gammaMax (default 25). */
  readonly points?: number;
  /** Start well (default 0) and target (default its first neighbour). */
  readonly from?: number;
  readonly to?: TransitionTarget;
  /** Add the exact column: λ1 of the Klein–Kramers operator (two confined wells). */
  readonly exact?: boolean;
  /** Relative accuracy of the exact column (default 1e-4). */
  readonly exactTolerance?: number;
  /** Add simulated points (BAOAB population relaxation) with 95% CIs. */
  readonly simulate?: boolean | TurnoverSimulationOptions;
  /**
   * Called after each exact solve and each simulated friction value (the slow parts: seconds per
   * point at weak friction), so that a page or a terminal can show how far the work has come.
   */
  readonly onProgress?: (progress: TurnoverProgress) => void;
}

/** How far the slow columns of `turnover()` have come. */
export interface TurnoverProgress {
  readonly stage: 'exact' | 'simulate';
  /** Friction values done in this stage, of `total`. */
  readonly done: number;
  readonly total: number;
  /** The friction value just finished. */
  readonly gamma: number;
}

/** One friction value: every route's one-way rate k (1/time). */
export interface TurnoverRow {
  readonly gamma: number;
  /** η_c = γ/m. */
  readonly collisionRate: number;
  /** Δ = η_c I_s/D (null when the action is undefined). */
  readonly energyLoss: number | null;
  readonly regime: FrictionRegime;
  readonly rates: {
    readonly tst: number | null;
    readonly spatialDiffusion: number | null;
    readonly energyDiffusion: number | null;
    readonly overdamped: number | null;
    readonly turnover: number | null;
    readonly exact?: number | null;
    readonly exactError?: number | null;
    readonly simulated?: number | null;
    readonly simulatedStdErr?: number | null;
    readonly simulatedCI95?: [number, number] | null;
    /** 1/MFPT from the start well's bottom to the other well's bottom (not λ1·p_b). */
    readonly simulatedWellToWell?: number | null;
    readonly simulatedWellToWellCI95?: [number, number] | null;
  };
}

export interface TurnoverReport {
  readonly potential: PotentialSummary;
  readonly D: number;
  readonly mass: number;
  readonly from: number;
  readonly to: TransitionTarget;
  readonly barrier: { readonly x: number; readonly deltaU: number };
  readonly barrierToNoise: number;
  /** I_s = ∮ p dx at the barrier energy in the start well (null: no closed orbit). */
  readonly action: number | null;
  readonly geometry: TurnoverGeometry;
  /** What the numbers are. */
  readonly definition: string;
  readonly rows: readonly TurnoverRow[];
  /** Largest rate over friction: from the exact column when present, else the turnover theory. */
  readonly maximum: {
    readonly gamma: number;
    readonly rate: number;
    readonly source: 'exact' | 'turnover';
  } | null;
  /** The turnover theory's own maximum (golden-section search in ln γ). */
  readonly theoryMaximum: { readonly gamma: number; readonly rate: number } | null;
  readonly simulation?: {
    readonly walkers: number;
    /** The time step given, or null for the default min(0.03/ω_max, 0.1·m/γ) per friction. */
    readonly dt: number | null;
    readonly seed: number;
    readonly definition: string;
  };
  readonly warnings: readonly string[];
}

function logSpaced(min: number, max: number, n: number): number[] {
  if (n === 1) return [min];
  return Array.from({ length: n }, (_, i) => min * (max / min) ** (i / (n - 1)));
}

function requireWhole(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new KramersError(
      'invalid_parameter',
      `${name} must be a whole number from ${min} to ${max}; got ${value}`,
      { issues: [{ path: name, message: `expected ${min}…${max}` }] },
    );
  }
  return value;
}

/**
 * The Kramers turnover: the escape rate against friction from weak (energy diffusion, k ∝ γ) to
 * strong (overdamped, k ∝ 1/γ), with every theory side by side (TST, spatial diffusion, energy
 * diffusion, overdamped Kramers, Mel'nikov–Meshkov), optionally the exact rate from the
 * Klein–Kramers spectrum and simulated points (BAOAB) with 95% CIs.
 *
 * For two confined wells every column is the one-way rate k_{a→b}; the exact and simulated ones
 * come from the population relaxation rate as k_{a→b} = λ1·p_b (p_b the equilibrium population of
 * the target well), so for a symmetric double well λ1 = 2k.
 */
export function turnover(problem: TurnoverProblem = {}): TurnoverReport {
  const resolved = resolveProblem({ ...problem, gamma: 1 });
  const { potential, D, mass } = resolved;
  if (problem.gammaMin === 0) {
    throw new KramersError(
      'invalid_parameter',
      'gamma = 0: without friction there is no noise either (the noise is √(2γD), fluctuation–dissipation), so the energy is conserved and a particle below the barrier never escapes (k = 0); start the friction range above 0',
      {
        issues: [{ path: 'gammaMin', message: 'γ = 0: no coupling to the bath, no escape' }],
        hint: 'e.g. --gamma-min 0.01 (energy-diffusion regime)',
      },
    );
  }
  const gammaMin = requirePositive('gammaMin', problem.gammaMin ?? 0.01, 'smallest friction γ');
  const gammaMax = requirePositive('gammaMax', problem.gammaMax ?? 100, 'largest friction γ');
  if (!(gammaMax >= gammaMin)) {
    throw new KramersError(
      'invalid_parameter',
      `gammaMax (${gammaMax}) must not be below gammaMin (${gammaMin})`,
      { issues: [{ path: 'gammaMax', message: 'below gammaMin' }] },
    );
  }
  const points = requireWhole('points', problem.points ?? 25, 1, 1000);
  const landscape = landscapeOf(resolved);
  const from = problem.from ?? 0;
  const transitions = landscape.transitions.filter((t) => t.from === from);
  const transition =
    problem.to === undefined ? transitions[0] : transitions.find((t) => t.to === problem.to);
  if (!transition) {
    throw new KramersError(
      'no_barrier',
      transitions.length === 0
        ? `well ${from} has no barrier to cross`
        : `no transition from well ${from} to ${String(problem.to)}`,
      { issues: [{ path: problem.to === undefined ? 'from' : 'to', message: 'no transition' }] },
    );
  }
  const well = landscape.wells[transition.from]!;
  const barrier = landscape.barriers[transition.barrier]!;
  const warnings: string[] = [...resolved.warnings, ...landscape.warnings];
  let action: number | null = null;
  try {
    action = barrierAction(potential, landscape, transition).action;
  } catch (error) {
    if (!(error instanceof KramersError)) throw error;
    warnings.push(`${error.message}: energy-diffusion and turnover columns are empty`);
  }
  // Two confined wells, mirror images: Mel'nikov's recrossing factor A(Δ)²/A(2Δ).
  const twoWells =
    landscape.wells.length === 2 &&
    landscape.barriers.length === 1 &&
    landscape.edges.left === 'confining' &&
    landscape.edges.right === 'confining' &&
    typeof transition.to === 'number';
  const back = landscape.transitions.find((t) => t.from === transition.to);
  const other = typeof transition.to === 'number' ? landscape.wells[transition.to] : undefined;
  const symmetric =
    twoWells &&
    back !== undefined &&
    other !== undefined &&
    Math.abs(back.deltaU - transition.deltaU) <= 1e-9 * transition.deltaU &&
    Math.abs(other.d2U - well.d2U) <= 1e-6 * well.d2U;
  const geometry: TurnoverGeometry = symmetric ? 'symmetric-double-well' : 'sink';
  if (twoWells && !symmetric) {
    warnings.push(
      "the two wells are not mirror images: the theory columns use the escape-into-a-sink factor A(Δ) and ignore recrossing into the other well (Mel'nikov's asymmetric factor is not implemented)",
    );
  }
  const base = {
    wellCurvature: well.d2U,
    barrierCurvature: barrier.d2U,
    deltaU: transition.deltaU,
    D,
    mass,
  };
  const gammas = logSpaced(gammaMin, gammaMax, points);

  // Exact column: λ1 of the Klein–Kramers operator and the target well's population.
  let targetPopulation: number | null = null;
  const exactAt = new Map<number, { rate: number; error: number } | null>();
  const needsSpectrum = problem.exact === true || problem.simulate;
  if (needsSpectrum && !twoWells) {
    warnings.push(
      'exact and simulated columns need two confined wells (population relaxation); escape into a sink is not covered yet',
    );
  }
  let kkDomain: { min: number; max: number } | null = null;
  if (needsSpectrum && twoWells) {
    // p_b = ∫_{target basin} e^{−(U−U_a)/D} / ∫ e^{−(U−U_a)/D}, basins split at the barrier.
    try {
      kkDomain = kleinKramersDomain(potential, D, landscape.domain);
    } catch (error) {
      if (!(error instanceof KramersError)) throw error;
      warnings.push(`exact and simulated columns left empty: ${error.message}`);
    }
    if (kkDomain) {
      const { min, max } = kkDomain;
      const weight = (x: number) => Math.exp(-(potential.U(x) - well.U) / D);
      const left = adaptiveGaussLegendre(weight, min, barrier.x, { relTol: 1e-12 }).value;
      const right = adaptiveGaussLegendre(weight, barrier.x, max, { relTol: 1e-12 }).value;
      targetPopulation = (other!.x > barrier.x ? right : left) / (left + right);
    }
  }
  if (problem.exact === true && twoWells && targetPopulation !== null) {
    let done = 0;
    for (const gamma of gammas) {
      const at = `γ = ${Number(gamma.toPrecision(3))}`;
      try {
        const r = kleinKramersLambda1({
          potential,
          D,
          gamma,
          mass,
          searchDomain: landscape.domain,
          tolerance: problem.exactTolerance ?? 1e-4,
        });
        warnings.push(...r.warnings.map((w) => `${at}: ${w}`));
        exactAt.set(gamma, {
          rate: r.lambda1 * targetPopulation,
          error: r.error * targetPopulation,
        });
      } catch (error) {
        // One friction value's failure leaves its cell empty, never the whole table.
        if (!(error instanceof KramersError)) throw error;
        warnings.push(`${at}: exact route failed: ${error.message}`);
        exactAt.set(gamma, null);
      }
      problem.onProgress?.({ stage: 'exact', done: ++done, total: gammas.length, gamma });
    }
  }

  const theory = (gamma: number) => {
    const tst = transitionStateRate({
      wellCurvature: well.d2U,
      deltaU: transition.deltaU,
      D,
      mass,
    });
    const sd = kramersSpatialDiffusion({ ...base, gamma, ...(action ? { action } : {}) });
    const od = kramersOverdamped({ ...base, gamma });
    const ed = action ? energyDiffusionRate({ ...base, gamma, action, geometry }) : null;
    const mm = action ? melnikovMeshkovRate({ ...base, gamma, action, geometry }) : null;
    return { tst, sd, od, ed, mm };
  };

  // Simulated points.
  const simulation = problem.simulate
    ? typeof problem.simulate === 'object'
      ? problem.simulate
      : {}
    : null;
  const simulatedAt = new Map<
    number,
    {
      rate: number;
      stdErr: number;
      ci: [number, number];
      wellToWell?: { rate: number; ci: [number, number] };
    }
  >();
  let simInfo: TurnoverReport['simulation'];
  if (simulation && twoWells && targetPopulation !== null && kkDomain) {
    if (typeof problem.potential === 'object') {
      throw new KramersError(
        'usage',
        'simulation needs a potential given as an expression (kernels are generated from its syntax tree)',
      );
    }
    const expression = potential as ExpressionPotential;
    const walkers = requireWhole('walkers', simulation.walkers ?? 4000, 20, 1e8);
    const seed = requireWhole('seed', simulation.seed ?? 1, 0, 0xffffffff);
    const maxSteps = requirePositive('maxSteps', simulation.maxSteps ?? 3e5, 'steps per walker');
    let maxCurvature = 0;
    for (const p of [...landscape.wells, ...landscape.barriers])
      maxCurvature = Math.max(maxCurvature, Math.abs(p.d2U));
    const omegaMax = Math.sqrt(maxCurvature / mass);
    if (simulation.dt !== undefined) requirePositive('dt', simulation.dt, 'time step');
    const dtAt = (gamma: number) =>
      simulation.dt ?? Math.min(0.03 / omegaMax, (0.1 * mass) / gamma);
    const which =
      simulation.gammas ??
      (gammas.length <= 7
        ? gammas
        : Array.from({ length: 7 }, (_, i) => gammas[Math.round((i * (gammas.length - 1)) / 6)]!));
    const force = generateSource(expression.derivativeAsts[0], ['x']);
    const source = generateSource(simplify(expression.ast), ['x']);
    const startSide =
      well.x < barrier.x
        ? { min: kkDomain.min, max: barrier.x }
        : { min: barrier.x, max: kkDomain.max };
    const pStart = 1 - targetPopulation;
    let done = 0;
    const report = (gamma: number) =>
      problem.onProgress?.({ stage: 'simulate', done: ++done, total: which.length, gamma });
    for (const gamma of which) {
      requirePositive('simulate.gammas', gamma, 'friction');
      const eta = gamma / mass;
      const guess = theory(gamma).mm?.rate ?? theory(gamma).sd.rate ?? 0;
      // λ1 = k_ab + k_ba = k_ab / p_a (detailed balance).
      const lambdaGuess = guess / pStart;
      if (!(lambdaGuess > 0)) {
        report(gamma);
        continue;
      }
      // Skip the intrawell transient: energy relaxes at rate ~η_c (weak friction), positions at
      // ~ω_a²/η_c (strong friction); wait 5 of those (amplitude e^{−5}), at most 1/λ1.
      const t1 = Math.min(
        Math.max(5 / eta, (5 * eta) / (well.omega * well.omega), 6 / well.omega),
        1 / lambdaGuess,
      );
      const t2 = t1 + 1.5 / lambdaGuess;
      const samples = 60;
      const dt = dtAt(gamma);
      if (!simulation.gammas && t2 / dt > maxSteps) {
        warnings.push(
          `simulation at γ = ${Number(gamma.toPrecision(3))} skipped: it needs ~${Number((t2 / dt).toPrecision(2))} steps per walker (budget ${maxSteps}); ask for it explicitly with simulate.gammas`,
        );
        report(gamma);
        continue;
      }
      const sampleEvery = Math.max(1, Math.ceil(t2 / samples / dt));
      const batches: RelaxationChunk[] = [];
      const perBatch = Math.floor(walkers / 20);
      for (let b = 0; b < 20; b++) {
        batches.push(
          runRelaxationChunk(
            {
              dynamics: 'underdamped',
              force,
              potential: source,
              D,
              gamma,
              mass,
              dt,
              divide: barrier.x,
              start: startSide,
              sampleEvery,
              samples,
              seed,
            },
            b * perBatch,
            perBatch,
          ),
        );
      }
      const estimate = relaxationRate(batches, sampleEvery * dt, pStart, [t1, t2]);
      warnings.push(...estimate.warnings.map((w) => `γ = ${Number(gamma.toPrecision(3))}: ${w}`));
      // k_ab = λ1 p_b.
      const k = estimate.lambda1 * targetPopulation;
      const se = estimate.stdErr * targetPopulation;
      let wellToWell: { rate: number; ci: [number, number] } | undefined;
      if (simulation.wellToWell) {
        // Bottom to bottom; censored at 30 mean passage times of the guess (e^{−30} left over).
        const tMax = 30 / guess;
        const result = runChunk({
          config: {
            dynamics: 'underdamped',
            force,
            potential: source,
            D,
            gamma,
            mass,
            dt,
            tMax,
            start: { x: well.x },
            absorbing: other!.x > well.x ? { above: other!.x } : { below: other!.x },
            seed,
          },
          firstWalker: 0,
          walkers: perBatch * 20,
        });
        const stats = firstPassageStatistics(result.times, result.censored, tMax);
        warnings.push(
          ...stats.warnings.map((w) => `γ = ${Number(gamma.toPrecision(3))}, well to well: ${w}`),
        );
        wellToWell = { rate: stats.rate, ci: stats.rateCI95 };
      }
      simulatedAt.set(gamma, {
        rate: k,
        stdErr: se,
        ci: [estimate.ci95[0] * targetPopulation, estimate.ci95[1] * targetPopulation],
        ...(wellToWell ? { wellToWell } : {}),
      });
      report(gamma);
    }
    simInfo = {
      walkers: perBatchTotal(walkers),
      dt: simulation.dt ?? null,
      seed,
      definition:
        'k = λ1·p_b with λ1 the log-slope of the excess population of a prepared well (BAOAB, Leimkuhler & Matthews 2013), jackknife 95% CI over 20 walker batches',
    };
  }

  const rows: TurnoverRow[] = gammas.map((gamma) => {
    const { tst, sd, od, ed, mm } = theory(gamma);
    const exact = exactAt.get(gamma);
    const sim = simulatedAt.get(gamma);
    return {
      gamma,
      collisionRate: gamma / mass,
      energyLoss: sd.energyLoss,
      regime: sd.regime,
      rates: {
        tst: tst.rate,
        spatialDiffusion: sd.rate,
        energyDiffusion: ed?.rate ?? null,
        overdamped: od.rate,
        turnover: mm?.rate ?? null,
        ...(problem.exact ? { exact: exact?.rate ?? null, exactError: exact?.error ?? null } : {}),
        ...(simulation
          ? {
              simulated: sim?.rate ?? null,
              simulatedStdErr: sim?.stdErr ?? null,
              simulatedCI95: sim?.ci ?? null,
              ...(simulation.wellToWell
                ? {
                    simulatedWellToWell: sim?.wellToWell?.rate ?? null,
                    simulatedWellToWellCI95: sim?.wellToWell?.ci ?? null,
                  }
                : {}),
            }
          : {}),
      },
    };
  });
  // Simulated γ off the table's grid get their own rows (theory columns filled in).
  for (const [gamma, sim] of simulatedAt) {
    if (gammas.includes(gamma)) continue;
    const { tst, sd, od, ed, mm } = theory(gamma);
    rows.push({
      gamma,
      collisionRate: gamma / mass,
      energyLoss: sd.energyLoss,
      regime: sd.regime,
      rates: {
        tst: tst.rate,
        spatialDiffusion: sd.rate,
        energyDiffusion: ed?.rate ?? null,
        overdamped: od.rate,
        turnover: mm?.rate ?? null,
        ...(problem.exact ? { exact: null, exactError: null } : {}),
        simulated: sim.rate,
        simulatedStdErr: sim.stdErr,
        simulatedCI95: sim.ci,
        ...(sim.wellToWell
          ? {
              simulatedWellToWell: sim.wellToWell.rate,
              simulatedWellToWellCI95: sim.wellToWell.ci,
            }
          : {}),
      },
    });
  }
  rows.sort((a, b) => a.gamma - b.gamma);

  const theoryMaximum = action
    ? maximiseTheory((g) => theory(g).mm?.logRate ?? Number.NaN, gammaMin, gammaMax)
    : null;
  const maximum =
    problem.exact && exactAt.size > 0
      ? gridMaximum(
          rows
            .filter((r) => typeof r.rates.exact === 'number')
            .map((r) => [r.gamma, r.rates.exact as number]),
          'exact',
        )
      : theoryMaximum
        ? { ...theoryMaximum, source: 'turnover' as const }
        : null;
  if (transition.deltaU / D < 5) {
    warnings.push(
      `ΔU/D = ${Number((transition.deltaU / D).toPrecision(3))} < 5: the leading-order theories err by tens of percent (order D/ΔU); compare with --exact`,
    );
  }
  return {
    potential: potentialSummary(resolved),
    D,
    mass,
    from,
    to: transition.to,
    barrier: { x: barrier.x, deltaU: transition.deltaU },
    barrierToNoise: transition.deltaU / D,
    action,
    geometry,
    definition:
      geometry === 'symmetric-double-well'
        ? 'one-way rate k between the two wells of a symmetric double well; the population relaxation rate is λ1 = 2k'
        : twoWells
          ? 'one-way rate k_ab; exact/simulated columns are λ1·p_b'
          : 'one-way escape rate into a sink beyond the barrier',
    rows,
    maximum,
    theoryMaximum,
    ...(simInfo ? { simulation: simInfo } : {}),
    warnings: [...new Set(warnings)],
  };
}

function perBatchTotal(walkers: number): number {
  return Math.floor(walkers / 20) * 20;
}

/** Golden-section search for the maximum of ln k over ln γ on [a, b]. */
function maximiseTheory(logRate: (gamma: number) => number, a: number, b: number) {
  let lo = Math.log(a);
  let hi = Math.log(b);
  const r = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - r * (hi - lo);
  let x2 = lo + r * (hi - lo);
  let f1 = logRate(Math.exp(x1));
  let f2 = logRate(Math.exp(x2));
  for (let i = 0; i < 100 && hi - lo > 1e-10; i++) {
    if (f1 < f2) {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + r * (hi - lo);
      f2 = logRate(Math.exp(x2));
    } else {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - r * (hi - lo);
      f1 = logRate(Math.exp(x1));
    }
  }
  const gamma = Math.exp(0.5 * (lo + hi));
  const logK = logRate(gamma);
  return Number.isFinite(logK) ? { gamma, rate: Math.exp(logK) } : null;
}

/** The largest tabulated value, refined by a parabola through its neighbours in (ln γ, ln k). */
function gridMaximum(points: [number, number][], source: 'exact') {
  if (points.length === 0) return null;
  let i = 0;
  for (let j = 1; j < points.length; j++) if (points[j]![1] > points[i]![1]) i = j;
  if (i === 0 || i === points.length - 1)
    return { gamma: points[i]![0], rate: points[i]![1], source };
  const [x0, y0] = [Math.log(points[i - 1]![0]), Math.log(points[i - 1]![1])];
  const [x1, y1] = [Math.log(points[i]![0]), Math.log(points[i]![1])];
  const [x2, y2] = [Math.log(points[i + 1]![0]), Math.log(points[i + 1]![1])];
  const d1 = (y1 - y0) / (x1 - x0);
  const d2 = (y2 - y1) / (x2 - x1);
  const curvature = (d2 - d1) / (0.5 * (x2 - x0));
  if (!(curvature < 0)) return { gamma: points[i]![0], rate: points[i]![1], source };
  const xm = 0.5 * (x0 + x1) - d1 / curvature;
  const slopeAt = (x: number) => d1 + curvature * (x - 0.5 * (x0 + x1));
  // ln k at xm from the parabola through the three points.
  const ym = y1 + slopeAt(x1) * (xm - x1) + 0.5 * curvature * (xm - x1) ** 2;
  return { gamma: Math.exp(xm), rate: Math.exp(ym), source };
}
