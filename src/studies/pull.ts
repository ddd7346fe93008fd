import {
  combineRetcodes,
  type Domain,
  KramersError,
  type RetCode,
  requirePositive,
} from '../core/index.js';
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
import {
  checkProblem,
  checkSettings,
  keysOf,
  type PotentialSummary,
  type PreparedTransition,
  prepare,
  transitionOf,
} from '../problem/index.js';
import { type CompletedChunk, type RunOptions, runSimulation } from '../routes/index.js';
import { logStudentInterval } from '../simulation/index.js';

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

/** The keys of `simulate` when it is an object (`PullSimulationOptions`). */
const SIMULATION_KEYS = keysOf<PullSimulationOptions>()(['walkers', 'seed', 'dt']);

/** The keys `pull()` reads: an expression or a model bond, the loading rates and the columns. */
const PULL_KEYS = keysOf<PullProblem>()([
  'potential',
  'parameters',
  'domain',
  'model',
  'deltaG',
  'xb',
  'k0',
  'D',
  'gamma',
  'loadingRates',
  'from',
  'brokenX',
  'nu',
  'rateRoute',
  'minBarrier',
  'simulate',
]);

export interface SimulatedRupture {
  /**
   * The walkers' mean rupture force; with walkers still intact at the ramp's end (`censored`)
   * they count as rupturing there, and this is a lower bound (`meanForceIsLowerBound`).
   */
  readonly meanForce: number;
  /** True when walkers had not ruptured by the ramp's end: ⟨F⟩ ≥ meanForce, no estimate. */
  readonly meanForceIsLowerBound: boolean;
  /** One standard error of the mean; null for a lower bound. */
  readonly meanForceStdErr: number | null;
  /** The 95% interval; for a lower bound [the bound's own 95% lower end, ∞]. */
  readonly meanForceCI95: [number, number];
  /** The spread of the rupture forces; null for a lower bound (the intact bonds' is unknown). */
  readonly sdForce: number | null;
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
    /** Null without a potential (Bell); with bonds intact at the cut, the midpoint of its bounds. */
    readonly exact: number | null;
    readonly simulated?: number;
  };
  readonly sdForce: {
    readonly bellEvans: number;
    readonly dhs: number;
    /** With bonds intact at the cut, the midpoint of its bounds (within 1e-3 of it at success). */
    readonly exact: number | null;
    readonly simulated?: number | null;
  };
  /**
   * Error bounds of the means: the quadrature's, the exact one's with the rate table's and, where
   * bonds are still intact at its cut, half the width of their bounds (its rate only rises past
   * the cut, so ⟨F⟩ is the midpoint of [lower, lower + S_cut·r/k(F_cut)]: a number, not a lower
   * bound). NaN (null in JSON) where nothing bounds those bonds and ⟨F⟩ is only a lower bound:
   * DHS past its F_c (its rate falls to 0 there), and the exact column on the Kramers route.
   */
  readonly meanForceError: {
    readonly bellEvans: number;
    readonly dhs: number;
    readonly exact: number | null;
  };
  /**
   * Error bounds of the SDs, on the same terms: the quadrature's, the exact one's with the rate
   * table's and, with bonds intact at its cut, half the width of the bounds on SD(F) (its variance
   * lies in [V0, V0 + 2 S_cut τ (F_cut − ⟨F⟩0 + τ)], τ = r/k(F_cut): drive/ruptureForces.ts). NaN
   * (null in JSON) where ⟨F⟩ is only a lower bound: the SD counts those bonds at the cut and is a
   * lower bound too (Var F exceeds that of min(F, F_cut)).
   */
  readonly sdForceError: {
    readonly bellEvans: number;
    readonly dhs: number;
    readonly exact: number | null;
  };
  /**
   * Outcome per column (`not_converged`: its grid did not resolve p(F), or bonds intact where its
   * rate stops leave ⟨F⟩ a lower bound, or a bounded ⟨F⟩ ± error looser than 1e-3 of it); the
   * report's is the worst.
   */
  readonly retcode: {
    readonly bellEvans: RetCode;
    readonly dhs: RetCode;
    readonly exact: RetCode | null;
    readonly simulated?: RetCode;
  };
  /**
   * Probability that the bond is intact when the exact column's rate stops (ΔU = minBarrier·D);
   * their share of ⟨F⟩ is bounded in its error (exact 1/MFPT route).
   */
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
  /** The tilted barrier at the cut, in D (the problem's minBarrier; null without a potential). */
  readonly cutBarrier: number | null;
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
  return {
    mean: stats.meanForce,
    sd: stats.sdForce,
    error: stats.meanForceError,
    sdError: stats.sdForceError,
  };
}

