/**
 * "Latest request wins" on a Web Worker: the page sends requests as the controls move, and only
 * the reply to the newest one is shown. Every Lab worker protocol tags its messages with the
 * request's id and reports failures as a reply of kind 'error' (workerProtocol.ts).
 */

import type { WorkerError } from './workerProtocol.js';

export type { WorkerError } from './workerProtocol.js';

/** A reply of any Lab worker protocol: tagged with its request's id; failures carry `error`. */
interface TaggedReply {
  readonly id: number;
  readonly kind: string;
  readonly error?: WorkerError;
}

/**
 * What a newer request does to one still running:
 * - 'queue': one long-lived worker; the newer request waits until the running one answers
 *   (only the newest waiting request is kept) and the superseded reply is dropped. For requests
 *   of a fraction of a second, where a new worker would cost more than the wait.
 * - 'restart': a worker of its own per request, terminated when superseded or cancelled: a long
 *   solve cannot be interrupted any other way.
 */
export type SupersedePolicy = 'queue' | 'restart';

/** What the helper uses of a Web Worker (a Worker is one; the unit tests pass a fake). */
export interface WorkerPort {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'message' | 'error', listener: (event: unknown) => void): void;
}

export interface LatestWorkerOptions<Reply extends TaggedReply> {
  readonly create: () => WorkerPort;
  readonly policy: SupersedePolicy;
  /** The newest request's replies other than errors (progress replies included). */
  readonly onResult: (reply: Exclude<Reply, { kind: 'error' }>) => void;
  /** The newest request failed (an error reply, or the worker itself threw). Default: ignored. */
  readonly onError?: (error: WorkerError) => void;
  /** Replies that report progress: the request keeps running after them. Default: none. */
  readonly isProgress?: (reply: Reply) => boolean;
}

export class LatestWorker<Request extends { readonly id: number }, Reply extends TaggedReply> {
  /** Created on the first request: a tab never opened loads no worker. */
  private worker: WorkerPort | null = null;
  private seq = 0;
  /** The newest request: only its replies are delivered. */
  private latest = 0;
  /** The request on the worker, 0 when idle. */
  private inFlight = 0;
  /** 'queue' only: the newest request made while another ran. */
  private waiting: Request | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: LatestWorkerOptions<Reply>) {}

  /** Whether a request is on the worker and its last reply has not arrived. */
  get running(): boolean {
    return this.inFlight !== 0;
  }

  /**
   * Supersedes every earlier request. With `restMs`, the request is sent only once no newer one
   * came for that long (the controls rest), so that a slider drag does not start a solve per
   * step; `make` is called when it is sent.
   */
  request(make: (id: number) => Request, restMs = 0): void {
    clearTimeout(this.timer);
    if (this.options.policy === 'restart') this.stopWorker();
    const id = ++this.seq;
    this.latest = id;
    if (restMs > 0) this.timer = setTimeout(() => this.dispatch(make(id)), restMs);
    else this.dispatch(make(id));
  }

  /** Drops every request made so far; true if one was running (a 'restart' worker stops). */
  cancel(): boolean {
    const wasRunning = this.running;
    clearTimeout(this.timer);
    this.latest = 0;
    this.waiting = null;
    if (this.options.policy === 'restart') this.stopWorker();
    return wasRunning;
  }

  /**
   * Stops the request in flight without dropping it: sends `make(id)` (an abort message the
   * worker understands) to its worker, which answers the request with what it finished; that
   * reply is delivered as usual. False when nothing runs (nothing is sent).
   */
  interrupt(make: (id: number) => unknown): boolean {
    if (!this.worker || !this.running || this.inFlight !== this.latest) return false;
    this.worker.postMessage(make(this.inFlight));
    return true;
  }

  private dispatch(request: Request): void {
    if (this.options.policy === 'queue' && this.running) {
      this.waiting = request;
      return;
    }
    if (!this.worker) this.worker = this.startWorker();
    this.inFlight = request.id;
    this.worker.postMessage(request);
  }

  private startWorker(): WorkerPort {
    const worker = this.options.create();
    worker.addEventListener('message', (event) => {
      this.receive(worker, (event as { data: Reply }).data);
    });
    // An uncaught throw in the worker: answer the request in flight with an error reply, so that
    // a queue does not wait forever.
    worker.addEventListener('error', (event) => {
      if (this.inFlight === 0) return;
      const error = { message: (event as { message?: string }).message || 'the worker failed' };
      this.receive(worker, { id: this.inFlight, kind: 'error', error } as unknown as Reply);
    });
    return worker;
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = null;
    this.inFlight = 0;
  }

  private receive(worker: WorkerPort, reply: Reply): void {
    if (worker !== this.worker) return; // a terminated worker's last messages
    if (!this.options.isProgress?.(reply)) this.finish();
    if (reply.id !== this.latest) return; // superseded while it ran
    if (reply.kind === 'error') {
      this.options.onError?.(reply.error ?? { message: 'the worker failed' });
    } else {
      this.options.onResult(reply as Exclude<Reply, { kind: 'error' }>);
    }
  }

  /** The request in flight has answered: free the worker for the next one. */
  private finish(): void {
    if (this.options.policy === 'restart') {
      this.stopWorker();
      return;
    }
    this.inFlight = 0;
    const next = this.waiting;
    this.waiting = null;
    if (next) this.dispatch(next);
  }
}
