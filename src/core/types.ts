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
