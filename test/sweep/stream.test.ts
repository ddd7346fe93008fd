import { describe, expect, it } from 'vitest';
import {
  IndexSet,
  isKramersError,
  type OptionValue,
  parseSweepSpec,
  pointArgs,
  pointCount,
  pointLocator,
  type SweepSpec,
  sweepPoint,
  sweepPoints,
} from '../../src/index.js';

/** A deterministic generator (mulberry32, Tommy Ettinger): fixed seeds, the same draws everywhere. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Specs of every kind a point's values come in: numbers, text, numbers as text, flags, names. */
const SPECS: Record<string, unknown> = {
  cross: {
    command: 'rate',
    options: { expr: 'x^4/4 - x^2/2', param: { b: 2 } },
    axes: {
      D: { log: [0.05, 0.4], points: 4 },
      'param.a': [1, '2.5', -0.5],
      method: ['exact', 'kramers'],
      simulate: [false, true],
    },
  },
  seeded: {
    command: 'simulate',
    options: { walkers: 400 },
    axes: { D: { linear: [0.3, 0.44], points: 5 }, gamma: ['1e-1', 2, '300'] },
    seed: 11,
  },
  zip: {
    command: 'rate',
    combine: 'zip',
    options: { expr: 'x^4/4 - x^2/2' },
    axes: {
      D: [0.1, 0.1, 0.2, 0.2, '0.3'],
      gamma: [1, 2, 1, 2, 1],
      method: ['a', 'a', 'a', 'b', 'b'],
    },
  },
  preset: {
    command: 'preset josephson',
    axes: { 'set.T': ['300mK', '1K', '4.2K'], 'set.I': [0.1, 0.2] },
  },
};
const spec = (name: string): SweepSpec => parseSweepSpec(SPECS[name]);

/**
 * The points in the spec's order by an independent route: nested loops over the axes (cross, the
 * last axis innermost) or the i-th value of each (zip), as the issue defines the order.
 */
function nestedInputs(s: SweepSpec): Record<string, OptionValue>[] {
  if (s.combine === 'zip')
    return s.axes[0]!.values.map((_, i) =>
      Object.fromEntries(s.axes.map((a) => [a.name, a.values[i]!])),
    );
  let points: Record<string, OptionValue>[] = [{}];
  for (const axis of s.axes)
    points = points.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.name]: v })));
  return points;
}

/** What the run before streaming did: list every point of the shard, keep those not stored. */
function oldPending(s: SweepSpec, shard: [number, number], stored: ReadonlySet<string>) {
  const mine = [...sweepPoints(s, '0.1.0', shard)];
  return mine.filter((p) => !stored.has(p.key));
}

