import { methodInfo, type TurnoverMethod, type TurnoverReport } from '../index.js';
import {
  legendMarks,
  PLOT_STYLE,
  type PlotModule,
  powerOfTenTick,
  writePlotFile,
} from './plotFile.js';

/** Curves in drawing order; labels and colours from the method catalogue. */
const CURVES: readonly TurnoverMethod[] = [
  'tst',
  'energyDiffusion',
  'spatialDiffusion',
  'kramers',
  'melnikovMeshkov',
  'kleinKramers',
];
const SERIES = CURVES.map((key) => {
  const info = methodInfo(key)!;
  return [key, info.label, info.colour] as const;
});
const label = (key: TurnoverMethod) => methodInfo(key)!.label;
const colour = (key: TurnoverMethod) => methodInfo(key)!.colour;
/** Limits drawn dashed: they run off to ±∞ on one side of the turnover. */
const LIMITS = new Set([label('tst'), label('kramers')]);
const EXACT = label('kleinKramers');
const THEORY = label('melnikovMeshkov');

/** An exact value the solver could not bring to its tolerance: drawn as a point with its error. */
export interface UnconvergedExactPoint {
  readonly gamma: number;
  readonly rate: number;
  /** rate ± the solver's error estimate (the lower end may be ≤ 0: clipped when drawn). */
  readonly lo: number;
  readonly hi: number;
}

/**
 * The exact column split for drawing: the curve runs through converged values only, in segments
 * that break at every unconverged one (a line through a value off by its own error bar would
 * show a dip or a bump the physics does not have: at γ ≈ 0.015 the capped solve has been off by
 * 250%), and the unconverged values are returned to be drawn as open points with error bars.
 */
export function exactSeries(report: TurnoverReport): {
  segments: { gamma: number; rate: number; segment: number }[];
  unconverged: UnconvergedExactPoint[];
} {
  const segments: { gamma: number; rate: number; segment: number }[] = [];
  const unconverged: UnconvergedExactPoint[] = [];
  let segment = 0;
  for (const row of report.rows) {
    const rate = row.rates.kleinKramers;
    if (typeof rate !== 'number' || !(rate > 0)) continue;
    if (row.retcodes.kleinKramers === 'success') {
      segments.push({ gamma: row.gamma, rate, segment });
      continue;
    }
    segment++;
    const error = row.errors.kleinKramers;
    const spread = typeof error === 'number' && Number.isFinite(error) ? error : rate;
    unconverged.push({ gamma: row.gamma, rate, lo: rate - spread, hi: rate + spread });
  }
  return { segments, unconverged };
}

/** Open points with error bars (clipped at the plot's floor) for the unconverged exact values. */
function unconvergedMarks(
  Plot: PlotModule,
  points: readonly UnconvergedExactPoint[],
  bottom: number,
) {
  return [
    Plot.link(
      points.map((p) => ({ ...p, lo: Math.max(p.lo, bottom) })),
      {
        x1: 'gamma',
        x2: 'gamma',
        y1: 'lo',
        y2: 'hi',
        stroke: colour('kleinKramers'),
        strokeWidth: 1,
        clip: true,
      },
    ),
    Plot.dot(points, {
      x: 'gamma',
      y: 'rate',
      stroke: colour('kleinKramers'),
      fill: 'white',
      r: 3.5,
      strokeWidth: 1.5,
      clip: true,
    }),
  ];
}

type Line = { gamma: number; rate: number; series: string; segment?: number };
type Interval = { gamma: number; rate: number; lo: number; hi: number };

/** Every curve's points (the exact one through converged values only) and its end label. */
function curveLines(report: TurnoverReport, exact: ReturnType<typeof exactSeries>) {
  const lines: Line[] = [];
  const labels: { gamma: number; rate: number; series: string; color: string }[] = [];
  for (const [key, name, color] of SERIES) {
    let last: { gamma: number; rate: number } | null = null;
    if (key === 'kleinKramers') {
      for (const p of exact.segments) lines.push({ ...p, series: name });
      last = exact.segments[exact.segments.length - 1] ?? null;
    } else {
      for (const row of report.rows) {
        const value = (row.rates as Record<string, unknown>)[key];
        if (typeof value !== 'number' || !(value > 0)) continue;
        lines.push({ gamma: row.gamma, rate: value, series: name });
        last = { gamma: row.gamma, rate: value };
      }
    }
    if (last) labels.push({ ...last, series: name, color });
  }
  return { lines, labels };
}

/** Simulated population-relaxation rates with their 95% CIs, and the well-to-well points. */
function simulatedPoints(report: TurnoverReport) {
  const relaxation: Interval[] = report.rows
    .filter((r) => typeof r.rates.relaxation === 'number' && r.ci95.relaxation)
    .map((r) => ({
      gamma: r.gamma,
      rate: r.rates.relaxation as number,
      lo: Math.max((r.ci95.relaxation as [number, number])[0], 1e-300),
      hi: (r.ci95.relaxation as [number, number])[1],
    }));
  const wellToWell = report.rows
    .filter((r) => typeof r.rates.simulation === 'number')
    .map((r) => ({ gamma: r.gamma, rate: r.rates.simulation as number }));
  return { relaxation, wellToWell };
}

/**
 * The rate axis: up to a few times TST (the limits run off to ±∞), down to half the lowest
 * turnover, exact or simulated value.
 */