/** A parameter name for the loading rate that the expression does not use. */
function freeName(parameters: Readonly<Record<string, number>>, source: string): string {
  let name = 'pullRate';
  while (name in parameters || new RegExp(`\\b${name}\\b`).test(source)) name = `${name}_`;
  return name;
}

/** The bond's concrete potential: what the exact and simulated columns need (none for Bell). */
interface BondPotential {
  readonly expression: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly gamma: number;
  readonly geometry: Geometry;
  /** k(F) of the tilted landscape, tabulated once for every loading rate. */
  readonly tilted: TiltedRate;
  /** ln γ of a model (its table is computed at γ = 1, and rates scale as 1/γ); 0 for an expression. */
  readonly logShift: number;
  readonly curvature: (x: number) => number;
}

/** The bond every loading rate is pulled on: the closed forms' parameters and the potential. */
interface ResolvedBond {
  readonly source: PullReport['source'];
  /** ΔG‡, x‡, k0, D of the Bell–Evans and DHS columns. */
  readonly bond: BondParameters;
  readonly nu: number;
  readonly D: number;
  readonly potential: BondPotential | null;
  readonly warnings: string[];
}

/** Step 1: loading rates, the exact column's route and where it stops. */
function requirePullInputs(problem: PullProblem) {
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
  return {
    rates: rates as readonly number[],
    minBarrier: problem.minBarrier ?? 1,
    route: problem.rateRoute ?? 'mfpt',
  };
}

type Tilt = {
  readonly route: TiltedRateRoute;
  readonly minBarrier: number;
  readonly budgetSeconds?: number;
};

/**
 * Step 2a, a model bond: ΔG‡, x‡, k0 as given, and (cusp, linear-cubic) its concrete potential
 * with γ chosen so that the exact zero-force rate is k0. Bell's model has no potential.
 */
function modelBond(problem: PullProblem, model: BondModel, tilt: Tilt): ResolvedBond {
  if (problem.potential !== undefined) {
    throw new KramersError('usage', 'give a model or an expression, not both');
  }
  if (!(model in MODEL_NU)) {
    throw new KramersError(
      'invalid_parameter',
      `unknown model '${String(model)}': cusp, linear-cubic or bell`,
      { issues: [{ path: 'model', message: 'unknown model' }] },
    );
  }
  const D = requirePositive('D', problem.D ?? 1, 'noise intensity k_B T');
  const bond = requireBond({
    deltaG: problem.deltaG ?? Number.NaN,
    xb: problem.xb ?? Number.NaN,
    k0: problem.k0 ?? Number.NaN,
    D,
  });
  const nu = requireNu(problem.nu ?? MODEL_NU[model]);
  const concrete = modelPotential(model);
  if (!concrete) {
    const warning =
      "Bell's model has no potential (neither the well nor the barrier moves under force): no exact or simulated column";
    const source = { kind: 'model' as const, model, expression: null };
    return { source, bond, nu, D, potential: null, warnings: [warning] };
  }
  const { expression } = concrete;
  const parameters = { dG: bond.deltaG, xb: bond.xb };
  const prepared = prepare({ potential: expression, parameters, D, gamma: 1 });
  const geometry = {
    wellX: 0,
    barrierX: bond.xb,
    brokenX: problem.brokenX ?? concrete.brokenAt * bond.xb,
  };
  const tilted = tiltedRate({ potential: prepared.potential, D, gamma: 1, ...geometry, ...tilt });
  // Times scale as γ: choose γ so that the exact zero-force rate is the model's k0.
  const gamma = Math.exp(tilted.logRateAt(0)) / bond.k0;
  const potential = {
    expression,
    parameters,
    gamma,
    geometry,
    tilted,
    logShift: Math.log(gamma),
    curvature: prepared.potential.d2U,
  };
  return { source: { kind: 'model', model, expression }, bond, nu, D, potential, warnings: [] };
}

