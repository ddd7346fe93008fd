import { KramersError } from '../core/index.js';
import type { SweepRecord } from './records.js';
import { type OptionValue, PLAIN_NUMBER } from './spec.js';

/** One point of a report: its swept values, the chosen quantity and whether it succeeded. */
export interface ReportPoint {
  readonly key: string;
  readonly inputs: Readonly<Record<string, OptionValue>>;
  readonly value: number | null;
  readonly retcode: string;
  /** Not `success`/`censored`, or no finite value: drawn as a failed point. */
  readonly failed: boolean;
}

/** One quantity of stored sweep points over the swept axes, sorted by them. */
export interface SweepReport {
  retcode: 'success';
  warnings: string[];
  command: string;
  quantity: string;
  axes: string[];
  points: ReportPoint[];
}

/** A value inside a report by a dotted path (`methods.exact.rate`, `rows.0.rate`). */
export function valueAt(report: unknown, path: string): unknown {
  let at: unknown = report;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/**
 * Which of a report's methods is its exact route (null: none). Sweeps know no commands, so the
 * caller says: the CLI passes `exactMethodOf`, which reads the method catalogue.
 */
export type ExactMethod = (report: unknown) => string | null;

/**
 * The quantities a report is about, most wanted first: its `rate`, its exact route's rate, each
 * method's rate in the report's order, its MFPT.
 */
function quantityCandidates(report: unknown, exactMethod: ExactMethod | undefined): string[] {
  const candidates = ['rate'];
  const exact = exactMethod?.(report);
  if (exact) candidates.push(`methods.${exact}.rate`);
  const methods = valueAt(report, 'methods');
  if (methods && typeof methods === 'object') {
    candidates.push(...Object.keys(methods).map((m) => `methods.${m}.rate`));
  }
  candidates.push('mfpt');
  return candidates;
}

/**
 * The default quantity of a set of reports: the first candidate (in the first report's order, then
 * any other report's) that is a number in some report, so one point whose exact route failed does
 * not demote the exact rate for all.
 */
function defaultQuantity(
  reports: readonly unknown[],
  exactMethod: ExactMethod | undefined,
): string | null {
  const candidates = [...new Set(reports.flatMap((r) => quantityCandidates(r, exactMethod)))];
  return candidates.find((c) => reports.some((r) => typeof valueAt(r, c) === 'number')) ?? null;
}

/**
 * What a swept value is worth for sorting: a magnitude and its kind (values of one kind are
 * compared by magnitude), or undefined for text that is not a number. The default knows plain
 * numbers only; the CLI passes one that reads units too ("300mK" < "0.5K" < "300K").
 */
export type Magnitude = (text: string) => { value: number; kind: string } | undefined;

/** A number, or text that is a plain number ("1e-1"): kind '' (a pure number). */
export const plainMagnitude: Magnitude = (text) =>
  PLAIN_NUMBER.test(text) ? { value: Number(text), kind: '' } : undefined;

/**
 * Sorts points by their swept values, first axis first: values of one kind by magnitude (numbers
 * as numbers), kinds apart in the order of their names, text that is no number last, as text. A
 * total order, so the sort is the same whatever order the records came in.
 */
function byInputs(axes: readonly string[], magnitude: Magnitude) {
  const sortKey = (v: OptionValue | undefined) =>
    typeof v === 'number'
      ? { value: v, kind: '' }
      : v === undefined
        ? undefined
        : magnitude(String(v));
  return (a: ReportPoint, b: ReportPoint) => {
    for (const axis of axes) {
      const x = a.inputs[axis];
      const y = b.inputs[axis];
      if (x === y) continue;
      const [p, q] = [sortKey(x), sortKey(y)];
      if (p && q) {
        if (p.kind !== q.kind) return p.kind < q.kind ? -1 : 1;
        if (p.value !== q.value) return p.value - q.value;
      } else if (p || q) return p ? -1 : 1;
      const byText = String(x).localeCompare(String(y));
      if (byText !== 0) return byText;
    }
    return 0;
  };
}

/** Each key once (the first record of it); a repeated key is a warning. */
function uniqueRecords(records: readonly SweepRecord[], warnings: string[]): SweepRecord[] {
  const seen = new Map<string, SweepRecord>();
  let duplicates = 0;
  for (const record of records) {
    if (seen.has(record.key)) duplicates++;
    else seen.set(record.key, record);
  }
  if (duplicates > 0)
    warnings.push(`${duplicates} records repeat a key already read; the first of each is used`);
  return [...seen.values()];
}

/**
 * The report of stored sweep points (one store, or the shards of one sweep together): one
 * quantity over the axes (sorted by `magnitude`); a point that did not succeed or has no finite
 * value is marked failed. The default quantity is the report's `rate`, else its exact route's
 * rate (as `exactMethod` names it: the column a rate table compares against), else its first
 * method's, else its `mfpt`.
 */
export function sweepReportOf(
  records: readonly SweepRecord[],
  quantity?: string,
  magnitude: Magnitude = plainMagnitude,
  exactMethod?: ExactMethod,
): SweepReport {
  const warnings: string[] = [];
  const unique = uniqueRecords(records, warnings);
  if (unique.length === 0) throw new KramersError('usage', 'no sweep records');
  const commands = new Set(unique.map((r) => r.args.filter((a) => !a.startsWith('--')).join(' ')));
  if (commands.size > 1)
    warnings.push(`the records come from several commands: ${[...commands].join(', ')}`);
  const chosen =
    quantity ??
    defaultQuantity(
      unique.map((r) => r.report),
      exactMethod,
    );
  if (!chosen) {
    throw new KramersError('usage', 'no quantity to report: give --quantity PATH', {
      hint: "a dotted path to a number in each point's report, e.g. methods.exact.rate",
    });
  }
  const axes = [...new Set(unique.flatMap((r) => Object.keys(r.inputs)))];
  const points = unique.map((r): ReportPoint => {
    const raw = valueAt(r.report, chosen);
    const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
    const ok = r.retcode === 'success' || r.retcode === 'censored';
    return {
      key: r.key,
      inputs: r.inputs,
      value,
      retcode: r.retcode,
      failed: !ok || value === null,
    };
  });
  points.sort(byInputs(axes, magnitude));
  const failed = points.filter((p) => p.failed).length;
  if (failed > 0)
    warnings.push(`${failed} of ${points.length} points failed or have no ${chosen}: marked ✗`);
  return {
    retcode: 'success',
    warnings,
    command: [...commands][0] ?? '',
    quantity: chosen,
    axes,
    points,
  };
}
