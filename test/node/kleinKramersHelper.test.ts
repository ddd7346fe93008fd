// The helper loads its worker from the built package (dist/node/kleinKramersThread.js).
import { afterAll, describe, expect, it } from 'vitest';
import { createKleinKramersHelper } from '../../dist/node/index.js';
import { isKramersError } from '../../src/core/index.js';
import { potentialFromExpression } from '../../src/expr/index.js';
import {
  type KleinKramersHelper,
  type KleinKramersLevelJob,
  type KleinKramersLevelSolved,
  type KleinKramersSpectrumProblem,
  kleinKramersSpectrum,
  solveKleinKramersLevel,
  useKleinKramersHelper,
} from '../../src/spectral/index.js';

const thread = createKleinKramersHelper();
afterAll(() => thread.close());

type Prepared = Parameters<NonNullable<KleinKramersHelper['prepare']>>[0];

/** The real helper, counting what the ladder asks of it and what it answers. */
function counted(inner: KleinKramersHelper) {
  const count = { started: 0, answered: 0, abandoned: 0, prepared: 0 };
  const seen = { jobs: [] as KleinKramersLevelJob[], prepared: [] as Prepared[], ahead: 0 };
  const helper: KleinKramersHelper = {
    start(job) {
      count.started++;
      seen.jobs.push(job);
      const join = inner.start(job);
      return () => {
        const solved = join();
        if (solved) count.answered++;
        if (solved?.factoredAhead) seen.ahead++;
        return solved;
      };
    },
    abandon() {
      count.abandoned++;
      inner.abandon();
    },
    prepare(memory) {
      count.prepared++;
      seen.prepared.push(memory);
      inner.prepare?.(memory);
    },
  };
  return { helper, count, seen };
}

const tilted = (D: number, gamma: number, more: Partial<KleinKramersSpectrumProblem> = {}) => ({
  potential: potentialFromExpression('x^4/4 - x^2/2 + 0.1*x'),
  D,
  gamma,
  searchDomain: { min: -1.5, max: 1.5 },
  ...more,
});

/** Everything a result says, levels included (their times aside). */
const said = (r: ReturnType<typeof kleinKramersSpectrum>) =>
  JSON.stringify({
    eigenvalues: r.eigenvalues,
    errors: r.errors,
    retcode: r.retcode,
    warnings: r.warnings,
    levels: r.levels.map(({ seconds, factorSeconds, ...level }) => level),
  });

