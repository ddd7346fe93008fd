import { type PullReport, pullPlotSeries } from '../index.js';
import { legendMarks, PLOT_STYLE, powerOfTenTick, writePlotFile } from './plotFile.js';

const METHODS = [
  ['bellEvans', 'Bell–Evans', '#7570b3'],
  ['dhs', 'Dudko–Hummer–Szabo', '#d95f02'],
  ['exact', 'exact (quasi-static 1/MFPT)', '#000000'],
] as const;
const SIMULATED = '#1f78b4';
const RATE_COLORS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d'];

/**
 * Force-spectroscopy figure: the mean rupture force against the loading rate (log axis) from each
 * theory, simulated means with 95% CIs; and the rupture-force densities p(F) per loading rate
 * (exact solid, DHS dashed), with the simulated forces as histogram points.
 */
export function writePullPlot(report: PullReport, file: string): Promise<void> {
  const series = pullPlotSeries(report);
  return writePlotFile(file, (Plot, document) => {
    const names = Object.fromEntries(METHODS.map(([key, name]) => [key, name]));
    const colors = Object.fromEntries(METHODS.map(([, name, color]) => [name, color]));
    const lines = series.meanForceVsLogRate
      .filter((s) => s.method !== 'simulated')
      .flatMap((s) =>
        s.logLoadingRate.flatMap((lr, i) =>
          s.meanForce[i] === null
            ? []
            : [{ r: Math.exp(lr), F: s.meanForce[i] as number, curve: names[s.method] as string }],
        ),
      );
    const simulated = report.rows
      .filter((row) => row.simulated)
      .map((row) => ({
        r: row.loadingRate,
        F: row.simulated!.meanForce,
        lo: row.simulated!.meanForceCI95[0],
        hi: row.simulated!.meanForceCI95[1],
      }));
    const legend: { name: string; color: string }[] = METHODS.filter(([key]) =>
      lines.some((l) => l.curve === names[key]),
    ).map(([, name, color]) => ({ name, color }));
    if (simulated.length > 0) legend.push({ name: 'simulated (95% CI)', color: SIMULATED });
    const source =
      report.source.kind === 'model'
        ? `${report.source.model} bond, ΔG‡ = ${Number(report.bond.deltaG.toPrecision(4))}, x‡ = ${Number(report.bond.xb.toPrecision(4))}, k0 = ${Number(report.bond.k0.toPrecision(4))}, k_BT = ${report.bond.D}`
        : `U = ${report.source.potential.expression}, D = ${report.bond.D}`;
    const title = (text: string) =>
      Plot.text([text], {
        frameAnchor: 'top-left',
        dy: -30,
        fontWeight: 'bold',
        textAnchor: 'start',
      });

    const meanFigure = Plot.plot({
      document,
      width: 900,
      height: 400,
      marginTop: 44,
      marginLeft: 70,
      marginRight: 250,
      style: PLOT_STYLE,
      x: { type: 'log', label: 'loading rate r = dF/dt →', grid: true, tickFormat: powerOfTenTick },
      y: { label: '↑ mean rupture force ⟨F⟩', grid: true },
      marks: [
        Plot.line(lines, {
          x: 'r',
          y: 'F',
          z: 'curve',
          stroke: (d: { curve: string }) => colors[d.curve],
          strokeWidth: 1.8,
          marker: 'circle',
        }),
        Plot.link(simulated, {
          x1: 'r',
          x2: 'r',
          y1: 'lo',
          y2: 'hi',
          stroke: SIMULATED,
          strokeWidth: 2,
        }),
        Plot.dot(simulated, { x: 'r', y: 'F', fill: SIMULATED, r: 3.5 }),
        title(`Force spectroscopy: ${source}`),
        ...legendMarks(Plot, legend),
      ],
    });

    const rates = report.rows.map((row) => row.loadingRate);
    const rateName = (r: number) => `r = ${Number(r.toPrecision(3))}`;
    const rateColor = (r: number) => RATE_COLORS[rates.indexOf(r) % RATE_COLORS.length]!;
    const densities = series.densities
      .filter((d) => d.method !== 'bellEvans')
      .flatMap((d) =>
        d.force.map((F, i) => ({
          F,
          p: d.density[i]!,
          curve: `${d.method} ${d.loadingRate}`,
          method: d.method,
          color: rateColor(d.loadingRate),
        })),
      );
    const histogramPoints = series.histograms.flatMap((h) => {
      const total = h.counts.reduce((a, b) => a + b, 0);
      return h.counts.map((count, i) => {
        const width = h.edges[i + 1]! - h.edges[i]!;
        return {
          F: 0.5 * (h.edges[i]! + h.edges[i + 1]!),
          p: count / (total * width),
          color: rateColor(h.loadingRate),
        };
      });
    });
    const densityFigure = Plot.plot({
      document,
      width: 900,
      height: 400,
      marginTop: 44,
      marginLeft: 70,
      marginRight: 250,
      style: PLOT_STYLE,
      x: { label: 'rupture force F →', grid: true },
      y: { label: '↑ density p(F)', grid: true },
      marks: [
        Plot.line(
          densities.filter((d) => d.method === 'exact'),
          { x: 'F', y: 'p', z: 'curve', stroke: 'color', strokeWidth: 1.8 },
        ),
        Plot.line(
          densities.filter((d) => d.method === 'dhs'),
          { x: 'F', y: 'p', z: 'curve', stroke: 'color', strokeWidth: 1.4, strokeDasharray: '5,4' },
        ),
        Plot.dot(histogramPoints, { x: 'F', y: 'p', stroke: 'color', r: 2.5 }),
        title('Rupture-force densities: exact (solid), DHS (dashed), simulated (points)'),
        ...legendMarks(
          Plot,
          rates.map((r) => ({ name: rateName(r), color: rateColor(r) })),
        ),
      ],
    });
    return [meanFigure, densityFigure];
  });
}
