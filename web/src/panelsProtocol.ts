/**
 * Messages between the page and the worker of the Turnover and Physical-presets panels
 * (panels.worker.ts): plain serialisable data, kept apart from protocol.ts so each panel's
 * messages live beside it.
 */
import type { PresetReport, TurnoverReport } from 'kramers';
import type { LabProblem } from './protocol.js';
import type { ErrorReply } from './workerProtocol.js';

/** The friction sweep as the Turnover tab holds it (and the URL carries it). */
export interface TurnoverRange {
  readonly gammaMin: number;
  readonly gammaMax: number;
  readonly points: number;
}

export type PanelsRequest =
  | {
      readonly id: number;
      readonly kind: 'turnover';
      readonly problem: LabProblem;
      readonly range: TurnoverRange;
      /** Which slow column to add: none (theories only), the exact curve, or simulated points. */
      readonly column: 'theory' | 'exact' | 'simulate';
      readonly walkers?: number;
      /** Web Workers for the simulated points' walkers, or for the exact curve's points. */
      readonly workers?: number;
    }
  | {
      readonly id: number;
      readonly kind: 'preset';
      readonly name: string;
      readonly settings: Readonly<Record<string, number>>;
    }
  /**
   * Stop the turnover request `id`: it answers with the points finished so far (its report's
   * retcode 'interrupted'), as the Drive tab's abort does.
   */
  | { readonly id: number; readonly kind: 'abort' };

export type PanelsReply =
  | {
      readonly id: number;
      readonly kind: 'progress';
      readonly stage: 'exact' | 'simulate';
      readonly done: number;
      readonly total: number;
    }
  | {
      readonly id: number;
      readonly kind: 'turnover';
      readonly report: TurnoverReport;
      /** The theories at the current γ of the sidebar (its regime and rates). */
      readonly current: TurnoverReport['rows'][number] | null;
      readonly computeMs: number;
    }
  | { readonly id: number; readonly kind: 'preset'; readonly report: PresetReport }
  | ErrorReply;
