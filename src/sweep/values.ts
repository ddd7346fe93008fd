/** A swept value as the spec holds it (spec.ts re-exports this as part of the spec's types). */
export type SweptValue = string | number | boolean;

/** A number written as text (`"1e-1"`, `"0.10"`): the CLI reads `--D=1e-1` as the number 0.1. */
export const PLAIN_NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * What a value means as a command-line option, for telling repeats apart: a number by its value
 * however it is written (0.1, "1e-1" and "0.10" are one point: the number itself is the key),
 * other text as written (a string key, which never equals a number key in a Map). Text with a unit
 * ("300K" vs "0.3kK") is compared as written: this floor holds no unit parser (scripts/layers.mjs:
 * sweep imports core only). A value's text as a point's argument (`String(value)`) has the same
 * key as the value, which is how a stored record's arguments are traced back to its point.
 */
export function valueKey(value: SweptValue): number | string {
  if (typeof value === 'number') return value === 0 ? 0 : value;
  if (typeof value === 'string' && PLAIN_NUMBER.test(value)) {
    const n = Number(value);
    return n === 0 ? 0 : n;
  }
  return `${typeof value} ${String(value)}`;
}

/**
 * The values of one axis as small whole numbers: equal keys (valueKey), equal ids. A zip's points
 * are then tuples of ids, compared without building a string per point. Numbers get their rank
 * among the axis's distinct numbers (a sorted Float64Array, searched by bisection: a million
 * values in ~0.1 s, where a Map keyed by a million doubles took ~2 s), other text the ids after.
 */
export class AxisIds {
  readonly ids: Int32Array;
  /** The distinct numbers of the axis, ascending: a number's id is its place here. */
  private readonly numbers: Float64Array;
  private readonly texts = new Map<string, number>();

  constructor(values: readonly SweptValue[]) {
    const keys = values.map(valueKey);
    const numbers = Float64Array.from(keys.filter((k) => typeof k === 'number')).sort();
    let distinct = 0;
    for (const x of numbers)
      if (distinct === 0 || x !== numbers[distinct - 1]) numbers[distinct++] = x;
    this.numbers = numbers.subarray(0, distinct);
    this.ids = new Int32Array(keys.length);
    keys.forEach((key, i) => {
      this.ids[i] = this.idOf(key, true)!;
    });
  }

  /** How many different values the axis has. */
  get size(): number {
    return this.numbers.length + this.texts.size;
  }

  /** The id of a value's key, or undefined when the axis lacks it (`add`: text gets a new id). */
  idOf(key: number | string, add = false): number | undefined {
    if (typeof key === 'number') {
      let [lo, hi] = [0, this.numbers.length];
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.numbers[mid]! < key) lo = mid + 1;
        else hi = mid;
      }
      return this.numbers[lo] === key ? lo : undefined;
    }
    let id = this.texts.get(key);
    if (id === undefined && add) {
      id = this.numbers.length + this.texts.size;
      this.texts.set(key, id);
    }
    return id;
  }
}

/**
 * The points of a zip by their values (a tuple of AxisIds, one per axis), in an open-addressing
 * hash table of point indices (linear probing, at most half full: Knuth, TAOCP vol. 3, §6.4):
 * 4 bytes a slot, where a Map of one string per point held ~100 bytes. `insert` finds the earlier
 * point with the same values, `find` the point of a tuple.
 */
export class ZipTable {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(readonly axes: readonly AxisIds[]) {
    const n = axes[0]?.ids.length ?? 0;
    let size = 2;
    while (size < 2 * n) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** FNV-1a over the ids (Fowler, Noll, Vo), then a final avalanche (Murmur3's fmix32). */
  private hash(idOf: (axis: number) => number): number {
    let h = 0x811c9dc5;
    for (let a = 0; a < this.axes.length; a++) h = Math.imul(h ^ idOf(a), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return (h ^ (h >>> 16)) & this.mask;
  }

  private probe(idOf: (axis: number) => number): { slot: number; index: number } {
    let slot = this.hash(idOf);
    for (;;) {
      const index = this.slots[slot]!;
      if (index < 0 || this.axes.every((axis, a) => axis.ids[index] === idOf(a)))
        return { slot, index };
      slot = (slot + 1) & this.mask;
    }
  }

  /** Adds point `i`; returns the earlier point with the same values, or -1. */
  insert(i: number): number {
    const { slot, index } = this.probe((a) => this.axes[a]!.ids[i]!);
    if (index < 0) this.slots[slot] = i;
    return index;
  }

  /** The point whose values have these ids (one per axis), or -1. */
  find(ids: readonly number[]): number {
    return this.probe((a) => ids[a]!).index;
  }
}
