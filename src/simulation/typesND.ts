import type { Dynamics } from '../core/index.js';
import type { Engine, FunctionSource, Scheme } from './types.js';

/**
 * The absorbing set of an N-D run: every g_k(x) ≥ 0 (> 0 when strict) holds. `source` is the
 * generated vector source (params `['p', 'out']`) writing g_1 … g_K and then the gradients
 * ∂g_k/∂x_i, k-major (out[K + k·n + i]): the gradients give the bridge correction its distance.
 */
export interface TargetConditionsND {
  readonly count: number;
  readonly strict: readonly boolean[];
  readonly source: FunctionSource;
}

/**
 * The friction Γ = V Λ Vᵀ by its symmetric eigen-decomposition (eigenvalues Λ > 0, eigenvectors
 * the columns of V, row by row): matrix functions of Γ (Γ⁻¹, Γ^{−1/2}, e^{−Γdt/m}) follow from
 * it, so the kernel needs no linear algebra of its own.
 */
export interface FrictionEigen {
  readonly values: readonly number[];
  readonly vectors: readonly number[];
}

/** A first-passage run in n = 2…10 coordinates (see `runChunkND`). */
export interface SimulationConfigND {
  readonly dimension: number;
  readonly dynamics: Dynamics;
  /** Default 'heun' overdamped, 'baoab' underdamped ('euler-maruyama' overdamped only). */
  readonly scheme?: Scheme;
  /** ∇U as generated vector source (params `['p', 'out']`, from `generateVectorSource`). */
  readonly gradient: FunctionSource;
  readonly target: TargetConditionsND;
  /** The box; its walls reflect (positions mirrored, the normal velocity reversed). */
  readonly box: readonly { readonly min: number; readonly max: number }[];
  readonly D: number;
  /** A number γ (isotropic), or Γ by its eigen-decomposition. */
  readonly friction: number | FrictionEigen;
  /** Scalar mass m (underdamped only); default 1. */
  readonly mass?: number;
  readonly dt: number;
  readonly tMax: number;
  readonly start: readonly number[];
  /** uint32 master seed. */
  readonly seed: number;
  /** 'bridge' (default, overdamped) or 'discrete': see `SimulationConfig.monitoring`. */
  readonly monitoring?: 'bridge' | 'discrete';
  /** The expected passage time: sizes a work budget's estimate only. */
  readonly expectedTime?: number;
  /**
   * 'wasm' (WebAssembly SIMD lanes, the same times bit for bit) or 'js'; default the faster one
   * this runtime runs. A gradient or target without its program (`generateVectorSource` gives
   * them) runs on 'js' whatever is asked (`simulationEngineND`).
   */
  readonly engine?: Engine;
}

export interface ChunkRequestND {
  readonly config: SimulationConfigND;
  readonly firstWalker: number;
  readonly walkers: number;
}

/** As `ChunkResult` (times, censored flags, steps, failures, abort), with the position of a failure. */
export interface ChunkResultND {
  /** The kernels that ran. */
  readonly engine?: Engine;
  readonly times: Float64Array;
  readonly censored: Uint8Array;
  readonly steps: number;
  readonly failure?: { walker: number; t: number; x: number[]; reason: string };
  readonly failed?: number;
  readonly aborted?: boolean;
}
