import { combineRetcodes, type Dynamics, KramersError, type RetCode } from '../core/index.js';
import type { TransitionTarget } from '../landscape/index.js';
import {
  checkProblem,
  checkSettings,
  crossing,
  ESCAPE_KEYS,
  type FarSide,
  isPrepared,
  keysOf,
  PASSAGE_KEYS,
  type PotentialSummary,
  type PreparedProblem,
  type PreparedTransition,
  prepareTransition,
  type TransitionProblem,
} from '../problem/index.js';
import { depopulationFactor } from '../rates/index.js';
import {
  guarded,
  inertialContext,
  type MethodKey,
  methodInfo,
  ROUTES,
  type RouteKey,
  type RouteResult,
  type RouteResultOf,
  runSimulation,
  type SimulationResult,
  type SimulationRunOptions,
  type SimulationSettings,
} from '../routes/index.js';
import { SIMULATION_SETTINGS_KEYS } from './settingsKeys.js';

/** The routes `rate` runs by default for each dynamics (all that apply to one passage). */
export const DEFAULT_METHODS: Readonly<Record<Dynamics, readonly RouteKey[]>> = {
  overdamped: ['kramers', 'corrected', 'exact', 'spectral'],
  underdamped: [
    'tst',
    'energyDiffusion',
    'spatialDiffusion',
    'kramers',
    'melnikovMeshkov',
    'kleinKramers',
  ],
};

/** The reference each comparison measures the others against. */
export const REFERENCE_METHOD: Readonly<Record<Dynamics, RouteKey>> = {
  overdamped: 'exact',
  underdamped: 'kleinKramers',
};

/**
 * The exact route of a stored report (`kramers rate --json`, plain data, as a sweep keeps it): the
 * reference its table compares against (exact 1/MFPT overdamped, Klein–Kramers underdamped) when
 * it ran, else its first method the catalogue calls exact; null when it has none. `sweep report`
 * defaults to this route's rate (`sweepReportOf`'s `exactMethod`).
 */
export function exactMethodOf(report: unknown): string | null {
  if (report === null || typeof report !== 'object') return null;
  const { methods, dynamics } = report as { methods?: unknown; dynamics?: unknown };
  if (methods === null || typeof methods !== 'object') return null;
  const keys = Object.keys(methods);
  const reference =
    dynamics === 'overdamped' || dynamics === 'underdamped' ? REFERENCE_METHOD[dynamics] : null;
  if (reference !== null && keys.includes(reference)) return reference;
  return keys.find((k) => methodInfo(k)?.kind === 'exact') ?? null;
}

export interface RateProblem extends TransitionProblem {
  /** Which routes to run (keys of the method catalogue); default {@link DEFAULT_METHODS}. */
  readonly methods?: readonly MethodKey[];
  /** Relative tolerance of the numerical routes (default: each route's own). */
  readonly tolerance?: number;
  /** Add the simulation route (1/MFPT of Langevin walkers) with these settings. */
  readonly simulate?: boolean | SimulationSettings;
}

/** Each route's result, typed by key. */
export type RateMethods = { readonly [K in RouteKey]?: RouteResultOf<K> } & {
  readonly simulation?: SimulationResult;
};

export interface RateReport {
  /**
   * The most severe outcome that matters: the reference route's, or every numerical route failing,
   * the simulation's (censored, interrupted, not converged), or `not_applicable` when no route
   * asked for applies (no answer).
   */
  readonly retcode: RetCode;
  readonly potential: PotentialSummary;
  readonly dynamics: Dynamics;
  readonly D: number;
  readonly gamma: number;
  readonly mass: number;
  /** Start: a well index (or null for a free start point) and its position. */
  readonly from: { readonly well: number | null; readonly x: number };
  /** Target: a well index, '-inf'/'+inf', or null for a point; `x` is the absorbing point. */
  readonly to: { readonly well: TransitionTarget | null; readonly x: number };
  /** The barrier crossed (closed-form methods), with ΔU seen from the start well. */
  readonly barrier: { readonly index: number; readonly x: number; readonly deltaU: number } | null;
  /** What bounds the far side: a reflecting wall, a natural boundary, or a second absorbing point. */
  readonly farSide: FarSide;
  /** Each route's answer, keyed as in the method catalogue. */
  readonly methods: RateMethods;
  readonly warnings: readonly string[];
}

