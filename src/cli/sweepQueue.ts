import { hostname } from 'node:os';
import type { FlowProducer, Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  humanDuration,
  KramersError,
  type PointOutcome,
  recordOf,
  type SweepPoint,
  type SweepSink,
  SweepTally,
} from '../index.js';
import type { CliIO } from './options.js';
import { createPointPool } from './pointPool.js';
import { envMilliseconds } from './progress.js';
import type { SweepLedger } from './sweepLedger.js';
import type { SweepPlan, SweepSession } from './sweepPlan.js';
import { PACKAGE_VERSION } from './version.js';

/** The queue every worker takes points from, and the queue of the sweeps' flow parents. */
export const POINT_QUEUE = 'kramers-points';
export const SWEEP_QUEUE = 'kramers-sweeps';

/** A point as a job carries it: enough to run it anywhere, and the version it is keyed under. */
interface PointJobData {
  readonly key: string;
  readonly args: readonly string[];
  readonly threadArgs: readonly string[];
  readonly version: string;
}

/** What a worker returns for a point: the outcome less its stderr. */
type PointResult = Omit<PointOutcome, 'stderr'>;

export interface RedisConnection {
  readonly url: string;
  readonly client: Redis;
  close(): Promise<void>;
}

/** Retry a lost connection for about 5 s (collector), or for ever (worker: Redis may restart). */
const retry = (forever: boolean) => (times: number) =>
  forever ? Math.min(200 * times, 2000) : times > 10 ? null : 500;

/**
 * Connects to Redis and checks that it answers, before any work: a bad or unreachable URL is a
 * usage error. `maxRetriesPerRequest: null` is what BullMQ's workers require.
 */
