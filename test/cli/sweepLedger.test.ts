import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SweepLedger } from '../../src/cli/sweepLedger.js';
import type { SweepPlan } from '../../src/cli/sweepPlan.js';
import { readSweepStore } from '../../src/cli/sweepStores.js';
import {
  parseSweepSpec,
  pointCount,
  recordOf,
  type SweepPoint,
  type SweepRecord,
  type SweepSpec,
  sweepPoints,
} from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kramers-ledger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VERSION = '0.1.0';
const THREAD = ['--workers=1'];

const planOf = (raw: unknown, shard: [number, number] = [0, 1]): SweepPlan => {
  const spec: SweepSpec = parseSweepSpec(raw);
  return { spec, version: VERSION, total: pointCount(spec), shard, threadArgs: THREAD };
};

/** 60 points, seeded: each point's seed (and key) comes from the master seed and its values. */
const SEEDED = {
  command: 'simulate',
  options: { walkers: 400 },
  axes: { D: { log: [0.2, 0.5], points: 12 }, gamma: [0.5, 1, '2', 4, 8] },
  seed: 5,
};

/**
 * A point's record with a report of ~60 kB (a store of 40 is 2.4 MB: its lines cross the 1 MiB
 * chunks the store is read in), a multi-byte character in it, as recordOf makes it.
 */
function recordFor(point: SweepPoint, tag = ''): SweepRecord {
  const report = { retcode: 'success', rate: point.index / 7, pad: `γ${tag}`.repeat(30_000) };
  return recordOf(point, { report, exit: 0, seconds: 0.5, stderr: '', host: 'h' }, THREAD)!;
}

const line = (r: SweepRecord) => `${JSON.stringify(r)}\n`;

/** What the run before streaming computed: every point of the shard listed, stored keys filtered. */
function oldPending(plan: SweepPlan, stored: ReadonlySet<string>): SweepPoint[] {
  return [...sweepPoints(plan.spec, plan.version, plan.shard)].filter((p) => !stored.has(p.key));
}

async function ledgerOf(plan: SweepPlan, path: string, force = false, repairs: string[] = []) {
  const ledger = new SweepLedger(plan);
  await ledger.open(path, force, (m) => repairs.push(m));
  return ledger;
}

