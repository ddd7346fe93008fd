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
 * An operand of an `ExpressionProgram`: the value of an earlier step (`t`), an input variable
 * (`v`, in the order the expression was compiled with) or a finite constant (`c`).
 */
export type ProgramOperand =
  | { readonly t: number }
  | { readonly v: number }
  | { readonly c: number };

/** Functions a program may call: the expression whitelist (expr's FUNCTION_TABLE) and pow. */
export type ProgramFunction =
  | 'sin'
  | 'cos'
  | 'tan'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'abs'
  | 'sinh'
  | 'cosh'
  | 'tanh'
  | 'atan'
  | 'sign';

/** One step of an `ExpressionProgram`; step k defines the operand `{ t: k }`. */
export type ProgramStep =
  | {
      readonly op: '+' | '-' | '*' | '/' | 'pow';
      readonly a: ProgramOperand;
      readonly b: ProgramOperand;
    }
  | { readonly op: 'neg'; readonly a: ProgramOperand }
  | { readonly op: 'call'; readonly fn: ProgramFunction; readonly a: ProgramOperand };

/**
 * Straight-line code of a compiled expression as plain data: the same steps, in the same order,
 * as the JavaScript that expr's `generateSource` emits (so a back end that executes them with
 * IEEE double arithmetic gets the same numbers bit for bit). It crosses to workers with a job;
 * the WebAssembly kernel generator in simulation/ compiles it and checks every step again.
 */
export interface ExpressionProgram {
  /** How many input variables (v0 … v(n−1)): 1 for U′(x), 2 for U′(x, t), N for N-D. */
  readonly variables: number;
  readonly steps: readonly ProgramStep[];
  /** The outputs (one per tree: the gradient's components for an N-D kernel). */
  readonly results: readonly ProgramOperand[];
}

/**
 * A potential U(x₁, …, x_n) in n ≥ 2 named coordinates, with its gradient and Hessian. Points are
 * arrays of n numbers; the Hessian is written row by row into an n·n array.
 */
/**
 * A drift field b(x) in n named coordinates: the deterministic part of dX = b dt + √(2D) dW
 * (docs/drift.md). It need not be a gradient.
 */
export interface DriftField {
  readonly dimension: number;
  readonly coordinates: readonly string[];
  /** Writes b_i(p) into out[i]. */
  readonly b: (p: ArrayLike<number>, out: Float64Array) => void;
  /** Writes the Jacobian ∂b_i/∂x_j into out[i·n + j]. */
  readonly jacobian: (p: ArrayLike<number>, out: Float64Array) => void;
  /** The text of each component joined by commas, or a description. */
  readonly description: string;
}

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
