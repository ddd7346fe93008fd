import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POINT_QUEUE } from '../../src/cli/sweepQueue.js';
import { type RedisServer, skipWithoutRedis, startRedis } from '../support/redis.js';
import { runCliAsync } from './run.js';
import {
  byKey,
  lineCount,
  type Running,
  type StoredRecord,
  startCli,
  storeLines,
  until,
} from './sweepHelpers.js';

// A real redis-server on a free loopback port and real BullMQ workers (`kramers worker`
// processes): never a mock. Skipped only where redis-server is not installed, and never on CI.
const SKIP = skipWithoutRedis();

const dir = mkdtempSync(join(tmpdir(), 'kramers-sweepq-'));
const file = (name: string) => join(dir, name);
const cli = (args: readonly string[], timeoutMs = 120_000) =>
  runCliAsync(args, { cwd: dir, timeoutMs });

/** 12 exact rates (deterministic: the queue's reports must equal the local run's, key by key). */
const EXACT = {
  command: 'rate',
  options: { expr: 'x^4/4 - x^2/2', method: 'exact' },
  axes: { D: { log: [0.05, 0.4], points: 4 }, gamma: [0.5, 1, 2] },
};
/** Seeded simulations (~0.3–1 s each): long enough for a kill to land inside a job. */
const simulation = (points: number, seed: number) => ({
  command: 'simulate',
  options: { walkers: 400 },
  axes: { D: { linear: [0.3, 0.44], points } },
  seed,
});

/** A `kramers worker` on the queue: one thread, its lock lost 2 s after it dies. */
async function startWorker(url: string): Promise<Running> {
  const worker = startCli(
    ['worker', '--queue', url, '--concurrency', '1', '--lock', '2'],
    dir,
    180_000,
  );
  await until(() => worker.stderr.includes('waiting for points'), 'a worker to connect');
  return worker;
}

/** Stops a worker as a pod is stopped (SIGTERM: it finishes the point it holds) and waits. */
async function stopWorker(worker: Running): Promise<number | null> {
  if (worker.child.exitCode === null && worker.child.signalCode === null)
    worker.child.kill('SIGTERM');
  return worker.done;
}

/** The point keys (first 12 hex digits) a worker's log says it finished, in order. */
const finished = (worker: Running) =>
  [...worker.stderr.matchAll(/done ([0-9a-f]{12}) exit/g)].map((m) => m[1]!);

/** Every record once, and each report equal to the local run's for the same key. */
function expectSameAsLocal(records: readonly StoredRecord[], local: readonly StoredRecord[]) {
  expect(records).toHaveLength(local.length);
  const mine = byKey(records);
  expect(mine.size).toBe(local.length);
  for (const reference of local) expect(mine.get(reference.key)?.report).toEqual(reference.report);
}

