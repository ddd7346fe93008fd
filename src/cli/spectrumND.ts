import { type SpectrumReportND, spectrumND } from '../index.js';
import { problemNDFromOptions } from './analyzeND.js';
import { formatNumber, table, warningLines } from './format.js';
import { indexOption, type ProblemOptions } from './options.js';
import { gridOptions, type NDOptions } from './rateND.js';

/** The tables of `kramers spectrum` in several coordinates. */
export function renderSpectrumND(report: SpectrumReportND): string {
  const c = report.coordinates;
  const box = report.box.map((d, i) => `${c[i]} ∈ [${d.min}, ${d.max}]`).join(', ');
  const lines = [
    `U(${c.join(', ')}) = ${report.potential.expression}   D = ${formatNumber(report.D)}   box ${box} (walls reflect)`,
    `grids ${report.grids.map((g) => `${g.nx}×${g.ny}`).join(', ')}, Richardson-extrapolated`,
    '',
    'Eigenvalues of the Smoluchowski operator',
    table(
      ['k', 'λ_k', '± error', '1/λ_k'],
      report.eigenvalues.map((l, k) => [
        String(k),
        formatNumber(l, 10),
        formatNumber(report.errors[k], 2),
        formatNumber(report.relaxationTimes[k] ?? null, 6),
      ]),
    ),
  ];
  if (report.network) {
    lines.push(
      '',
      `slowest relaxation rate λ1 = ${formatNumber(report.slowestRelaxationRate, 8)}; from the Langer rate network: ${report.network.notApplicable ? `— (${report.network.notApplicable})` : report.network.relaxationRates.map((r) => formatNumber(r, 6)).join(', ')}`,
    );
  }
  lines.push(...warningLines(report.warnings));
  return `${lines.join('\n')}\n`;
}

/** `kramers spectrum` on a problem in several coordinates. */
export function runSpectrumND(
  source: string,
  coordinates: readonly string[],
  options: ProblemOptions & Pick<NDOptions, 'grid' | 'tolerance'> & { n: string },
  budget: { budgetSeconds?: number },
): SpectrumReportND {
  return spectrumND({
    ...problemNDFromOptions(source, coordinates, options),
    n: indexOption('n', options.n),
    ...gridOptions(options),
    ...budget,
  });
}
