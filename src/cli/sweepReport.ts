import type { Command } from 'commander';
import { KramersError } from '../index.js';
import { formatNumber, table, warningLines } from './format.js';
import { type CliIO, exitCodeOf, toJson } from './options.js';
import { checkPlotFile } from './plotFile.js';
import type { ReportPoint, SweepReport } from './sweepPlot.js';
import { readStore, type SweepRecord } from './sweepStore.js';

/** A value inside a report by a dotted path (`methods.exact.rate`, `rows.0.rate`). */
export function valueAt(report: unknown, path: string): unknown {
  let at: unknown = report;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** The quantity a report is about: its `rate`, else its first method's rate, else its MFPT. */
function defaultQuantity(report: unknown): string | null {
  const candidates = ['rate', 'mfpt'];
  const methods = valueAt(report, 'methods');
  if (methods && typeof methods === 'object') {
    candidates.splice(1, 0, ...Object.keys(methods).map((m) => `methods.${m}.rate`));
  }
  return candidates.find((c) => typeof valueAt(report, c) === 'number') ?? null;
}

/** Sorts points by their swept values, first axis first (numbers as numbers). */
function byInputs(axes: readonly string[]) {
  return (a: ReportPoint, b: ReportPoint) => {
    for (const axis of axes) {
      const x = a.inputs[axis];
      const y = b.inputs[axis];
      if (x === y) continue;
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      return String(x).localeCompare(String(y));
    }
    return 0;
  };
}

/** The records of one or more stores, each key once (the first; a duplicate is a warning). */
function recordsOf(files: readonly string[], warnings: string[]): SweepRecord[] {
  const seen = new Map<string, SweepRecord>();
  let duplicates = 0;
  for (const file of files) {
    for (const record of readStore(file)) {
      if (seen.has(record.key)) duplicates++;
      else seen.set(record.key, record);
    }
  }
  if (duplicates > 0)
    warnings.push(`${duplicates} records repeat a key already read; the first of each is used`);
  if (seen.size === 0) throw new KramersError('usage', `${files.join(', ')}: no sweep records`);
  return [...seen.values()];
}

/** The report of stored sweep points: one quantity over the axes, failed points marked. */
export function sweepReport(files: readonly string[], quantity?: string): SweepReport {
  const warnings: string[] = [];
  const records = recordsOf(files, warnings);
  const commands = new Set(records.map((r) => r.args.filter((a) => !a.startsWith('--')).join(' ')));
  if (commands.size > 1)
    warnings.push(`the records come from several commands: ${[...commands].join(', ')}`);
  const chosen = quantity ?? records.map((r) => defaultQuantity(r.report)).find((q) => q !== null);
  if (!chosen) {
    throw new KramersError('usage', 'no quantity to report: give --quantity PATH', {
      hint: "a dotted path to a number in each point's report, e.g. methods.exact.rate",
    });
  }
  const axes = [...new Set(records.flatMap((r) => Object.keys(r.inputs)))];
  const points = records.map((r): ReportPoint => {
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
  points.sort(byInputs(axes));
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

function renderReport(r: SweepReport, plot: string | undefined): string {
  const rows = r.points.map((p) => [
    ...r.axes.map((a) =>
      typeof p.inputs[a] === 'number'
        ? formatNumber(p.inputs[a] as number)
        : String(p.inputs[a] ?? '—'),
    ),
    formatNumber(p.value),
    p.failed ? `✗ ${p.retcode}` : p.retcode,
  ]);
  const lines = [
    `kramers ${r.command}: ${r.points.length} points; ${r.quantity} over ${r.axes.join(' × ')}`,
    '',
    table([...r.axes, r.quantity, 'retcode'], rows),
    ...(plot ? ['', `plot: ${plot}`] : []),
    '',
    `retcode: ${r.retcode}`,
    ...warningLines(r.warnings),
  ];
  return `${lines.join('\n')}\n`;
}

/** `kramers sweep report FILE… [--quantity PATH] [--plot file.png]`. */
export function registerSweepReport(
  sweep: Command,
  io: CliIO,
  setExit: (code: number) => void,
): void {
  sweep
    .command('report')
    .description(
      'a table of one quantity over the swept axes, and a line (one axis) or heat map (two) with the failed points marked',
    )
    .argument('<files...>', 'stores written by kramers sweep (shards together)')
    .option(
      '--quantity <path>',
      "a number in each point's report, as a dotted path (default: its rate)",
    )
    .option('--plot <file>', 'draw it: file.svg or file.png')
    .option('--json', 'print one JSON object instead of a table')
    .action(
      async (files: string[], options: { quantity?: string; plot?: string; json?: boolean }) => {
        if (options.plot !== undefined) checkPlotFile(options.plot);
        const report = sweepReport(files, options.quantity);
        if (options.plot !== undefined) {
          const { writeSweepPlot } = await import('./sweepPlot.js');
          await writeSweepPlot(report, options.plot);
        }
        io.stdout(options.json ? toJson(report) : renderReport(report, options.plot));
        setExit(exitCodeOf(report.retcode));
      },
    );
}
