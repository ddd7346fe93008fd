import { combineRetcodes, KramersError, type RetCode } from '../core/index.js';
import { lowestSaddleChain } from '../multid/index.js';
import {
  checkProblem,
  ESCAPE_ND_KEYS,
  type EscapeProblemND,
  isPreparedND,
  keysOf,
  PASSAGE_ND_KEYS,
  type PotentialSummary,
  type PreparedProblemND,
  type PreparedTransitionND,
  prepareND,
  type TransitionSpecND,
  transitionOfND,
} from '../problem/index.js';
import {
  type ExactResultND,
  exactNDRoute,
  type GridRouteOptions,
  type HarmonicResultND,
  ND_ROUTES,
  ND_SAMPLING_ROUTES,
  type RouteResult,
  type SimulationResult,
  type SimulationRunOptions,
  type SimulationSettings,
  type SpectralResult,
} from '../routes/index.js';
import { SIMULATION_SETTINGS_KEYS } from './settingsKeys.js';

/** The routes a passage in several coordinates can be computed by (the simulation is the lead's). */
export type MethodKeyND = 'tst' | 'langer' | 'kramersLanger' | 'exact' | 'spectral';

/** `rate` in several coordinates: a problem, a passage and which routes to run. */
export interface RateProblemND extends EscapeProblemND, TransitionSpecND {
  /** Default: tst, langer and exact overdamped; tst and kramersLanger underdamped. */
  readonly methods?: readonly MethodKeyND[];
  /** Relative tolerance of the exact grid route (default 1e-4). */
  readonly tolerance?: number;
  /** Nodes along the longer side of the finest grid of the exact route. */
  readonly grid?: number;
  readonly budgetSeconds?: number;
}

/** The keys `rateND()` reads of a plain problem: the problem, the passage, the routes' settings. */
const RATE_ND_KEYS = keysOf<RateProblemND>()([
  ...ESCAPE_ND_KEYS,
  ...PASSAGE_ND_KEYS,
  'methods',
  'tolerance',
  'grid',
  'budgetSeconds',
]);

/**
 * The problem and, when it comes apart, the spec. The spec is typed as a whole problem (and may be
 * one: its problem keys go unread beside a prepared problem), so it is held to the same keys.
 */
function checkRateND(problem: RateProblemND | PreparedProblemND, spec: unknown, entry: string) {
  if (!isPreparedND(problem)) checkProblem(problem, RATE_ND_KEYS, entry);
  if (spec !== problem) checkProblem(spec, RATE_ND_KEYS, entry);
}

/** A saddle of the passage: its id in `analyze`, position and barrier from the start minimum. */
export interface SaddleReportND {
  readonly id: number;
  readonly x: readonly number[];
  readonly deltaU: number;
  readonly barrierToNoise: number;
}

/** The lowest chain of saddles of a passage: minima visited, saddles crossed, its barrier. */
export interface LowestPathND {
  readonly minima: readonly number[];
  readonly saddles: readonly number[];
  /** The highest saddle's U minus the start minimum's. */
  readonly deltaU: number;
}

export interface RateReportND {
  readonly retcode: RetCode;
  readonly dimension: number;
  readonly coordinates: readonly string[];
  readonly potential: PotentialSummary;
  readonly dynamics: 'overdamped' | 'underdamped';
  readonly D: number;
  readonly gamma: number | readonly number[];
  readonly from: { readonly minimum: number | null; readonly x: readonly number[] };
  readonly to: { readonly minimum: number | null; readonly description: string };
  /** The lowest saddle crossed when start and target minima are neighbours. */
  readonly saddle: SaddleReportND | null;
  /**
   * Every saddle joining them directly, lowest first: the harmonic routes sum their rates
   * (parallel channels add); empty when they are not neighbours.
   */
  readonly saddles: readonly SaddleReportND[];
  /**
   * The chain of saddles from start to target minimum whose highest saddle is lowest, when it is
   * not the direct saddle (it runs through other minima): the harmonic routes then count it
   * through the rate network. Null when the direct saddle is the lowest path or the target is a
   * region.
   */
  readonly path: LowestPathND | null;
  /**
   * Each route's result; `exact` carries `mfpt` and `mfptError`, `simulation` (with walkers)
   * `mfpt`, `mfptStdErr` and `mfptCI95`.
   */
  readonly methods: {
    readonly tst?: HarmonicResultND | RouteResult;
    readonly langer?: HarmonicResultND | RouteResult;
    readonly kramersLanger?: HarmonicResultND | RouteResult;
    readonly exact?: ExactResultND | RouteResult;
    readonly spectral?: SpectralResult | RouteResult;
    /** The Langevin walkers' column (`rateNDSimulated`, `rate --simulate`). */
    readonly simulation?: SimulationResult | RouteResult;
  };
  readonly warnings: readonly string[];
}

