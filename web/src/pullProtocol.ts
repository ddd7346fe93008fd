/** Messages between the Pulling panel and its worker (plain serialisable data). */
import type { RetCode } from 'kramers';
import type { LabProblem } from './protocol.js';
import type { PullSimulation } from './pullRun.js';
import type { PullSettings } from './pullState.js';
import type { ErrorReply, ResultReply } from './workerProtocol.js';

/**
 * The theory at a ladder of rates ('theory'), or walkers at the chosen rate ('run': `pull()`
 * with `simulate`, its walkers on nested Web Workers), or stop the run of that id ('abort').
 */
export type PullRequest =
  | {
      readonly id: number;
      readonly kind: 'theory' | 'run';
      readonly settings: PullSettings;
      /** The sidebar's problem (used when settings.model is 'expression'). */
      readonly problem: LabProblem;
      /** 'run': Web Workers for the walkers. */
      readonly workers?: number;
    }
  | { readonly id: number; readonly kind: 'abort' };

export type PullMethod = 'bellEvans' | 'dhs' | 'dhsOther' | 'exact';

export interface PullRowView {
  readonly loadingRate: number;
  readonly meanForce: Readonly<Record<PullMethod, number | null>>;
  readonly sdForce: Readonly<Record<PullMethod, number | null>>;
  readonly meanForceError: Readonly<Record<PullMethod, number | null>>;
  /** The SDs' error bounds from the library (NaN: the SD is a lower bound, as ⟨F⟩ then). */
  readonly sdForceError: Readonly<Record<PullMethod, number | null>>;
  /** Each column's retcode from the library (null: no such column, e.g. Bell's exact). */
  readonly retcode: Readonly<Record<PullMethod, RetCode | null>>;
  readonly adiabaticity: number | null;
  readonly survivalAtCut: number | null;
  readonly warnings: readonly string[];
}

export interface PullView {
  readonly loadingRate: number;
  readonly bond: { deltaG: number; xb: number; k0: number; D: number };
  /** ν of the DHS column (the model's) and of the second DHS curve (the other of 1/2, 2/3). */
  readonly nu: number;
  readonly nuOther: number;
  readonly gamma: number | null;
  readonly wellX: number | null;
  readonly barrierX: number | null;
  readonly brokenX: number | null;
  readonly criticalForce: number | null;
  readonly cutForce: number | null;
  readonly dhsCriticalForce: number;
  /** What the walkers integrate: U(x) with its parameters (null for Bell: no potential). */
  readonly expression: string | null;
  readonly parameters: Readonly<Record<string, number>>;
  /** The row of the chosen rate first, then the ladder for ⟨F⟩ against ln r (ascending r). */
  readonly chosen: PullRowView;
  readonly ladder: readonly PullRowView[];
  /** p(F) at the chosen rate, per method. */
  readonly densities: readonly {
    readonly method: PullMethod;
    readonly force: number[];
    readonly density: number[];
  }[];
  /** U(x) − F x at a few forces from 0 to F_c (null for Bell). */
  readonly tilted: {
    readonly x: number[];
    readonly forces: number[];
    readonly U: number[][];
  } | null;
  readonly warnings: readonly string[];
  readonly computeMs: number;
}

export type PullReply = ResultReply<'pull', PullView>;

/**
 * A run's replies: progress (walkers done of the run's), then its simulated column (null when it
 * was stopped before any walker finished), or an error.
 */
export type PullRunReply =
  | {
      readonly id: number;
      readonly kind: 'progress';
      readonly done: number;
      readonly total: number;
    }
  | {
      readonly id: number;
      readonly kind: 'run';
      readonly result: PullSimulation | null;
      readonly retcode: string;
      readonly warnings: readonly string[];
    }
  | ErrorReply;
