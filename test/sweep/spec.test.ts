import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  isKramersError,
  optionNames,
  parseSweepSpec,
  pointCount,
  sha256Hex,
  sweepPoint,
  sweepPoints,
} from '../../src/index.js';

/** The key of the issue example's first point under version 0.1.0, as first computed. */
const PINNED_KEY = 'cbb4b336f0dabaabc9e19056004786754f267527bedea7199d27ee412796e41e';

const ISSUE_EXAMPLE = {
  command: 'rate',
  options: { expr: 'x^4/4 - x^2/2', method: 'exact' },
  axes: { D: { log: [0.02, 0.5], points: 20 }, gamma: [0.5, 1, 2] },
};

function errorOf(raw: unknown): { message: string; path: string | undefined } {
  try {
    parseSweepSpec(raw);
  } catch (error) {
    if (!isKramersError(error)) throw error;
    return { message: error.message, path: error.issues[0]?.path };
  }
  throw new Error('expected a KramersError');
}

describe('sha256Hex', () => {
  it('equals node:crypto on empty, ASCII, multi-block and non-ASCII text', () => {
    for (const text of [
      '',
      'abc',
      'x'.repeat(55),
      'y'.repeat(56),
      'z'.repeat(1000),
      'γ = 0.5 → ΔU/D',
    ]) {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });
});

describe('parseSweepSpec', () => {
  it("expands the issue's example to 60 points, the last axis fastest", () => {
    const spec = parseSweepSpec(ISSUE_EXAMPLE);
    expect(pointCount(spec)).toBe(60);
    const D = spec.axes[0]!.values;
    expect(D[0]).toBe(0.02);
    expect(D.at(-1)).toBe(0.5);
    // Geometric spacing, rounded to 12 significant digits.
    expect(D[1]).toBe(Number((0.02 * 25 ** (1 / 19)).toPrecision(12)));
    const points = [...sweepPoints(spec, '0.1.0')];
    expect(points).toHaveLength(60);
    expect(points[1]!.inputs).toEqual({ D: 0.02, gamma: 1 });
    expect(points[3]!.inputs).toEqual({ D: D[1], gamma: 0.5 });
    expect(points[0]!.args).toEqual([
      'rate',
      '--D=0.02',
      '--expr=x^4/4 - x^2/2',
      '--gamma=0.5',
      '--method=exact',
    ]);
    expect(new Set(points.map((p) => p.key)).size).toBe(60);
  });

  it('keys by content: the same command line and version give the same key, in any spec', () => {
    const a = sweepPoint(parseSweepSpec(ISSUE_EXAMPLE), '0.1.0', 0);
    const reordered = parseSweepSpec({
      command: ['rate'],
      options: { method: 'exact', gamma: 0.5, expr: 'x^4/4 - x^2/2' },
      axes: { D: [0.02, 0.1] },
    });
    expect(sweepPoint(reordered, '0.1.0', 0).key).toBe(a.key);
    expect(sweepPoint(reordered, '0.2.0', 0).key).not.toBe(a.key);
    expect(a.key).toMatch(/^[0-9a-f]{64}$/);
    // Stable across releases of this code and machines: the documented canonical form (options
    // sorted by name, `--name=value`, the version beside them) hashed by node:crypto, and the
    // same key written out, so that a change of the form (which would orphan every stored
    // result) cannot pass unnoticed.
    const canonical = {
      kramers: '0.1.0',
      args: ['rate', '--D=0.02', '--expr=x^4/4 - x^2/2', '--gamma=0.5', '--method=exact'],
    };
    expect(a.args).toEqual(canonical.args);
    expect(a.key).toBe(createHash('sha256').update(JSON.stringify(canonical)).digest('hex'));
    expect(a.key).toBe(PINNED_KEY);
  });

  it('zips axes of one length and linear ranges', () => {
    const spec = parseSweepSpec({
      command: 'rate',
      axes: { D: { linear: [0.1, 0.3], points: 3 }, gamma: [1, 2, 3] },
      combine: 'zip',
    });
    expect(pointCount(spec)).toBe(3);
    expect([...sweepPoints(spec, 'v')].map((p) => p.inputs)).toEqual([
      { D: 0.1, gamma: 1 },
      { D: 0.2, gamma: 2 },
      { D: 0.3, gamma: 3 },
    ]);
  });

  it('sweeps one name of a repeatable option and flags', () => {
    const spec = parseSweepSpec({
      command: 'preset josephson',
      options: { set: { Ib: '0.9uA' }, simulate: true, extrapolate: false },
      axes: { 'set.T': ['50mK', '100mK'] },
    });
    expect(optionNames(spec).sort()).toEqual(['extrapolate', 'set', 'simulate']);
    expect(sweepPoint(spec, 'v', 1).args).toEqual([
      'preset',
      'josephson',
      '--set=Ib=0.9uA',
      '--set=T=100mK',
      '--simulate',
    ]);
  });

  it('derives each point a seed from the master seed and the point, not its place', () => {
    const spec = (D: number[]) =>
      parseSweepSpec({ command: 'simulate', options: { walkers: 100 }, axes: { D }, seed: 7 });
    const a = [...sweepPoints(spec([0.1, 0.2, 0.3]), 'v')];
    const b = [...sweepPoints(spec([0.3, 0.1]), 'v')];
    expect(b[0]!.seed).toBe(a[2]!.seed);
    expect(b[0]!.key).toBe(a[2]!.key);
    expect(new Set(a.map((p) => p.seed)).size).toBe(3);
    expect(a[0]!.args).toContain(`--seed=${a[0]!.seed}`);
    for (const p of a) expect(p.seed).toBeLessThan(2 ** 31);
    const other = [
      ...sweepPoints(
        parseSweepSpec({
          command: 'simulate',
          options: { walkers: 100 },
          axes: { D: [0.1] },
          seed: 8,
        }),
        'v',
      ),
    ];
    expect(other[0]!.seed).not.toBe(a[0]!.seed);
  });

  it('takes a shard: points with index % n = i', () => {
    const spec = parseSweepSpec(ISSUE_EXAMPLE);
    const shards = [0, 1, 2].map((i) => [...sweepPoints(spec, 'v', [i, 3])].map((p) => p.index));
    expect(shards[1]!.slice(0, 3)).toEqual([1, 4, 7]);
    expect(shards.flat().sort((x, y) => x - y)).toEqual([...Array(60).keys()]);
  });

  it('rejects what would sweep nothing or something unintended, naming the field', () => {
    expect(errorOf({ command: 'rate', axes: { D: [] } })).toMatchObject({ path: 'axes.D' });
    expect(errorOf({ command: 'rate', axes: { D: [] } }).message).toMatch(/empty/);
    expect(errorOf({ command: 'rate', axes: { D: { log: [0.1, 1], points: 0 } } }).path).toBe(
      'axes.D',
    );
    expect(errorOf({ command: 'rate', axes: { D: { log: [0, 1], points: 3 } } }).message).toMatch(
      /positive/,
    );
    expect(errorOf({ command: 'rate', axes: {} }).path).toBe('axes');
    expect(errorOf({ command: 'rate' }).path).toBe('axes');
    expect(errorOf({ command: '', axes: { D: [1] } }).path).toBe('command');
    expect(errorOf({ command: 'rate', axes: { D: [1] }, extra: 1 }).path).toBe('extra');
    expect(errorOf({ command: 'rate', options: { D: 1 }, axes: { D: [1] } }).message).toMatch(
      /both fixed/,
    );
    expect(errorOf({ command: 'rate', axes: { D: [0.1, 0.1] } }).message).toMatch(/twice/);
    expect(errorOf({ command: 'rate', axes: { D: [1, 2], gamma: [1] }, combine: 'zip' }).path).toBe(
      'combine',
    );
    expect(errorOf({ command: 'rate', axes: { D: [Number.NaN] } }).path).toBe('axes.D[0]');
    expect(errorOf({ command: 'rate', axes: { D: [{}] } }).path).toBe('axes.D[0]');
    expect(
      errorOf({ command: 'simulate', options: { seed: 1 }, axes: { D: [1] }, seed: 2 }).path,
    ).toBe('seed');
    expect(errorOf([1, 2]).path).toBe('spec');
  });

  it('zip judges repeats on whole points: a value may repeat on one axis, a point may not', () => {
    // The audit's spec (F8): gamma 1 twice, but beside D 0.1 and 0.2 the three points differ.
    const zip = parseSweepSpec({
      command: 'rate',
      axes: { D: [0.1, 0.2, 0.3], gamma: [1, 1, 2] },
      combine: 'zip',
    });
    expect([...sweepPoints(zip, 'v')].map((p) => p.inputs)).toEqual([
      { D: 0.1, gamma: 1 },
      { D: 0.2, gamma: 1 },
      { D: 0.3, gamma: 2 },
    ]);
    // A whole point given twice is still refused, at the repeat (its index on the first axis),
    // and judged by value: "1e-1" is 0.1.
    const again = errorOf({
      command: 'rate',
      axes: { D: [0.1, 0.2, '1e-1'], gamma: [1, 2, 1] },
      combine: 'zip',
    });
    expect(again.path).toBe('axes.D[2]');
    expect(again.message).toMatch(/point 2 \(D "1e-1", gamma 1\) is point 0 again/);
    // Cross still refuses a value twice on one axis: every point with it would repeat.
    expect(errorOf({ command: 'rate', axes: { D: [0.1, 0.2], gamma: [1, 1] } }).path).toBe(
      'axes.gamma[1]',
    );
  });

  it('compares values as the CLI reads them: 0.1, "1e-1" and "0.10" are one number (F10)', () => {
    for (const twin of ['1e-1', '0.10', ' 0.1', '+0.1', 0.1]) {
      const e = errorOf({ command: 'rate', axes: { D: [0.1, 0.5, twin] } });
      expect(e.path).toBe('axes.D[2]');
      expect(e.message).toMatch(/appears twice.*at \[0\] and \[2\]/);
    }
    expect(errorOf({ command: 'rate', axes: { D: [0.1, '1e-1'] } }).message).toMatch(
      /the same number as 0\.1/,
    );
    expect(errorOf({ command: 'rate', axes: { x: [0, '-0'] } }).path).toBe('axes.x[1]');
    // Different numbers, and text that is not a number, stay distinct; text with a unit is
    // compared as written (this floor has no unit parser), so "300K" and "300 K" both run.
    expect(pointCount(parseSweepSpec({ command: 'rate', axes: { D: [0.1, '0.11', 1e-2] } }))).toBe(
      3,
    );
    expect(
      pointCount(parseSweepSpec({ command: 'rate', axes: { 'set.T': ['300K', '300 K'] } })),
    ).toBe(2);
    expect(
      pointCount(parseSweepSpec({ command: 'rate', axes: { expr: ['x^4 - x^2', 'x^4-x^2'] } })),
    ).toBe(2);
  });

  it('counts a huge sweep without expanding it', () => {
    const spec = parseSweepSpec({
      command: 'rate',
      axes: {
        D: { linear: [0.1, 1], points: 10_000 },
        gamma: { log: [0.01, 100], points: 1000 },
      },
    });
    expect(pointCount(spec)).toBe(1e7);
  });
});
