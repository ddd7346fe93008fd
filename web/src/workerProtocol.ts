/**
 * The one protocol of the Lab's workers: every request carries an id, every reply carries it
 * back with a `kind`, and a request that fails is answered by a reply of kind 'error'. The page's
 * side is `LatestWorker`; a worker that answers each request with one reply uses
 * `serveRequests`. Plain serialisable data only (structured clone).
 */
import { isKramersError } from 'kramers';

/** What a Lab worker sends back when a request fails. */
export interface WorkerError {
  readonly message: string;
  readonly code?: string;
}

/** A failed request's reply, in every worker protocol. */
export interface ErrorReply {
  readonly id: number;
  readonly kind: 'error';
  readonly error: WorkerError;
}

/** A request about one problem of a tab (the 2-D and Drift tabs send nothing else). */
export interface ProblemRequest<Problem> {
  readonly id: number;
  readonly problem: Problem;
}

/** One result of kind `Kind` for a request, or its failure. */
export type ResultReply<Kind extends string, Result> =
  | { readonly id: number; readonly kind: Kind; readonly result: Result }
  | ErrorReply;

/** How every Lab worker reports a failed request: its id, kind 'error', message and code. */
export function errorReply(id: number, error: unknown): ErrorReply {
  const e = error as { message?: string; code?: string };
  return {
    id,
    kind: 'error',
    error: { message: String(e?.message ?? error), ...(e?.code ? { code: e.code } : {}) },
  };
}

/**
 * A part of a view that the library may refuse for this problem (a KramersError: no saddle in the
 * box, one minimum only): its value, or null and the library's message for the page to show.
 * Anything else thrown is a bug and fails the whole request.
 */
export function partOrRefusal<T>(part: () => T): { value: T | null; refusal: string | null } {
  try {
    return { value: part(), refusal: null };
  } catch (error) {
    if (!isKramersError(error)) throw error;
    return { value: null, refusal: error.message };
  }
}

/** The worker's global scope as these protocols use it. */
interface WorkerScope<Request, Reply> {
  onmessage: ((event: { data: Request }) => void) | null;
  postMessage(message: Reply): void;
}

/**
 * Answers each request with the reply `answer` gives (at once, or when its promise settles), or
 * with an error reply when it throws or rejects, so that the page never waits on a lost request.
 */
export function serveRequests<Request extends { readonly id: number }, Reply>(
  answer: (request: Request) => Reply | Promise<Reply>,
): void {
  const scope = globalThis as unknown as WorkerScope<Request, Reply | ErrorReply>;
  scope.onmessage = (event) => {
    const request = event.data;
    const fail = (error: unknown) => scope.postMessage(errorReply(request.id, error));
    try {
      const reply = answer(request);
      if (reply instanceof Promise) reply.then((r) => scope.postMessage(r), fail);
      else scope.postMessage(reply);
    } catch (error) {
      fail(error);
    }
  };
}
