import { type JobResult, runJob, type SimulationJob } from '../simulation/index.js';

/**
 * Worker-thread entry: the same pure dispatcher (`runJob`) as the browser's Web Worker. It
 * imports only the simulation module (no expression parser, no CLI), so each worker starts
 * light; the potential arrives as generated source inside the job.
 */
export default function simulationWorker(job: SimulationJob): JobResult {
  return runJob(job);
}
