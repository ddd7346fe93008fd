import { methodInfo, type PullReport, pullPlotSeries } from '../index.js';
import {
  type LegendEntry,
  legendMarks,
  methodEntry,
  PLOT_STYLE,
  type PlotDocument,
  type PlotModule,
  powerOfTenTick,
  simulatedEntry,
  writePlotFile,
} from './plotFile.js';

/** Colours of the loading rates in the density figure (they tell rates apart, not methods). */
const RATE_COLORS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d'];

type Series = ReturnType<typeof pullPlotSeries>;
type TheoryKey = 'bellEvans' | 'dhs' | 'exact';

/**
 * Legend entries of the theory curves of ⟨F⟩(r), from the method catalogue. The `exact` column
 * is the quasi-static rate of the route it ran (exact 1/MFPT, or Kramers with `--route kramers`),
 * drawn in the exact column's colour.
 */
function theoryEntries(report: PullReport): Record<TheoryKey, LegendEntry> {
  const route = methodInfo(report.rateRoute === 'kramers' ? 'kramers' : 'exact')!;
  return {
    bellEvans: methodEntry('bellEvans'),
    dhs: methodEntry('dhs'),
    exact: { name: `${route.label} (quasi-static)`, color: methodEntry('exact').color },
  };
}

const title = (Plot: PlotModule, text: string) =>
  Plot.text([text], { frameAnchor: 'top-left', dy: -30, fontWeight: 'bold', textAnchor: 'start' });

/** The bond the figure shows, for its title. */
function sourceText(report: PullReport): string {
  const b = report.bond;
  return report.source.kind === 'model'
    ? `${report.source.model} bond, ΔG‡ = ${Number(b.deltaG.toPrecision(4))}, x‡ = ${Number(b.xb.toPrecision(4))}, k0 = ${Number(b.k0.toPrecision(4))}, k_BT = ${b.D}`
    : `U = ${report.source.potential.expression}, D = ${b.D}`;
}

/**
 * A point of a theory curve of ⟨F⟩(r): its loading rate, ⟨F⟩ and the curve's legend name;
 * `bound` where the column is only a lower bound (bonds still intact where its rate stops: its
 * error is NaN), which the figure draws apart from the curve.
 */
interface TheoryPoint {
  readonly r: number;
  readonly F: number;
  readonly curve: string;
  readonly bound: boolean;
}

/** A vertical bar at loading rate r from lo to hi, with its tooltip. */
interface Bar {
  readonly r: number;
  readonly F: number;
  readonly lo: number;
  readonly hi: number;
  readonly title: string;
}

/** The theory curves' points: one per row with a value (Bell has no exact column). */
function theoryPoints(
  report: PullReport,
  series: Series,
  entries: Record<TheoryKey, LegendEntry>,
): TheoryPoint[] {
  return series.meanForceVsLogRate
    .filter((s) => s.method !== 'simulated')
    .flatMap((s) =>
      // The series' ln r is one per row (pullPlotSeries): the rate itself is the row's. exp(ln r)
      // put the last point at 999.9999999999998, so the axis stopped short of 1000 and dropped
      // its tick label.
      s.meanForce.flatMap((F, i) => {
        if (F === null) return [];
        const row = report.rows[i]!;
        const method = s.method as TheoryKey;
        const error = row.meanForceError[method];
        const bound = error !== null && Number.isNaN(error);
        return [{ r: row.loadingRate, F, curve: entries[method].name, bound }];
      }),
    );
}

/** The simulated means with their 95% CIs. */
function simulatedBars(report: PullReport): Bar[] {
  return report.rows.flatMap((row) => {
    const s = row.simulated;
    if (!s) return [];
    const [lo, hi] = s.meanForceCI95;
    // A lower bound's interval is open above: its bar ends at the bound.
    const top = Number.isFinite(hi) ? hi : s.meanForce;
    const upper = Number.isFinite(hi) ? Number(hi.toPrecision(5)) : '∞';
    const title = `95% CI [${Number(lo.toPrecision(5))}, ${upper}]`;
    return [{ r: row.loadingRate, F: s.meanForce, lo, hi: top, title }];
  });
}

/** Height in px of the ⟨F⟩ figure's plotting area: 400 less its top margin and Plot's bottom 30. */
const MEAN_FIGURE_INNER_HEIGHT = 400 - 44 - 30;

/**
 * The exact column's ⟨F⟩ ± its error bound, where the bar shows: one shorter than a pixel at the
 * figure's scale (its y domain is the extent of what it draws, Plot's default for a line) is left
 * out. On the linear-cubic bond the ± 3.5e-6 at r = 100 draws nothing, r = 1000's ± 0.34 (36% of
 * bonds intact at the cut) ±15 px. A lower bound (NaN error) has no bar.
 */