function rateRange(lines: readonly Line[], relaxation: readonly Interval[]): [number, number] {
  const tst = Math.max(...lines.filter((l) => l.series === label('tst')).map((l) => l.rate));
  const low = lines
    .filter((l) => l.series === EXACT || l.series === THEORY)
    .map((l) => l.rate)
    .concat(relaxation.map((p) => p.lo));
  return [Math.min(...low) / 2, 4 * tst];
}

/** One legend line per curve drawn, then the point kinds present. */
function legendOf(
  labels: readonly { series: string }[],
  exact: ReturnType<typeof exactSeries>,
  points: ReturnType<typeof simulatedPoints>,
) {
  const legend: { name: string; color: string }[] = SERIES.filter(([, name]) =>
    labels.some((l) => l.series === name),
  ).map(([, name, color]) => ({ name, color }));
  if (exact.unconverged.length > 0) {
    legend.push({ name: '○ exact, not converged', color: colour('kleinKramers') });
  }
  if (points.relaxation.length > 0) {
    legend.push({ name: `${label('relaxation')}, 95% CI`, color: colour('relaxation') });
  }
  if (points.wellToWell.length > 0) {
    legend.push({ name: `○ ${label('simulation')} well→well`, color: colour('simulation') });
  }
  return legend;
}

/** Limits dashed, theories and the exact curve solid, each series in its catalogue colour. */
function curveMarks(Plot: PlotModule, lines: readonly Line[]) {
  const colors = Object.fromEntries(SERIES.map(([, name, color]) => [name, color]));
  return [true, false].map((dashed) =>
    Plot.line(
      lines.filter((l) => LIMITS.has(l.series) === dashed),
      {
        x: 'gamma',
        y: 'rate',
        z: (d: { series: string; segment?: number }) => `${d.series}|${d.segment ?? 0}`,
        stroke: (d: { series: string }) => colors[d.series],
        strokeWidth: (d: { series: string }) => (d.series === EXACT ? 2.5 : 1.5),
        ...(dashed ? { strokeDasharray: '5,4' } : {}),
        clip: true,
      },
    ),
  );
}

/** Simulated relaxation rates with CI bars, and the well-to-well rates as open circles. */
function simulatedMarks(Plot: PlotModule, points: ReturnType<typeof simulatedPoints>) {
  return [
    Plot.link(points.relaxation, {
      x1: 'gamma',
      x2: 'gamma',
      y1: 'lo',
      y2: 'hi',
      stroke: colour('relaxation'),
      strokeWidth: 2,
    }),
    Plot.dot(points.relaxation, { x: 'gamma', y: 'rate', fill: colour('relaxation'), r: 3.5 }),
  ];
}

function wellToWellMarks(Plot: PlotModule, points: ReturnType<typeof simulatedPoints>) {
  return Plot.dot(points.wellToWell, {
    x: 'gamma',
    y: 'rate',
    stroke: colour('simulation'),
    r: 4.5,
    strokeWidth: 1.5,
  });
}

/** The turnover's maximum, circled and named above the frame. */
function maximumMarks(Plot: PlotModule, max: TurnoverReport['maximum']) {
  if (!max) return [];
  return [
    Plot.dot([max], { x: 'gamma', y: 'rate', stroke: 'black', r: 6 }),
    Plot.text([max], {
      frameAnchor: 'top-left',
      text: () =>
        `○ maximum (${max.source}): γ* = ${Number(max.gamma.toPrecision(3))}, k* = ${Number(max.rate.toPrecision(3))}`,
      dy: -26,
      textAnchor: 'start',
    }),
  ];
}

/**
 * The turnover plot, log-log: every theory, the exact curve and simulated points with 95% CIs.
 * Observable Plot renders into a linkedom document (no browser); resvg turns the SVG into PNG.
 * Both are imported here only, when a plot is asked for, so other commands start fast.
 */
export function writeTurnoverPlot(report: TurnoverReport, file: string): Promise<void> {
  return writePlotFile(file, (Plot, document) => {
    const exact = exactSeries(report);
    const { lines, labels } = curveLines(report, exact);
    const points = simulatedPoints(report);
    const [bottom, top] = rateRange(lines, points.relaxation);
    const title = `Kramers turnover: U = ${report.potential.expression}, D = ${report.D}, ΔU/D = ${Number(report.barrierToNoise.toPrecision(3))}, m = ${report.mass}`;
    return Plot.plot({
      document,
      // The right margin holds the legend; its longest line, "simulated relaxation (BAOAB), 95%
      // CI" in bold, needs ~290 px (it was clipped at 210).
      width: 1000,
      height: 560,
      marginRight: 310,
      marginLeft: 70,
      style: PLOT_STYLE,
      marginTop: 64,
      x: { type: 'log', label: 'friction γ →', grid: true, tickFormat: powerOfTenTick },
      y: {
        type: 'log',
        label: `↑ one-way rate k${report.geometry === 'symmetric-double-well' ? ' (λ1 = 2k)' : ''}`,
        grid: true,
        domain: [bottom, top],
        tickFormat: powerOfTenTick,
      },
      marks: [
        ...curveMarks(Plot, lines),
        Plot.text([title], {
          frameAnchor: 'top-left',
          dy: -44,
          fontWeight: 'bold',
          textAnchor: 'start',
        }),
        // Legend in the right margin, one line per series.
        ...legendMarks(Plot, legendOf(labels, exact, points), 10, 20),
        ...simulatedMarks(Plot, points),
        ...unconvergedMarks(Plot, exact.unconverged, bottom),
        wellToWellMarks(Plot, points),
        ...maximumMarks(Plot, report.maximum),
      ],
    });
  });
}
