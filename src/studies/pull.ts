import { type Domain, KramersError, type RetCode, requirePositive } from '../core/index.js';
import {
  type BondParameters,
  bellEvansLogRate,
  dhsApproximateForce,
  dhsCriticalForce,
  dhsLogRate,
  type RuptureForceCurve,
  type RuptureForceStatistics,
  requireBond,
  requireLoadingRate,
  requireNu,
  ruptureForceStatistics,
  type TiltedRate,
  type TiltedRateRoute,
  tiltedRate,
} from '../drive/index.js';
import { brentRoot } from '../exact1d/index.js';
import type { Landscape } from '../landscape/index.js';
import { type PotentialSummary, prepare } from '../problem/index.js';
import type { RunOptions } from '../routes/index.js';
import { simulate } from './simulate.js';

/** Model bonds of Dudko, Hummer & Szabo (2006) with their ν, and Bell's. */
export type BondModel = 'cusp' | 'linear-cubic' | 'bell';

export const MODEL_NU: Readonly<Record<BondModel, number>> = {
  cusp: 0.5,
  'linear-cubic': 2 / 3,
  bell: 1,
};

/** Exponent of the smooth cusp g(s) = (s² − (2/n)sⁿ)/(1 − 2/n): top at s = 1, U″ = −2n ΔG/x‡². */
const CUSP_POWER = 21;

/**
 * The concrete potential of a model (parameters dG, xb; well bottom at x = 0, barrier top at
 * x = xb, U(0) = 0, U(xb) = dG), and where the bond counts as broken: where U is back at the
 * well's level beyond the barrier.
 * - linear-cubic: U = (3/2)ΔG s − 2ΔG s³ + ΔG/2, s = x/x‡ − 1/2 (DHS 2006, shifted: well at 0).
 * - cusp: DHS's ΔG(x/x‡)² up to a sharp barrier, realised smoothly as
 *   ΔG[(x/x‡)² − (2/21)(x/x‡)²¹]/(1 − 2/21): the well is harmonic to within 10%, the barrier top
 *   has curvature −42ΔG/x‡² (within kT of its top over ±0.22 x‡ √(kT/ΔG)), and the barrier vanishes
 *   at F_c ≈ 1.79 ΔG/x‡ rather than the ideal cusp's 2ΔG/x‡.
 */
export function modelPotential(model: BondModel): { expression: string; brokenAt: number } | null {
  switch (model) {
    case 'linear-cubic':
      return { expression: '1.5*dG*(x/xb - 0.5) - 2*dG*(x/xb - 0.5)^3 + dG/2', brokenAt: 1.5 };
    case 'cusp': {
      const n = CUSP_POWER;
      return {
        expression: `dG*((x/xb)^2 - (2/${n})*(x/xb)^${n})/(1 - 2/${n})`,
        brokenAt: (n / 2) ** (1 / (n - 2)),
      };
    }
    case 'bell':
      return null;
  }
}

export interface PullSimulationOptions {
  /** Walkers per loading rate; default 1000. */
  readonly walkers?: number;
  readonly seed?: number;
  readonly dt?: number;
}

export interface PullProblem {
  /** An expression U(x) in x (pulled towards +x), or … */
  readonly potential?: string;
  readonly parameters?: Readonly<Record<string, number>>;
  /** Search domain of the expression's landscape (found automatically when absent). */
  readonly domain?: Domain;
  /** … a model bond with ΔG‡, x‡, k0 (D sets the energy unit). */
  readonly model?: BondModel;
  readonly deltaG?: number;
  readonly xb?: number;
  readonly k0?: number;
  /** k_B T; default 1 for a model (energies in k_B T), 0.05 for an expression (as elsewhere). */
  readonly D?: number;
  /** Friction coefficient for an expression (default 1); a model's γ follows from its k0. */
  readonly gamma?: number;
  /** Loading rates r = dF/dt (force/time), each > 0. */
  readonly loadingRates: readonly number[];
  /** For an expression: the well to pull from (default: the first with a barrier on its right). */
  readonly from?: number;
  /** Where the bond counts as broken (default: beyond the barrier where U is back at the well's level, or the next well). */
  readonly brokenX?: number;
  /** ν of the DHS column (default: the model's; 2/3 for an expression). */
  readonly nu?: number;
  /** Route of the `exact` column: exact 1/MFPT (default) or the Kramers formula on the tilted landscape. */
  readonly rateRoute?: TiltedRateRoute;
  /** The exact column stops where the tilted barrier falls to this many D (default 1). */
  readonly minBarrier?: number;
  /** Run Langevin walkers under the ramp as well (false by default). */
  readonly simulate?: boolean | PullSimulationOptions;
}