// Each test starts workers and runs sweeps; on a loaded 2-core machine one took up to 48 s.
describe.skipIf(SKIP)(
  'kramers sweep --queue and kramers worker (real Redis, BullMQ)',
  { timeout: 240_000 },
  () => {
    let redis: RedisServer;
    const workers: Running[] = [];
    beforeAll(async () => {
      redis = await startRedis();
    }, 30_000);
    afterAll(async () => {
      await Promise.all(workers.map(stopWorker));
      await redis?.stop();
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('two workers on one queue compute every point exactly once, as the local run does', async () => {
      writeFileSync(file('exact.json'), JSON.stringify(EXACT));
      const local = await cli(['sweep', 'exact.json', '--out', 'local.jsonl', '--workers', '2']);
      expect(local.status, local.stderr).toBe(0);
      const [a, b] = await Promise.all([startWorker(redis.url), startWorker(redis.url)]);
      workers.push(a!, b!);
      const run = await cli([
        'sweep',
        'exact.json',
        '--queue',
        redis.url,
        '--out',
        'q.jsonl',
        '--json',
      ]);
      expect(run.status, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        retcode: 'success',
        computed: 12,
        stored: 12,
      });
      expectSameAsLocal(storeLines(file('q.jsonl')), storeLines(file('local.jsonl')));
      // Exactly once: the two workers' logs together name each of the 12 points once.
      const done = [...finished(a!), ...finished(b!)];
      expect(done).toHaveLength(12);
      expect(new Set(done).size).toBe(12);
      // --force through the queue computes the points again (a finished job of the same key in
      // Redis is not taken for the new one), and the store still holds each key once.
      const forced = await cli([
        'sweep',
        'exact.json',
        '--queue',
        redis.url,
        '--out',
        'q.jsonl',
        '--force',
        '--json',
      ]);
      expect(JSON.parse(forced.stdout)).toMatchObject({ computed: 12, stored: 12 });
      expect(finished(a!).length + finished(b!).length).toBe(24);
      expectSameAsLocal(storeLines(file('q.jsonl')), storeLines(file('local.jsonl')));
      // SIGTERM: each worker stops cleanly (exit 0) and says how many points it did.
      expect(await Promise.all([stopWorker(a!), stopWorker(b!)])).toEqual([0, 0]);
      expect(`${a!.stderr}${b!.stderr}`).toMatch(/\d+ points done/);
    });

    it('a worker killed inside a job loses nothing: the job goes to another worker, stored once', async () => {
      writeFileSync(file('sim.json'), JSON.stringify(simulation(5, 7)));
      const local = await cli(['sweep', 'sim.json', '--out', 'sim-local.jsonl', '--workers', '2']);
      expect(local.status, local.stderr).toBe(0);
      const doomed = await startWorker(redis.url);
      const collector = startCli(
        ['sweep', 'sim.json', '--queue', redis.url, '--out', 'sim-q.jsonl', '--json'],
        dir,
      );
      await until(() => /start [0-9a-f]{12}/.test(doomed.stderr), 'the first job to start');
      doomed.child.kill('SIGKILL');
      await doomed.done;
      const held = /start ([0-9a-f]{12})/.exec(doomed.stderr)![1]!;
      expect(finished(doomed)).not.toContain(held);
      const rescuer = await startWorker(redis.url);
      workers.push(rescuer);
      expect(await collector.done, collector.stderr).toBe(0);
      expect(JSON.parse(collector.stdout)).toMatchObject({ retcode: 'success', computed: 5 });
      // The job the dead worker held was found stalled (its lock expired) and run by the rescuer.
      expect(finished(rescuer)).toContain(held);
      expectSameAsLocal(storeLines(file('sim-q.jsonl')), storeLines(file('sim-local.jsonl')));
    });

    it('Redis stopped mid-sweep: a clear error, the points stored so far kept, a rerun completes', async () => {
      const own = await startRedis();
      try {
        writeFileSync(file('cut.json'), JSON.stringify(simulation(6, 13)));
        const local = await cli([
          'sweep',
          'cut.json',
          '--out',
          'cut-local.jsonl',
          '--workers',
          '2',
        ]);
        expect(local.status, local.stderr).toBe(0);
        const worker = await startWorker(own.url);
        workers.push(worker);
        const collector = startCli(
          ['sweep', 'cut.json', '--queue', own.url, '--out', 'cut-q.jsonl'],
          dir,
        );
        await until(() => lineCount(file('cut-q.jsonl')) >= 2, 'two stored points');
        await own.stop();
        expect(await collector.done).toBe(3);
        // One clean message, no stack traces: BullMQ prints each connection error to the console
        // (about 90 lines of "Error: connect ECONNREFUSED … at …") unless the queue is listened to.
        expect(collector.stderr).not.toMatch(/Error|^\s+at /m);
        expect(collector.stdout).toMatch(/retcode: interrupted/);
        expect(collector.stdout).toMatch(
          /lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+ .*rerun the same command to resume/,
        );
        const kept = storeLines(file('cut-q.jsonl')).length;
        expect(kept).toBeGreaterThanOrEqual(2);
        expect(kept).toBeLessThan(6);
        // The same Redis address comes back empty: the worker reconnects by itself, the rerun
        // queues the points not stored and collects them.
        const again = await startRedis(own.port);
        try {
          const rerun = await cli([
            'sweep',
            'cut.json',
            '--queue',
            own.url,
            '--out',
            'cut-q.jsonl',
            '--json',
          ]);
          expect(rerun.status, rerun.stderr).toBe(0);
          expect(JSON.parse(rerun.stdout)).toMatchObject({ alreadyDone: kept, computed: 6 - kept });
          expectSameAsLocal(storeLines(file('cut-q.jsonl')), storeLines(file('cut-local.jsonl')));
          expect(await stopWorker(worker)).toBe(0);
        } finally {
          await again.stop();
        }
      } finally {
        await own.stop();
      }
    });

    it('no worker attached: progress lines, then a line saying how to start one; it keeps waiting', async () => {
      // Its own Redis: the other tests' workers listen on the shared one.
      const own = await startRedis();
      writeFileSync(file('idle.json'), JSON.stringify({ ...EXACT, axes: { D: [0.1, 0.2] } }));
      // Short intervals for the test: idle notice after 1 s (default 30), a progress line every
      // 0.3 s (default 5). stderr is a pipe here, as in a Slurm log.
      const collector = startCli(
        ['sweep', 'idle.json', '--queue', own.url, '--out', 'idle.jsonl'],
        dir,
        60_000,
        { KRAMERS_IDLE_SECONDS: '1', KRAMERS_PROGRESS_SECONDS: '0.3' },
      );
      try {
        const notice =
          /^kramers: no worker has taken a point in [\d.]+ s \(0\/2 points collected\); still waiting\. Start one on any machine that reaches this Redis: kramers worker --queue redis:\/\/127\.0\.0\.1:\d+$/m;
        await until(() => notice.test(collector.stderr), 'the idle notice', 30_000);
        expect(collector.stderr).toMatch(/^progress: 0\/2 points after [\d.]+ s$/m);
        // The worker command it names is the README's, with this queue's URL.
        expect(collector.stderr).toContain(`kramers worker --queue ${own.url}`);
        // Rarely repeated: the next one only after twice the wait (2 s more), and never an exit.
        await new Promise((r) => setTimeout(r, 1000));
        expect(collector.stderr.match(new RegExp(notice.source, 'gm'))).toHaveLength(1);
        expect(collector.child.exitCode).toBeNull();
        expect(collector.child.signalCode).toBeNull();
        collector.child.kill('SIGINT');
        expect(await collector.done).toBe(3);
        expect(collector.stdout).toMatch(/interrupted by Ctrl-C: the queued points go on/);
      } finally {
        // A collector left waiting (the test failed) is not left to run on.
        if (collector.child.exitCode === null) collector.child.kill('SIGKILL');
        await own.stop();
      }
    });

    it('feeds the queue two flows at a time: a worker then collects every point once', async () => {
      const own = await startRedis();
      const points = new Queue(POINT_QUEUE, { connection: { host: '127.0.0.1', port: own.port } });
      try {
        writeFileSync(file('flows.json'), JSON.stringify(EXACT));
        // Flows of 3 points (default 10,000): 12 points make 4 flows, at most 2 queued at once.
        const collector = startCli(
          ['sweep', 'flows.json', '--queue', own.url, '--out', 'flows.jsonl', '--json'],
          dir,
          120_000,
          { KRAMERS_QUEUE_BATCH: '3', KRAMERS_PROGRESS_SECONDS: '0.2' },
        );
        await until(() => /progress: 0\/12 points/.test(collector.stderr), 'collecting to start');
        // No worker yet: two flows wait, the other two are not queued (nor held by the collector
        // beyond the generator's place in the spec).
        expect(await points.getJobCounts('waiting', 'active', 'completed')).toEqual({
          waiting: 6,
          active: 0,
          completed: 0,
        });
        const worker = await startWorker(own.url);
        workers.push(worker);
        expect(await collector.done, collector.stderr).toBe(0);
        expect(JSON.parse(collector.stdout)).toMatchObject({ retcode: 'success', computed: 12 });
        const records = storeLines(file('flows.jsonl'));
        expect(new Set(records.map((r) => r.key)).size).toBe(12);
        expect(records).toHaveLength(12);
        expect(await stopWorker(worker)).toBe(0);
        expect(new Set(finished(worker)).size).toBe(12);
        expect(finished(worker)).toHaveLength(12);
      } finally {
        await points.close();
        await own.stop();
      }
    });

    it('a million points: a Ctrl-C while the first flow goes in ends with the report', async () => {
      const own = await startRedis();
      const points = new Queue(POINT_QUEUE, { connection: { host: '127.0.0.1', port: own.port } });
      try {
        writeFileSync(
          file('million.json'),
          JSON.stringify({
            ...EXACT,
            axes: {
              D: { log: [0.02, 0.5], points: 1000 },
              gamma: { log: [0.1, 10], points: 1000 },
            },
          }),
        );
        const collector = startCli(
          [
            'sweep',
            'million.json',
            '--queue',
            own.url,
            '--out',
            'million.jsonl',
            '--yes',
            '--json',
          ],
          dir,
          120_000,
          { KRAMERS_QUEUE_BATCH: '1000' },
        );
        // The store is opened once Redis answers, just before the first flow is queued.
        await until(() => existsSync(file('million.jsonl')), 'the store to be opened');
        collector.child.kill('SIGINT');
        expect(await collector.done, collector.stderr).toBe(3);
        expect(JSON.parse(collector.stdout)).toMatchObject({
          retcode: 'interrupted',
          points: 1_000_000,
          computed: 0,
          warnings: [
            'interrupted by Ctrl-C: the queued points go on; rerun the same command to collect them',
          ],
        });
        // At most two flows went in (the listing route queued all it could, then timed out).
        expect(await points.getWaitingCount()).toBeLessThanOrEqual(2000);
      } finally {
        await points.close();
        await own.stop();
      }
    });
  },
);
