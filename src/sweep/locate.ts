import { optionOfAxis, pointCount, type SweepAxis, type SweepSpec } from './spec.js';
import { AxisIds, valueKey, ZipTable } from './values.js';

/**
 * A set of point indices as a bitset, in pages of 2¹⁶ bits allocated when first touched: a million
 * points take 128 kB (a Set of their keys took ~100 MB), and a huge sparse sweep only the pages it
 * uses. Indices are whole numbers below 2⁵³.
 */
export class IndexSet {
  private readonly pages = new Map<number, Uint32Array>();
  size = 0;

  has(index: number): boolean {
    const page = this.pages.get(Math.floor(index / 65536));
    const bit = index % 65536;
    return page !== undefined && (page[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  /** Adds an index; false when it was there already. */
  add(index: number): boolean {
    if (this.has(index)) return false;
    const number = Math.floor(index / 65536);
    let page = this.pages.get(number);
    if (!page) {
      page = new Uint32Array(2048);
      this.pages.set(number, page);
    }
    const bit = index % 65536;
    page[bit >>> 5]! |= 1 << (bit & 31);
    this.size++;
    return true;
  }

  /** Removes an index; false when it was not there. */
  delete(index: number): boolean {
    if (!this.has(index)) return false;
    const bit = index % 65536;
    this.pages.get(Math.floor(index / 65536))![bit >>> 5]! &= ~(1 << (bit & 31));
    this.size--;
    return true;
  }
}

/** The key of an axis's value in a command line (`--D=0.1`, `--param=a=1`, a flag), or null. */
function argumentKey(axis: SweepAxis, args: readonly string[]): number | string | null {
  const { option, inner } = optionOfAxis(axis.name);
  const prefix = inner === undefined ? `--${option}=` : `--${option}=${inner}=`;
  for (const arg of args) {
    if (arg.startsWith(prefix)) return valueKey(arg.slice(prefix.length));
    // A swept flag: present is true; absent (below) is false.
    if (inner === undefined && arg === `--${option}`) return valueKey(true);
  }
  return inner === undefined ? valueKey(false) : null;
}

/**
 * Traces a command line back to the point of a spec that has its swept values: the index of that
 * point, or -1. The arguments of a stored record (a point's `args`, perhaps with run arguments
 * such as `--workers=1` after them) name its values, as `--D=0.1` or `--param=a=1`; a value is
 * matched by valueKey, so the text "0.1" finds the number 0.1. Only the swept values are compared:
 * a caller that needs the same point, not only the same values, compares keys. Cross: the last
 * axis varies fastest (sweepPoint); zip: the point of that tuple of values, by a ZipTable.
 */
export function pointLocator(spec: SweepSpec): (args: readonly string[]) => number {
  const axes = spec.axes.map((axis) => new AxisIds(axis.values));
  if (spec.combine === 'zip') {
    let table: ZipTable | undefined;
    return (args) => {
      const ids: number[] = [];
      for (const [a, axis] of spec.axes.entries()) {
        const key = argumentKey(axis, args);
        const id = key === null ? undefined : axes[a]!.idOf(key);
        if (id === undefined) return -1;
        ids.push(id);
      }
      // Built at the first record: a fresh sweep, whose store is empty, never pays for it.
      if (!table) {
        table = new ZipTable(axes);
        for (let i = 0; i < pointCount(spec); i++) table.insert(i);
      }
      return table.find(ids);
    };
  }
  // Cross axes hold each value once (parseSweepSpec): an id names one position on its axis.
  const positions = axes.map((axis) => {
    const at = new Int32Array(axis.size);
    axis.ids.forEach((id, i) => {
      at[id] = i;
    });
    return at;
  });
  return (args) => {
    let index = 0;
    for (const [a, axis] of spec.axes.entries()) {
      const key = argumentKey(axis, args);
      const id = key === null ? undefined : axes[a]!.idOf(key);
      if (id === undefined) return -1;
      index = index * axis.values.length + positions[a]![id]!;
    }
    return index;
  };
}
