import type { ResonanceReport } from '../index.js';
import { legendMarks, oneTwoFiveTick, PLOT_STYLE, writePlotFile } from './plotFile.js';

const CURVES = [
  ['twoState', 'two-state (Kramers rates)', '#d95f02'],
  ['linearResponse', 'linear response (FP spectrum)', '#000000'],
] as const;

/**
 * Stochastic-resonance figure: spectral amplification η and SNR against the noise D (log–log),
 * both theories as curves and the simulated points with their 95% CIs, the maxima marked.
 */
export function writeResonancePlot(report: ResonanceReport, file: string): Promise<void> {
  return writePlotFile(file, (Plot, document) => {
    const figure = (quantity: 'amplification' | 'snr') => {
      const lines: { D: number; value: number; curve: string }[] = [];
      for (const [key, name] of CURVES) {
        for (const row of report.rows) {
          const point = row[key];
          const value = point ? point[quantity] : null;
          if (typeof value === 'number' && value > 0) lines.push({ D: row.D, value, curve: name });
        }
      }
      const simulated = report.rows
        .filter((r) => r.simulated)
        .map((r) => ({
          D: r.D,
          value: r.simulated![quantity],
          lo:
            quantity === 'amplification'
              ? Math.max(r.simulated!.amplificationCI95[0], 1e-300)
              : null,
          hi: quantity === 'amplification' ? r.simulated!.amplificationCI95[1] : null,
        }))
        .filter((p) => p.value > 0);
      const colors = Object.fromEntries(CURVES.map(([, name, color]) => [name, color]));
      const legend: { name: string; color: string }[] = CURVES.map(([, name, color]) => ({
        name,
        color,
      }));
      if (simulated.length > 0) legend.push({ name: 'simulated (95% CI)', color: '#1f78b4' });
      const maxima = quantity === 'amplification' ? Object.entries(report.maximum) : [];
      const title =
        quantity === 'amplification'
          ? `Stochastic resonance: U = ${report.potential.expression} − ${report.amplitude}·(${report.coupling})·cos(${report.omega} t)`
          : 'Signal-to-noise ratio (mean-square signal / one-sided noise PSD at Ω)';
      return Plot.plot({
        document,
        width: 900,
        height: 420,
        marginTop: 44,
        marginLeft: 70,
        marginRight: 230,
        style: PLOT_STYLE,
        x: { type: 'log', label: 'noise D →', grid: true, tickFormat: oneTwoFiveTick },
        y: {
          type: 'log',
          label: quantity === 'amplification' ? '↑ spectral amplification η' : '↑ SNR',
          grid: true,
          tickFormat: oneTwoFiveTick,
        },
        marks: [
          Plot.line(lines, {
            x: 'D',
            y: 'value',
            z: 'curve',
            stroke: (d: { curve: string }) => colors[d.curve],
            strokeWidth: 1.8,
          }),
          Plot.link(
            simulated.filter((p) => p.lo !== null),
            { x1: 'D', x2: 'D', y1: 'lo', y2: 'hi', stroke: '#1f78b4', strokeWidth: 2 },
          ),
          Plot.dot(simulated, { x: 'D', y: 'value', fill: '#1f78b4', r: 3.5 }),
          ...maxima.map(([curve, m], i) =>
            Plot.text([m!], {
              frameAnchor: 'top-right',
              text: () => `D*(${curve}) = ${Number(m!.D.toPrecision(3))}`,
              textAnchor: 'start',
              dx: 12,
              dy: 80 + 18 * i,
            }),
          ),
          Plot.text([title], {
            frameAnchor: 'top-left',
            dy: -30,
            fontWeight: 'bold',
            textAnchor: 'start',
          }),
          ...legendMarks(Plot, legend),
        ],
      });
    };
    return [figure('amplification'), figure('snr')];
  });
}