/**
 * Step 2b, an expression: its zero-force landscape gives the well, barrier and broken state, and
 * ΔG‡, x‡ and k0 (the exact rate at F = 0) for the closed forms.
 */
function expressionBond(problem: PullProblem, tilt: Tilt): ResolvedBond {
  if (problem.deltaG !== undefined || problem.xb !== undefined || problem.k0 !== undefined) {
    throw new KramersError(
      'usage',
      'deltaG, xb and k0 describe a model: give a model (cusp, linear-cubic, bell) with them',
    );
  }
  const prepared = prepare({
    potential: problem.potential ?? 'x^4/4 - x^2/2',
    ...(problem.parameters ? { parameters: problem.parameters } : {}),
    ...(problem.D !== undefined ? { D: problem.D } : {}),
    ...(problem.gamma !== undefined ? { gamma: problem.gamma } : {}),
    ...(problem.domain !== undefined ? { domain: problem.domain } : {}),
  });
  const { D, gamma, landscape } = prepared;
  const geometry = pullGeometry(landscape, prepared.potential.U, problem.from, problem.brokenX);
  if (landscape.edges.left === 'open' && landscape.wells[0]!.x >= geometry.wellX) {
    throw new KramersError(
      'unbounded_below',
      'U falls without bound on the left (−x): a bond pulled to +x could escape backwards',
      { issues: [{ path: 'expression', message: 'open on the far side' }] },
    );
  }
  const tilted = tiltedRate({ potential: prepared.potential, D, gamma, ...geometry, ...tilt });
  const bond = {
    deltaG: tilted.pointAt(0).deltaU,
    xb: geometry.barrierX - geometry.wellX,
    k0: Math.exp(tilted.logRateAt(0)),
    D,
  };
  const potential = {
    expression: prepared.summary.expression,
    parameters: { ...prepared.summary.parameters },
    gamma,
    geometry,
    tilted,
    logShift: 0,
    curvature: prepared.potential.d2U,
  };
  return {
    source: { kind: 'expression', potential: prepared.summary },
    bond,
    nu: requireNu(problem.nu ?? 2 / 3),
    D,
    potential,
    warnings: [...prepared.warnings],
  };
}

/** Step 2: the bond of a model or an expression, with the doubts about its closed forms. */
function resolveBond(problem: PullProblem, tilt: Tilt): ResolvedBond {
  const resolved =
    problem.model !== undefined
      ? modelBond(problem, problem.model, tilt)
      : expressionBond(problem, tilt);
  const { bond, D, potential, warnings } = resolved;
  if (potential) warnings.push(...potential.tilted.warnings);
  if (bond.deltaG / D < 5) {
    warnings.push(
      `ΔG‡/k_BT = ${(bond.deltaG / D).toPrecision(3)} < 5: Bell–Evans and DHS (Kramers-type rates) are unreliable; trust the exact column`,
    );
  }
  return resolved;
}

/**
 * What to change when a column ends with bonds intact (its ⟨F⟩ a lower bound, or bounded but
 * looser than 1e-3 of it: `not_converged`).
 * DHS's rate has no range to widen: it ends where its barrier vanishes (DHS 2006, Eq. 4).
 */
const DHS_REMEDY =
  "DHS's rate ends where its barrier vanishes (F_c), so no wider range exists: pull more slowly (a lower loading rate), or read the exact or simulated column";
