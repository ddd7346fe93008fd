/** Messages between the 2-D tab and its worker (plain serialisable data). */
import type { MethodKey, RetCode } from 'kramers';
import type { SurfaceProblem } from './surfaceState.js';

export interface SurfaceRequest {
  readonly id: number;
  readonly problem: SurfaceProblem;
}

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

export type SurfaceReply =
  | { readonly id: number; readonly kind: 'surface'; readonly result: SurfaceView }
  | {
      readonly id: number;
      readonly kind: 'error';
      readonly error: { readonly message: string; readonly code?: string };
    };