export interface SimulatedRupture {
  readonly meanForce: number;
  readonly meanForceStdErr: number;
  readonly meanForceCI95: [number, number];
  readonly sdForce: number;
  readonly walkers: number;
  readonly censored: number;
  readonly dt: number;
  readonly seed: number;
  readonly retcode: RetCode;
  readonly warnings: readonly string[];
  /** Histogram of rupture forces (r × the first-passage-time histogram). */
  readonly histogram: { readonly edges: number[]; readonly counts: number[] };
}

export interface PullRow {
  readonly loadingRate: number;
  readonly meanForce: {
    readonly bellEvans: number;
    readonly dhs: number;
    /** DHS's approximate closed form (a cross-check of the quadrature). */
    readonly dhsApproximate: number | null;
    readonly exact: number | null;
    readonly simulated?: number;
  };
  readonly sdForce: {
    readonly bellEvans: number;
    readonly dhs: number;
    readonly exact: number | null;
    readonly simulated?: number;
  };
  /** Quadrature error estimates of the means (the exact one includes the rate table's). */
  readonly meanForceError: {
    readonly bellEvans: number;
    readonly dhs: number;
    readonly exact: number | null;
  };
  /** Probability that the bond is intact when the exact column's rate stops (ΔU = minBarrier·D). */
  readonly survivalAtCut: number | null;
  /**
   * How far from quasi-static the ramp is at the exact mean rupture force: r·|d ln k/dF|·τ_well,
   * the e-folds the rate changes by during one relaxation time τ_well = γ/U″ of the tilted well
   * (≪ 1 for the quasi-static rate to hold; a warning above 0.1). null without a potential.
   */
  readonly adiabaticity: number | null;
  readonly simulated?: SimulatedRupture;
  readonly warnings: readonly string[];
}

export interface PullReport {
  readonly source:
    | { readonly kind: 'model'; readonly model: BondModel; readonly expression: string | null }
    | { readonly kind: 'expression'; readonly potential: PotentialSummary };
  /** ΔG‡, x‡, k0, D used by the Bell–Evans and DHS columns. */
  readonly bond: BondParameters;
  readonly nu: number;
  readonly gamma: number | null;
  /** Well, barrier and broken-bond positions at zero force (null for Bell: no potential). */
  readonly wellX: number | null;
  readonly barrierX: number | null;
  readonly brokenX: number | null;
  /** F_c where the actual barrier vanishes, and where the exact column stops. */
  readonly criticalForce: number | null;
  readonly cutForce: number | null;
  readonly dhsCriticalForce: number;
  readonly rateRoute: TiltedRateRoute | null;
  readonly rows: readonly PullRow[];
  /** p(F) per loading rate and method, for plots. */
  readonly curves: readonly {
    readonly loadingRate: number;
    readonly method: 'bellEvans' | 'dhs' | 'exact';
    readonly curve: RuptureForceCurve;
  }[];
  readonly retcode: RetCode;
  readonly warnings: readonly string[];
}

export interface PullOptions extends RunOptions {
  /** Called as work finishes: loading rates done (theory) and walkers done (simulation). */
  readonly onProgress?: (done: number, total: number) => void;
}

interface Geometry {
  readonly wellX: number;
  readonly barrierX: number;
  readonly brokenX: number;
}