function requireMethods(wanted: readonly string[], dynamics: Dynamics): RouteKey[] {
  for (const key of wanted) {
    if (!(key in ROUTES) && key !== 'simulation') {
      const known = [...Object.keys(ROUTES), 'simulation'];
      throw new KramersError(
        'invalid_parameter',
        `unknown method '${key}': choose from ${known.join(', ')} or all`,
        { issues: [{ path: 'method', message: 'unknown' }] },
      );
    }
    // Closed forms are limits that may be compared under either dynamics (overdamped Kramers is
    // the strong-friction end of the turnover); numerical routes solve one equation only.
    const info = methodInfo(key)!;
    if (info.kind !== 'closed form' && info.dynamics !== 'both' && info.dynamics !== dynamics) {
      throw new KramersError(
        'invalid_parameter',
        `method '${key}' describes ${info.dynamics} dynamics; this problem is ${dynamics}`,
        { issues: [{ path: 'method', message: 'wrong dynamics' }], hint: 'set dynamics' },
      );
    }
  }
  return wanted.filter((k): k is RouteKey => k in ROUTES);
}

/** (rate − reference)/reference from the logarithms, so it survives rates that underflow. */
function withRelativeDifferences(methods: Record<string, RouteResult>, reference: string) {
  const ref = methods[reference];
  const logRef = ref?.retcode === 'success' ? (ref.logRate ?? null) : null;
  if (logRef === null) return methods;
  const out: Record<string, RouteResult> = {};
  for (const [key, m] of Object.entries(methods)) {
    out[key] =
      key === reference
        ? m
        : { ...m, relativeToExact: m.logRate === null ? null : Math.expm1(m.logRate - logRef) };
  }
  return out;
}

/**
 * The report's outcome, from the answers asked for: the reference route not converging, or every
 * numerical route failing, makes the comparison unconverged; every route asked for not applying
 * leaves no answer (`not_applicable`, exit 3), while one closed form among others that does not
 * apply does not (it says so); the simulation's own outcome travels (censored, interrupted,
 * not converged), as `combineRetcodes` orders them.
 */
function retcodeOf(methods: Record<string, RouteResult>, reference: string): RetCode {
  const numerical = Object.entries(methods).filter(([k]) => methodInfo(k)?.kind === 'exact');
  const failed =
    methods[reference]?.retcode === 'not_converged' ||
    (numerical.length > 0 && numerical.every(([, m]) => m.retcode === 'not_converged'));
  const asked = Object.values(methods);
  if (asked.length > 0 && asked.every((m) => m.retcode === 'not_applicable')) {
    return 'not_applicable';
  }
  const sim = methods['simulation']?.retcode;
  return combineRetcodes([
    failed ? 'not_converged' : 'success',
    ...(sim !== undefined && sim !== 'not_applicable' ? [sim] : []),
  ]);
}

/** The keys `rate()` reads of a plain problem. */
const RATE_KEYS = keysOf<RateProblem>()([
  ...ESCAPE_KEYS,
  ...PASSAGE_KEYS,
  'methods',
  'tolerance',
  'simulate',
]);

/** A passage prepared by `transitionOf` (any other value is a plain problem, checked as such). */
export function isPreparedPassage(problem: unknown): problem is PreparedTransition {
  return (
    typeof problem === 'object' &&
    problem !== null &&
    'geometry' in problem &&
    isPrepared((problem as PreparedTransition).problem)
  );
}

/** What a comparison runs, beside the problem (for a prepared passage, given in the options). */
export type RateSettings = Pick<RateProblem, 'methods' | 'tolerance' | 'simulate'>;

/** The protocol of every simulating study, and the comparison's own settings. */
export interface RateOptions extends SimulationRunOptions, RateSettings {}

/**
 * The passage and the settings: a plain problem is prepared here and may carry the settings; a
 * prepared passage takes them from the options (which win over the problem's where both give one).
 */
function requestOf(
  problem: RateProblem | PreparedTransition,
  options: RateOptions,
): { t: PreparedTransition; request: RateSettings } {
  const { methods, tolerance, simulate } = options;
  const given: RateSettings = {
    ...(methods !== undefined ? { methods } : {}),
    ...(tolerance !== undefined ? { tolerance } : {}),
    ...(simulate !== undefined ? { simulate } : {}),
  };
  if (isPreparedPassage(problem)) return { t: problem, request: checked(given) };
  if (!isPrepared(problem)) checkProblem(problem, RATE_KEYS, 'rate');
  const plain = problem as RateProblem;
  return { t: prepareTransition(plain), request: checked({ ...plain, ...given }) };
}

/** The settings with their nested simulation settings checked (no key rate() does not read). */
function checked(request: RateSettings): RateSettings {
  checkSettings(request.simulate, SIMULATION_SETTINGS_KEYS, 'rate', 'simulate');
  return request;
}