describe.each(['jsonl', 'sqlite'])('the ledger of a %s store', (kind) => {
  it('resumes: runs exactly the points not stored, in order; drops nothing; counts keys once', async () => {
    const plan = planOf(SEEDED);
    const all = [...sweepPoints(plan.spec, VERSION)];
    // Stored before: every third point, one of them twice (a duplicate delivery), and records
    // of other sweeps: another version's key for point 1, another friction's (not a point here),
    // and the point of D fixed at this sweep's first value in an earlier spec: the same command
    // line, so the same key, and done although its inputs name gamma only.
    const earlier = planOf({
      ...SEEDED,
      options: { ...SEEDED.options, D: plan.spec.axes[0]!.values[0] },
      axes: { gamma: SEEDED.axes.gamma },
    });
    const fromEarlier = [...sweepPoints(earlier.spec, VERSION)][4]!;
    const matching = all.find((p) => p.key === fromEarlier.key)!;
    expect(matching.index).toBe(4);
    const other = [
      ...sweepPoints(planOf({ ...SEEDED, axes: { ...SEEDED.axes, gamma: [3] } }).spec, VERSION),
    ][0]!;
    const records = [
      ...all.filter((p) => p.index % 3 === 0).map((p) => recordFor(p)),
      recordFor(all[6]!, 'again'),
      recordFor([...sweepPoints(plan.spec, '0.0.9')][1]!),
      recordFor(other),
      recordFor(fromEarlier),
    ];
    const path = join(dir, `resume.${kind}`);
    if (kind === 'jsonl') writeFileSync(path, records.map(line).join(''));
    else {
      const seed = await ledgerOf(planOf({ ...SEEDED, axes: { D: [9] } }), path);
      // The ledger of an unrelated sweep writes each record as a foreign one, as a store keeps it.
      for (const r of records) seed.add(r);
      seed.close();
    }
    const before = readFileSync(path);
    const storedKeys = new Set(records.map((r) => r.key));
    const ledger = await ledgerOf(plan, path);
    expect(ledger.stored).toBe(storedKeys.size);
    const expected = oldPending(plan, storedKeys);
    // 20 stored by this sweep, point 4 by the earlier one.
    expect(expected).toHaveLength(60 - 20 - 1);
    expect(ledger.pending).toBe(expected.length);
    const streamed = [...ledger.pendingPoints()];
    expect(streamed).toEqual(expected);
    // Run them: each stored once, a second delivery refused; nothing recomputed or dropped.
    for (const p of streamed) expect(ledger.add(recordFor(p))).toBe(true);
    expect(ledger.add(recordFor(streamed[0]!))).toBe(false);
    expect(ledger.add(recordFor(all[0]!))).toBe(false);
    ledger.close();
    if (kind === 'jsonl')
      expect(readFileSync(path).subarray(0, before.length).equals(before)).toBe(true);
    // JSON Lines keeps every line it had (the duplicate too); SQLite's key is its primary key.
    const written =
      kind === 'jsonl'
        ? records
        : records.filter((r, i) => records.findIndex((q) => q.key === r.key) === i);
    const stored = await readSweepStore(path);
    expect(stored.map((r) => r.key)).toEqual([...written, ...streamed].map((r) => r.key));
    expect(new Set(stored.map((r) => r.key)).size).toBe(storedKeys.size + expected.length);
    const again = await ledgerOf(plan, path);
    expect([again.pending, again.stored, [...again.pendingPoints()].length]).toEqual([
      0,
      storedKeys.size + expected.length,
      0,
    ]);
    again.close();
  });

  it('--force drops only this shard’s points; the others and other sweeps’ records stay', async () => {
    const plan = planOf(SEEDED, [1, 3]);
    const all = [...sweepPoints(plan.spec, VERSION)];
    const foreign = recordFor([...sweepPoints(plan.spec, '0.0.9')][1]!);
    const path = join(dir, `force.${kind}`);
    const writer = await ledgerOf(planOf(SEEDED), path);
    for (const p of all) writer.add(recordFor(p));
    writer.add(foreign);
    writer.close();
    const ledger = await ledgerOf(plan, path, true);
    expect(ledger.pending).toBe(20);
    expect(ledger.stored).toBe(41);
    expect([...ledger.pendingPoints()].map((p) => p.index)).toEqual(
      all.filter((p) => p.index % 3 === 1).map((p) => p.index),
    );
    ledger.close();
    const kept = (await readSweepStore(path)).map((r) => r.key);
    expect(kept).toEqual([...all.filter((p) => p.index % 3 !== 1).map((p) => p.key), foreign.key]);
  });
});

describe('the JSON Lines store read in chunks', () => {
  it('drops a torn last line, refuses a line that is no record, keeps a last line without newline', async () => {
    const plan = planOf(SEEDED);
    const points = [...sweepPoints(plan.spec, VERSION)];
    const path = join(dir, 'torn.jsonl');
    // 30 lines of ~60 kB: the torn line begins past the first 1 MiB chunk.
    writeFileSync(
      path,
      points
        .slice(0, 30)
        .map((p) => line(recordFor(p)))
        .join(''),
    );
    const whole = readFileSync(path);
    appendFileSync(path, line(recordFor(points[30]!)).slice(0, 20_000));
    const repairs: string[] = [];
    const ledger = await ledgerOf(plan, path, false, repairs);
    expect(repairs).toEqual([
      `${path}: its last line was cut short (an interrupted write) and is dropped`,
    ]);
    expect([ledger.stored, ledger.pending]).toEqual([30, 30]);
    ledger.close();
    expect(readFileSync(path).equals(whole)).toBe(true);
    // A whole record without its newline is kept; the next append starts a line of its own.
    writeFileSync(path, line(recordFor(points[0]!)).trimEnd());
    const next = await ledgerOf(plan, path);
    next.add(recordFor(points[1]!));
    next.close();
    expect((await readSweepStore(path)).map((r) => r.key)).toEqual([
      points[0]!.key,
      points[1]!.key,
    ]);
    writeFileSync(
      path,
      `${line(recordFor(points[0]!))}{"not": "a record"}\n${line(recordFor(points[1]!))}`,
    );
    await expect(ledgerOf(plan, path)).rejects.toThrow(`${path}:2 is not a sweep record`);
  });
});