/** The exact column ends where the tilted barrier is minBarrier·D: that cut can move. */
const EXACT_REMEDY =
  'the exact column ends where the tilted barrier falls to minBarrier·D: a lower --min-barrier (minBarrier) widens it, a lower loading rate resolves it, or simulate the walkers (--simulate)';

/**
 * The exact column at one loading rate: the tilted rate table integrated over the survival
 * probability up to the cut. Past the cut the exact rate only rises (`risesWithForce`, argued in
 * drive/tiltedRate.ts), so the bonds still intact there are bounded by k(F_cut), taken at the low
 * end of the table's error: ⟨F⟩ is then a value ± error, not a lower bound. The table's own error
 * moves ⟨F⟩ by about ε/(d ln k/dF), so the integral is run again with ln k + ε and the shift added
 * to the error (of the SD likewise). (The retcode's 1e-3 of ⟨F⟩ leaves that shift out: ε ≤ 1e-6, or a warning, moves
 * ⟨F⟩ by ~1e-6 k_BT/x‡.)
 */
function exactRupture(p: BondPotential, r: number): RuptureForceStatistics {
  const { tilted: t, logShift } = p;
  const run = (shift: number, remedy?: string) => {
    const logRate = (F: number) => t.logRate(F) - logShift + shift;
    // k(F_cut) at the low end of the table's error; one that underflows or overflows bounds nothing.
    const beyond = Math.exp(logRate(t.cutForce) - t.logRateError);
    const bounded = t.risesWithForce && beyond > 0 && Number.isFinite(beyond);
    return ruptureForceStatistics({
      logRate,
      loadingRate: r,
      forceEnd: t.cutForce,
      ...(bounded ? { rateBeyondEnd: beyond } : {}),
      ...(remedy !== undefined ? { remedy } : {}),
    });
  };
  const exact = run(0, EXACT_REMEDY);
  const shifted = run(t.logRateError);
  return {
    ...exact,
    meanForceError: exact.meanForceError + Math.abs(shifted.meanForce - exact.meanForce),
    sdForceError: exact.sdForceError + Math.abs(shifted.sdForce - exact.sdForce),
  };
}

/**
 * How far from quasi-static the ramp is at ⟨F⟩: r·|d ln k/dF|·γ/U″(tilted well), the e-folds the
 * rate changes by in one well relaxation time (central difference of the table, step 1e-4 F_cut).
 */
function adiabaticityAt(p: BondPotential, meanForce: number, r: number): number {
  const t = p.tilted;
  const F = Math.min(meanForce, t.cutForce);
  const dF = 1e-4 * t.cutForce;
  const lo = Math.max(F - dF, 0);
  const hi = Math.min(F + dF, t.cutForce);
  const slope = Math.abs(t.logRate(hi) - t.logRate(lo)) / (hi - lo);
  const relaxation = p.gamma / p.curvature(t.pointAt(F).wellX);
  return r * slope * relaxation;
}

/** The theory columns at one loading rate: Bell–Evans, DHS (and its closed form), exact. */
interface TheoryColumns {
  readonly bell: RuptureForceStatistics;
  readonly dhs: RuptureForceStatistics;
  readonly approx: ReturnType<typeof dhsApproximateForce>;
  readonly exact: RuptureForceStatistics | null;
  readonly adiabaticity: number | null;
  readonly warnings: string[];
}