/** Well (default: first with a barrier on its right), its barrier, and the broken state. */
function pullGeometry(
  landscape: Landscape,
  U: (x: number) => number,
  from: number | undefined,
  brokenX: number | undefined,
): Geometry {
  const wells =
    from === undefined ? landscape.wells : landscape.wells.filter((w) => w.index === from);
  if (from !== undefined && wells.length === 0) {
    throw new KramersError(
      'invalid_parameter',
      `no well ${from}: the potential has ${landscape.wells.length} (numbered from 0 along x)`,
      { issues: [{ path: 'from', message: 'no such well' }] },
    );
  }
  for (const well of wells) {
    const barrier = landscape.barriers.find((b) => b.x > well.x);
    if (!barrier) continue;
    if (brokenX !== undefined) return { wellX: well.x, barrierX: barrier.x, brokenX };
    const next = landscape.wells.find((w) => w.x > barrier.x);
    const span = barrier.x - well.x;
    const limit = next ? next.x : barrier.x + 100 * span;
    const step = span / 400;
    for (let x = barrier.x + step; x < limit; x += step) {
      if (U(x) <= U(well.x)) {
        const level = (y: number) => U(y) - U(well.x);
        const root = brentRoot(level, x - step, x);
        return { wellX: well.x, barrierX: barrier.x, brokenX: Number.isNaN(root) ? x : root };
      }
    }
    if (next) return { wellX: well.x, barrierX: barrier.x, brokenX: next.x };
    throw new KramersError(
      'usage',
      `beyond the barrier at x = ${barrier.x} U never falls back to the well's level: say where the bond counts as broken (brokenX, --broken-x)`,
      { issues: [{ path: 'brokenX', message: 'no broken state found' }] },
    );
  }
  throw new KramersError(
    'no_barrier',
    from === undefined
      ? 'no well has a barrier on its right (+x, the pulling direction): nothing to rupture'
      : `well ${from} has no barrier on its right (+x, the pulling direction)`,
    {
      issues: [
        { path: from === undefined ? 'expression' : 'from', message: 'no barrier to pull over' },
      ],
      hint: 'the force pulls towards +x; mirror the potential (x → −x) to pull the other way',
    },
  );
}

function pick(stats: RuptureForceStatistics) {
  return { mean: stats.meanForce, sd: stats.sdForce, error: stats.meanForceError };
}

/** A parameter name for the loading rate that the expression does not use. */
function freeName(parameters: Readonly<Record<string, number>>, source: string): string {
  let name = 'pullRate';
  while (name in parameters || new RegExp(`\\b${name}\\b`).test(source)) name = `${name}_`;
  return name;
}

/**
 * Dynamic force spectroscopy of one bond at several loading rates: for each r, the mean and
 * spread of the rupture force from (a) Bell–Evans, (b) Dudko–Hummer–Szabo with ν, (c) the exact
 * force-dependent rate of the actual potential U(x) − F x integrated over the survival
 * probability (quasi-static), and optionally (d) Langevin walkers pulled by F = r t (the
 * rupture force of a walker is r times its first-passage time to the broken state). A model
 * (cusp, linear-cubic) has a concrete potential whose friction γ is set so that its exact
 * zero-force rate is k0; an expression gives ΔG‡, x‡ and k0 to the formulas from its own
 * zero-force landscape and exact rate.
 */
