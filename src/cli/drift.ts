import {
  type DriftAnalysisReport,
  type DriftProblemND,
  type FixedPointND,
  KramersError,
  methodInfo,
  parseBox,
  type QuasiPotentialReport,
} from '../index.js';
import { formatFromLog, formatNumber, table, warningLines } from './format.js';
import { numberOption, type ProblemOptions } from './options.js';

/** The options of a drift problem, beside the shared ones. */
export interface DriftOptions extends ProblemOptions {
  drift?: string;
  coords?: string;
}

function coordinateNames(options: DriftOptions): string[] {
  if (options.coords === undefined) return ['x', 'y'];
  return options.coords.split(',').map((s) => s.trim());
}

/**
 * The library drift problem from `--drift "b_x, b_y"`, `--domain`, `--D`, `--param` and an
 * optional potential (the positional expression or --expr): with both, the drift must keep that
 * potential's Gibbs density; with the potential alone, the drift is −∇U.
 */
export function driftProblemFromOptions(
  positional: string | undefined,
  options: DriftOptions,
): DriftProblemND {
  if (positional !== undefined && options.expr !== undefined) {
    throw new KramersError(
      'usage',
      'give the potential once: as an argument or with --expr, not both',
    );
  }
  const coordinates = coordinateNames(options);
  if (options.domain === undefined) {
    throw new KramersError(
      'invalid_domain',
      'a drift problem needs a box: one interval per coordinate',
      {
        issues: [{ path: 'domain', message: 'missing' }],
        hint: `e.g. --domain ${coordinates.map(() => '-2:2').join(',')}`,
      },
    );
  }
  const potential = positional ?? options.expr;
  return {
    ...(options.drift !== undefined ? { drift: options.drift } : {}),
    ...(potential !== undefined ? { potential } : {}),
    coordinates,
    parameters: options.param,
    D: numberOption('D', options.D),
    domain: parseBox(options.domain, coordinates.length),
  };
}

function point(x: readonly number[]): string[] {
  return x.map((v) => formatNumber(v, 8));
}

function eigenvalueText(p: FixedPointND): string {
  return p.eigenvalues
    .map((v) =>
      v.im === 0
        ? formatNumber(v.re, 5)
        : `${formatNumber(v.re, 5)} ${v.im < 0 ? '−' : '+'} ${formatNumber(Math.abs(v.im), 5)}i`,
    )
    .join(', ');
}

function fixedPointTable(coordinates: readonly string[], points: readonly FixedPointND[]): string {
  return table(
    ['#', ...coordinates, 'kind', 'Jacobian eigenvalues'],
    points.map((p) => [String(p.index), ...point(p.x), p.kind, eigenvalueText(p)]),
  );
}

function headerLines(
  coordinates: readonly string[],
  summary: DriftAnalysisReport['drift'],
): string[] {
  const lines = [`b(${coordinates.join(', ')}) = (${summary.drift})`];
  if (summary.potential !== undefined)
    lines.push(`  keeping the Gibbs density of U = ${summary.potential}`);
  const params = Object.entries(summary.parameters);
  if (params.length > 0) lines.push(`  with ${params.map(([k, v]) => `${k} = ${v}`).join(', ')}`);
  return lines;
}

/** The tables of `kramers analyze --drift`. */
export function renderDriftAnalysis(report: DriftAnalysisReport): string {
  const c = report.coordinates;
  const lines = headerLines(c, report.drift);
  const box = report.domain.map((d, i) => `${c[i]} ∈ [${d.min}, ${d.max}]`).join(', ');
  lines.push(`dX = b dt + √(2D) dW, D = ${formatNumber(report.D)}, fixed points sought in ${box}`);
  lines.push(
    report.gradient
      ? '  the drift is a gradient (curl-free on the box)'
      : report.rotation !== null
        ? `  b = −(I + M)∇U with M = [[0, m], [−m, 0]], m = ${formatNumber(report.rotation, 8)}`
        : '  the drift has a curl: not a gradient',
  );
  lines.push('', 'Fixed points', fixedPointTable(c, report.fixedPoints));
  const ek = methodInfo('eyringKramersGibbs')?.short ?? 'eyringKramersGibbs';
  lines.push(
    '',
    'Escapes to each stable point a saddle joins (its parallel saddles: k sums them, listed as 2+3): quasi-potential ΔΦ (gMAM) and one-way rates k (1/time)',
  );
  lines.push(
    report.escapes.length > 0
      ? table(
          ['from', 'to', 'saddle', 'ΔΦ', '± error', 'S = 2ΔΦ', 'ΔΦ/D', 'paths split', `${ek} k`],
          report.escapes.map((e) => [
            String(e.from),
            e.to === null ? '–' : String(e.to),
            e.saddles.join('+'),
            formatNumber(e.quasiPotential, 10),
            formatNumber(e.error, 2),
            formatNumber(e.action, 10),
            formatNumber(e.barrierToNoise, 5),
            e.bifurcation ? 'yes' : 'no',
            formatFromLog(e.methods.eyringKramersGibbs.logRate),
          ]),
        )
      : '  none',
  );
  const routeWarnings = report.escapes.flatMap((e) =>
    Object.values(e.methods).flatMap((m) =>
      m.warnings.map((w) => `escape from ${e.from}${e.to === null ? '' : ` to ${e.to}`}: ${w}`),
    ),
  );
  lines.push(...warningLines([...report.warnings, ...new Set(routeWarnings)]));
  return `${lines.join('\n')}\n`;
}

/** The tables of `kramers path --method gmam`. */
export function renderQuasiPotential(report: QuasiPotentialReport): string {
  const c = report.coordinates;
  const lines = headerLines(c, report.drift);
  lines.push(
    `minimum action path (gMAM) from fixed point ${report.from.index} (${report.from.kind}) to saddle ${report.saddle.index}`,
    `quasi-potential barrier ΔΦ = ${formatNumber(report.quasiPotential, 10)} ± ${formatNumber(report.error, 2)} (rates ∝ e^{−ΔΦ/D}); action S = 2ΔΦ = ${formatNumber(report.action, 10)} (rates ∝ e^{−S/ε} for √ε noise)`,
    `images ${report.intervals.map((n) => n + 1).join(' → ')}; ${report.bifurcation ? 'the path has split: branches below' : 'one path'}`,
  );
  if (report.branches.length > 1 || report.bifurcation) {
    lines.push(
      '',
      'Branches (distinct converged curves)',
      table(
        ['ΔΦ', '± error', 'largest offset from the straight line', 'copies'],
        report.branches.map((b) => [
          formatNumber(b.quasiPotential, 10),
          formatNumber(b.error, 2),
          b.offset < 1e-12 ? '0' : formatNumber(b.offset, 6),
          String(b.multiplicity),
        ]),
      ),
    );
  }
  const step = Math.max(1, Math.floor(report.path.length / 16));
  const rows = report.path.filter((_, k) => k % step === 0 || k === report.path.length - 1);
  lines.push(
    '',
    'The path (--json gives every image)',
    table(
      ['s', ...c],
      rows.map((q) => [formatNumber(q.s, 6), ...point(q.x)]),
    ),
  );
  lines.push(...warningLines(report.warnings));
  return `${lines.join('\n')}\n`;
}