/** Step 3: the closed forms and the exact quasi-static column at loading rate r. */
function theoryColumns(b: ResolvedBond, r: number, dhsEnd: number): TheoryColumns {
  const { bond, nu, potential } = b;
  const bell = ruptureForceStatistics({
    logRate: (F) => bellEvansLogRate(bond, F),
    loadingRate: r,
  });
  const dhs = ruptureForceStatistics({
    logRate: (F) => dhsLogRate(bond, nu, F),
    loadingRate: r,
    forceEnd: dhsEnd,
    remedy: DHS_REMEDY,
  });
  const approx = dhsApproximateForce(bond, nu, r);
  const warnings = [
    ...bell.warnings.map((w) => `Bell–Evans: ${w}`),
    ...dhs.warnings.map((w) => `DHS: ${w}`),
    ...approx.warnings.map((w) => `DHS approximate form: ${w}`),
  ];
  const exact = potential ? exactRupture(potential, r) : null;
  let adiabaticity: number | null = null;
  if (potential && exact) {
    warnings.push(...exact.warnings.map((w) => `exact: ${w}`));
    adiabaticity = adiabaticityAt(potential, exact.meanForce, r);
    if (adiabaticity > 0.1) {
      warnings.push(
        `not quasi-static: the rate changes by ${adiabaticity.toPrecision(2)} e-folds per well relaxation time at ⟨F⟩ (should be ≪ 1); the exact column assumes an equilibrated well, trust the simulation`,
      );
    }
  }
  return { bell, dhs, approx, exact, adiabaticity, warnings };
}

/**
 * The passage a walker makes under the ramp F = r t: U(x) − r t x (r a parameter under a name
 * the expression does not use), from the well's bottom to the broken state. Wells and barriers
 * are those at t = 0, F = 0.
 */
function rampedPassage(p: BondPotential, D: number, r: number): PreparedTransition {
  const name = freeName(p.parameters, p.expression);
  const prepared = prepare(
    {
      potential: `(${p.expression}) - ${name}*t*x`,
      parameters: { ...p.parameters, [name]: r },
      D,
      gamma: p.gamma,
    },
    { allowTime: true },
  );
  return transitionOf(prepared, { fromX: p.geometry.wellX, toX: p.geometry.brokenX });
}

/** Count, mean and sum of squared deviations (Welford) of min(T, tMax) over finished chunks. */
interface TruncatedTimes {
  n: number;
  mean: number;
  m2: number;
}

function addChunk(acc: TruncatedTimes, chunk: CompletedChunk, tMax: number): void {
  for (const t of chunk.result.times) {
    if (!Number.isFinite(t)) continue;
    const x = Math.min(t, tMax);
    acc.n++;
    const delta = x - acc.mean;
    acc.mean += delta / acc.n;
    acc.m2 += delta * (x - acc.mean);
  }
}

/**
 * Walkers still intact at the ramp's end: each ruptures at a force above F_end = r·tMax, so the
 * mean of min(F, F_end) is a sure lower bound on their ⟨F⟩, and its own 95% lower end (Student t
 * on the log scale, as the simulation's intervals) a 95% one. No estimate: the censored-MFPT
 * estimator's exponential tail assumes a constant escape rate, which a ramp never has.
 */
function lowerBoundOf(acc: TruncatedTimes, r: number) {
  const mean = acc.mean;
  const se = acc.n > 1 ? Math.sqrt(acc.m2 / (acc.n - 1) / acc.n) : 0;
  const lower = se > 0 ? logStudentInterval(mean, se / mean, acc.n)[0] : mean;
  return { meanForce: r * mean, ci95: [r * lower, Number.POSITIVE_INFINITY] as [number, number] };
}

/** The warning of walkers that did not rupture: how many, what it means, what to do. */
function intactWarning(censored: number, walkers: number, lastForce: number, bound: number) {
  const share = (100 * censored) / walkers;
  return `${censored} of ${walkers} walkers (${share.toPrecision(3)}%) had not ruptured by the ramp's end F = ${lastForce.toPrecision(4)} (2 F_c): they are counted as rupturing there, so the simulated ⟨F⟩ ≥ ${bound.toPrecision(4)} is a lower bound, not an estimate; at this loading rate the walkers cannot follow the ramp to the broken state: pull more slowly (a lower rate) or put the broken state nearer (brokenX, --broken-x)`;
}

