import { type Command, Option } from 'commander';
import {
  KramersError,
  type PresetReport,
  presetCatalog,
  runPreset,
  tableCellText,
} from '../index.js';
import { formatNumber, table, warningLines } from './format.js';
import { type CliIO, EXIT_SUCCESS, exitCodeOf, toJson } from './options.js';

/** `--set name=value`, repeatable; the value keeps its unit text (`50kJ/mol`). */
function setOption(text: string, previous: Record<string, string>): Record<string, string> {
  const match = /^\s*([A-Za-z_]\w*)\s*=\s*(.+?)\s*$/.exec(text);
  if (!match) {
    throw new KramersError(
      'invalid_parameter',
      `--set '${text}': write it as name=value with a unit, e.g. --set T=300K`,
      {
        issues: [{ path: 'set', message: `expected name=value, got '${text}'` }],
      },
    );
  }
  const name = match[1]!;
  if (Object.hasOwn(previous, name)) {
    throw new KramersError('invalid_parameter', `--set ${name} is given twice`, {
      issues: [{ path: name, message: 'given twice' }],
    });
  }
  const result: Record<string, string> = Object.create(null);
  Object.assign(result, previous);
  result[name] = match[2]!;
  return result;
}

function renderList(): string {
  const catalog = presetCatalog();
  const lines = ['Presets (kramers preset NAME [--set param=value]… [--json])', ''];
  lines.push(
    table(
      ['name', 'field', 'what it answers'],
      catalog.map((p) => [p.name, p.field, p.summary]),
    ),
  );
  lines.push('', 'Parameters (defaults; --set accepts any unit of the same dimension)');
  for (const p of catalog) {
    const reduced = p.reducedParameters
      .map((r) => ` | ${r.name} (${r.kind ? `instead of ${r.sets}` : `${r.symbol}, reduced`})`)
      .join('');
    lines.push(
      `  ${p.name}: ${p.parameters.map((q) => `${q.name}=${q.default}`).join(' ')}${reduced}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function unitText(value: number, unit: string): string {
  return unit === '1' ? `${formatNumber(value)} (unitless)` : `${formatNumber(value)} ${unit}`;
}

function renderReport(report: PresetReport): string {
  const lines: string[] = [];
  lines.push(report.title);
  lines.push(
    `  ${Object.entries(report.parameters)
      .map(([name, p]) => `${name} = ${p.text}`)
      .join('   ')}`,
  );
  lines.push('');
  lines.push(
    table(
      ['quantity', 'value', 'how'],
      report.results.map((r) => [r.label, r.text, r.method ?? '']),
    ),
  );
  for (const t of report.tables) {
    lines.push('', t.title);
    lines.push(
      table(
        [...t.columns],
        t.rows.map((row, i) => row.map((_, j) => tableCellText(t, i, j, formatNumber))),
      ),
    );
  }
  const p = report.problem;
  lines.push('', 'Reduced problem behind these numbers');
  const field =
    p.drift !== undefined
      ? `b(${p.drift.coordinates.join(', ')}) = (${p.drift.drift})`
      : `U(x) = ${p.potential}`;
  lines.push(
    `  ${field}   with ${Object.entries(p.parameters)
      .map(([k, v]) => `${k} = ${formatNumber(v, 8)}`)
      .join(', ')}`,
  );
  lines.push(
    p.drift !== undefined
      ? `  D = ${formatNumber(p.D, 8)}   dX = b dt + √(2D) dW   ${p.drift.coordinates.join(', ')}: ${p.coordinate}`
      : `  D = ${formatNumber(p.D, 8)}   γ = ${formatNumber(p.gamma, 8)}${p.mass !== undefined ? `   m = ${formatNumber(p.mass, 8)}` : ''}   x: ${p.coordinate}`,
  );
  lines.push(
    `  units: energy ${unitText(p.units.energy, p.units.energyUnit)}, length ${unitText(p.units.length, p.units.lengthUnit)}, time ${formatNumber(p.units.time)} s (${p.units.description})`,
  );
  lines.push(`  ${report.command}`);
  if (report.notes.length > 0) lines.push('', 'Notes', ...report.notes.map((n) => `  - ${n}`));
  // Only when something failed: a successful report prints as it always has.
  if (report.retcode !== 'success') lines.push('', `retcode: ${report.retcode}`);
  lines.push(...warningLines(report.warnings));
  return `${lines.join('\n')}\n`;
}

/** `kramers preset list` and `kramers preset NAME [--set p=v]… [--json]`. */
export function registerPreset(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('preset')
    .description(
      'named physical problems with units (chemistry, nanomagnets, Josephson junctions, ecology, gene switches, memory bits, proteins, neurons): `preset list`, `preset NAME`',
    )
    .argument('[name]', 'a preset name, or list (default)')
    .addOption(
      new Option('--set <param=value>', 'a parameter with its unit, e.g. T=300K (repeatable)')
        .argParser(setOption)
        .default({}, 'none'),
    )
    .option('--json', 'print one JSON object')
    .action(
      (name: string | undefined, options: { set: Record<string, string>; json?: boolean }) => {
        if (name === undefined || name === 'list') {
          if (Object.keys(options.set).length > 0) {
            throw new KramersError(
              'usage',
              '--set needs a preset name: kramers preset NAME --set …',
            );
          }
          io.stdout(options.json ? toJson({ presets: presetCatalog() }) : renderList());
          setExit(EXIT_SUCCESS);
        } else {
          const report = runPreset(name, options.set);
          io.stdout(options.json ? toJson(report) : renderReport(report));
          setExit(exitCodeOf(report.retcode));
        }
      },
    );
}