describe('streaming sweep points', () => {
  it('yields the points in the order nested loops over the axes give, and the old listing', () => {
    for (const name of Object.keys(SPECS)) {
      const s = spec(name);
      const streamed = [...sweepPoints(s, '0.1.0')];
      expect(
        streamed.map((p) => p.inputs),
        name,
      ).toEqual(nestedInputs(s));
      expect(streamed.map((p) => p.index)).toEqual([...Array(pointCount(s)).keys()]);
      // Each point as sweepPoint computes it alone: the generator keeps no state between points.
      for (const p of streamed) expect(p).toEqual(sweepPoint(s, '0.1.0', p.index));
    }
  });

  it('passes over the done points exactly as the old listing filtered stored keys', () => {
    const draw = random(7);
    for (const name of Object.keys(SPECS)) {
      const s = spec(name);
      for (const shard of [
        [0, 1],
        [0, 3],
        [2, 3],
      ] as [number, number][]) {
        const all = [...sweepPoints(s, '0.1.0')];
        const done = new IndexSet();
        const stored = new Set<string>();
        for (const p of all)
          if (draw() < 0.4) {
            done.add(p.index);
            stored.add(p.key);
          }
        const streamed = [...sweepPoints(s, '0.1.0', shard, done)];
        expect(streamed, `${name} ${shard}`).toEqual(oldPending(s, shard, stored));
      }
    }
  });

  it('traces every point back from its arguments, with run arguments after them or not', () => {
    for (const name of Object.keys(SPECS)) {
      const s = spec(name);
      const locate = pointLocator(s);
      for (const p of sweepPoints(s, '0.1.0')) {
        expect(locate(p.args), `${name} ${p.args.join(' ')}`).toBe(p.index);
        expect(locate([...p.args, '--workers=1'])).toBe(p.index);
      }
    }
  });

  it('finds values by what they are worth: "1e-1" is the point of 0.1; others are no point', () => {
    const s = spec('seeded');
    const locate = pointLocator(s);
    const at = (inputs: Record<string, OptionValue>) => locate(pointArgs(s, inputs));
    // gamma '1e-1' in the spec: the text 0.1 and 0.10 name that value (only keys tell them apart).
    expect(at({ D: 0.3, gamma: 0.1 })).toBe(0);
    expect(at({ D: 0.3, gamma: '0.10' })).toBe(0);
    expect(at({ D: 0.44, gamma: 300 })).toBe(14);
    // A value the axis lacks, or an axis missing from the arguments: no point of this sweep.
    expect(at({ D: 0.31, gamma: 2 })).toBe(-1);
    expect(locate(['simulate', '--D=0.3', '--walkers=400'])).toBe(-1);
    // A flag: absent is false, present is true; a zip's tuple that is no point: -1.
    const cross = pointLocator(spec('cross'));
    const flagOff = sweepPoint(spec('cross'), '0.1.0', 0);
    expect(flagOff.args.some((a) => a.startsWith('--simulate'))).toBe(false);
    expect(cross([...flagOff.args, '--simulate'])).toBe(1);
    const zip = pointLocator(spec('zip'));
    expect(zip(['rate', '--D=0.1', '--gamma=1', '--method=b'])).toBe(-1);
    expect(zip(['rate', '--D=0.2', '--gamma=2', '--method=b'])).toBe(3);
  });

  it('keeps a set of indices as a bitset: the same answers as a Set, past 2³² too', () => {
    const draw = random(3);
    const set = new IndexSet();
    const reference = new Set<number>();
    for (let k = 0; k < 20_000; k++) {
      const index = Math.floor(draw() * (draw() < 0.5 ? 3000 : 2 ** 40));
      if (draw() < 0.7) {
        expect(set.add(index)).toBe(!reference.has(index));
        reference.add(index);
      } else {
        expect(set.delete(index)).toBe(reference.has(index));
        reference.delete(index);
      }
      expect(set.has(index)).toBe(reference.has(index));
      expect(set.size).toBe(reference.size);
    }
    for (const index of reference) expect(set.has(index)).toBe(true);
    for (let k = 0; k < 3000; k++) expect(set.has(k)).toBe(reference.has(k));
  });

  it('judges a large zip on whole points by value, naming the first repeat and its original', () => {
    const n = 200_000;
    const D = Array.from({ length: n }, (_, i) => (i % 1000) / 100);
    const gamma = Array.from({ length: n }, (_, i) => Math.floor(i / 1000));
    // No repeat: 200 × 1000 distinct pairs (a cross written as a zip).
    expect(
      pointCount(parseSweepSpec({ command: 'rate', combine: 'zip', axes: { D, gamma } })),
    ).toBe(n);
    // The last point again, with D written as text: the same number, so the same point.
    const repeated = {
      command: 'rate',
      combine: 'zip',
      axes: { D: [...D, String(D[4321])], gamma: [...gamma, gamma[4321]] },
    };
    try {
      parseSweepSpec(repeated);
      throw new Error('expected a KramersError');
    } catch (error) {
      if (!isKramersError(error)) throw error;
      expect(error.message).toBe(
        `sweep spec: axes.D[${n}]: zip: point ${n} (D "3.21", gamma 4) is point 4321 again`,
      );
    }
  });
});
