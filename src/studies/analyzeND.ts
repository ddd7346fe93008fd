import { type Box, combineRetcodes, type RetCode } from '../core/index.js';
import type { DescentEnd, RateNetwork, StationaryKindND } from '../multid/index.js';
import {
  checkProblem,
  ESCAPE_ND_KEYS,
  type EscapeProblemND,
  isPreparedND,
  type NDimension,
  type PotentialSummary,
  type PreparedProblemND,
  prepareND,
  transitionOfND,
} from '../problem/index.js';
import { type HarmonicResultND, methodInfo, ND_ROUTES } from '../routes/index.js';

export interface MinimumReport {
  readonly index: number;
  readonly x: readonly number[];
  readonly U: number;
  readonly hessianEigenvalues: readonly number[];
  readonly degenerate: boolean;
}

export interface SaddleReport {
  /** Position in the list of saddles (by U). */
  readonly id: number;
  readonly x: readonly number[];
  readonly U: number;
  /** The Morse index (1). */
  readonly index: number;
  /** The two minima (or 'edge' of the box) its steepest-descent paths reach; null: stalled. */
  readonly connects: readonly [DescentEnd | null, DescentEnd | null];
  readonly unstableEigenvalue: number;
  readonly hessianEigenvalues: readonly number[];
}

export interface TransitionReportND {
  readonly from: number;
  readonly to: number | 'edge';
  readonly saddle: number;
  readonly deltaU: number;
  readonly barrierToNoise: number;
  /** One-way rates k (1/time) over the saddle; null where a formula does not apply. */
  readonly rates: {
    readonly tst: number | null;
    readonly langer: number | null;
    readonly kramersLanger?: number | null;
  };
  readonly logRates: {
    readonly tst: number | null;
    readonly langer: number | null;
    readonly kramersLanger?: number | null;
  };
  /** Each route's whole result (prefactor, κ, warnings). */
  readonly methods: {
    readonly tst: HarmonicResultND;
    readonly langer: HarmonicResultND;
    readonly kramersLanger?: HarmonicResultND;
  };
}

/** The network of rates between minima (Langer overdamped, Kramers–Langer underdamped). */
export interface NetworkReport {
  /** Which route's rates it is built from. */
  readonly method: 'langer' | 'kramersLanger';
  readonly populations: readonly number[];
  /** rates[i][j]: k from minimum i to j (0: no saddle joins them). */
  readonly rates: readonly (readonly number[])[];
  /** Rate out of the box from each minimum (a saddle on the box's edge side). */
  readonly escape: readonly number[];
  /** Empty where the network does not apply (`notApplicable`). */
  readonly relaxationRates: readonly number[];
  readonly relaxationTimes: readonly number[];
  readonly slowestMode: RateNetwork['slowestMode'];
  /** Why there is no network (two or more minima and no transition with a rate), or null. */
  readonly notApplicable: string | null;
}

/** What `analyze` reports on a problem in several coordinates. */
export interface AnalysisReportND {
  readonly retcode: RetCode;
  readonly dimension: NDimension;
  readonly coordinates: readonly string[];
  readonly potential: PotentialSummary;
  readonly dynamics: 'overdamped' | 'underdamped';
  readonly D: number;
  readonly gamma: number | readonly number[];
  readonly mass: number | readonly number[];
  readonly domain: Box;
  readonly stationaryPoints: readonly {
    readonly x: readonly number[];
    readonly U: number;
    readonly index: number;
    readonly kind: StationaryKindND;
    readonly hessianEigenvalues: readonly number[];
  }[];
  readonly minima: readonly MinimumReport[];
  readonly saddles: readonly SaddleReport[];
  readonly transitions: readonly TransitionReportND[];
  readonly network: NetworkReport;
  readonly warnings: readonly string[];
}

function transitionReport(
  p: PreparedProblemND,
  tr: PreparedProblemND['landscape']['transitions'][number],
) {
  // Inertia enters with underdamped dynamics or a mass given (as in one coordinate).
  const inertial = p.dynamics === 'underdamped' || p.massGiven;
  if (tr.to === 'edge') {
    return null;
  }
  const t = transitionOfND(p, { from: tr.from, to: tr.to });
  // Only the saddle of this transition (a second, higher saddle between the same minima is its own row).
  const over = { ...t, geometry: { ...t.geometry, transition: tr, transitions: [tr] } };
  // Each row is the one-way rate over its saddle (an edge of the network), not the passage's 1/MFPT.
  const tst = ND_ROUTES.tst.direct(over);
  const langer = ND_ROUTES.langer.direct(over);
  const kramersLanger = inertial ? ND_ROUTES.kramersLanger.direct(over) : undefined;
  return {
    from: tr.from,
    to: tr.to,
    saddle: tr.saddle,
    deltaU: tr.deltaU,
    barrierToNoise: tr.deltaU / p.D,
    rates: {
      tst: tst.rate,
      langer: langer.rate,
      ...(kramersLanger ? { kramersLanger: kramersLanger.rate } : {}),
    },
    logRates: {
      tst: tst.logRate,
      langer: langer.logRate,
      ...(kramersLanger ? { kramersLanger: kramersLanger.logRate } : {}),
    },
    methods: { tst, langer, ...(kramersLanger ? { kramersLanger } : {}) },
  } satisfies TransitionReportND;
}

