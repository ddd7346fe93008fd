/** Messages between the page and its compute worker (plain serialisable data). */
import type { ErrorReply } from './workerProtocol.js';

/** The escape problem as the page holds it (and as the URL carries it). */
export interface LabProblem {
  readonly potential: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly D: number;
  readonly gamma: number;
  readonly mass: number;
  readonly domain?: { readonly min: number; readonly max: number };
  /** Start well index. */
  readonly from: number;
  /** Target well index or '-inf' / '+inf'; undefined: the library's default neighbour. */
  readonly to?: number | '-inf' | '+inf';
}

export type Panel =
  | 'landscape'
  | 'rates'
  | 'flux'
  | 'spectrum'
  | 'simulation'
  | 'drive'
  | 'turnover'
  | 'pulling'
  | 'surface'
  | 'drift'
  | 'gallery';

export interface ComputeRequest {
  readonly id: number;
  readonly kind: 'main' | 'arrhenius';
  readonly problem: LabProblem;
  readonly panel: Panel;
}

export interface ExtremumView {
  readonly index: number;
  readonly x: number;
  readonly U: number;
  readonly d2U: number;
  readonly omega: number;
}

export interface TransitionView {
  readonly from: number;
  readonly to: number | string;
  readonly barrier: number;
  readonly deltaU: number;
  readonly barrierToNoise: number;
}

/** One row of the rates table: a route's one-way rate k (1/time) or the bare Arrhenius factor. */
export interface RateRow {
  readonly method: string;
  readonly label: string;
  readonly rate: number | null;
  readonly logRate: number | null;
  readonly relativeToExact: number | null;
  readonly accuracy: string;
  readonly retcode: string;
  readonly definition: string;
  readonly warnings: readonly string[];
}

export interface FluxView {
  readonly x: number[];
  /** P(x) with P(x_a) = 1 (the library's normalisation of N). */
  readonly P: number[];
  readonly well: number;
  readonly barrier: number;
  readonly sink: number;
  readonly flux: number;
  /** ln J: J itself underflows where ΔU/D is large (0 at D = 1e-4 for the seed well). */
  readonly logFlux: number;
  readonly population: number;
  readonly rate: number;
  readonly logRate: number;
  readonly relativeError: number;
  readonly exactRate: number | null;
  readonly exactLogRate: number | null;
  readonly warnings: readonly string[];
}

export interface SpectrumView {
  readonly eigenvalues: number[];
  readonly errors: number[];
  readonly gap: number;
  readonly x: number[];
  readonly eigenfunctions: number[][];
  readonly density: number[];
  readonly lambda1: number | null;
  /** Exact one-way rates out of the start well and back (1/MFPT), when two wells exchange. */
  readonly exactForward: number | null;
  readonly exactBackward: number | null;
  /**
   * Which rate λ1 is, by the library's boundaries and wells: 'escape' (one well, one absorbing
   * end: λ1 = k), 'pair' (two wells, no sink: λ1 = k_ab + k_ba), 'other' (none of the passage's).
   */
  readonly relation: 'escape' | 'pair' | 'other';
  /** The passage's one-way rate from the library's rate matrix of the lowest modes, ± error. */
  readonly modeRate: number | null;
  readonly modeRateError: number | null;
  readonly boundaries: string;
  readonly warnings: readonly string[];
}

/** What the Landscape tab shows: the analysis of U(x), whether or not a well can be left. */
export interface LandscapeResult {
  readonly expression: string;
  readonly tex: string | null;
  readonly domain: { readonly min: number; readonly max: number };
  readonly wells: ExtremumView[];
  readonly barriers: ExtremumView[];
  readonly transitions: TransitionView[];
  /** Plot window and U on it (stationary points included as grid points). */
  readonly curve: { readonly x: number[]; readonly U: number[] };
  /** The landscape's warnings, every transition's, as `kramers analyze` prints them. */
  readonly warnings: string[];
  /** Milliseconds spent in the worker. */
  readonly computeMs: number;
}

/**
 * A landscape whose start well has no barrier to cross (a single well, x^2): the library's
 * reason, as `kramers rate` gives it. `kramers analyze` describes such a landscape, and so does
 * the Landscape tab; the tabs of a passage say why they have nothing to show.
 */
export interface NoPassageResult extends LandscapeResult {
  readonly noPassage: string;
}

/** The landscape and the passage from the sidebar's well: its rates and the open tab's view. */
export interface MainResult extends LandscapeResult {
  readonly from: { readonly well: number | null; readonly x: number };
  readonly to: { readonly well: number | string | null; readonly x: number };
  readonly barrier: { readonly index: number; readonly x: number; readonly deltaU: number } | null;
  readonly rates: RateRow[];
  readonly exactMfpt: number | null;
  /** The passage's own warnings, as `kramers rate` prints them (`warnings`: `kramers analyze`'s). */
  readonly passageWarnings: string[];
  readonly flux?: FluxView | { readonly error: string };
  readonly spectrum?: SpectrumView | { readonly error: string };
}

/** A result without a passage (see NoPassageResult). */
export function hasPassage(r: MainResult | NoPassageResult): r is MainResult {
  return !('noPassage' in r);
}

export interface ArrheniusResult {
  /** 1/D values (ascending) and ln k per method. */
  readonly inverseD: number[];
  readonly series: { readonly method: string; readonly logRates: (number | null)[] }[];
}

export type ComputeReply =
  | { readonly id: number; readonly kind: 'main'; readonly result: MainResult | NoPassageResult }
  | { readonly id: number; readonly kind: 'arrhenius'; readonly result: ArrheniusResult }
  | ErrorReply;