describe('Klein–Kramers ladder with a helper thread', () => {
  it('the check level solved on the worker thread: the same result to the bit', () => {
    // Tilted well, ΔU/D = 2.5, γ = 0.2: start, full step, check (the check's work is 1.4 times
    // the full step's, solved beside it). Same start basis on either thread, so the same solve.
    const alone = kleinKramersSpectrum(tilted(0.1, 0.2, { helper: null }));
    const { helper, count } = counted(thread);
    const together = kleinKramersSpectrum(tilted(0.1, 0.2, { helper }));
    expect(alone.retcode).toBe('success');
    expect(said(together)).toBe(said(alone));
    // One check started beside the full step and taken from the worker.
    expect(count).toEqual({ started: 1, answered: 1, abandoned: 0, prepared: 2 });
  }, 60_000);

  it('the check is factored ahead, while the caller solves the start level; only its own level uses those factors', () => {
    const { helper, seen } = counted(thread);
    kleinKramersSpectrum(tilted(0.1, 0.2, { helper }));
    // The ladder first only loads the thread (0 doubles), then names the check's level, and
    // the check used the factors made then.
    const [load, memory] = seen.prepared;
    expect([load?.doubles, load?.level, seen.prepared.length]).toEqual([0, undefined, 2]);
    const [job] = seen.jobs;
    expect(memory?.level?.hermite).toBe(job!.hermite);
    expect(seen.ahead).toBe(1);
    const here = solveKleinKramersLevel(job!);
    const bits = (s: KleinKramersLevelSolved | null) => JSON.stringify(s?.modes);
    // Factors of another level (another δ) are not used: the job factors its own, same answer.
    thread.prepare!({ ...memory!, level: { ...memory!.level!, delta: 2 * job!.delta } });
    const other = thread.start(job!)();
    expect(other?.factoredAhead).toBe(false);
    expect(bits(other)).toBe(bits(here));
    // Its own level's factors are used once: the next job (same level) factors again.
    thread.prepare!(memory!);
    const ahead = thread.start(job!)();
    const again = thread.start(job!)();
    expect([ahead?.factoredAhead, again?.factoredAhead]).toEqual([true, false]);
    expect([bits(ahead), bits(again)]).toEqual([bits(here), bits(here)]);
  }, 60_000);

  it('a check the ladder does not take is abandoned, and the answer is unchanged', () => {
    // Symmetric well at ΔU/D = 2.5, γ = 0.05 capped at 1e8 (kleinKramersSpectrum.test.ts): the
    // first change is pre-asymptotic, so the ladder goes on in full steps and the checks started
    // beside them are abandoned; the worker's answers to them are skipped.
    const problem = {
      potential: potentialFromExpression('x^4/4 - x^2/2'),
      D: 0.1,
      gamma: 0.05,
      searchDomain: { min: -1.5, max: 1.5 },
      maxWork: 1e8,
    };
    const alone = kleinKramersSpectrum({ ...problem, helper: null });
    const { helper, count } = counted(thread);
    const together = kleinKramersSpectrum({ ...problem, helper });
    expect(said(together)).toBe(said(alone));
    expect(count.abandoned).toBeGreaterThanOrEqual(1);
    // The thread is still in step: the next ladder's check comes back from it.
    const next = counted(thread);
    const again = kleinKramersSpectrum(tilted(0.1, 0.2, { helper: next.helper }));
    expect(said(again)).toBe(said(kleinKramersSpectrum(tilted(0.1, 0.2, { helper: null }))));
    expect(next.count.answered).toBe(1);
  }, 120_000);

  it('a helper that fails: the level is solved on this thread, to the same result', () => {
    const failing: KleinKramersHelper = { start: () => () => null, abandon() {} };
    const alone = kleinKramersSpectrum(tilted(0.1, 0.2, { helper: null }));
    expect(said(kleinKramersSpectrum(tilted(0.1, 0.2, { helper: failing })))).toBe(said(alone));
  }, 60_000);

  it('a job that throws on the worker gives null (the caller solves it and meets the error)', () => {
    const broken = { grid: null } as unknown as KleinKramersLevelJob;
    expect(thread.start(broken)()).toBeNull();
  });

  it('a thread that does not load in time is not tried again: every job is solved by the caller', async () => {
    // No worker loads its code within a microsecond, so the first wait gives up on the thread.
    const slow = createKleinKramersHelper({ startSeconds: 1e-6 });
    const broken = { grid: null } as unknown as KleinKramersLevelJob;
    expect(slow.start(broken)()).toBeNull();
    const alone = kleinKramersSpectrum(tilted(0.1, 0.2, { helper: null }));
    const { helper, count } = counted(slow);
    expect(said(kleinKramersSpectrum(tilted(0.1, 0.2, { helper })))).toBe(said(alone));
    // The check is waited for only after the full step beside it (hundreds of ms), long enough
    // for a new thread to load and answer: no answer means the helper gave up for good.
    expect(count).toEqual({ started: 1, answered: 0, abandoned: 0, prepared: 2 });
    await slow.close();
    expect(() => createKleinKramersHelper({ timeoutSeconds: 0 })).toThrow(/timeoutSeconds/);
  }, 60_000);

  it('prepare loads the thread ahead of the first job (the ladder calls it first)', async () => {
    // Waiting at most a microsecond for the thread to load gives up on a thread the first job
    // starts (the test above); one that prepare started while the caller worked has loaded.
    const ready = createKleinKramersHelper({ startSeconds: 1e-6 });
    ready.prepare!({ engine: 'wasm', doubles: 1 << 20 });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const { helper, count } = counted(ready);
    const alone = kleinKramersSpectrum(tilted(0.1, 0.2, { helper: null }));
    expect(said(kleinKramersSpectrum(tilted(0.1, 0.2, { helper })))).toBe(said(alone));
    expect(count).toEqual({ started: 1, answered: 1, abandoned: 0, prepared: 2 });
    await ready.close();
  }, 60_000);

  it('closed, the helper starts a new thread with its next job', async () => {
    await thread.close();
    const { helper, count } = counted(thread);
    kleinKramersSpectrum(tilted(0.1, 0.2, { helper }));
    expect(count.answered).toBe(1);
  }, 60_000);

  it('a helper that is not one is a KramersError', () => {
    const bad = { start: 1 } as unknown as KleinKramersHelper;
    // A prepare that is not a function was a TypeError in the middle of the solve.
    const badPrepare = {
      start: thread.start,
      abandon() {},
      prepare: 1,
    } as unknown as KleinKramersHelper;
    for (const call of [
      () => useKleinKramersHelper(bad),
      () => kleinKramersSpectrum(tilted(0.1, 0.2, { helper: bad })),
      () => useKleinKramersHelper(badPrepare),
      () => kleinKramersSpectrum(tilted(0.1, 0.2, { helper: badPrepare })),
    ]) {
      try {
        call();
        expect.unreachable();
      } catch (error) {
        expect(isKramersError(error) && error.code).toBe('invalid_parameter');
      }
    }
  });
});
