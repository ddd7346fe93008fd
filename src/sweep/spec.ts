import { KramersError, type KramersIssue } from '../core/index.js';
import { AxisIds, PLAIN_NUMBER, type SweptValue, ZipTable } from './values.js';

export { PLAIN_NUMBER };

/** A fixed or swept value of one command-line option: `--name=value`, or a flag when true. */
export type OptionValue = SweptValue;
/** The value of a repeatable `name=value` option (`--param a=1`, `--set T=300K`), by name. */
export type NamedValues = Readonly<Record<string, string | number>>;

/** One swept axis: an option (`D`) or one name of a repeatable option (`param.a`, `set.T`). */
export interface SweepAxis {
  readonly name: string;
  readonly values: readonly OptionValue[];
  /** How the values were given: a list, or a linear or logarithmic range. */
  readonly scale: 'list' | 'linear' | 'log';
}

/** A checked sweep: one command, its fixed options and its axes, in the order they were given. */
export interface SweepSpec {
  /** The command's words: `['rate']`, or `['preset', 'josephson']`. */
  readonly command: readonly string[];
  readonly options: Readonly<Record<string, OptionValue | NamedValues>>;
  readonly axes: readonly SweepAxis[];
  /** `cross`: every combination of the axes (the default); `zip`: the i-th values together. */
  readonly combine: 'cross' | 'zip';
  /** Master seed: each point's `--seed` is derived from it and the point (sweepPoints). */
  readonly seed: number | undefined;
}

/** The most values one axis may hold (a range beyond this is a typo, not a plan). */
export const MAX_AXIS_VALUES = 1_000_000;

/** Significant digits a range's values keep: keys stay the same on every machine and engine. */
const RANGE_DIGITS = 12;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(path: string, message: string, hint?: string): never {
  const issues: KramersIssue[] = [{ path, message }];
  throw new KramersError('invalid_parameter', `sweep spec: ${path}: ${message}`, {
    issues,
    ...(hint ? { hint } : {}),
  });
}

function commandOf(raw: unknown): string[] {
  const words = typeof raw === 'string' ? raw.trim().split(/\s+/) : raw;
  if (
    !Array.isArray(words) ||
    words.length === 0 ||
    words.some((w) => typeof w !== 'string' || w === '')
  ) {
    fail('command', 'expected a command such as "rate" or "preset josephson"');
  }
  return words as string[];
}

function optionValue(path: string, value: unknown): OptionValue {
  if (typeof value === 'number' && !Number.isFinite(value)) fail(path, 'not a finite number');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return fail(path, 'expected a string, a number or true/false');
}

function namedValues(path: string, value: Record<string, unknown>): NamedValues {
  const out: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(value)) {
    const checked = optionValue(`${path}.${name}`, v);
    if (typeof checked === 'boolean') fail(`${path}.${name}`, 'expected a number or a string');
    out[name] = checked;
  }
  return out;
}

function optionsOf(raw: unknown): Record<string, OptionValue | NamedValues> {
  if (raw === undefined) return {};
  if (!isRecord(raw)) fail('options', 'expected an object of option names and values');
  const out: Record<string, OptionValue | NamedValues> = {};
  for (const [name, value] of Object.entries(raw)) {
    out[name] = isRecord(value)
      ? namedValues(`options.${name}`, value)
      : optionValue(`options.${name}`, value);
  }
  return out;
}

/** n values from a to b, evenly spaced on a linear or a log scale, rounded to RANGE_DIGITS. */
function rangeValues(path: string, kind: 'linear' | 'log', raw: Record<string, unknown>): number[] {
  const ends = raw[kind];
  const n = raw['points'];
  if (!Array.isArray(ends) || ends.length !== 2 || !ends.every((e) => Number.isFinite(e))) {
    fail(path, `${kind}: expected [from, to], two finite numbers`);
  }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_AXIS_VALUES) {
    fail(
      path,
      `points: expected a whole number from 1 to ${MAX_AXIS_VALUES}`,
      'an empty axis sweeps nothing',
    );
  }
  const [a, b] = ends as [number, number];
  if (kind === 'log' && !(a > 0 && b > 0)) fail(path, 'log: both ends must be positive');
  const at = (i: number) => {
    const t = n === 1 ? 0 : i / (n - 1);
    return kind === 'log'
      ? Math.exp(Math.log(a) + t * (Math.log(b) - Math.log(a)))
      : a + t * (b - a);
  };
  return Array.from({ length: n }, (_, i) => Number(at(i).toPrecision(RANGE_DIGITS)));
}

