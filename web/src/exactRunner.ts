/**
 * The Turnover tab's exact curve on several Web Workers: each friction value is an independent
 * Klein–Kramers solve of seconds at weak friction, so the points are handed out one at a time to
 * `workers` workers of their own (the Lab's twin of the CLI's thread pool, cli/exactPool.ts). Each
 * point is the library's `turnoverExactPoint`, so the curve is the one a single thread computes.
 */
import {
  type ExactPointRunner,
  KramersError,
  type KramersErrorCode,
  type RouteResult,
  type TurnoverProblem,
} from 'kramers';
import ExactPointWorker from './exactPoint.worker.ts?worker';
import type { ResultReply } from './workerProtocol.js';

export interface ExactPointRequest {
  readonly id: number;
  readonly problem: TurnoverProblem;
  readonly gamma: number;
}

export type ExactPointReply = ResultReply<'exactPoint', RouteResult>;

interface Job {
  readonly problem: TurnoverProblem;
  readonly gamma: number;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (result: RouteResult) => void;
  readonly reject: (error: unknown) => void;
}

const aborted = () => new DOMException('the exact point was cancelled', 'AbortError');

/**
 * A runner for `turnover`'s `exactRunner` option. Workers start with the first points and live
 * as long as the worker that made them (the panels worker, terminated when its request is
 * superseded); a point whose signal has aborted before it starts is rejected, not run, and one
 * solving when it aborts is rejected at once (its worker terminated).
 */
export function exactPointRunner(workers: number): ExactPointRunner {
  const queue: Job[] = [];
  const idle: Worker[] = [];
  let made = 0;
  let next = 0;
  const start = (worker: Worker, job: Job) => {
    const id = next++;
    // A point that is solving when its signal aborts ends now: its worker is terminated (a solve
    // cannot be interrupted any other way) and replaced by the next point. Without this, Stop
    // waited for the solves in flight, seconds to minutes each at weak friction.
    const onAbort = () => {
      worker.terminate();
      made--;
      job.reject(aborted());
      dispatch();
    };
    const settle = () => job.signal?.removeEventListener('abort', onAbort);
    job.signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (event: MessageEvent<ExactPointReply>) => {
      settle();
      const reply = event.data;
      if (reply.kind === 'error') {
        // A KramersError keeps its code across the worker boundary; anything else was a bug.
        const { code, message } = reply.error;
        job.reject(code ? new KramersError(code as KramersErrorCode, message) : new Error(message));
      } else job.resolve(reply.result);
      idle.push(worker);
      dispatch();
    };
    // A worker that fails outside a request (its module did not load) answers nothing: the point
    // fails, and the worker is replaced by the next point.
    worker.onerror = (event: ErrorEvent) => {
      settle();
      event.preventDefault();
      worker.terminate();
      made--;
      job.reject(new Error(`the exact point's worker failed: ${event.message ?? 'no message'}`));
      dispatch();
    };
    const request: ExactPointRequest = { id, problem: job.problem, gamma: job.gamma };
    worker.postMessage(request);
  };
  const dispatch = () => {
    while (queue.length > 0 && (idle.length > 0 || made < workers)) {
      const job = queue.shift()!;
      if (job.signal?.aborted) {
        job.reject(aborted());
        continue;
      }
      let worker = idle.pop();
      if (!worker) {
        worker = new ExactPointWorker();
        made++;
      }
      start(worker, job);
    }
  };
  return {
    workers,
    run: (problem, gamma, signal) =>
      new Promise<RouteResult>((resolve, reject) => {
        queue.push({ problem, gamma, signal, resolve, reject });
        dispatch();
      }),
  };
}
