// Throughput of a 1,000-point exact-rate sweep (issue 17): on the local pool with 1 and 2 worker
// threads, and through a real redis-server with 2 `kramers worker` processes (one thread each) on
// this machine. Wall time is the sweep command's, from spawn to exit, start-up included; the
// points' own compute time is the sum of their stored `seconds`. A lane's overhead per point is
// (lanes × wall − Σ seconds) / points: the time a lane spends on anything but computing points
// (start-up, dispatch, the queue's round trips, storing).
// Run after `npm run build`: node bench/sweep.mjs [points per D axis, default 100]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withRedis } from './redisServer.mjs';

const perAxis = Number(process.argv[2] ?? 100);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kramers-bench-sweep-'));
const spec = {
  command: 'rate',
  options: { expr: 'x^4/4 - x^2/2', method: 'exact' },
  axes: {
    D: { log: [0.05, 0.5], points: perAxis },
    gamma: [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5],
  },
};
writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
const points = perAxis * 10;

/** Runs `kramers sweep` to a fresh store; wall seconds and the stored points' compute seconds. */
function sweep(name, extra) {
  const out = join(dir, `${name}.jsonl`);
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [cli, 'sweep', 'spec.json', '--out', out, ...extra], {
    cwd: dir,
    encoding: 'utf8',
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`${name}: exit ${run.status}\n${run.stderr}`);
  const records = readFileSync(out, 'utf8').trim().split('\n').map(JSON.parse);
  if (records.length !== points) throw new Error(`${name}: ${records.length} points stored`);
  return { wall, compute: records.reduce((s, r) => s + r.seconds, 0) };
}

function started(child, text) {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      seen += chunk;
      if (seen.includes(text)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before '${text}': ${seen}`)));
  });
}

/** The same sweep through a fresh redis-server and two one-thread workers. */
function viaQueue() {
  return withRedis(dir, async (url) => {
    const workers = [0, 1].map(() =>
      spawn(process.execPath, [cli, 'worker', '--queue', url, '--concurrency', '1'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      }),
    );
    try {
      await Promise.all(workers.map((w) => started(w, 'waiting for points')));
      return sweep('queue', ['--queue', url]);
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(workers.map((w) => new Promise((r) => w.once('close', r))));
    }
  });
}

try {
  const rows = [
    ['local pool, 1 thread', 1, sweep('local1', ['--workers', '1'])],
    ['local pool, 2 threads', 2, sweep('local2', ['--workers', '2'])],
    ['Redis + BullMQ, 2 workers × 1 thread', 2, await viaQueue()],
  ];
  console.log(
    `${points}-point exact-rate sweep (${perAxis} D × 10 γ), wall time from spawn to exit\n`,
  );
  console.log('| run | wall s | points/s | compute s/point | lane overhead ms/point |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, lanes, { wall, compute }] of rows) {
    const overhead = ((lanes * wall - compute) / points) * 1000;
    console.log(
      `| ${name} | ${wall.toFixed(1)} | ${(points / wall).toFixed(1)} | ${(compute / points).toFixed(4)} | ${overhead.toFixed(1)} |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
