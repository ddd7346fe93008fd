import { isKramersError, type KramersErrorCode, type KramersIssue } from '../core/index.js';
import { type JobResult, runJob, type SimulationJob } from '../simulation/index.js';

/** A KramersError as plain data: a thread boundary keeps an Error's message but not its class. */
export interface WorkerFailure {
  readonly kramersError: {
    readonly code: KramersErrorCode;
    readonly message: string;
    readonly issues: readonly KramersIssue[];
    readonly hint: string | undefined;
  };
}

/**
 * Worker-thread entry: the same pure dispatcher (`runJob`) as the browser's Web Worker. It
 * imports only the simulation module (no expression parser, no CLI), so each worker starts
 * light; the potential arrives as generated source inside the job. Bad input found by a kernel
 * comes back as data, so that the pool can raise it again as the KramersError it was (and the
 * CLI reports misuse, not an internal error).
 */
export default function simulationWorker(job: SimulationJob): JobResult | WorkerFailure {
  try {
    return runJob(job);
  } catch (error) {
    if (!isKramersError(error)) throw error;
    const { code, message, issues, hint } = error;
    return { kramersError: { code, message, issues, hint } };
  }
}
