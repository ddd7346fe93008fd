import { afterEach, describe, expect, it, vi } from 'vitest';
import { LatestWorker, type WorkerPort } from '../../web/src/latestWorker.js';

interface Request {
  readonly id: number;
  readonly x: number;
}
type Reply =
  | { readonly id: number; readonly kind: 'result'; readonly y: number }
  | { readonly id: number; readonly kind: 'progress'; readonly done: number }
  | { readonly id: number; readonly kind: 'error'; readonly error: { readonly message: string } };

/** A worker that answers when the test says so. */
class FakeWorker implements WorkerPort {
  readonly received: Request[] = [];
  terminated = false;
  private readonly listeners: Record<'message' | 'error', ((event: unknown) => void)[]> = {
    message: [],
    error: [],
  };
  postMessage(message: unknown): void {
    this.received.push(message as Request);
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(type: 'message' | 'error', listener: (event: unknown) => void): void {
    this.listeners[type].push(listener);
  }
  /** Answers the request it received last (or `id`). */
  reply(reply: Partial<Reply> & { kind: Reply['kind'] }, id = this.received.at(-1)!.id): void {
    for (const l of this.listeners.message) l({ data: { id, ...reply } });
  }
  crash(message: string): void {
    for (const l of this.listeners.error) l({ message });
  }
}

function setup(policy: 'queue' | 'restart') {
  const workers: FakeWorker[] = [];
  const results: Reply[] = [];
  const errors: string[] = [];
  const latest = new LatestWorker<Request, Reply>({
    create: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    policy,
    onResult: (r) => results.push(r),
    onError: (e) => errors.push(e.message),
    isProgress: (r) => r.kind === 'progress',
  });
  const ask = (x: number, restMs?: number) => latest.request((id) => ({ id, x }), restMs);
  return { latest, workers, results, errors, ask };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the Lab's latest-request-wins worker helper", () => {
  it('queue: one worker; requests made while one runs wait, only the newest is sent', () => {
    const { latest, workers, results, ask } = setup('queue');
    expect(workers).toHaveLength(0); // created on the first request
    ask(1);
    ask(2);
    ask(3);
    expect(workers).toHaveLength(1);
    const w = workers[0]!;
    expect(w.received.map((r) => r.x)).toEqual([1]);
    expect(latest.running).toBe(true);
    w.reply({ kind: 'result', y: 10 });
    // The superseded reply is dropped; the newest waiting request goes out at once.
    expect(results).toEqual([]);
    expect(w.received.map((r) => r.x)).toEqual([1, 3]);
    w.reply({ kind: 'result', y: 30 });
    expect(results.map((r) => r.kind === 'result' && r.y)).toEqual([30]);
    expect(latest.running).toBe(false);
    expect(w.terminated).toBe(false);
  });

  it('queue: an error reply goes to onError; a crash answers the request in flight', () => {
    const { workers, results, errors, ask } = setup('queue');
    ask(1);
    workers[0]!.reply({ kind: 'error', error: { message: 'no barrier' } });
    expect(errors).toEqual(['no barrier']);
    ask(2);
    ask(3);
    workers[0]!.crash('boom');
    // The crashed request was superseded: nothing shown, and the queue moves on.
    expect(errors).toEqual(['no barrier']);
    expect(workers[0]!.received.map((r) => r.x)).toEqual([1, 2, 3]);
    workers[0]!.crash('boom again');
    expect(errors).toEqual(['no barrier', 'boom again']);
    expect(results).toEqual([]);
  });

  it('restart: a newer request terminates the running worker and starts its own', () => {
    const { latest, workers, results, ask } = setup('restart');
    ask(1);
    ask(2);
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    workers[0]!.reply({ kind: 'result', y: 10 }); // a terminated worker's late message
    expect(results).toEqual([]);
    workers[1]!.reply({ kind: 'progress', done: 1 });
    expect(latest.running).toBe(true);
    expect(workers[1]!.terminated).toBe(false);
    workers[1]!.reply({ kind: 'result', y: 20 });
    expect(results.map((r) => r.kind)).toEqual(['progress', 'result']);
    expect(workers[1]!.terminated).toBe(true);
    expect(latest.running).toBe(false);
  });

  it('waits until the controls rest, then makes the newest request', () => {
    vi.useFakeTimers();
    const { workers, ask } = setup('restart');
    ask(1, 250);
    vi.advanceTimersByTime(200);
    ask(2, 250);
    vi.advanceTimersByTime(200);
    expect(workers).toHaveLength(0);
    vi.advanceTimersByTime(50);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.received).toEqual([{ id: 2, x: 2 }]);
  });

  it('cancel drops what was asked: the pending request, the running one and its replies', () => {
    vi.useFakeTimers();
    const restart = setup('restart');
    restart.ask(1);
    expect(restart.latest.cancel()).toBe(true);
    expect(restart.workers[0]!.terminated).toBe(true);
    restart.ask(2, 100);
    expect(restart.latest.cancel()).toBe(false);
    vi.advanceTimersByTime(200);
    expect(restart.workers).toHaveLength(1);

    const queue = setup('queue');
    queue.ask(1);
    queue.ask(2);
    expect(queue.latest.cancel()).toBe(true);
    queue.workers[0]!.reply({ kind: 'result', y: 10 });
    expect(queue.results).toEqual([]);
    expect(queue.workers[0]!.received.map((r) => r.x)).toEqual([1]);
    expect(queue.latest.running).toBe(false);
  });

  it('interrupt asks the running request to stop and still delivers its (partial) reply', () => {
    const { latest, workers, results, ask } = setup('restart');
    // Nothing runs: nothing is sent.
    expect(latest.interrupt((id) => ({ id, kind: 'abort' }))).toBe(false);
    ask(1);
    expect(latest.interrupt((id) => ({ id, kind: 'abort' }))).toBe(true);
    // The abort goes to the same worker, tagged with the running request's id; unlike cancel
    // the worker lives on and its answer is the request's reply.
    expect(workers).toHaveLength(1);
    expect(workers[0]!.terminated).toBe(false);
    expect(workers[0]!.received).toEqual([
      { id: 1, x: 1 },
      { id: 1, kind: 'abort' },
    ]);
    expect(latest.running).toBe(true);
    workers[0]!.reply({ kind: 'result', y: 5 }, 1);
    expect(results).toEqual([{ id: 1, kind: 'result', y: 5 }]);
    expect(latest.running).toBe(false);
    // A request still resting (not sent) has nothing to interrupt.
    vi.useFakeTimers();
    ask(2, 100);
    expect(latest.interrupt((id) => ({ id, kind: 'abort' }))).toBe(false);
  });
});