function methodsOf(p: PreparedProblemND, spec: RateProblemND): MethodKeyND[] {
  const asked = spec.methods;
  const known: MethodKeyND[] = ['tst', 'langer', 'kramersLanger', 'exact', 'spectral'];
  for (const m of asked ?? []) {
    if (!known.includes(m)) {
      throw new KramersError(
        'invalid_parameter',
        `unknown method '${m}' in several coordinates; choose from ${known.join(', ')}`,
        { issues: [{ path: 'method', message: 'unknown method' }] },
      );
    }
  }
  if (asked) return [...asked];
  if (p.dynamics === 'underdamped') return ['tst', 'kramersLanger'];
  // The spectral rate λ1·p_b is defined between the two minima of a box that holds two.
  const twoMinima = p.landscape.minima.length === 2 && spec.toRegion === undefined;
  return twoMinima ? ['tst', 'langer', 'exact', 'spectral'] : ['tst', 'langer', 'exact'];
}

function withRelative<R extends RouteResult>(r: R, exact: RouteResult | undefined): R {
  if (!exact || exact.logRate === null || r.logRate === null || r === exact) return r;
  return { ...r, relativeToExact: Math.expm1(r.logRate - exact.logRate) };
}

/**
 * One passage in several coordinates by every route that applies, side by side: harmonic TST,
 * Langer (overdamped, Langer 1969), Kramers–Langer (underdamped) and the exact 1/MFPT from the
 * backward equation on grids (2-D, overdamped, scalar γ). Each closed form is compared with the
 * exact value (`relativeToExact`) when that ran.
 */
export function rateND(
  problem: RateProblemND | PreparedProblemND,
  spec: RateProblemND = problem as RateProblemND,
): RateReportND {
  checkRateND(problem, spec, 'rateND');
  const p = prepareND(problem);
  return reportOf(transitionOfND(p, spec), spec);
}

/** The deterministic routes of one prepared passage, as `rateND` reports them. */
function reportOf(t: PreparedTransitionND, spec: RateProblemND): RateReportND {
  const p = t.problem;
  const methods = methodsOf(p, spec);
  const options: GridRouteOptions = {
    ...(spec.tolerance !== undefined ? { tolerance: spec.tolerance } : {}),
    ...(spec.grid !== undefined ? { grid: spec.grid } : {}),
    ...(spec.budgetSeconds !== undefined ? { budgetSeconds: spec.budgetSeconds } : {}),
  };
  const exact = methods.includes('exact') ? exactNDRoute.run(t, options) : undefined;
  const out: Record<string, RouteResult> = {};
  for (const m of methods) {
    const r =
      m === 'exact'
        ? exact!
        : m === 'spectral'
          ? ND_ROUTES.spectral.run(t, options)
          : ND_ROUTES[m].run(t);
    out[m] = withRelative(r, exact);
  }
  return assemble(t, out);
}

/** The lowest path from start to target minimum when it goes through other minima, else null. */
function lowestPath(t: PreparedTransitionND): LowestPathND | null {
  const { fromMinimum, target } = t.geometry;
  if (fromMinimum === null || target.minimum === null) return null;
  const { landscape } = t.problem;
  const steps = lowestSaddleChain(landscape, fromMinimum, target.minimum);
  if (!steps || steps.length < 2) return null;
  const top = Math.max(...steps.map((s) => landscape.saddles[s.saddle]!.U));
  return {
    minima: [fromMinimum, ...steps.map((s) => s.to)],
    saddles: steps.map((s) => s.saddle),
    deltaU: top - landscape.minima[fromMinimum]!.U,
  };
}

/** The report around a set of route results: retcode and warnings from all of them. */
function assemble(t: PreparedTransitionND, out: Record<string, RouteResult>): RateReportND {
  const p = t.problem;
  const saddles = t.geometry.transitions.map((tr) => ({
    id: tr.saddle,
    x: [...p.landscape.saddles[tr.saddle]!.x],
    deltaU: tr.deltaU,
    barrierToNoise: tr.deltaU / p.D,
  }));
  const results = Object.values(out);
  return {
    retcode: combineRetcodes(results.map((r) => r.retcode)),
    dimension: p.dimension,
    coordinates: p.coordinates,
    potential: p.summary,
    dynamics: p.dynamics,
    D: p.D,
    gamma: p.gamma,
    from: { minimum: t.geometry.fromMinimum, x: t.geometry.start },
    to: { minimum: t.geometry.target.minimum, description: t.geometry.target.description },
    saddle: saddles[0] ?? null,
    saddles,
    path: lowestPath(t),
    methods: out as RateReportND['methods'],
    warnings: [...new Set([...p.warnings, ...results.flatMap((r) => r.warnings)])],
  };
}

/**
 * `rateND` with a Langevin column: the same passage, prepared once, by the deterministic routes
 * and by walkers (`runSimulationND`, the catalogue's `simulation` route) on the given runner,
 * compared with the exact value as the closed forms are. The report's retcode combines all
 * columns, so an interrupted or censored simulation shows in it.
 */
export async function rateNDSimulated(
  problem: RateProblemND,
  settings: SimulationSettings,
  options: SimulationRunOptions = {},
): Promise<RateReportND> {
  checkRateND(problem, problem, 'rateNDSimulated');
  checkProblem(settings, SIMULATION_SETTINGS_KEYS, 'rateNDSimulated');
  const t = transitionOfND(prepareND(problem), problem);
  const report = reportOf(t, problem);
  const simulation = await ND_SAMPLING_ROUTES.simulation.run(t, settings, options);
  const exact = report.methods.exact;
  const out = { ...(report.methods as Record<string, RouteResult>) };
  out.simulation = withRelative(simulation, exact);
  return assemble(t, out);
}