/** The network of the dynamics' Langer rates with its populations and relaxation spectrum. */
export function networkOf(p: PreparedProblemND, method: 'langer' | 'kramersLanger'): NetworkReport {
  // The network is built by the route itself (one memo per route, D and friction).
  const network = ND_ROUTES[method].network(p);
  const why = networkNotApplicable(p, network.rated, method);
  return {
    method,
    populations: network.populations,
    rates: network.rates,
    escape: network.escape,
    relaxationRates: why ? [] : network.relaxationRates,
    relaxationTimes: why ? [] : network.relaxationTimes,
    slowestMode: why ? null : network.slowestMode,
    notApplicable: why,
  };
}

/**
 * Why a network of harmonic rates between two or more minima does not apply: no transition has a
 * rate (no index-1 saddle in the box, or only degenerate ones). Its generator is then 0 and its
 * "relaxation rates" 0 for want of any rate, not a slow relaxation (x⁴/4 − x²/2 + y⁴, where every
 * stationary point is degenerate, printed 0 beside the grid's λ1 = 0.0028).
 */
export function networkNotApplicable(
  p: PreparedProblemND,
  rated: number,
  method: 'langer' | 'kramersLanger',
): string | null {
  if (p.landscape.minima.length < 2 || rated > 0) return null;
  const label = methodInfo(method)?.label ?? method;
  const where =
    p.landscape.transitions.length === 0
      ? 'no non-degenerate index-1 saddle joins the minima in the box'
      : `no saddle between the minima has a ${label} rate (see the transitions)`;
  return `${where}, so there is no ${label} rate network (its relaxation rates would be 0 for want of any rate); λ1 of the grid spectrum (kramers spectrum) is the relaxation rate to read`;
}

/**
 * Overdamped Langer above harmonic TST (κ = |λ₋|/γ > ω_u) means the friction is too weak for the
 * overdamped limit at that saddle: TST bounds the one-way flux from above at any friction (Hänggi,
 * Talkner & Borkovec 1990, §IV), so the Kramers–Langer rate with the mass is the one to read.
 */
function weakFriction(p: PreparedProblemND, transitions: readonly TransitionReportND[]): string[] {
  const over = transitions.filter(
    (t) => t.rates.langer !== null && t.rates.tst !== null && t.rates.langer > t.rates.tst,
  );
  if (over.length === 0) return [];
  const saddles = [...new Set(over.map((t) => t.saddle))].join(', ');
  return [
    `the overdamped Langer rate exceeds harmonic TST at saddle${over.length > 1 ? 's' : ''} ${saddles}: the friction γ = ${JSON.stringify(p.gamma)} is too weak for overdamped dynamics there (κ = |λ₋|/γ > ω_u); give the mass (--mass) for the Kramers–Langer rate`,
  ];
}

/**
 * The landscape of a potential in several coordinates with its harmonic rates: every stationary
 * point in the box with its Hessian eigenvalues and index, the minima and index-1 saddles, which
 * minima each saddle connects, harmonic TST and Langer's rate over every saddle (Kramers–Langer
 * too for underdamped dynamics), and the rate network between the minima with its populations and
 * relaxation times.
 */
export function analyzeND(problem: EscapeProblemND | PreparedProblemND): AnalysisReportND {
  if (!isPreparedND(problem)) checkProblem(problem, ESCAPE_ND_KEYS, 'analyzeND');
  const p = prepareND(problem);
  const { landscape } = p;
  const transitions = landscape.transitions
    .map((tr) => transitionReport(p, tr))
    .filter((r): r is NonNullable<typeof r> => r !== null);
  const warnings = [...p.warnings];
  for (const t of transitions) {
    for (const m of Object.values(t.methods)) warnings.push(...(m?.warnings ?? []));
  }
  warnings.push(...weakFriction(p, transitions));
  const edge = landscape.transitions.filter((t) => t.to === 'edge');
  if (edge.length > 0) {
    warnings.push(
      `saddle${edge.length > 1 ? 's' : ''} ${[...new Set(edge.map((t) => t.saddle))].join(', ')} lead out of the box: escape there is counted as leaving (a sink) in the network`,
    );
  }
  return {
    // Langer's rate is the one asked for; a transition where it does not apply makes the report so.
    retcode: combineRetcodes(transitions.map((t) => t.methods.langer.retcode)),
    dimension: p.dimension,
    coordinates: p.coordinates,
    potential: p.summary,
    dynamics: p.dynamics,
    D: p.D,
    gamma: p.gamma,
    mass: p.mass,
    domain: p.box,
    stationaryPoints: landscape.stationaryPoints.map((s) => ({
      x: s.x,
      U: s.U,
      index: s.index,
      kind: s.kind,
      hessianEigenvalues: s.hessianEigenvalues,
    })),
    minima: landscape.minima,
    saddles: landscape.saddles.map((s) => ({
      id: s.id,
      x: s.x,
      U: s.U,
      index: s.index,
      connects: s.connects,
      unstableEigenvalue: s.unstableEigenvalue,
      hessianEigenvalues: s.hessianEigenvalues,
    })),
    transitions,
    network: networkOf(p, p.dynamics === 'underdamped' ? 'kramersLanger' : 'langer'),
    warnings: [...new Set(warnings)],
  };
}
