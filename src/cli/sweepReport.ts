import type { Command } from 'commander';
import {
  exactMethodOf,
  KramersError,
  parseQuantity,
  plainMagnitude,
  type SweepRecord,
  type SweepReport,
  sweepReportOf,
} from '../index.js';
import { countOf, formatNumber, table, warningLines } from './format.js';
import { type CliIO, exitCodeOf, toJson } from './options.js';
import { checkPlotFile } from './plotFile.js';
import { readSweepStore } from './sweepStores.js';

/**
 * A swept value's magnitude in SI with its kind (dimension and thermal part), so `sweep report`
 * sorts "300mK" < "0.5K" < "300K" rather than as text; undefined for text that is not a quantity.
 */
function unitMagnitude(text: string): { value: number; kind: string } | undefined {
  // A plain number ("0.2") sorts with the numbers of the axis, not apart as a dimensionless unit.
  const plain = plainMagnitude(text);
  if (plain) return plain;
  try {
    const q = parseQuantity(text);
    return Number.isFinite(q.value)
      ? { value: q.value, kind: JSON.stringify([q.dimension, q.thermal]) }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The report of one or more stores (the shards of one sweep together). */
export async function sweepReport(
  files: readonly string[],
  quantity?: string,
): Promise<SweepReport> {
  const records: SweepRecord[] = [];
  for (const file of files) records.push(...(await readSweepStore(file)));
  if (records.length === 0)
    throw new KramersError('usage', `${files.join(', ')}: no sweep records`);
  return sweepReportOf(records, quantity, unitMagnitude, exactMethodOf);
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
    `kramers ${r.command}: ${countOf(r.points.length, 'point')}; ${r.quantity} over ${r.axes.join(' × ')}`,
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
    .argument(
      '<files...>',
      'stores written by kramers sweep, JSON Lines or SQLite (shards together)',
    )
    .option(
      '--quantity <path>',
      "a number in each point's report, as a dotted path (default: its rate; for `kramers rate` the exact route's, the column its table compares against: methods.exact.rate, or methods.kleinKramers.rate underdamped; else the first method's)",
    )
    .option('--plot <file>', 'draw it: file.svg or file.png')
    .option('--json', 'print one JSON object instead of a table')
    .action(
      async (files: string[], options: { quantity?: string; plot?: string; json?: boolean }) => {
        if (options.plot !== undefined) checkPlotFile(options.plot);
        const report = await sweepReport(files, options.quantity);
        if (options.plot !== undefined) {
          const { writeSweepPlot } = await import('./sweepPlot.js');
          await writeSweepPlot(report, options.plot);
        }
        io.stdout(options.json ? toJson(report) : renderReport(report, options.plot));
        setExit(exitCodeOf(report.retcode));
      },
    );
}
