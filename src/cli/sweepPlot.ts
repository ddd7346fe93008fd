import { KramersError, methodInfo, type ReportPoint, type SweepReport } from '../index.js';
import { formatNumber } from './format.js';
import {
  legendMarks,
  oneTwoFiveTick,
  PLOT_STYLE,
  type PlotModule,
  powerOfTenTick,
  writePlotFile,
} from './plotFile.js';

/** The colour of a quantity: its method's catalogue colour, when it is one method's rate. */
export function quantityColour(quantity: string): string {
  const method = /^methods\.([^.]+)\./.exec(quantity)?.[1];
  return (method && methodInfo(method as Parameters<typeof methodInfo>[0])?.colour) || '#1f77b4';
}

/** The colour failed points are marked in (red, used by no method in the catalogue's plots). */
const FAILED = '#d62728';

/** A log scale when every value is positive and they span a factor of 20 or more. */
function scaleOf(values: readonly number[]): 'log' | 'linear' {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0 || positive.length < values.length) return 'linear';
  return Math.max(...positive) / Math.min(...positive) >= 20 ? 'log' : 'linear';
}

/** Log ticks: powers of ten across many decades, 1-2-5 across one or two. */
function logTicks(values: readonly number[]) {
  const span = Math.log10(Math.max(...values) / Math.min(...values));
  return span > 2.5 ? powerOfTenTick : oneTwoFiveTick;
}

function axisOptions(label: string, values: readonly number[]) {
  const type = scaleOf(values);
  return type === 'log'
    ? { type, label, grid: true, tickFormat: logTicks(values) }
    : { type, label, grid: true };
}

const numeric = (points: readonly ReportPoint[], axis: string) =>
  points.map((p) => p.inputs[axis]).every((v) => typeof v === 'number');

/** One axis: the quantity as a line with dots; a failed point as a red ✗ on the axis. */
function linePlot(Plot: PlotModule, r: SweepReport, document: unknown) {
  const axis = r.axes[0]!;
  const good = r.points
    .filter((p) => !p.failed)
    .map((p) => ({ x: p.inputs[axis] as number, y: p.value! }));
  const bad = r.points
    .filter((p) => p.failed)
    .map((p) => ({ x: p.inputs[axis] as number, retcode: p.retcode }));
  const colour = quantityColour(r.quantity);
  return Plot.plot({
    document: document as never,
    width: 760,
    height: 440,
    marginLeft: 70,
    marginTop: 40,
    style: PLOT_STYLE,
    x: axisOptions(
      `${axis} →`,
      r.points.map((p) => p.inputs[axis] as number),
    ),
    y: axisOptions(
      `↑ ${r.quantity}`,
      good.map((g) => g.y),
    ),
    marks: [
      Plot.line(good, { x: 'x', y: 'y', stroke: colour, strokeWidth: 2 }),
      Plot.dot(good, { x: 'x', y: 'y', fill: colour, r: 3 }),
      Plot.dot(bad, {
        x: 'x',
        frameAnchor: 'bottom',
        symbol: 'times',
        stroke: FAILED,
        r: 6,
        strokeWidth: 2,
      }),
      Plot.text(
        [`kramers ${r.command}: ${r.quantity}${bad.length ? ` (✗ failed: ${bad.length})` : ''}`],
        {
          frameAnchor: 'top-left',
          dy: -28,
          fontWeight: 'bold',
          textAnchor: 'start',
        },
      ),
    ],
  });
}

/** The colour scale of a heat map: viridis over the value, or over its log10 across decades. */
function colourScale(values: readonly number[]) {
  const log = scaleOf(values) === 'log';
  const shown = values.map((v) => (log ? Math.log10(v) : v));
  const domain = [Math.min(...shown), Math.max(...shown)] as [number, number];
  if (domain[0] === domain[1]) domain[1] = domain[0] + 1;
  return { log, domain, of: (v: number) => (log ? Math.log10(v) : v) };
}

/**
 * The heat map's legend as a strip of its own (Observable Plot draws a continuous legend on a
 * canvas, which linkedom has not): 60 cells across the colour domain, on the same scale.
 */
