import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliAsync } from './run.js';
import {
  byKey,
  sqliteCount,
  sqliteQuery,
  sqliteRecords,
  startCli,
  storeLines,
} from './sweepHelpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kramers-sweep-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);
const cli = (args: readonly string[], timeoutMs = 60_000) =>
  runCliAsync(args, { cwd: dir, timeoutMs });

/** 6 exact rates: 3 noise levels × 2 frictions (≈ 0.1 s each). */
writeFileSync(
  file('exact.json'),
  JSON.stringify({
    command: 'rate',
    options: { expr: 'x^4/4 - x^2/2', method: 'exact' },
    axes: { D: { log: [0.05, 0.4], points: 3 }, gamma: [0.5, 2] },
  }),
);

/** What a point's computation gives, without when and where it ran. */
const content = ({ seconds: _s, host: _h, ...rest }: { seconds: number; host: string }) => rest;

/** Polls a SQLite store until it holds more than `rows` rows. */
async function untilRows(path: string, rows: number, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = await sqliteCount(path);
    if (count > rows) return count;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${rows + 1} rows`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Each test spawns several CLI runs; on a loaded 2-core machine one took up to 25 s.
describe('kramers sweep --out FILE.sqlite', { timeout: 180_000 }, () => {
  it('stores the same records as JSON Lines, key by key, once per key', async () => {
    const [lines, sqlite] = await Promise.all([
      cli(['sweep', 'exact.json', '--out', 'exact.jsonl', '--workers', '1']),
      cli(['sweep', 'exact.json', '--out', 'exact.sqlite', '--workers', '1']),
    ]);
    expect([lines.status, sqlite.status], sqlite.stderr).toEqual([0, 0]);
    expect(sqlite.stdout).toMatch(/computed now\s+6 \(success 6\)/);
    const fromLines = byKey(storeLines(file('exact.jsonl')));
    const fromSqlite = byKey(await sqliteRecords(file('exact.sqlite')));
    expect(fromLines.size).toBe(6);
    expect([...fromSqlite.keys()].sort()).toEqual([...fromLines.keys()].sort());
    for (const [key, record] of fromLines) {
      expect(content(fromSqlite.get(key)!), key).toEqual(content(record));
      expect(fromSqlite.get(key)!.seconds).toBeGreaterThan(0);
    }
    const [check] = await sqliteQuery(
      file('exact.sqlite'),
      'SELECT COUNT(*) AS n, COUNT(DISTINCT key) AS keys FROM sweep_points',
    );
    expect(check).toEqual({ n: 6, keys: 6 });
    const [pk] = await sqliteQuery(
      file('exact.sqlite'),
      "SELECT pk FROM pragma_table_info('sweep_points') WHERE name = 'key'",
    );
    expect(pk).toEqual({ pk: 1 });
  });

  it('resumes: a rerun computes nothing and rewrites nothing; --force recomputes in place', async () => {
    const before = readFileSync(file('exact.sqlite'));
    const again = await cli(['sweep', 'exact.json', '--out', 'exact.sqlite', '--json']);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ alreadyDone: 6, computed: 0, stored: 6 });
    expect(readFileSync(file('exact.sqlite')).equals(before)).toBe(true);
    const reports = async () =>
      new Map((await sqliteRecords(file('exact.sqlite'))).map((r) => [r.key, r.report]));
    const old = await reports();
    const forced = await cli(['sweep', 'exact.json', '--out', 'exact.sqlite', '--force', '--json']);
    expect(JSON.parse(forced.stdout)).toMatchObject({ alreadyDone: 0, computed: 6, stored: 6 });
    expect(await reports()).toEqual(old);
    expect(await sqliteCount(file('exact.sqlite'))).toBe(6);
  });

  it('reports exactly as the JSON Lines store of the same sweep', async () => {
    const [fromSqlite, fromLines] = await Promise.all([
      cli(['sweep', 'report', 'exact.sqlite', '--json']),
      cli(['sweep', 'report', 'exact.jsonl', '--json']),
    ]);
    expect(fromSqlite.status, fromSqlite.stderr).toBe(0);
    expect(JSON.parse(fromSqlite.stdout)).toEqual(JSON.parse(fromLines.stdout));
  });

  it('an interrupted run (Ctrl-C, or killed) leaves a whole database; a rerun finishes it', async () => {
    // 8 simulated points of ~0.3 s on one thread, each with a seed from the master seed.
    writeFileSync(
      file('sim.json'),
      JSON.stringify({
        command: 'simulate',
        options: { walkers: 800 },
        axes: { D: { linear: [0.3, 0.44], points: 8 } },
        seed: 11,
      }),
    );
    const args = ['sweep', 'sim.json', '--out', 'sim.sqlite', '--workers', '1', '--json'];
    const first = startCli(args, dir);
    await untilRows(file('sim.sqlite'), 0);
    first.child.kill('SIGINT');
    expect(await first.done).toBe(3);
    // Ctrl-C writes out every point finished, also those since the last periodic write.
    const kept = JSON.parse(first.stdout).stored as number;
    expect(await sqliteCount(file('sim.sqlite'))).toBe(kept);
    const second = startCli(args, dir);
    const seen = await untilRows(file('sim.sqlite'), kept);
    second.child.kill('SIGKILL');
    await second.done;
    const [integrity] = await sqliteQuery(file('sim.sqlite'), 'PRAGMA integrity_check');
    expect(Object.values(integrity!)).toEqual(['ok']);
    // Every point written out before the kill is kept (those since the last write are computed again).
    const survived = await sqliteCount(file('sim.sqlite'));
    expect(survived).toBeGreaterThanOrEqual(seen);
    const third = await cli(args, 120_000);
    expect(third.status, third.stderr).toBe(0);
    expect(JSON.parse(third.stdout)).toMatchObject({
      alreadyDone: survived,
      computed: 8 - survived,
    });
    const all = await sqliteRecords(file('sim.sqlite'));
    expect(new Set(all.map((r) => r.key)).size).toBe(8);
    expect(all).toHaveLength(8);
    const last = all.at(-1)!;
    expect(last.args).toContain(`--seed=${last.seed}`);
    const direct = await cli([...last.args, '--json']);
    expect(last.report).toEqual(JSON.parse(direct.stdout));
  });

  it('refuses a file that is no sweep store, leaving it as it was', async () => {
    writeFileSync(file('text.sqlite'), 'not a database\n');
    const SQL = await initSqlJs();
    const other = new SQL.Database();
    other.run('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    const otherBytes = other.export();
    other.close();
    writeFileSync(file('other.db'), otherBytes);
    const cases: [string, RegExp][] = [
      ['text.sqlite', /text\.sqlite: not a SQLite database/],
      ['other.db', /other\.db: a SQLite database without a sweep_points table/],
      ['missing.sqlite3', /missing\.sqlite3: no such file/],
    ];
    const [run, onOther, ...reports] = await Promise.all([
      cli(['sweep', 'exact.json', '--out', 'text.sqlite']),
      cli(['sweep', 'exact.json', '--out', 'other.db']),
      ...cases.map(([name]) => cli(['sweep', 'report', name])),
    ]);
    cases.forEach(([name, message], i) => {
      const report = reports[i]!;
      expect([report.status, report.stderr], name).toEqual([2, expect.stringMatching(message)]);
    });
    expect([run.status, run.stderr]).toEqual([2, expect.stringMatching(/not a SQLite database/)]);
    expect(readFileSync(file('text.sqlite'), 'utf8')).toBe('not a database\n');
    expect([onOther.status, onOther.stderr]).toEqual([
      2,
      expect.stringMatching(/without a sweep_points/),
    ]);
    expect(readFileSync(file('other.db')).equals(Buffer.from(otherBytes))).toBe(true);
  });
});