export async function connectRedis(url: string, forever = false): Promise<RedisConnection> {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || !['redis:', 'rediss:'].includes(parsed.protocol) || parsed.hostname === '') {
    throw new KramersError('usage', `--queue '${url}': expected redis://host:port`, {
      issues: [{ path: 'queue', message: 'not a redis:// URL' }],
    });
  }
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    connectTimeout: 3000,
    retryStrategy: retry(forever),
  });
  // Kept to name the cause (ECONNREFUSED…) where a command fails, never an unhandled event.
  let cause = '';
  client.on('error', (error: Error) => {
    cause = error.message;
  });
  try {
    await withTimeout(
      client.connect().then(() => client.ping()),
      5000,
      'no answer in 5 s',
    );
  } catch (error) {
    client.disconnect();
    const reason = cause || (error as Error).message;
    throw new KramersError('usage', `cannot reach Redis at ${url}: ${reason}`, {
      issues: [{ path: 'queue', message: 'unreachable' }],
      hint: 'start redis-server there, or check the host, the port and the firewall; nothing was run',
    });
  }
  return {
    url,
    client,
    close: async () => {
      client.disconnect();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Job options: the key is the job id (a duplicate is not queued twice), retried 3 times. */
function jobOf(plan: SweepPlan, point: SweepPoint) {
  const data: PointJobData = {
    key: point.key,
    args: point.args,
    threadArgs: plan.threadArgs,
    version: plan.version,
  };
  const week = 7 * 24 * 3600;
  return {
    name: 'point',
    queueName: POINT_QUEUE,
    data,
    opts: {
      jobId: point.key,
      attempts: 3,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { age: week },
      removeOnFail: { age: week },
    },
  };
}

/**
 * Points go to the queue in flows of this many (KRAMERS_QUEUE_BATCH, default 10,000): a flow is
 * one Redis transaction, and one of a million points neither fits in the enqueue's time nor should
 * sit in memory. At most two flows of a sweep wait uncollected: the next is queued once no more
 * than one flow's points remain, so workers never run dry and the collector holds ≤ 2 flows.
 */
function queueBatch(): number {
  const n = Number(process.env['KRAMERS_QUEUE_BATCH'] ?? 10_000);
  return Number.isInteger(n) && n >= 1 ? n : 10_000;
}

/** One flow of points (parent: the sweep; children: these points); the parent's job id. */
async function addFlow(
  flows: FlowProducer,
  plan: SweepPlan,
  points: readonly SweepPoint[],
): Promise<string | undefined> {
  const flow = await flows.add({
    name: 'sweep',
    queueName: SWEEP_QUEUE,
    data: { command: plan.spec.command.join(' '), total: plan.total, version: plan.version },
    children: points.map((p) => jobOf(plan, p)),
    opts: { removeOnComplete: true },
  });
  return flow.job.id;
}

/** The next `n` points of a generator (fewer at its end). */
function take(points: Iterator<SweepPoint>, n: number): SweepPoint[] {
  const batch: SweepPoint[] = [];
  for (let next = points.next(); !next.done; next = points.next()) {
    batch.push(next.value);
    if (batch.length === n) break;
  }
  return batch;
}

/**
 * Removes a collected sweep's flow parents (no worker takes them: they only group the points),
 * leaving its point jobs, which other sweeps of the same keys may still collect.
 */
async function removeParents(
  connection: RedisConnection,
  parents: readonly string[],
  onError: (error: Error) => void,
) {
  const { Queue } = await import('bullmq');
  const sweeps = new Queue(SWEEP_QUEUE, { connection: connection.client });
  sweeps.on('error', onError);
  try {
    for (const id of parents) await sweeps.remove(id, { removeChildren: false });
  } finally {
    await sweeps.close();
  }
}

/** One look at a window of the points still to collect: stores finished ones, re-queues lost ones. */
async function collectWindow(
  queue: Queue,
  plan: SweepPlan,
  remaining: Map<string, SweepPoint>,
  ledger: SweepSink,
  tally: SweepTally,
): Promise<number> {
  const { Job } = await import('bullmq');
  const window: SweepPoint[] = [];
  for (const point of remaining.values()) {
    if (window.length === 256) break;
    window.push(point);
  }
  const jobs = await Promise.all(window.map((p) => Job.fromId(queue, p.key)));
  let settled = 0;
  for (const [k, point] of window.entries()) {
    const job = jobs[k] as Job<PointJobData, PointResult> | undefined;
    if (!job) {
      // Gone from Redis (removed, or a Redis restarted without its data): queue it again.
      const { name, data, opts } = jobOf(plan, point);
      await queue.add(name, data, opts);
      continue;
    }
    if (!job.finishedOn) continue;
    const state = await job.getState();
    if (state === 'completed') {
      const record = recordOf(point, { ...job.returnvalue, stderr: '' }, plan.threadArgs);
      if (record) tally.store(ledger, record);
      else tally.fail(point, 'the worker returned no report');
    } else if (state === 'failed') {
      tally.fail(point, job.failedReason);
      // Removed, so that a rerun queues it again.
      await job.remove();
    } else {
      continue;
    }
    remaining.delete(point.key);
    settled++;
  }
  return settled;
}

/** Removes the jobs of these keys from the queue, in batches of pipelined commands. */
async function forget(queue: Queue, keys: readonly string[]): Promise<void> {
  for (let start = 0; start < keys.length; start += 256) {
    await Promise.all(keys.slice(start, start + 256).map((key) => queue.remove(key)));
  }
}

/**
 * Says so on stderr when no worker has taken a point for a while (KRAMERS_IDLE_SECONDS, default
 * 30): a collector with no worker attached would otherwise wait in silence. Again after twice the
 * wait each time (at most every 10 minutes); it never stops the sweep, a worker may come.
 */
function idleWatch(queue: Queue, session: SweepSession, url: string, total: number) {
  const wait = envMilliseconds('KRAMERS_IDLE_SECONDS', 30);
  let since = Date.now();
  let gap = wait;
  let next = since + gap;
  return {
    /** A point settled, or one is being run: a worker is attached. */
    taken() {
      since = Date.now();
      gap = wait;
      next = since + gap;
    },
    async check(done: number) {
      const now = Date.now();
      if (now < next) return;
      // A point being run (of this sweep or another on the queue) means a worker is attached.
      if ((await queue.getActiveCount()) > 0) return this.taken();
      session.notice(
        `no worker has taken a point in ${humanDuration((now - since) / 1000)} (${done}/${total} points collected); still waiting. Start one on any machine that reaches this Redis: kramers worker --queue ${url}`,
      );
      gap = Math.min(2 * gap, Math.max(wait, 600_000));
      next = now + gap;
    },
  };
}

/**
 * The collecting side of a queue run: it feeds the queue a flow at a time from the pending points'
 * generator and gathers what the workers finish, holding at most two flows of points.
 */
class Collector {
  readonly tally = new SweepTally();
  readonly parents: string[] = [];
  private readonly remaining = new Map<string, SweepPoint>();
  private readonly points: Iterator<SweepPoint>;
  private readonly total: number;
  private readonly batch = queueBatch();
  private exhausted = false;
  private settled = 0;

  constructor(
    private readonly plan: SweepPlan,
    private readonly ledger: SweepLedger,
    private readonly session: SweepSession,
    private readonly queue: Queue,
    private readonly flows: FlowProducer,
    private readonly force: boolean,
  ) {
    this.points = ledger.pendingPoints();
    this.total = ledger.pending;
  }

  /** Queues flows while no more than one flow's points wait uncollected (back-pressure). */
  private async refill(): Promise<void> {
    while (!this.exhausted && this.remaining.size <= this.batch && !this.session.signal.aborted) {
      const batch = take(this.points, this.batch);
      if (batch.length < this.batch) this.exhausted = true;
      if (batch.length === 0) return;
      // --force: a finished job under the same key would be taken for the new one (its id is the
      // key), so it goes first; a job a worker holds now is left to finish, its result is fresh.
      const keys = batch.map((p) => p.key);
      if (this.force) await withTimeout(forget(this.queue, keys), 60_000, 'no answer in 60 s');
      const parent = await withTimeout(
        addFlow(this.flows, this.plan, batch),
        60_000,
        'no answer in 60 s',
      );
      if (parent) this.parents.push(parent);
      for (const point of batch) this.remaining.set(point.key, point);
    }
  }

  /** Collects until every pending point is settled (null) or the run stops (why). */
  async run(url: string): Promise<string | null> {
    const idle = idleWatch(this.queue, this.session, url, this.total);
    for (;;) {
      if (this.session.signal.aborted)
        return 'interrupted by Ctrl-C: the queued points go on; rerun the same command to collect them';
      await this.refill();
      if (this.remaining.size === 0) {
        if (this.exhausted) return null;
        continue;
      }
      const settled = await withTimeout(
        collectWindow(this.queue, this.plan, this.remaining, this.ledger, this.tally),
        30_000,
        'no answer in 30 s',
      );
      this.settled += settled;
      this.session.onProgress(this.settled, this.total);
      if (settled > 0) idle.taken();
      else {
        await idle.check(this.settled);
        await sleep(200);
      }
    }
  }
}

/**
 * Runs a sweep on BullMQ workers: queues the points not yet stored, a flow at a time as the
 * collector needs them (those already queued or done by an earlier run are not queued twice: the
 * job id is the point's key), and collects results as workers finish them, storing each once.
 * Ctrl-C or a lost Redis stops collecting; what was stored stays, the queued points go on, and a
 * rerun collects them.
 */
export async function runOnQueue(
  connection: RedisConnection,
  plan: SweepPlan,
  ledger: SweepLedger,
  session: SweepSession,
  force = false,
): Promise<{ tally: SweepTally; stopped: string | null }> {
  const { Queue, FlowProducer } = await import('bullmq');
  const queue = new Queue(POINT_QUEUE, { connection: connection.client });
  const flows = new FlowProducer({ connection: connection.client });
  // BullMQ prints a connection error to the console (a stack trace per retry) unless someone
  // listens: the first is kept, to name the cause in the one message a lost Redis gives.
  let firstError: Error | null = null;
  const keep = (error: Error) => {
    firstError ??= error;
  };
  queue.on('error', keep);
  flows.on('error', keep);
  const lost = (error: unknown) =>
    `lost the connection to Redis at ${connection.url} (${(firstError ?? (error as Error)).message}); the ${ledger.stored} points collected are in ${ledger.path}: rerun the same command to resume`;
  const collector = new Collector(plan, ledger, session, queue, flows, force);
  try {
    const stopped = await collector.run(connection.url);
    if (stopped) return { tally: collector.tally, stopped };
    await withTimeout(
      removeParents(connection, collector.parents, keep),
      30_000,
      'no answer in 30 s',
    );
    return { tally: collector.tally, stopped: null };
  } catch (error) {
    if (error instanceof KramersError) throw error;
    return { tally: collector.tally, stopped: lost(error) };
  } finally {
    await flows.close().catch(() => {});
    await queue.close().catch(() => {});
  }
}

/** How a worker runs: threads, and how soon a dead worker's job is given to another. */
export interface WorkerOptions {
  readonly concurrency: number;
  readonly lockSeconds: number;
}

/**
 * `kramers worker`: takes points from the queue and runs each through the CLI on its own threads
 * until Ctrl-C or SIGTERM (a Kubernetes pod's stop), which lets the points it holds finish. A job
 * whose worker dies is given to another once its lock expires; a job queued by another version of
 * kramers is refused (its key would name results this version did not compute).
 */
export async function runWorker(io: CliIO, url: string, options: WorkerOptions): Promise<number> {
  const connection = await connectRedis(url, true);
  const { Worker, UnrecoverableError } = await import('bullmq');
  const pool = createPointPool(options.concurrency);
  const id = `${hostname()}:${process.pid}`;
  let done = 0;
  const processor = async (job: Job<PointJobData>): Promise<PointResult> => {
    if (job.data.version !== PACKAGE_VERSION) {
      throw new UnrecoverableError(
        `worker ${id} runs kramers ${PACKAGE_VERSION}; the point was queued by kramers ${job.data.version}`,
      );
    }
    io.stderr(`kramers worker: start ${job.data.key.slice(0, 12)}\n`);
    const { stderr, ...result } = await pool.run([...job.data.args, ...job.data.threadArgs]);
    // An internal error is retried (on another worker, perhaps); a result, of any retcode, is not.
    if (result.exit === 1 || result.report === null)
      throw new Error(stderr.trim() || 'no JSON report');
    done++;
    io.stderr(
      `kramers worker: done ${job.data.key.slice(0, 12)} exit ${result.exit} ${result.seconds.toFixed(3)} s\n`,
    );
    return result;
  };
  const worker = new Worker(POINT_QUEUE, processor, {
    connection: connection.client,
    concurrency: options.concurrency,
    lockDuration: options.lockSeconds * 1000,
    stalledInterval: options.lockSeconds * 1000,
    maxStalledCount: 2,
  });
  let lastError = '';
  worker.on('error', (error) => {
    if (error.message !== lastError) io.stderr(`kramers worker: ${error.message}\n`);
    lastError = error.message;
  });
  io.stderr(
    `kramers worker ${id}: waiting for points on ${url} (${options.concurrency} thread${options.concurrency === 1 ? '' : 's'})\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  io.stderr(`kramers worker ${id}: stopping after the points it holds\n`);
  await worker.close();
  await pool.close();
  await connection.close();
  io.stderr(`kramers worker ${id}: ${done} points done\n`);
  return 0;
}
