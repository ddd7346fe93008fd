import {
  type AnalysisReportND,
  coordinatesIn,
  type EscapeProblemND,
  KramersError,
  methodInfo,
  parseBox,
} from '../index.js';
import { formatFromLog, formatNumber, table, warningLines } from './format.js';
import { numberOption, type ProblemOptions } from './options.js';

/** The options of a problem in several coordinates, beside the shared ones. */
export interface CoordinateOptions {
  coords?: string;
}

/** `--coords x,y` as given, or the coordinates the expression uses (x, y and z), or null for x alone. */
export function coordinatesOf(
  source: string,
  options: ProblemOptions & CoordinateOptions,
): readonly string[] | null {
  if (options.coords !== undefined) {
    const names = options.coords.split(',').map((s) => s.trim());
    if (names.length < 2 || names.some((n) => n === '')) {
      throw new KramersError(
        'invalid_parameter',
        `--coords '${options.coords}': name two or more coordinates, e.g. --coords x,y`,
        { issues: [{ path: 'coords', message: 'expected two or more names' }] },
      );
    }
    return names;
  }
  const found = coordinatesIn(source, options.param);
  return found.length >= 2 ? found : null;
}

/** A number, or a matrix written row by row with commas (`--gamma 2,0.5,0.5,1`). */
function matrixOption(name: string, text: string): number | number[] {
  if (!text.includes(',')) return numberOption(name, text);
  return text.split(',').map((part) => numberOption(name, part));
}

/** The library problem in several coordinates described by the shared options and `--coords`. */
export function problemNDFromOptions(
  source: string,
  coordinates: readonly string[],
  options: ProblemOptions,
): EscapeProblemND {
  if (options.domain === undefined) {
    throw new KramersError(
      'invalid_domain',
      `U(${coordinates.join(', ')}) needs a box: one interval per coordinate`,
      {
        issues: [{ path: 'domain', message: 'missing' }],
        hint: `e.g. --domain ${coordinates.map(() => '-2:2').join(',')}`,
      },
    );
  }
  return {
    potential: source,
    coordinates,
    parameters: options.param,
    D: numberOption('D', options.D),
    ...(options.gamma !== undefined ? { gamma: matrixOption('gamma', options.gamma) } : {}),
    ...(options.mass !== undefined ? { mass: matrixOption('mass', options.mass) } : {}),
    domain: parseBox(options.domain, coordinates.length),
  };
}

function point(x: readonly number[]): string[] {
  return x.map((v) => formatNumber(v, 8));
}

function eigenvalues(values: readonly number[]): string {
  return values.map((v) => formatNumber(v, 5)).join(', ');
}

function stationaryTables(report: AnalysisReportND): string[] {
  const c = report.coordinates;
  const lines = ['', 'Minima'];
  lines.push(
    table(
      ['#', ...c, 'U', 'Hessian eigenvalues', ''],
      report.minima.map((m) => [
        String(m.index),
        ...point(m.x),
        formatNumber(m.U, 8),
        eigenvalues(m.hessianEigenvalues),
        m.degenerate ? 'degenerate' : '',
      ]),
    ),
  );
  lines.push('', 'Saddles (index 1) and the minima their steepest-descent paths reach');
  lines.push(
    report.saddles.length > 0
      ? table(
          ['#', ...c, 'U', 'λ₋', 'Hessian eigenvalues', 'connects'],
          report.saddles.map((s) => [
            String(s.id),
            ...point(s.x),
            formatNumber(s.U, 8),
            formatNumber(s.unstableEigenvalue, 6),
            eigenvalues(s.hessianEigenvalues),
            s.connects.map((e) => (e === null ? 'stalled' : String(e))).join(' ↔ '),
          ]),
        )
      : '  none in the box',
  );
  const others = report.stationaryPoints.filter((p) => p.kind !== 'minimum' && p.kind !== 'saddle');
  if (others.length > 0) {
    lines.push('', 'Other stationary points (no harmonic rate through them)');
    lines.push(
      table(
        [...c, 'U', 'index', 'kind'],
        others.map((p) => [...point(p.x), formatNumber(p.U, 8), String(p.index), p.kind]),
      ),
    );
  }
  return lines;
}

/** Column headings from the catalogue (no copy of a label here). */
function shortOf(key: string): string {
  return `${methodInfo(key)?.short ?? key} k`;
}

function transitionTable(report: AnalysisReportND): string[] {
  const inertial = report.transitions.some((t) => t.methods.kramersLanger !== undefined);
  const lines = ['', 'Transitions over each saddle: one-way escape rates k (1/time)'];
  if (report.transitions.length === 0) return [...lines, '  none'];
  const header = ['from', 'to', 'saddle', 'ΔU', 'ΔU/D', shortOf('tst'), shortOf('langer')];
  if (inertial) header.push(shortOf('kramersLanger'));
  const rows = report.transitions.map((t) => {
    const row = [
      String(t.from),
      String(t.to),
      String(t.saddle),
      formatNumber(t.deltaU, 8),
      formatNumber(t.barrierToNoise, 6),
      formatFromLog(t.logRates.tst),
      formatFromLog(t.logRates.langer),
    ];
    if (inertial) row.push(formatFromLog(t.logRates.kramersLanger));
    return row;
  });
  return [...lines, table(header, rows)];
}

function networkLines(report: AnalysisReportND): string[] {
  const { network } = report;
  const label = methodInfo(network.method)?.label ?? network.method;
  const lines = ['', `Rate network between the minima (${label} rates)`];
  lines.push(
    `  equilibrium populations: ${network.populations.map((p) => formatNumber(p, 6)).join(', ')}`,
  );
  lines.push(
    network.notApplicable
      ? `  relaxation rates: — (${network.notApplicable})`
      : network.relaxationRates.length > 0
        ? `  relaxation rates: ${network.relaxationRates.map((r) => formatNumber(r, 6)).join(', ')} (slowest first)`
        : '  one minimum: no relaxation between minima',
  );
  return lines;
}

/** The tables of `kramers analyze` for a potential in several coordinates. */
export function renderAnalysisND(report: AnalysisReportND): string {
  const c = report.coordinates;
  const lines = [`U(${c.join(', ')}) = ${report.potential.expression}`];
  const params = Object.entries(report.potential.parameters);
  if (params.length > 0) lines.push(`  with ${params.map(([k, v]) => `${k} = ${v}`).join(', ')}`);
  const box = report.domain.map((d, i) => `${c[i]} ∈ [${d.min}, ${d.max}]`).join(', ');
  const matrix = (v: number | readonly number[]) =>
    typeof v === 'number' ? formatNumber(v) : `[${v.map((e) => formatNumber(e)).join(', ')}]`;
  lines.push(
    `D = ${formatNumber(report.D)}   γ = ${matrix(report.gamma)}   m = ${matrix(report.mass)}   box ${box} (walls reflect)`,
  );
  lines.push(...stationaryTables(report), ...transitionTable(report), ...networkLines(report));
  lines.push(...warningLines(report.warnings));
  return `${lines.join('\n')}\n`;
}