/**
 * Step 4: Langevin walkers pulled by F = r t on the `simulation` route: the rupture force of a
 * walker is r times its first-passage time to the broken state. Past F_c there is no barrier and
 * the walker slides out within a relaxation time: censoring at 2 F_c/r leaves room for that at
 * slow loading; at fast loading the walkers may not reach the broken state by then, and their
 * ⟨F⟩ is a lower bound (`not_converged`, as a simulation with no escape).
 */
async function simulateRupture(
  p: BondPotential,
  D: number,
  r: number,
  sim: PullSimulationOptions,
  options: PullOptions,
  progress: (n: number) => void,
): Promise<SimulatedRupture> {
  const t = rampedPassage(p, D, r);
  const lastForce = 2 * p.tilted.criticalForce;
  const tMax = lastForce / r;
  let reported = 0;
  const truncated: TruncatedTimes = { n: 0, mean: 0, m2: 0 };
  const run = await runSimulation(
    t,
    {
      walkers: sim.walkers ?? 1000,
      seed: sim.seed ?? 1,
      tMax,
      // The cost estimate's passage time: the exact table's mean rupture force over r.
      expectedTime: exactRupture(p, r).meanForce / r,
      ...(sim.dt !== undefined ? { dt: sim.dt } : {}),
    },
    {
      ...(options.runner ? { runner: options.runner } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (walkersDone) => {
        progress(walkersDone - reported);
        reported = walkersDone;
      },
      onChunkDone: (chunk) => addChunk(truncated, chunk, tMax),
    },
  );
  // A ramp is not stationary: the exponential-law check and the frozen-landscape note do not
  // apply, nor the censored-MFPT estimator's notes (its tail assumes a constant rate).
  const warnings = [...new Set([...t.problem.warnings, ...run.warnings])].filter(
    (w) => !/exponential|time-dependent potential|walkers censored at tMax|censored MFPT/.test(w),
  );
  const common = {
    walkers: run.walkers,
    censored: run.censored,
    dt: run.dt,
    seed: run.seed,
    histogram: { edges: run.histogram.edges.map((x) => r * x), counts: run.histogram.counts },
  };
  if (run.censored > 0) {
    const bound = lowerBoundOf(truncated, r);
    warnings.push(intactWarning(run.censored, run.walkers, lastForce, bound.meanForce));
    return {
      ...common,
      meanForce: bound.meanForce,
      meanForceIsLowerBound: true,
      meanForceStdErr: null,
      meanForceCI95: bound.ci95,
      sdForce: null,
      retcode: 'not_converged',
      warnings,
    };
  }
  if (run.mfpt === null || run.mfptStdErr === null) {
    // No walker finished (an abort before the first): `simulateUnlessAborted` drops the column.
    throw new KramersError('usage', 'no walker finished: no simulated rupture force');
  }
  const se = r * run.mfptStdErr;
  return {
    ...common,
    meanForce: r * run.mfpt,
    meanForceIsLowerBound: false,
    meanForceStdErr: se,
    meanForceCI95: [r * run.mfptCI95[0], r * run.mfptCI95[1]],
    sdForce: se * Math.sqrt(run.walkers),
    retcode: run.retcode,
    warnings,
  };
}

/**
 * Step 4 under an abort: once the signal has fired, the remaining loading rates get no simulated
 * column (instead of a run with no walker at all, which is an error), and the caller says so.
 */
async function simulateUnlessAborted(
  ...args: Parameters<typeof simulateRupture>
): Promise<SimulatedRupture | undefined> {
  const signal = args[4].signal;
  if (signal?.aborted) return undefined;
  try {
    return await simulateRupture(...args);
  } catch (error) {
    // Aborted before the first walker of this rate finished.
    if (signal?.aborted && error instanceof KramersError && error.code === 'usage')
      return undefined;
    throw error;
  }
}

/** Step 5: one row of the report from the theory columns and the simulated rupture. */
function pullRow(
  r: number,
  c: TheoryColumns,
  simulated: SimulatedRupture | undefined,
  simulatedRetcode: RetCode | undefined,
): PullRow {
  const b = pick(c.bell);
  const d = pick(c.dhs);
  const e = c.exact ? pick(c.exact) : null;
  return {
    loadingRate: r,
    meanForce: {
      bellEvans: b.mean,
      dhs: d.mean,
      dhsApproximate: Number.isFinite(c.approx.meanForce) ? c.approx.meanForce : null,
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
    sdForceError: { bellEvans: b.sdError, dhs: d.sdError, exact: e ? e.sdError : null },
    retcode: {
      bellEvans: c.bell.retcode,
      dhs: c.dhs.retcode,
      exact: c.exact ? c.exact.retcode : null,
      ...(simulatedRetcode ? { simulated: simulatedRetcode } : {}),
    },
    survivalAtCut: c.exact ? c.exact.survivalAtEnd : null,
    adiabaticity: c.adiabaticity,
    ...(simulated ? { simulated } : {}),
    warnings: [...new Set(c.warnings)],
  };
}

/** The p(F) curves of one loading rate, per theory column. */
function curvesOf(r: number, c: TheoryColumns): PullReport['curves'][number][] {
  return [
    { loadingRate: r, method: 'bellEvans', curve: c.bell.curve },
    { loadingRate: r, method: 'dhs', curve: c.dhs.curve },
    ...(c.exact ? [{ loadingRate: r, method: 'exact' as const, curve: c.exact.curve }] : []),
  ];
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
  checkProblem(problem, PULL_KEYS, 'pull');
  checkSettings(problem.simulate, SIMULATION_KEYS, 'pull', 'simulate');
  const { rates, minBarrier, route } = requirePullInputs(problem);
  const budget = options.budgetSeconds;
  const resolved = resolveBond(problem, {
    route,
    minBarrier,
    ...(budget !== undefined ? { budgetSeconds: budget } : {}),
  });
  const { bond, nu, D, potential } = resolved;
  const dhsEnd = dhsCriticalForce(bond, nu);
  const sim =
    problem.simulate === true ? {} : problem.simulate === false ? null : (problem.simulate ?? null);
  const total = rates.length * (1 + (sim ? (sim.walkers ?? 1000) : 0));
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, total);
  };
  const rows: PullRow[] = [];
  const curves: PullReport['curves'][number][] = [];
  const skipped: number[] = [];
  let retcode: RetCode = 'success';
  for (const r of rates) {
    const columns = theoryColumns(resolved, r, dhsEnd);
    progress(1);
    const simulated =
      sim && potential
        ? await simulateUnlessAborted(potential, D, r, sim, options, progress)
        : undefined;
    const cut = sim !== null && potential !== null && !simulated;
    if (cut) skipped.push(r);
    // Every column the user asked for counts (Bell–Evans and DHS too: a closed-form rate on an
    // unresolved grid is as wrong as an exact one), the worst naming the outcome; the DHS
    // approximate form is a cross-check with warnings only.
    const row = pullRow(r, columns, simulated, cut ? 'interrupted' : simulated?.retcode);
    retcode = combineRetcodes([retcode, ...Object.values(row.retcode).filter((c) => c !== null)]);
    rows.push(row);
    curves.push(...curvesOf(r, columns));
  }
  return {
    source: resolved.source,
    bond,
    nu,
    gamma: potential?.gamma ?? null,
    wellX: potential?.geometry.wellX ?? null,
    barrierX: potential?.geometry.barrierX ?? null,
    brokenX: potential?.geometry.brokenX ?? null,
    criticalForce: potential?.tilted.criticalForce ?? null,
    cutForce: potential?.tilted.cutForce ?? null,
    cutBarrier: potential ? minBarrier : null,
    dhsCriticalForce: dhsEnd,
    rateRoute: potential ? route : null,
    rows,
    curves,
    retcode,
    warnings: [
      ...new Set([
        ...resolved.warnings,
        ...(skipped.length > 0
          ? [`interrupted: no simulated ruptures at r = ${skipped.join(', ')}`]
          : []),
      ]),
    ],
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