/** The common head of a report on one passage: problem, start, target, barrier, far side. */
export function passageSummary(t: PreparedTransition) {
  const p: PreparedProblem = t.problem;
  const c = crossing(t);
  return {
    potential: p.summary,
    dynamics: p.dynamics,
    D: p.D,
    gamma: p.gamma,
    mass: p.mass,
    from: { well: t.geometry.fromWell, x: t.geometry.x0 },
    to: t.geometry.target,
    barrier: c ? { index: c.barrier.index, x: c.barrier.x, deltaU: c.transition.deltaU } : null,
    farSide: t.geometry.far,
  };
}

/** Below this excess of the well-to-well 1/MFPT over λ1·p_b the two are one number (simulation SE). */
const RECROSSING_TOLERANCE = 0.02;

/**
 * Underdamped, the simulation measures 1/MFPT from the start well's bottom to the other's, while
 * the reference column (kleinKramers) is the one-way rate λ1·p_b of population relaxation. At
 * strong friction they agree to O(D/ΔU); at weak friction a walker that crosses the barrier hot
 * reaches the far bottom (and is absorbed) before friction takes its energy, although it would
 * often cross back: the passage sees escape into a sink, A(Δ)·k_SD, the populations the mirror-well
 * rate A(Δ)²/A(2Δ)·k_SD (Mel'nikov, Phys. Rep. 1991; docs/conventions.md §3), a ratio A(2Δ)/A(Δ):
 * 1.38 at Δ = 4/3 (γ = 0.05, D = 0.05 on x⁴/4 − x²/2, where the simulation read +31% to +48%),
 * 1.0003 at γ = 1. The difference is printed with this warning rather than dropped, because where
 * the factor is 1 the comparison is the simulation's only check in the underdamped table.
 */
function recrossingWarning(t: PreparedTransition): string | null {
  const { dynamics, gamma, mass, D } = t.problem;
  if (dynamics !== 'underdamped' || typeof t.geometry.target.well !== 'number') return null;
  const context = inertialContext(t);
  if (!context.twoWells || context.action === null) return null;
  const delta = ((gamma / mass) * context.action) / D;
  const excess = depopulationFactor(2 * delta) / depopulationFactor(delta) - 1;
  if (!(excess > RECROSSING_TOLERANCE)) return null;
  return `the simulation is 1/MFPT from well bottom to well bottom, not the one-way rate λ1·p_b of ${REFERENCE_METHOD.underdamped} it is compared with: at this weak friction (Δ = η_c I_s/D = ${delta.toPrecision(3)}) a walker that crosses hot is counted before it can cross back, so expect it about ${(100 * excess).toFixed(0)}% higher (A(2Δ)/A(Δ), Mel'nikov–Meshkov escape into a sink against mirror-image wells); kramers turnover --simulate gives λ1·p_b itself`;
}

/**
 * One escape, every route side by side: for overdamped dynamics the Kramers formula, its
 * finite-barrier correction, the exact mean first-passage time and the Fokker–Planck spectrum;
 * for underdamped dynamics TST, energy and spatial diffusion, overdamped Kramers, the
 * Mel'nikov–Meshkov turnover and the exact Klein–Kramers rate; on request a Langevin simulation.
 * Each with its definition, error and relative difference to the reference route.
 */
export async function rate(
  problem: RateProblem | PreparedTransition = {},
  options: RateOptions = {},
): Promise<RateReport> {
  const { t, request } = requestOf(problem, options);
  const dynamics = t.problem.dynamics;
  const wanted = request.methods ?? DEFAULT_METHODS[dynamics];
  const keys = requireMethods(wanted, dynamics);
  const tolerance = request.tolerance !== undefined ? { tolerance: request.tolerance } : {};
  const methods: Record<string, RouteResult> = {};
  for (const key of keys) {
    const route = ROUTES[key];
    methods[key] =
      route.info.kind === 'exact' ? guarded(key, () => route.run(t, tolerance)) : route.run(t);
  }
  if (request.simulate || wanted.includes('simulation')) {
    const settings = typeof request.simulate === 'object' ? request.simulate : {};
    methods['simulation'] = await runSimulation(t, settings, options);
  }
  const reference = REFERENCE_METHOD[dynamics];
  const compared = withRelativeDifferences(methods, reference);
  const sim = compared['simulation'];
  const recrossing = sim?.relativeToExact != null ? recrossingWarning(t) : null;
  if (sim && recrossing)
    compared['simulation'] = { ...sim, warnings: [...sim.warnings, recrossing] };
  const warnings = [...t.problem.warnings];
  for (const m of Object.values(compared)) warnings.push(...m.warnings);
  return {
    retcode: retcodeOf(compared, reference),
    ...passageSummary(t),
    methods: compared as RateMethods,
    warnings: [...new Set(warnings)],
  };
}