export async function pull(problem: PullProblem, options: PullOptions = {}): Promise<PullReport> {
  if (problem === null || typeof problem !== 'object') {
    throw new KramersError('usage', 'expected a pull problem object');
  }
  const rates = problem.loadingRates;
  if (!Array.isArray(rates) || rates.length === 0) {
    throw new KramersError('usage', 'give at least one loading rate (loadingRates, --rates)', {
      issues: [{ path: 'loadingRates', message: 'empty' }],
    });
  }
  for (const [i, r] of rates.entries()) requireLoadingRate(r, `loadingRates[${i}]`);
  const minBarrier = problem.minBarrier ?? 1;
  const route = problem.rateRoute ?? 'mfpt';
  const warnings: string[] = [];

  let bond: BondParameters;
  let nu: number;
  let source: PullReport['source'];
  let tilted: TiltedRate | null = null;
  let logShift = 0; // ln γ of a model: its rates are those at γ = 1 divided by γ
  let gamma: number | null = null;
  let geometry: Geometry | null = null;
  let expression: string | null = null;
  let parameters: Record<string, number> = {};
  let D: number;
  let potentialCurvature: ((x: number) => number) | null = null;

  if (problem.model !== undefined) {
    if (problem.potential !== undefined) {
      throw new KramersError('usage', 'give a model or an expression, not both');
    }
    const model = problem.model;
    if (!(model in MODEL_NU)) {
      throw new KramersError(
        'invalid_parameter',
        `unknown model '${String(model)}': cusp, linear-cubic or bell`,
        { issues: [{ path: 'model', message: 'unknown model' }] },
      );
    }
    D = requirePositive('D', problem.D ?? 1, 'noise intensity k_B T');
    bond = requireBond({
      deltaG: problem.deltaG ?? Number.NaN,
      xb: problem.xb ?? Number.NaN,
      k0: problem.k0 ?? Number.NaN,
      D,
    });
    nu = requireNu(problem.nu ?? MODEL_NU[model]);
    const concrete = modelPotential(model);
    if (concrete) {
      expression = concrete.expression;
      parameters = { dG: bond.deltaG, xb: bond.xb };
      const resolved = prepare({ potential: expression, parameters, D, gamma: 1 });
      geometry = {
        wellX: 0,
        barrierX: bond.xb,
        brokenX: problem.brokenX ?? concrete.brokenAt * bond.xb,
      };
      potentialCurvature = resolved.potential.d2U;
      tilted = tiltedRate({
        potential: resolved.potential,
        D,
        gamma: 1,
        ...geometry,
        route,
        minBarrier,
      });
      // Times scale as γ: choose γ so that the exact zero-force rate is the model's k0.
      gamma = Math.exp(tilted.logRateAt(0)) / bond.k0;
      logShift = Math.log(gamma);
    } else {
      warnings.push(
        "Bell's model has no potential (neither the well nor the barrier moves under force): no exact or simulated column",
      );
    }
    source = { kind: 'model', model, expression };
  } else {
    if (problem.deltaG !== undefined || problem.xb !== undefined || problem.k0 !== undefined) {
      throw new KramersError(
        'usage',
        'deltaG, xb and k0 describe a model: give a model (cusp, linear-cubic, bell) with them',
      );
    }
    const resolved = prepare({
      potential: problem.potential ?? 'x^4/4 - x^2/2',
      ...(problem.parameters ? { parameters: problem.parameters } : {}),
      ...(problem.D !== undefined ? { D: problem.D } : {}),
      ...(problem.gamma !== undefined ? { gamma: problem.gamma } : {}),
      ...(problem.domain !== undefined ? { domain: problem.domain } : {}),
    });
    D = resolved.D;
    gamma = resolved.gamma;
    expression = resolved.summary.expression;
    parameters = { ...resolved.summary.parameters };
    warnings.push(...resolved.warnings);
    const landscape = resolved.landscape;
    geometry = pullGeometry(landscape, resolved.potential.U, problem.from, problem.brokenX);
    if (landscape.edges.left === 'open' && landscape.wells[0]!.x >= geometry.wellX) {
      throw new KramersError(
        'unbounded_below',
        'U falls without bound on the left (−x): a bond pulled to +x could escape backwards',
        { issues: [{ path: 'expression', message: 'open on the far side' }] },
      );
    }
    potentialCurvature = resolved.potential.d2U;
    tilted = tiltedRate({
      potential: resolved.potential,
      D,
      gamma,
      ...geometry,
      route,
      minBarrier,
    });
    const p0 = tilted.pointAt(0);
    bond = {
      deltaG: p0.deltaU,
      xb: geometry.barrierX - geometry.wellX,
      k0: Math.exp(tilted.logRateAt(0)),
      D,
    };
    nu = requireNu(problem.nu ?? 2 / 3);
    source = { kind: 'expression', potential: resolved.summary };
  }
  if (tilted) warnings.push(...tilted.warnings);
  const dhsEnd = dhsCriticalForce(bond, nu);
  if (bond.deltaG / D < 5) {
    warnings.push(
      `ΔG‡/k_BT = ${(bond.deltaG / D).toPrecision(3)} < 5: Bell–Evans and DHS (Kramers-type rates) are unreliable; trust the exact column`,
    );
  }

  const sim =
    problem.simulate === true ? {} : problem.simulate === false ? null : (problem.simulate ?? null);
  const walkersEach = sim ? (sim.walkers ?? 1000) : 0;
  const total = rates.length * (1 + walkersEach);
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, total);
  };

  const rows: PullRow[] = [];
  const curves: PullReport['curves'][number][] = [];
  let retcode: RetCode = 'success';
  for (const r of rates) {
    const rowWarnings: string[] = [];
    const bell = ruptureForceStatistics({
      logRate: (F) => bellEvansLogRate(bond, F),
      loadingRate: r,
    });
    const dhs = ruptureForceStatistics({
      logRate: (F) => dhsLogRate(bond, nu, F),
      loadingRate: r,
      forceEnd: dhsEnd,
    });
    const approx = dhsApproximateForce(bond, nu, r);
    curves.push({ loadingRate: r, method: 'bellEvans', curve: bell.curve });
    curves.push({ loadingRate: r, method: 'dhs', curve: dhs.curve });
    rowWarnings.push(...dhs.warnings.map((w) => `DHS: ${w}`));
    rowWarnings.push(...approx.warnings.map((w) => `DHS approximate form: ${w}`));
    let exact: RuptureForceStatistics | null = null;
    if (tilted) {
      const t = tilted;
      exact = ruptureForceStatistics({
        logRate: (F) => t.logRate(F) - logShift,
        loadingRate: r,
        forceEnd: t.cutForce,
      });
      // The rate table's own error moves ⟨F⟩ by about ε/(d ln k/dF): re-run with ln k + ε.
      const shifted = ruptureForceStatistics({
        logRate: (F) => t.logRate(F) - logShift + t.logRateError,
        loadingRate: r,
        forceEnd: t.cutForce,
      });
      const tableError = Math.abs(shifted.meanForce - exact.meanForce);
      exact = { ...exact, meanForceError: exact.meanForceError + tableError };
      curves.push({ loadingRate: r, method: 'exact', curve: exact.curve });
      rowWarnings.push(...exact.warnings.map((w) => `exact: ${w}`));
      if (exact.retcode !== 'success') retcode = exact.retcode;
    }
    let adiabaticity: number | null = null;
    if (tilted && exact && potentialCurvature) {
      const t = tilted;
      const F = Math.min(exact.meanForce, t.cutForce);
      const dF = 1e-4 * t.cutForce;
      const lo = Math.max(F - dF, 0);
      const hi = Math.min(F + dF, t.cutForce);
      const slope = Math.abs(t.logRate(hi) - t.logRate(lo)) / (hi - lo);
      const well = t.pointAt(F).wellX;
      const relaxation = (gamma ?? 1) / potentialCurvature(well);
      adiabaticity = r * slope * relaxation;
      if (adiabaticity > 0.1) {
        rowWarnings.push(
          `not quasi-static: the rate changes by ${adiabaticity.toPrecision(2)} e-folds per well relaxation time at ⟨F⟩ (should be ≪ 1); the exact column assumes an equilibrated well, trust the simulation`,
        );
      }
    }
    progress(1);
    let simulated: SimulatedRupture | undefined;
    if (sim && tilted && geometry && expression !== null) {
      simulated = await simulateRupture({
        expression,
        parameters,
        D,
        gamma: gamma ?? 1,
        geometry,
        loadingRate: r,
        criticalForce: tilted.criticalForce,
        sim,
        options,
        progress,
      });
      if (simulated.retcode !== 'success' && retcode === 'success') retcode = simulated.retcode;
    }
    const b = pick(bell);
    const d = pick(dhs);
    const e = exact ? pick(exact) : null;
    rows.push({
      loadingRate: r,
      meanForce: {
        bellEvans: b.mean,
        dhs: d.mean,
        dhsApproximate: Number.isFinite(approx.meanForce) ? approx.meanForce : null,
        exact: e ? e.mean : null,
        ...(simulated ? { simulated: simulated.meanForce } : {}),
      },
      sdForce: {
        bellEvans: b.sd,
        dhs: d.sd,
        exact: e ? e.sd : null,
        ...(simulated ? { simulated: simulated.sdForce } : {}),
      },
      meanForceError: { bellEvans: b.error, dhs: d.error, exact: e ? e.error : null },
      survivalAtCut: exact ? exact.survivalAtEnd : null,
      adiabaticity,
      ...(simulated ? { simulated } : {}),
      warnings: [...new Set(rowWarnings)],
    });
  }
  return {
    source,
    bond,
    nu,
    gamma,
    wellX: geometry?.wellX ?? null,
    barrierX: geometry?.barrierX ?? null,
    brokenX: geometry?.brokenX ?? null,
    criticalForce: tilted?.criticalForce ?? null,
    cutForce: tilted?.cutForce ?? null,
    dhsCriticalForce: dhsEnd,
    rateRoute: tilted ? route : null,
    rows,
    curves,
    retcode,
    warnings: [...new Set(warnings)],
  };
}