function axisOf(name: string, raw: unknown): SweepAxis {
  const path = `axes.${name}`;
  let axis: SweepAxis;
  if (Array.isArray(raw)) {
    axis = { name, values: raw.map((v, i) => optionValue(`${path}[${i}]`, v)), scale: 'list' };
  } else if (isRecord(raw) && ('linear' in raw || 'log' in raw)) {
    const kind = 'log' in raw ? 'log' : 'linear';
    const extra = Object.keys(raw).filter((k) => k !== kind && k !== 'points');
    if (extra.length > 0) fail(path, `unknown field '${extra[0]}' (expected ${kind} and points)`);
    axis = { name, values: rangeValues(path, kind, raw), scale: kind };
  } else {
    return fail(
      path,
      'expected a list of values, { "linear": [a, b], "points": n } or { "log": [a, b], "points": n }',
    );
  }
  if (axis.values.length === 0)
    fail(path, 'the axis is empty', 'an empty axis sweeps nothing: give it at least one value');
  return axis;
}

/** `0.1` or `"1e-1"` (the form it was written in), for a message. */
const written = (value: OptionValue) =>
  typeof value === 'string' ? JSON.stringify(value) : String(value);

/** Cross: a value given twice on one axis would compute every point it is in twice. */
function checkAxisRepeats(axis: SweepAxis): void {
  const { ids, size } = new AxisIds(axis.values);
  if (size === axis.values.length) return;
  const firstAt = new Int32Array(size).fill(-1);
  ids.forEach((id, i) => {
    const first = firstAt[id]!;
    if (first >= 0) {
      const v = axis.values[i]!;
      const same =
        written(v) === written(axis.values[first]!)
          ? ''
          : ` (the same number as ${written(axis.values[first]!)})`;
      fail(
        `axes.${axis.name}[${i}]`,
        `the value ${written(v)} appears twice${same}: at [${first}] and [${i}]`,
        'each value once: a repeat computes the same points again',
      );
    }
    firstAt[id] = i;
  });
}

/**
 * Zip: a value may repeat on one axis (gamma [1, 1, 2] beside D [0.1, 0.2, 0.3] makes three
 * different points); a whole point given twice may not. Values are compared by valueKey, points
 * as tuples of their axes' ids in a ZipTable (a million points hold no string each). The caret
 * goes to the repeat's first axis.
 */
function checkPointRepeats(axes: readonly SweepAxis[]): void {
  const table = new ZipTable(axes.map((a) => new AxisIds(a.values)));
  const n = axes[0]!.values.length;
  for (let i = 0; i < n; i++) {
    const first = table.insert(i);
    if (first >= 0) {
      const values = axes.map((a) => `${a.name} ${written(a.values[i]!)}`).join(', ');
      fail(
        `axes.${axes[0]!.name}[${i}]`,
        `zip: point ${i} (${values}) is point ${first} again`,
        'each point once: a repeat computes the same point again',
      );
    }
  }
}

/** An axis name's option: `D` → D, `param.a` → param (the repeatable option it sets one name of). */
export function optionOfAxis(name: string): { option: string; inner: string | undefined } {
  const dot = name.indexOf('.');
  return dot < 0
    ? { option: name, inner: undefined }
    : { option: name.slice(0, dot), inner: name.slice(dot + 1) };
}

