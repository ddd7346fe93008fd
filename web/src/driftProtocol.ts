/** Messages between the Drift tab and its worker (plain serialisable data). */
import type { RetCode } from 'kramers';
import type { DriftLabProblem } from './driftState.js';
import type { ProblemRequest, ResultReply } from './workerProtocol.js';

export type DriftRequest = ProblemRequest<DriftLabProblem>;

/** b on a coarse grid for the arrows: b_x, b_y at (x[i], y[j]) in [j·nx + i]. */
export interface FlowView {
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly bx: readonly number[];
  readonly by: readonly number[];
  readonly maxSpeed: number;
}

export interface FixedPointView {
  readonly index: number;
  readonly x: readonly [number, number];
  readonly kind: string;
  /** Eigenvalues of the Jacobian as [re, im]. */
  readonly eigenvalues: readonly (readonly [number, number])[];
}

/** One converged curve of the action (gMAM): a mirror pair is one branch of multiplicity 2. */
export interface BranchView {
  readonly quasiPotential: number;
  readonly error: number;
  readonly offset: number;
  readonly multiplicity: number;
  readonly points: readonly (readonly [number, number])[];
}

export interface ActionView {
  readonly retcode: RetCode;
  readonly from: number;
  readonly saddle: number;
  readonly quasiPotential: number;
  readonly error: number;
  readonly action: number;
  readonly bifurcation: boolean;
  readonly branches: readonly BranchView[];
  readonly warnings: readonly string[];
}

export interface DriftView {
  readonly retcode: RetCode;
  readonly D: number;
  readonly flow: FlowView;
  readonly fixedPoints: readonly FixedPointView[];
  /** Whether b = −∇U for some U (a symmetric Jacobian over the box). */
  readonly gradient: boolean;
  /** The minimum action path and barrier; null with `actionError` when there is none. */
  readonly action: ActionView | null;
  readonly actionError: string | null;
  readonly warnings: readonly string[];
  readonly computeMs: number;
}

export type DriftReply = ResultReply<'drift', DriftView>;
