// Time and peak RSS to the first progress line of a million-point sweep (audit F4), then Ctrl-C:
// `kramers sweep … --yes --workers 1 --json` of a closed-form rate (`rate --method kramers`, a few
// ms a point) over 1000 × 1000 crossed log-spaced D and γ, the same as 10⁶ zipped values, and the
// crossed one through a fresh redis-server on loopback (no worker: the collector's first progress
// line comes once its first flows are queued). Peak RSS is GNU time's (`/usr/bin/time -v`) for the
// whole sweep process; a progress line is asked for every 0.01 s (KRAMERS_PROGRESS_SECONDS), so
// the first comes right after the first point settles (local) or the first look at the queue.
// After the SIGINT the run must print its report: the retcode and counts are shown.
// Run after `npm run build`: node bench/sweepStart.mjs [cli.js, default dist/cli.js]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withRedis } from './redisServer.mjs';

const cli = process.argv[2] ?? fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kramers-bench-sweepstart-'));
const options = { expr: 'x^4/4 - x^2/2', method: 'kramers' };
const specs = {
  cross: {
    command: 'rate',
    options,
    axes: { D: { log: [0.02, 0.5], points: 1000 }, gamma: { log: [0.1, 10], points: 1000 } },
  },
  zip: {
    command: 'rate',
    options,
    combine: 'zip',
    axes: { D: { log: [0.02, 0.5], points: 1e6 }, gamma: { log: [0.1, 10], points: 1e6 } },
  },
};
for (const [name, spec] of Object.entries(specs))
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(spec));

/** Runs one sweep under GNU time; SIGINT to the sweep (time's child) at its first progress line. */
function firstProgress(name, extra = []) {
  const out = join(dir, `${name}-${extra.length}.jsonl`);
  const args = [
    '-v',
    process.execPath,
    cli,
    'sweep',
    `${name}.json`,
    '--out',
    out,
    '--yes',
    '--workers',
    '1',
    '--json',
    ...extra,
  ];
  const start = performance.now();
  const child = spawn('/usr/bin/time', args, {
    cwd: dir,
    env: { ...process.env, KRAMERS_PROGRESS_SECONDS: '0.01' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  let first = null;
  child.stdout.setEncoding('utf8').on('data', (c) => {
    stdout += c;
  });
  child.stderr.setEncoding('utf8').on('data', (c) => {
    stderr += c;
    if (first === null && stderr.includes('progress: ')) {
      first = (performance.now() - start) / 1000;
      const sweepPid = Number(
        execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).split('\n')[0],
      );
      process.kill(sweepPid, 'SIGINT');
    }
  });
  return new Promise((resolve) => {
    child.on('close', () => {
      const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]) / 1024;
      const wall = /Elapsed \(wall clock\) time.*: (.*)/.exec(stderr)?.[1];
      let report = null;
      try {
        report = JSON.parse(stdout);
      } catch {}
      resolve({ first, rss, wall, report });
    });
  });
}

const rows = [
  ['local, 10⁶ crossed', await firstProgress('cross')],
  ['local, 10⁶ zipped', await firstProgress('zip')],
  [
    'Redis + BullMQ, 10⁶ crossed',
    await withRedis(dir, (url) => firstProgress('cross', ['--queue', url])),
  ],
];
console.log(`cli: ${cli}\n`);
console.log(
  '| run | s to first progress line | peak RSS MB | wall (to exit after Ctrl-C) | report |',
);
console.log('| --- | ---: | ---: | --- | --- |');
for (const [name, r] of rows) {
  const report = r.report ? `${r.report.retcode}, computed ${r.report.computed}` : 'none (killed)';
  console.log(
    `| ${name} | ${r.first === null ? 'none' : r.first.toFixed(2)} | ${r.rss.toFixed(0)} | ${r.wall} | ${report} |`,
  );
}
rmSync(dir, { recursive: true, force: true });
