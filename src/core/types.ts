/**
 * A one-dimensional potential U(x) with its first four derivatives. Every function takes a
 * position in reduced units and returns an energy (or its derivative) in the same units as D.
 */
export interface Potential1D {
  readonly U: (x: number) => number;
  readonly dU: (x: number) => number;
  readonly d2U: (x: number) => number;
  readonly d3U: (x: number) => number;
  readonly d4U: (x: number) => number;
  /** Human-readable origin: the expression text, or 'function'. */
  readonly description: string;
  /** How the derivatives were obtained: exact symbolic ones, or numerical differentiation. */
  readonly derivatives: 'symbolic' | 'numerical' | 'supplied';
}

/** Numerical result channel (CONTRIBUTING.md, three channels): what happened to a computation. */
export type RetCode = 'success' | 'not_converged' | 'censored' | 'not_applicable' | 'interrupted';

/** Langevin dynamics: overdamped γ dx = −U′ dt + √(2γD) dW, or underdamped with a mass m. */
export type Dynamics = 'overdamped' | 'underdamped';

/**
 * A potential U(x₁, …, x_n) in n ≥ 2 named coordinates, with its gradient and Hessian. Points are
 * arrays of n numbers; the Hessian is written row by row into an n·n array.
 */
export interface PotentialND {
  readonly dimension: number;
  /** The coordinate names, in order (`['x', 'y']` by default). */
  readonly coordinates: readonly string[];
  readonly U: (p: ArrayLike<number>) => number;
  /** Writes ∂U/∂x_i into out[i]. */
  readonly gradient: (p: ArrayLike<number>, out: Float64Array) => void;
  /** Writes ∂²U/∂x_i∂x_j into out[i·n + j]. */
  readonly hessian: (p: ArrayLike<number>, out: Float64Array) => void;
  /** Human-readable origin: the expression text, or 'function'. */
  readonly description: string;
  readonly derivatives: 'symbolic' | 'numerical' | 'supplied';
}