async function simulateRupture(args: {
  expression: string;
  parameters: Record<string, number>;
  D: number;
  gamma: number;
  geometry: Geometry;
  loadingRate: number;
  criticalForce: number;
  sim: PullSimulationOptions;
  options: PullOptions;
  progress: (n: number) => void;
}): Promise<SimulatedRupture> {
  const { expression, parameters, geometry, loadingRate: r, sim, options } = args;
  const name = freeName(parameters, expression);
  let reported = 0;
  // Past F_c there is no barrier and the walker slides out within a relaxation time: 2 F_c/r
  // leaves room for that and censors none in practice (a censored walker is reported).
  const report = await simulate(
    {
      potential: `(${expression}) - ${name}*t*x`,
      parameters: { ...parameters, [name]: r },
      D: args.D,
      gamma: args.gamma,
      fromX: geometry.wellX,
      toX: geometry.brokenX,
      walkers: sim.walkers ?? 1000,
      seed: sim.seed ?? 1,
      tMax: (2 * args.criticalForce) / r,
      ...(sim.dt !== undefined ? { dt: sim.dt } : {}),
    },
    {
      ...(options.runner ? { runner: options.runner } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (walkersDone) => {
        args.progress(walkersDone - reported);
        reported = walkersDone;
      },
    },
  );
  const n = report.walkers;
  const warnings = report.warnings.filter((w) => !/exponential|time-dependent potential/.test(w));
  let retcode = report.retcode;
  if (report.censored > 0) {
    retcode = 'censored';
    warnings.push(
      `${report.censored} walkers had not ruptured by F = ${(2 * args.criticalForce).toPrecision(4)}: the simulated mean is not a plain sample mean`,
    );
  }
  const meanForce = r * report.mfpt;
  const se = r * report.mfptStdErr;
  return {
    meanForce,
    meanForceStdErr: se,
    meanForceCI95: [r * report.mfptCI95[0], r * report.mfptCI95[1]],
    sdForce: se * Math.sqrt(n),
    walkers: n,
    censored: report.censored,
    dt: report.dt,
    seed: report.seed,
    retcode,
    warnings,
    histogram: {
      edges: report.histogram.edges.map((t) => r * t),
      counts: report.histogram.counts,
    },
  };
}

/** Plot-ready series of a pull report: p(F) per loading rate and method, and ⟨F⟩ against ln r. */
export function pullPlotSeries(report: PullReport) {
  const methods = ['bellEvans', 'dhs', 'exact', 'simulated'] as const;
  return {
    densities: report.curves.map((c) => ({
      loadingRate: c.loadingRate,
      method: c.method,
      force: Array.from(c.curve.force),
      density: Array.from(c.curve.density),
    })),
    meanForceVsLogRate: methods
      .map((method) => ({
        method,
        logLoadingRate: report.rows.map((row) => Math.log(row.loadingRate)),
        meanForce: report.rows.map((row) => row.meanForce[method] ?? null),
        ...(method === 'simulated'
          ? { ci95: report.rows.map((row) => row.simulated?.meanForceCI95 ?? null) }
          : {}),
      }))
      .filter((s) => s.meanForce.some((v) => v !== null)),
    histograms: report.rows
      .filter((row) => row.simulated)
      .map((row) => ({ loadingRate: row.loadingRate, ...row.simulated!.histogram })),
  };
}