function exactBars(report: PullReport, points: TheoryPoint[], simulated: Bar[]): Bar[] {
  const bars = report.rows.flatMap((row) => {
    const F = row.meanForce.exact;
    const error = row.meanForceError.exact;
    if (F === null || error === null || !Number.isFinite(error) || error <= 0) return [];
    const title = `⟨F⟩ = ${Number(F.toPrecision(6))} ± ${Number(error.toPrecision(2))}`;
    return [{ r: row.loadingRate, F, lo: F - error, hi: F + error, title }];
  });
  const ys = [...points.map((p) => p.F), ...[...simulated, ...bars].flatMap((b) => [b.lo, b.hi])];
  const pixel = (Math.max(...ys) - Math.min(...ys)) / MEAN_FIGURE_INNER_HEIGHT;
  return bars.filter((b) => b.hi - b.lo >= pixel);
}

/** The legend entry of lower bounds, in neutral grey: the marker is the curve's colour. */
const LOWER_BOUND_ENTRY: LegendEntry = {
  name: '△ lower bound: ⟨F⟩ ≥ this',
  color: '#555555',
};

/**
 * Lower bounds of the theory columns (DHS past its F_c, the exact column with `--route kramers`):
 * open triangles pointing up in the curve's colour, off its line, so that no bound reads as a
 * value of ⟨F⟩. Before, they were points of the curves like any other.
 */
function boundMarks(Plot: PlotModule, bounds: TheoryPoint[], colors: Record<string, string>) {
  return Plot.dot(bounds, {
    x: 'r',
    y: 'F',
    symbol: 'triangle',
    r: 5,
    fill: 'white',
    stroke: (d: TheoryPoint) => colors[d.curve],
    strokeWidth: 1.8,
    title: (d: TheoryPoint) => `${d.curve}: ⟨F⟩ ≥ ${Number(d.F.toPrecision(6))} (lower bound)`,
    ariaDescription: 'lower bounds of ⟨F⟩',
  });
}

/** Vertical bars (the simulated CIs, the exact column's ±): links from lo to hi at r. */
function barMarks(Plot: PlotModule, bars: Bar[], color: string, description: string) {
  return Plot.link(bars, {
    x1: 'r',
    x2: 'r',
    y1: 'lo',
    y2: 'hi',
    stroke: color,
    strokeWidth: 2,
    title: 'title',
    ariaDescription: description,
  });
}

/**
 * ⟨F⟩ against the loading rate (log axis): a line per theory, the exact one with its error bars
 * where they show, simulated means with 95% CIs.
 */
function meanForceFigure(
  Plot: PlotModule,
  document: PlotDocument,
  report: PullReport,
  series: Series,
) {
  const entries = theoryEntries(report);
  const points = theoryPoints(report, series, entries);
  const lines = points.filter((p) => !p.bound);
  const bounds = points.filter((p) => p.bound);
  const simulated = simulatedBars(report);
  const exact = exactBars(report, points, simulated);
  const legend = Object.values(entries).filter((e) => points.some((l) => l.curve === e.name));
  const colors = Object.fromEntries(legend.map((e) => [e.name, e.color]));
  const sim = simulatedEntry();
  if (simulated.length > 0) legend.push(sim);
  if (bounds.length > 0) legend.push(LOWER_BOUND_ENTRY);
  return Plot.plot({
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
      boundMarks(Plot, bounds, colors),
      // Under the simulated CIs, which are narrower where both are drawn at one rate.
      barMarks(Plot, exact, entries.exact.color, 'exact ⟨F⟩ ± error bound'),
      barMarks(Plot, simulated, sim.color, 'simulated ⟨F⟩, 95% CI'),
      Plot.dot(simulated, { x: 'r', y: 'F', fill: sim.color, r: 3.5 }),
      title(Plot, `Force spectroscopy: ${sourceText(report)}`),
      ...legendMarks(Plot, legend),
    ],
  });
}

/** p(F) per loading rate (a colour each): exact solid, DHS dashed, simulated histogram points. */
function densityFigure(
  Plot: PlotModule,
  document: PlotDocument,
  report: PullReport,
  series: Series,
) {
  const rates = report.rows.map((row) => row.loadingRate);
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
    return h.counts.map((count, i) => ({
      F: 0.5 * (h.edges[i]! + h.edges[i + 1]!),
      p: count / (total * (h.edges[i + 1]! - h.edges[i]!)),
      color: rateColor(h.loadingRate),
    }));
  });
  return Plot.plot({
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
      title(Plot, 'Rupture-force densities: exact (solid), DHS (dashed), simulated (points)'),
      ...legendMarks(
        Plot,
        rates.map((r) => ({ name: `r = ${Number(r.toPrecision(3))}`, color: rateColor(r) })),
      ),
    ],
  });
}

/**
 * Force-spectroscopy figure: the mean rupture force against the loading rate (log axis) from each
 * theory, simulated means with 95% CIs; and the rupture-force densities p(F) per loading rate
 * (exact solid, DHS dashed), with the simulated forces as histogram points.
 */
export function writePullPlot(report: PullReport, file: string): Promise<void> {
  const series = pullPlotSeries(report);
  return writePlotFile(file, (Plot, document) => [
    meanForceFigure(Plot, document, report, series),
    densityFigure(Plot, document, report, series),
  ]);
}
