import type { Dynamics, RetCode } from '../core/index.js';

export type { Dynamics };

/** Source of a generated function of x (from expr's generateSource): new Function(...params, body). */
export interface FunctionSource {
  readonly params: readonly string[];
  readonly body: string;
}

/**
 * 'euler-maruyama': both dynamics. 'heun': stochastic Heun predictor–corrector (overdamped only;
 * weak order 2 for additive noise). 'baoab': Leimkuhler & Matthews (2013) splitting (underdamped).
 */
export type Scheme = 'euler-maruyama' | 'heun' | 'baoab';

export interface SimulationConfig {
  readonly dynamics: Dynamics;
  /** Default: 'heun' overdamped, 'baoab' underdamped. */
  readonly scheme?: Scheme;
  /** U′(x). */
  readonly force: FunctionSource;
  /** U(x), used to sample a Boltzmann start. */
  readonly potential: FunctionSource;
  readonly D: number;
  readonly gamma: number;
  /** Underdamped only; default 1. */
  readonly mass?: number;
  readonly dt: number;
  readonly tMax: number;
  /**
   * A point, or a Boltzmann start ∝ e^{−U/D} restricted to [min, max] (inverse CDF on a grid).
   * Underdamped velocities are Maxwellian, N(0, D/m).
   */
  readonly start:
    | { readonly x: number }
    | { readonly boltzmann: { readonly min: number; readonly max: number } };
  /** Absorbed when x ≤ below or x ≥ above (either may be absent, not both). */
  readonly absorbing: { readonly below?: number; readonly above?: number };
  /** uint32 master seed. */
  readonly seed: number;
  /**
   * Overdamped only. 'bridge' (default): besides x_{n+1} beyond a boundary, a step also absorbs
   * with the Brownian-bridge probability exp(−2 d_n d_{n+1}/(2 D dt/γ)) that the path crossed
   * between the two samples (Mannella, Int. J. Mod. Phys. C 1999; Gobet, Stoch. Proc. Appl. 2000),
   * which removes the O(√dt) discrete-monitoring bias. 'discrete': check the samples only.
   */
  readonly monitoring?: 'bridge' | 'discrete';
  /**
   * Also return each walker's final position and velocity (at absorption, failure or tMax), for
   * ensemble averages at a fixed time such as ⟨x²(t)⟩ (use far boundaries and tMax = t).
   */
  readonly recordFinalState?: boolean;
  /**
   * The expected first-passage time (the exact MFPT, when known): sizes the cost estimate of a
   * work budget (`jobWork`), never the dynamics.
   */
  readonly expectedTime?: number;
}

export interface ChunkRequest {
  readonly config: SimulationConfig;
  readonly firstWalker: number;
  readonly walkers: number;
}

export interface ChunkResult {
  /** First-passage time per walker (tMax when censored). */
  readonly times: Float64Array;
  /** 1 = not absorbed by tMax (or stopped by a failure, see `failure`). */
  readonly censored: Uint8Array;
  /** Total walker-steps done. */
  readonly steps: number;
  /**
   * The first walker that met NaN/Infinity: it was stopped and counted as censored at the time
   * of failure (it did survive until then); the numbers never carry the NaN on.
   */
  readonly failure?: { walker: number; t: number; x: number; reason: string };
  /** How many walkers failed (non-finite state). */
  readonly failed?: number;
  /** True when `signal.aborted` stopped the chunk early; `times` then holds the walkers done. */
  readonly aborted?: boolean;
  /** With `config.recordFinalState`: final x and v per walker (v = 0 overdamped). */
  readonly finalX?: Float64Array;
  readonly finalV?: Float64Array;
}

export interface FirstPassageStatistics {
  mfpt: number;
  mfptStdErr: number;
  mfptCI95: [number, number];
  rate: number;
  rateCI95: [number, number];
  walkers: number;
  censored: number;
  retcode: RetCode;
  warnings: string[];
  histogram: { edges: number[]; counts: number[] };
  exponentialFit: { rate: number; ksStatistic: number; pValue: number };
  /** Which estimator gave `mfpt`. */
  estimator: 'sample-mean' | 'exponential-censored-mle' | 'none';
}
