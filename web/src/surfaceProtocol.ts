/** Messages between the 2-D tab and its worker (plain serialisable data). */
import type { MethodKey, RetCode } from 'kramers';
import type { SurfaceProblem } from './surfaceState.js';
import type { ErrorReply, ProblemRequest, ResultReply } from './workerProtocol.js';

export type SurfaceRequest = ProblemRequest<SurfaceProblem>;

export interface GridView {
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** U at (x[i], y[j]) in values[j·nx + i]. */
  readonly values: readonly number[];
  readonly min: number;
  readonly max: number;
}

export interface PointView {
  readonly index: number;
  readonly x: readonly [number, number];
  readonly U: number;
  readonly hessianEigenvalues: readonly number[];
}

export interface SaddleView extends PointView {
  readonly unstableEigenvalue: number;
  /** Minima (or 'edge') the two steepest-descent curves reach; null: stalled. */
  readonly connects: readonly (number | 'edge' | null)[];
}

/** One route's answer on one transition (whatever routes the library's report carries). */
export interface RouteCell {
  readonly method: MethodKey;
  readonly rate: number | null;
  readonly logRate: number | null;
  readonly retcode: RetCode;
  /** The route's error estimate of the rate (one standard error for a simulation). */
  readonly error?: number | null;
}

export interface TransitionView {
  readonly from: number;
  readonly to: number | 'edge';
  readonly saddle: number;
  readonly deltaU: number;
  readonly barrierToNoise: number;
  readonly routes: readonly RouteCell[];
}

/** The network between the minima built from one route's rates. */
export interface NetworkView {
  readonly method: MethodKey;
  readonly populations: readonly number[];
  /** Non-zero relaxation rates, slowest first. */
  readonly relaxationRates: readonly number[];
}

export interface PathView {
  readonly from: number;
  readonly to: number;
  readonly minima: readonly number[];
  readonly saddles: readonly number[];
  readonly barrier: number;
  readonly points: readonly {
    readonly x: number;
    readonly y: number;
    readonly U: number;
    readonly s: number;
  }[];
}

export interface SurfaceView {
  readonly retcode: RetCode;
  readonly grid: GridView;
  readonly minima: readonly PointView[];
  readonly saddles: readonly SaddleView[];
  /** Stationary points that are neither (maxima, higher-index or degenerate points). */
  readonly others: readonly {
    readonly x: readonly number[];
    readonly U: number;
    readonly kind: string;
  }[];
  readonly transitions: readonly TransitionView[];
  readonly networks: readonly NetworkView[];
  /** The minimum-energy path; null with `pathError` when there is none (e.g. one minimum). */
  readonly path: PathView | null;
  readonly pathError: string | null;
  readonly warnings: readonly string[];
  readonly computeMs: number;
}

export type SurfaceReply = ResultReply<'surface', SurfaceView>;

/** A passage between two minima: from one minimum into the thermal core of another. */
export interface Passage {
  readonly from: number;
  readonly to: number;
}

/** The exact grid route over the transitions of one analysis (a worker of its own: seconds). */
export interface ExactRequest extends ProblemRequest<SurfaceProblem> {
  readonly passages: readonly Passage[];
}

/** The exact route's answer on one passage, with the MFPT it inverts. */
export interface ExactCell extends RouteCell {
  readonly mfpt: number | null;
  readonly mfptError: number | null;
}

export type ExactReply =
  | {
      readonly id: number;
      readonly kind: 'exact-cell';
      readonly index: number;
      readonly cell: ExactCell;
    }
  | { readonly id: number; readonly kind: 'exact-done'; readonly computeMs: number }
  | ErrorReply;

/** "Run walkers": a few walkers' paths to animate, then the MFPT of `walkers` walkers. */
export interface WalkersRequest extends Passage {
  readonly kind: 'run';
  readonly problem: SurfaceProblem;
  readonly walkers: number;
  readonly seed: number;
  /** How many walkers' paths to animate. */
  readonly paths: number;
  /** Run even when the estimate is past the Lab's budget (the user pressed Run again). */
  readonly confirmed: boolean;
}

/** One walker's sampled path in the plane. */
export interface WalkerTrack {
  readonly walker: number;
  readonly t: readonly number[];
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly tEnd: number;
  readonly end: 'absorbed' | 'censored' | 'failed';
}

/** The simulation's statistics, as `simulateND` reports them. */
export interface WalkerStats {
  readonly retcode: RetCode;
  readonly walkers: number;
  readonly censored: number;
  /** Null where there is no estimate (no walker escaped). */
  readonly mfpt: number | null;
  readonly mfptStdErr: number | null;
  readonly mfptCI95: readonly [number, number];
  readonly rate: number | null;
  readonly rateCI95: readonly [number, number];
  readonly dt: number;
  readonly tMax: number;
  readonly seed: number;
  readonly target: string;
  readonly warnings: readonly string[];
}

export type WalkersReply =
  | { readonly kind: 'paths'; readonly tracks: readonly WalkerTrack[] }
  | { readonly kind: 'progress'; readonly done: number; readonly total: number }
  | { readonly kind: 'mfpt'; readonly stats: WalkerStats }
  /** Stopped before any walker of the statistics finished. */
  | { readonly kind: 'stopped' }
  /** Not started: the library's estimate is past the budget; the message says by how much. */
  | { readonly kind: 'costly'; readonly message: string }
  | {
      readonly kind: 'error';
      readonly error: { readonly message: string; readonly code?: string };
    };

export type WalkerRunState = 'idle' | 'confirm' | 'running' | 'stopped' | 'done' | 'error';

/** Test hooks: frames drawn, the heads of the last one, the statistics, the state. */
export interface WalkerHooks {
  frames: number;
  heads: [number, number][];
  animating: boolean;
  stats: WalkerStats | null;
  passage: Passage | null;
  state: WalkerRunState;
}
