/** Messages between the Pulling panel and its worker (plain serialisable data). */
import type { LabProblem } from './protocol.js';
import type { PullSettings } from './pullState.js';
import type { ResultReply } from './workerProtocol.js';

export interface PullRequest {
  readonly id: number;
  readonly settings: PullSettings;
  /** The sidebar's problem (used when settings.model is 'expression'). */
  readonly problem: LabProblem;
}

export type PullMethod = 'bellEvans' | 'dhs' | 'dhsOther' | 'exact';

export interface PullRowView {
  readonly loadingRate: number;
  readonly meanForce: Readonly<Record<PullMethod, number | null>>;
  readonly sdForce: Readonly<Record<PullMethod, number | null>>;
  readonly meanForceError: Readonly<Record<PullMethod, number | null>>;
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