function legendStrip(
  Plot: PlotModule,
  r: SweepReport,
  scale: ReturnType<typeof colourScale>,
  document: unknown,
) {
  const [lo, hi] = scale.domain;
  const bins = Array.from({ length: 60 }, (_, i) => ({
    a: lo + ((hi - lo) * i) / 60,
    b: lo + ((hi - lo) * (i + 1)) / 60,
    v: lo + ((hi - lo) * (i + 0.5)) / 60,
  }));
  return Plot.plot({
    document: document as never,
    width: 820,
    height: 64,
    marginLeft: 80,
    marginRight: 220,
    marginTop: 6,
    marginBottom: 36,
    style: PLOT_STYLE,
    x: { domain: scale.domain, label: `${scale.log ? 'log₁₀ ' : ''}${r.quantity} →` },
    y: { axis: null, domain: [0, 1] },
    color: { type: 'linear', scheme: 'viridis', domain: scale.domain },
    marks: [Plot.rect(bins, { x1: 'a', x2: 'b', y1: 0, y2: 1, fill: 'v', stroke: 'v', inset: 0 })],
  });
}

/** Two axes: a heat map of the quantity (log colours when it spans decades), ✗ for failed. */
function heatMap(Plot: PlotModule, r: SweepReport, document: unknown) {
  const [ax, ay] = r.axes as [string, string];
  const label = (v: unknown) => (typeof v === 'number' ? formatNumber(v, 3) : String(v));
  const domain = (axis: string) => [...new Set(r.points.map((p) => p.inputs[axis]))].map(label);
  const scale = colourScale(r.points.filter((p) => !p.failed).map((p) => p.value!));
  const cells = r.points.map((p) => ({
    x: label(p.inputs[ax]),
    y: label(p.inputs[ay]),
    v: p.failed ? null : scale.of(p.value!),
    failed: p.failed,
  }));
  const everyNth = (d: string[]) => {
    const step = Math.ceil(d.length / 12);
    return d.filter((_, i) => i % step === 0);
  };
  const failed = cells.filter((c) => c.failed);
  const map = Plot.plot({
    document: document as never,
    width: 820,
    height: 480,
    marginLeft: 80,
    marginRight: 220,
    marginBottom: 44,
    marginTop: 40,
    style: PLOT_STYLE,
    x: { type: 'band', domain: domain(ax), label: `${ax} →`, ticks: everyNth(domain(ax)) },
    y: {
      type: 'band',
      domain: domain(ay).reverse(),
      label: `↑ ${ay}`,
      ticks: everyNth(domain(ay)),
    },
    color: { type: 'linear', scheme: 'viridis', domain: scale.domain },
    marks: [
      Plot.cell(
        cells.filter((c) => !c.failed),
        { x: 'x', y: 'y', fill: 'v', inset: 0.5 },
      ),
      Plot.cell(failed, { x: 'x', y: 'y', fill: '#eeeeee', inset: 0.5 }),
      Plot.text(failed, {
        x: 'x',
        y: 'y',
        text: () => '✗',
        fill: FAILED,
        fontSize: 14,
        fontWeight: 'bold',
      }),
      Plot.text([`kramers ${r.command}: ${r.quantity} over ${ax} × ${ay}`], {
        frameAnchor: 'top-left',
        dy: -28,
        fontWeight: 'bold',
        textAnchor: 'start',
      }),
      ...legendMarks(
        Plot,
        failed.length > 0 ? [{ name: `✗ failed (${failed.length})`, color: FAILED }] : [],
      ),
    ],
  });
  return [map, legendStrip(Plot, r, scale, document)];
}

/** Draws a sweep report: a line over one numeric axis, a heat map over two axes. */
export function writeSweepPlot(r: SweepReport, file: string): Promise<void> {
  if (r.axes.length > 2 || (r.axes.length === 1 && !numeric(r.points, r.axes[0]!))) {
    throw new KramersError(
      'usage',
      `--plot draws one numeric axis or two axes; this sweep has ${r.axes.join(' × ')}`,
      {
        hint: 'report the table, or sweep fewer axes at once',
      },
    );
  }
  return writePlotFile(file, (Plot, document) =>
    r.axes.length === 1 ? linePlot(Plot, r, document) : heatMap(Plot, r, document),
  );
}
