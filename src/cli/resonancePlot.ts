import { methodInfo, type ResonanceReport } from '../index.js';
import type { LegendEntry, PlotDocument, PlotModule } from './plotFile.js';
import {
  legendMarks,
  methodEntry,
  oneTwoFiveTick,
  PLOT_STYLE,
  simulatedEntry,
  writePlotFile,
} from './plotFile.js';

/** The theory curves, keyed as in the method catalogue (their labels and colours live there). */
const CURVES = ['twoState', 'linearResponse'] as const;

type Quantity = 'amplification' | 'snr';

/**
 * A maximum's curve by its catalogue name (the short one: the labels fill the margin already),
 * not the report's key: "D* (linear response)", not "D*(linearResponse)". The simulated curve
 * is the `simulation` method's.
 */
function maximumName(curve: string): string {
  return methodInfo(curve === 'simulated' ? 'simulation' : curve)?.short ?? curve;
}

/** The theory curves' points, each tagged with its legend name (positive values: log axes). */
function theoryPoints(report: ResonanceReport, quantity: Quantity) {
  const lines: { D: number; value: number; curve: string }[] = [];
  for (const key of CURVES) {
    const { name } = methodEntry(key);
    for (const row of report.rows) {
      const point = row[key];
      // An unreliable linear-response point (its error bound not small against η) is not drawn.
      const unreliable = key === 'linearResponse' && !row.linearResponse.reliable;
      const value = point && !unreliable ? point[quantity] : null;
      if (typeof value === 'number' && value > 0) lines.push({ D: row.D, value, curve: name });
    }
  }
  return lines;
}

/**
 * The simulated points with their 95% CIs. A CI reaching 0 or below has no end on a log axis: it
 * is drawn down to half the smallest positive value in the figure (it used to be cut at 1e-300,
 * which stretched the axis over 300 decades). `open`: the CI has no upper end (an SNR whose noise
 * is not resolved), drawn as an open marker with its bar up to the frame's edge.
 */
function simulatedPoints(report: ResonanceReport, quantity: Quantity, floor: number) {
  return report.rows
    .filter((r) => r.simulated)
    .map((r) => {
      const [lo, hi] = ciOf(r.simulated!, quantity);
      const open = !Number.isFinite(hi);
      return { D: r.D, value: r.simulated![quantity], lo: Math.max(lo, floor), hi, open };
    })
    .filter((p) => p.value > 0);
}

function ciOf(s: NonNullable<ResonanceReport['rows'][number]['simulated']>, quantity: Quantity) {
  return quantity === 'amplification' ? s.amplificationCI95 : s.snrCI95;
}

/** Half the smallest positive value of a figure's curves, points and interval ends. */
function logFloor(report: ResonanceReport, quantity: Quantity): number {
  const values = theoryPoints(report, quantity).map((p) => p.value);
  for (const row of report.rows) {
    if (!row.simulated) continue;
    values.push(row.simulated[quantity]);
    values.push(ciOf(row.simulated, quantity)[0]);
  }
  const positive = values.filter((v) => v > 0);
  return positive.length > 0 ? 0.5 * Math.min(...positive) : 1e-300;
}

/**
 * The top of a figure's y range: its largest curve value, point or finite interval end (Plot's
 * log scale spans exactly its data, so a bar drawn to it reaches the frame's top edge).
 */
function figureTop(
  lines: readonly { value: number }[],
  simulated: readonly { value: number; hi: number }[],
): number {
  const values = [...lines.map((p) => p.value), ...simulated.map((p) => p.value)];
  for (const p of simulated) if (Number.isFinite(p.hi)) values.push(p.hi);
  return Math.max(...values);
}

/**
 * Simulated points whose CI has no upper end: an open marker and a dashed bar from the lower end
 * up to the frame's top with an arrow. (A link to ∞ was dropped by Plot, leaving a filled dot
 * without a bar that looked precise.)
 */
function unboundedMarks(
  Plot: PlotModule,
  points: readonly { D: number; value: number; lo: number }[],
  top: number,
  color: string,
) {
  return [
    Plot.link(points, {
      x1: 'D',
      x2: 'D',
      y1: 'lo',
      y2: () => top,
      stroke: color,
      strokeWidth: 2,
      strokeDasharray: '5,3',
      markerEnd: 'arrow',
    }),
    Plot.dot(points, { x: 'D', y: 'value', fill: 'white', stroke: color, strokeWidth: 1.8, r: 4 }),
  ];
}

/** Each curve's D* in the right margin; ≈ where nothing bounds it (too few levels about it). */
function maximumMarks(Plot: PlotModule, maxima: ResonanceReport['maximum']) {
  return Object.entries(maxima).map(([curve, m], i) =>
    Plot.text([m], {
      frameAnchor: 'top-right',
      text: () =>
        `D* (${maximumName(curve)}) ${m.retcode === 'success' ? '=' : '≈'} ${Number(m.D.toPrecision(3))}`,
      textAnchor: 'start',
      dx: 12,
      dy: 80 + 18 * i,
    }),
  );
}

/** One log–log figure of η or the SNR against D: curves, simulated points, maxima, legend. */
function resonanceFigure(
  Plot: PlotModule,
  document: PlotDocument,
  report: ResonanceReport,
  quantity: Quantity,
) {
  const lines = theoryPoints(report, quantity);
  const simulated = simulatedPoints(report, quantity, logFloor(report, quantity));
  const legend: LegendEntry[] = CURVES.map(methodEntry);
  const colors = Object.fromEntries(legend.map((e) => [e.name, e.color]));
  const sim = simulatedEntry();
  if (simulated.length > 0) legend.push(sim);
  const bounded = simulated.filter((p) => !p.open);
  const unbounded = simulated.filter((p) => p.open);
  if (unbounded.length > 0) {
    legend.push({ name: '○ 95% CI unbounded above ↑', color: sim.color });
  }
  const maxima = quantity === 'amplification' ? report.maximum : {};
  const title =
    quantity === 'amplification'
      ? `Stochastic resonance: U = ${report.potential.expression} − ${report.amplitude}·(${report.coupling})·cos(${report.omega} t)`
      : 'Signal-to-noise ratio (mean-square signal / one-sided noise PSD at Ω)';
  return Plot.plot({
    document,
    // The right margin holds the catalogue's labels (the longest ~40 characters in bold).
    width: 960,
    height: 420,
    marginTop: 44,
    marginLeft: 70,
    marginRight: 300,
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
      Plot.link(bounded, {
        x1: 'D',
        x2: 'D',
        y1: 'lo',
        y2: 'hi',
        stroke: sim.color,
        strokeWidth: 2,
      }),
      ...unboundedMarks(Plot, unbounded, figureTop(lines, simulated), sim.color),
      Plot.dot(bounded, { x: 'D', y: 'value', fill: sim.color, r: 3.5 }),
      ...maximumMarks(Plot, maxima),
      Plot.text([title], {
        frameAnchor: 'top-left',
        dy: -30,
        fontWeight: 'bold',
        textAnchor: 'start',
      }),
      ...legendMarks(Plot, legend),
    ],
  });
}

/**
 * Stochastic-resonance figure: spectral amplification η and SNR against the noise D (log–log),
 * both theories as curves and the simulated points with their 95% CIs, the maxima marked.
 */
export function writeResonancePlot(report: ResonanceReport, file: string): Promise<void> {
  return writePlotFile(file, (Plot, document) => [
    resonanceFigure(Plot, document, report, 'amplification'),
    resonanceFigure(Plot, document, report, 'snr'),
  ]);
}
