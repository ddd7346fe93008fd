import { sha256Hex } from './sha256.js';
import {
  type NamedValues,
  type OptionValue,
  optionOfAxis,
  pointCount,
  type SweepSpec,
} from './spec.js';

/** One point of a sweep: what it varies, the command line that computes it, and its key. */
export interface SweepPoint {
  /** Position in the spec's order (0-based): `--shard i/n` takes the points with index % n = i. */
  readonly index: number;
  /** The swept values of this point, by axis name, in the spec's axis order. */
  readonly inputs: Readonly<Record<string, OptionValue>>;
  /** The command's arguments (without `--json`): canonical, options sorted by name. */
  readonly args: readonly string[];
  /** Content hash (SHA-256) of the package version and `args`: equal keys, equal results. */
  readonly key: string;
  /** The seed derived from the spec's master seed, when it has one. */
  readonly seed?: number;
}

/** `--name=value` (the `=` form, so a value such as -0.5 is never read as an option). */
function optionArgs(name: string, value: OptionValue | NamedValues): string[] {
  if (typeof value === 'boolean') return value ? [`--${name}`] : [];
  if (typeof value === 'object') {
    return Object.keys(value)
      .sort()
      .map((inner) => `--${name}=${inner}=${String(value[inner])}`);
  }
  return [`--${name}=${String(value)}`];
}

/** The options of one point: the fixed ones with the swept values put in. */
function mergedOptions(spec: SweepSpec, inputs: Readonly<Record<string, OptionValue>>) {
  const merged: Record<string, OptionValue | NamedValues> = { ...spec.options };
  for (const [name, value] of Object.entries(inputs)) {
    const { option, inner } = optionOfAxis(name);
    if (inner === undefined) merged[option] = value;
    else
      merged[option] = {
        ...(merged[option] as NamedValues | undefined),
        [inner]: value as string | number,
      };
  }
  return merged;
}

/** A point's argument list: the command's words, then its options sorted by name. */
export function pointArgs(
  spec: SweepSpec,
  inputs: Readonly<Record<string, OptionValue>>,
): string[] {
  const merged = mergedOptions(spec, inputs);
  const options = Object.keys(merged)
    .sort()
    .flatMap((name) => optionArgs(name, merged[name]!));
  return [...spec.command, ...options];
}

/** The key of a command line under a package version. */
export function pointKey(version: string, args: readonly string[]): string {
  return sha256Hex(JSON.stringify({ kramers: version, args }));
}

/**
 * A point's seed: from the master seed and the point's key without a seed, so it depends on what
 * the point computes, not on where it sits in the sweep, which shard or machine runs it, or in
 * what order. 31 bits: every command's --seed takes it.
 */
export function pointSeed(master: number, baseKey: string): number {
  return Number.parseInt(sha256Hex(`seed ${master} ${baseKey}`).slice(0, 8), 16) >>> 1;
}

/** The inputs of point `index` (cross: the last axis varies fastest; zip: the index-th of each). */
function inputsAt(spec: SweepSpec, index: number): Record<string, OptionValue> {
  const inputs: Record<string, OptionValue> = {};
  let rest = index;
  const place: number[] = [];
  for (let a = spec.axes.length - 1; a >= 0; a--) {
    const n = spec.axes[a]!.values.length;
    place[a] = spec.combine === 'zip' ? index : rest % n;
    rest = Math.floor(rest / n);
  }
  spec.axes.forEach((axis, a) => {
    inputs[axis.name] = axis.values[place[a]!]!;
  });
  return inputs;
}

/** Point `index` of a spec, with its arguments, key and derived seed. */
export function sweepPoint(spec: SweepSpec, version: string, index: number): SweepPoint {
  const inputs = inputsAt(spec, index);
  const args = pointArgs(spec, inputs);
  if (spec.seed === undefined) return { index, inputs, args, key: pointKey(version, args) };
  const seed = pointSeed(spec.seed, pointKey(version, args));
  const seeded = pointArgs({ ...spec, options: { ...spec.options, seed } }, inputs);
  return { index, inputs, args: seeded, key: pointKey(version, seeded), seed };
}

/**
 * The points of a sweep in the spec's order, one at a time (a large sweep is never held as a
 * list here); `shard` = [i, n] yields only the points with index % n = i, and the points whose
 * index `done` holds (those stored already, when a run resumes) are passed over uncomputed.
 */
export function* sweepPoints(
  spec: SweepSpec,
  version: string,
  shard: readonly [number, number] = [0, 1],
  done?: { has(index: number): boolean },
): Generator<SweepPoint> {
  const total = pointCount(spec);
  for (let index = shard[0]; index < total; index += shard[1])
    if (!done?.has(index)) yield sweepPoint(spec, version, index);
}
