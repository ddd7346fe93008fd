import { afterEach, describe, expect, it } from 'vitest';
import { KramersError } from '../../dist/index.js';
import {
  type ErrorReply,
  type ProblemRequest,
  type ResultReply,
  serveRequests,
} from '../../web/src/workerProtocol.js';

/**
 * The worker side of the Lab's one protocol, run in Node with the worker's global scope stood in
 * for by globalThis: every request is answered once, with its id, whether `answer` returns, resolves,
 * throws or rejects (a lost request would leave the page's 'queue' worker waiting for ever).
 */

type Request = ProblemRequest<number>;
type Reply = ResultReply<'square', number>;

const scope = globalThis as unknown as {
  onmessage: ((event: { data: Request }) => void) | null;
  postMessage?: (message: Reply | ErrorReply) => void;
};

function served(answer: (request: Request) => Reply | Promise<Reply>) {
  const posted: (Reply | ErrorReply)[] = [];
  scope.postMessage = (message) => posted.push(message);
  serveRequests<Request, Reply>(answer);
  return posted;
}

afterEach(() => {
  scope.onmessage = null;
  delete scope.postMessage;
});

describe('serveRequests', () => {
  it('answers at once when the answer is plain, and when its promise resolves', async () => {
    const posted = served(({ id, problem }) => ({ id, kind: 'square', result: problem ** 2 }));
    scope.onmessage!({ data: { id: 7, problem: 3 } });
    expect(posted).toEqual([{ id: 7, kind: 'square', result: 9 }]);
    const later = served(async ({ id, problem }) => ({ id, kind: 'square', result: problem ** 2 }));
    scope.onmessage!({ data: { id: 8, problem: 4 } });
    expect(later).toEqual([]);
    await Promise.resolve();
    await Promise.resolve();
    expect(later).toEqual([{ id: 8, kind: 'square', result: 16 }]);
  });

  it('a throw or a rejection becomes an error reply with the id, message and code', async () => {
    const bad = new KramersError('unknown_name', "unknown name 'q'", { hint: 'a hint' });
    const posted = served(() => {
      throw bad;
    });
    scope.onmessage!({ data: { id: 1, problem: 0 } });
    expect(posted).toEqual([
      { id: 1, kind: 'error', error: { message: bad.message, code: 'unknown_name' } },
    ]);
    const rejected = served(async () => Promise.reject(new Error('no minimum in the box')));
    scope.onmessage!({ data: { id: 2, problem: 0 } });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(rejected).toEqual([
      { id: 2, kind: 'error', error: { message: 'no minimum in the box' } },
    ]);
  });
});