/** Checks that no option is both fixed and swept, and that a swept name=value belongs to an object. */
function checkOverlap(
  options: Record<string, OptionValue | NamedValues>,
  axes: readonly SweepAxis[],
): void {
  for (const axis of axes) {
    const { option, inner } = optionOfAxis(axis.name);
    if (inner === '' || option === '') fail(`axes.${axis.name}`, 'expected NAME or OPTION.NAME');
    const fixed = options[option];
    if (inner === undefined && fixed !== undefined) {
      fail(`axes.${axis.name}`, `'${option}' is both fixed (options) and swept (axes)`);
    }
    if (inner !== undefined) {
      if (fixed !== undefined && !isRecord(fixed))
        fail(`axes.${axis.name}`, `options.${option} is not a set of name=value pairs`);
      if (isRecord(fixed) && Object.hasOwn(fixed, inner)) {
        fail(`axes.${axis.name}`, `'${axis.name}' is both fixed (options) and swept (axes)`);
      }
      if (axis.values.some((v) => typeof v === 'boolean'))
        fail(`axes.${axis.name}`, 'expected numbers or strings');
    }
  }
}

function seedOf(
  raw: unknown,
  options: Record<string, unknown>,
  axes: readonly SweepAxis[],
): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > 2 ** 32 - 1) {
    fail('seed', 'expected a whole number from 0 to 4294967295');
  }
  if ('seed' in options || axes.some((a) => a.name === 'seed')) {
    fail(
      'seed',
      "give the master seed or a fixed/swept 'seed' option, not both",
      'the master seed derives a seed for every point',
    );
  }
  return raw;
}

/**
 * Checks a sweep spec given as plain data (parsed from JSON or YAML) and returns it in checked
 * form. Fields: `command` (a string or a list of words), `options` (fixed), `axes` (swept: a list,
 * or a linear or log range with a number of points), `combine` (`cross` or `zip`), `seed`. Option
 * names are checked against the command by the CLI, which knows the commands.
 */
export function parseSweepSpec(raw: unknown): SweepSpec {
  if (!isRecord(raw)) fail('spec', 'expected an object with command, options and axes');
  const unknown = Object.keys(raw).filter(
    (k) => !['command', 'options', 'axes', 'combine', 'seed'].includes(k),
  );
  if (unknown.length > 0)
    fail(unknown[0]!, 'unknown field (expected command, options, axes, combine, seed)');
  const command = commandOf(raw['command']);
  const options = optionsOf(raw['options']);
  if (!isRecord(raw['axes']) || Object.keys(raw['axes']).length === 0) {
    fail(
      'axes',
      'expected an object with at least one swept option',
      'e.g. "axes": { "D": [0.1, 0.2] }',
    );
  }
  const axes = Object.entries(raw['axes']).map(([name, value]) => axisOf(name, value));
  checkOverlap(options, axes);
  const combine = raw['combine'] ?? 'cross';
  if (combine !== 'cross' && combine !== 'zip') fail('combine', "expected 'cross' or 'zip'");
  if (combine === 'zip' && new Set(axes.map((a) => a.values.length)).size > 1) {
    fail(
      'combine',
      `zip needs axes of one length; got ${axes.map((a) => `${a.name}: ${a.values.length}`).join(', ')}`,
    );
  }
  if (combine === 'zip') checkPointRepeats(axes);
  else axes.forEach(checkAxisRepeats);
  return { command, options, axes, combine, seed: seedOf(raw['seed'], options, axes) };
}

/** How many points a spec has (computed without expanding it). */
export function pointCount(spec: SweepSpec): number {
  if (spec.combine === 'zip') return spec.axes[0]!.values.length;
  return spec.axes.reduce((n, a) => n * a.values.length, 1);
}

/** The option names a spec uses (fixed and swept), for checking against the command. */
export function optionNames(spec: SweepSpec): string[] {
  const names = new Set([
    ...Object.keys(spec.options),
    ...spec.axes.map((a) => optionOfAxis(a.name).option),
  ]);
  if (spec.seed !== undefined) names.add('seed');
  return [...names];
}
