import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { placeLabels, polylineMeets, type Rect } from './labels.js';

export interface SeriesSpec {
  readonly label: string;
  readonly color: string;
  readonly width?: number;
  readonly dash?: number[];
  /** Markers only, no line. */
  readonly pointsOnly?: boolean;
  /**
   * Open (hollow) markers: points that are not precise, e.g. a simulated SNR whose CI has no
   * upper end (the CLI's resonance plot draws them so too, src/cli/resonancePlot.ts).
   */
  readonly open?: boolean;
  /** Drawn as bars (histograms). */
  readonly bars?: boolean;
}

/**
 * A dashed segment (y null: from the bottom to the top of the plot, a vertical marker) with an
 * optional label placed beside it where it covers no curve (labels.ts); `dy` is the preferred
 * row below the top for a vertical marker's label.
 */
export interface Mark {
  readonly x1: number;
  readonly y1: number | null;
  readonly x2: number;
  readonly y2: number | null;
  readonly color: string;
  readonly label?: string;
  readonly dy?: number;
  /** A vertical marker's label only on this side of it (default: either). */
  readonly side?: 'left' | 'right';
  /** An arrowhead at the second end: the segment goes on past it (a CI without an upper end). */
  readonly arrow?: boolean;
}

export interface PlotSpec {
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly SeriesSpec[];
  /** data[0] = x, then one array per series (null = gap). */
  readonly data: (number | null)[][];
  readonly yRange?: [number, number];
  /** Logarithmic x axis (positive x only), e.g. a noise scan on a log grid. */
  readonly xLog?: boolean;
  /** Annotations in data coordinates, drawn on the canvas and in the SVG export alike. */
  readonly marks?: readonly Mark[];
}

function download(name: string, blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export function downloadText(name: string, text: string, type: string): void {
  download(name, new Blob([text], { type }));
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

function ticks(min: number, max: number, count = 5): number[] {
  const span = max - min;
  if (!(span > 0)) return [min];
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= step0) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + 1e-9 * span; t += step) {
    out.push(Number(t.toPrecision(12)));
  }
  return out;
}

/**
 * A uPlot chart with exports: PNG (the canvas), SVG (the same series redrawn as vectors) and CSV
 * (the data). Updating with the same series keeps the chart and only swaps the data (fast
 * repaint); a different set of series rebuilds it.
 */
export class Plot {
  private u: uPlot | null = null;
  private spec: PlotSpec | null = null;
  private signature = '';
  readonly element: HTMLElement;

  constructor(
    private readonly name: string,
    title: string,
  ) {
    this.element = document.createElement('figure');
    this.element.className = 'plot';
    const caption = document.createElement('figcaption');
    caption.textContent = title;
    const tools = document.createElement('span');
    tools.className = 'tools';
    for (const [label, action] of [
      ['PNG', () => this.exportPng()],
      ['SVG', () => this.exportSvg()],
      ['CSV', () => this.exportCsv()],
    ] as const) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.setAttribute('aria-label', `export ${title} as ${label}`);
      b.addEventListener('click', action);
      tools.append(b);
    }
    caption.append(tools);
    this.element.append(caption);
    new ResizeObserver(() => {
      if (this.u) this.u.setSize(this.size());
    }).observe(this.element);
  }

  private size() {
    const width = Math.max(260, this.element.clientWidth - 8);
    return { width, height: Math.round(Math.min(340, Math.max(200, width * 0.5))) };
  }

  /** Removes the chart (its numbers belonged to inputs that are gone); exports give nothing. */
  clear(): void {
    this.u?.destroy();
    this.u = null;
    this.spec = null;
    this.signature = '';
  }

  update(spec: PlotSpec): void {
    this.spec = spec;
    const signature = JSON.stringify([
      spec.series.map((s) => s.label),
      spec.xLabel,
      spec.yLabel,
      spec.yRange ?? null,
      spec.xLog ?? false,
    ]);
    const data = spec.data as uPlot.AlignedData;
    if (this.u && signature === this.signature) {
      this.u.setData(data, true);
      return;
    }
    this.u?.destroy();
    this.signature = signature;
    const opts: uPlot.Options = {
      ...this.size(),
      scales: {
        x: spec.xLog ? { time: false, distr: 3 } : { time: false },
        y: spec.yRange ? { range: spec.yRange } : {},
      },
      axes: [
        { label: spec.xLabel, stroke: '#334' },
        { label: spec.yLabel, stroke: '#334', size: 60 },
      ],
      legend: {
        live: false,
        // A point series' swatch is its marker, filled or open (markLegend rounds it), not a
        // line's square: the open SNR points had the same swatch as the precise ones.
        markers: { fill: (_u, i) => swatchFill(spec.series[i - 1]) },
      },
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: spec.xLabel },
        ...spec.series.map(
          (s): uPlot.Series => ({
            label: s.label,
            stroke: s.color,
            width: s.width ?? 2,
            ...(s.dash ? { dash: s.dash } : {}),
            ...(s.pointsOnly
              ? { paths: () => null, points: { show: true, size: 9, fill: markerFill(s) } }
              : { points: { show: false } }),
            ...(s.bars
              ? { paths: uPlot.paths.bars!({ size: [0.95, 100] }), fill: `${s.color}55` }
              : {}),
            spanGaps: false,
          }),
        ),
      ],
      hooks: { draw: [(u) => this.drawMarks(u)] },
    };
    this.u = new uPlot(opts, data, this.element);
    this.markLegend(spec.series);
  }

  /** The legend's swatches of point series as their markers: round, `data-marker` open/filled. */
  private markLegend(series: readonly SeriesSpec[]): void {
    // Rows found by their label (the x series has a row only in a live legend).
    const rows = [...this.element.querySelectorAll<HTMLElement>('.u-legend .u-series')];
    const labelOf = (row: HTMLElement) => row.querySelector('.u-label')?.textContent;
    for (const s of series) {
      const row = rows.find((r) => labelOf(r) === s.label);
      const swatch = row?.querySelector<HTMLElement>('.u-marker');
      if (!swatch || !s.pointsOnly) continue;
      swatch.style.borderRadius = '50%';
      swatch.dataset['marker'] = s.open ? 'open' : 'filled';
    }
  }

  /** The marks over the series, then their labels where they cover no curve (labels.ts). */
  private drawMarks(u: uPlot): void {
    const marks = this.spec?.marks;
    if (!marks?.length) return;
    const ctx = u.ctx;
    const dpr = devicePixelRatio || 1;
    const frame = { x: u.bbox.left, y: u.bbox.top, w: u.bbox.width, h: u.bbox.height };
    ctx.save();
    // Marks (e.g. a CI beyond the y range) stay inside the plotting area.
    ctx.beginPath();
    ctx.rect(frame.x, frame.y, frame.w, frame.h);
    ctx.clip();
    ctx.font = `${12 * dpr}px sans-serif`;
    ctx.lineWidth = dpr;
    ctx.setLineDash([3 * dpr, 3 * dpr]);
    const px = (x: number) => u.valToPos(x, 'x', true);
    const py = (y: number) => u.valToPos(y, 'y', true);
    for (const m of marks) {
      const [x1, y1, x2, y2] = markEnds(m, px, py, frame);
      ctx.strokeStyle = m.color;
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x2, y2);
      ctx.stroke();
      if (m.arrow) {
        const [a, b, c] = arrowHead(x1, y1, x2, y2, 7 * dpr);
        ctx.fillStyle = m.color;
        ctx.beginPath();
        ctx.moveTo(a[0], a[1]);
        ctx.lineTo(b[0], b[1]);
        ctx.lineTo(c[0], c[1]);
        ctx.fill();
      }
    }
    // Labels last, each on a light backing where no curve or other label is.
    const layout = this.labelLayout(px, py, frame, dpr, (t) => ctx.measureText(t).width);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (const { mark, box } of layout) {
      ctx.fillStyle = LABEL_BACKING;
      ctx.fillRect(box.x, box.y, box.w, box.h);
      ctx.fillStyle = mark.color;
      ctx.fillText(mark.label!, box.x + LABEL_INSET * dpr, box.y + box.h / 2);
    }
    ctx.restore();
    // For tests: where each label went (CSS pixels on the canvas) and what it covers there.
    const css = (v: number) => Number((v / dpr).toFixed(1));
    this.element.dataset['labels'] = JSON.stringify({
      frame: [frame.x, frame.y, frame.w, frame.h].map(css),
      labels: layout.map(({ mark, box, covers, crosses }) => ({
        text: mark.label,
        box: [box.x, box.y, box.w, box.h].map(css),
        covers,
        crosses,
      })),
    });
  }

  /**
   * Where each labelled mark's label goes (labels.ts): the series as drawn, the markers and the
   * marks' own lines are the obstacles. `scale` is pixels per CSS pixel.
   */
  private labelLayout(
    px: (x: number) => number,
    py: (y: number) => number,
    frame: Rect,
    scale: number,
    measure: (text: string) => number,
    avoid: readonly Rect[] = [],
  ): { mark: Mark; box: Rect; covers: number; crosses: string[] }[] {
    const spec = this.spec;
    // A mark off the plotted range is not drawn: neither is its label.
    const inside = (x: number, y: number) =>
      x >= frame.x - 0.5 &&
      x <= frame.x + frame.w + 0.5 &&
      y >= frame.y - 0.5 &&
      y <= frame.y + frame.h + 0.5;
    const labelled =
      spec?.marks?.filter((m) => {
        const [x1, y1, x2, y2] = markEnds(m, px, py, frame);
        return m.label && (inside(x1, y1) || inside(x2, y2));
      }) ?? [];
    if (!spec || labelled.length === 0) return [];
    const { curves, names, weights, points } = drawnSeries(spec, px, py);
    const marks = spec.marks ?? [];
    const segments = marks.map((m) => markEnds(m, px, py, frame));
    const inset = LABEL_INSET * scale;
    const placed = placeLabels(
      labelled.map((m) => {
        const [x1, y1, x2, y2] = markEnds(m, px, py, frame);
        return {
          x1,
          y1,
          x2,
          y2,
          vertical: m.y1 === null && m.y2 === null,
          width: measure(m.label!) + 2 * inset,
          row: m.dy ?? 0,
          ...(m.side ? { side: m.side } : {}),
        };
      }),
      { frame, lineHeight: 15 * scale, gap: 4 * scale, curves, weights, points, segments, avoid },
    );
    return labelled.map((mark, i) => {
      const { box, covers } = placed[i]!;
      const crosses = names.filter((_, k) => polylineMeets(curves[k]!, box) > 0);
      return { mark, box, covers, crosses };
    });
  }

  exportPng(): void {
    const canvas = this.u?.ctx.canvas;
    if (!canvas) return;
    canvas.toBlob((blob) => {
      if (blob) download(`${this.name}.png`, blob);
    }, 'image/png');
  }

  /** The series redrawn as SVG polylines on the chart's current scales. */
  svg(): string {
    const spec = this.spec;
    const u = this.u;
    if (!spec || !u) return '';
    const W = 720;
    const H = 400;
    const m = { l: 70, r: 20, t: 20, b: 50 };
    const xMin = u.scales['x']!.min!;
    const xMax = u.scales['x']!.max!;
    const yMin = u.scales['y']!.min!;
    const yMax = u.scales['y']!.max!;
    // The SVG uses the chart's own x mapping (linear or logarithmic).
    const fx = spec.xLog ? Math.log : (x: number) => x;
    const px = (x: number) => m.l + ((fx(x) - fx(xMin)) / (fx(xMax) - fx(xMin))) * (W - m.l - m.r);
    const py = (y: number) => H - m.b - ((y - yMin) / (yMax - yMin)) * (H - m.t - m.b);
    const parts: string[] = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
      `<rect width="${W}" height="${H}" fill="white"/>`,
      `<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#889"/>`,
    ];
    const xTicks = spec.xLog
      ? ticks(Math.log10(xMin), Math.log10(xMax)).map((e) => Number((10 ** e).toPrecision(3)))
      : ticks(xMin, xMax);
    for (const t of xTicks) {
      parts.push(
        `<text x="${px(t)}" y="${H - m.b + 16}" text-anchor="middle">${t}</text>`,
        `<line x1="${px(t)}" x2="${px(t)}" y1="${H - m.b}" y2="${H - m.b + 4}" stroke="#889"/>`,
      );
    }
    for (const t of ticks(yMin, yMax)) {
      parts.push(
        `<text x="${m.l - 6}" y="${py(t) + 4}" text-anchor="end">${t}</text>`,
        `<line x1="${m.l - 4}" x2="${m.l}" y1="${py(t)}" y2="${py(t)}" stroke="#889"/>`,
      );
    }
    parts.push(
      `<text x="${(W + m.l) / 2}" y="${H - 10}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
      `<text transform="translate(16 ${(H - m.b + m.t) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`,
    );
    const xs = spec.data[0]!;
    spec.series.forEach((s, k) => {
      const ys = spec.data[k + 1]!;
      if (s.pointsOnly) {
        xs.forEach((x, i) => {
          const y = ys[i];
          if (x !== null && y !== null && y !== undefined) {
            parts.push(
              `<circle cx="${px(x)}" cy="${py(y)}" r="4" fill="${markerFill(s)}"${s.open ? ` stroke="${s.color}" stroke-width="1.8"` : ''}/>`,
            );
          }
        });
        return;
      }
      let path = '';
      let pen = false;
      xs.forEach((x, i) => {
        const y = ys[i];
        if (x === null || y === null || y === undefined || !Number.isFinite(y)) {
          pen = false;
          return;
        }
        path += `${pen ? 'L' : 'M'}${px(x).toFixed(2)} ${py(Math.min(Math.max(y, yMin), yMax)).toFixed(2)}`;
        pen = true;
      });
      parts.push(
        `<path d="${path}" fill="none" stroke="${s.color}" stroke-width="${s.width ?? 2}"${s.dash ? ` stroke-dasharray="${s.dash.join(' ')}"` : ''}/>`,
      );
    });
    const frame = { x: m.l, y: m.t, w: W - m.l - m.r, h: H - m.t - m.b };
    parts.push(...svgLegend(spec.series, frame));
    parts.push(...this.svgMarks(px, py, frame));
    parts.push('</svg>');
    return parts.join('\n');
  }

  /** The marks as SVG lines, and their labels placed as on the canvas (the legend avoided). */
  private svgMarks(px: (x: number) => number, py: (y: number) => number, frame: Rect): string[] {
    const spec = this.spec!;
    const out: string[] = [];
    for (const mk of spec.marks ?? []) {
      const [x1, y1, x2, y2] = markEnds(mk, px, py, frame);
      out.push(
        `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${mk.color}" stroke-dasharray="3 3"/>`,
      );
      if (mk.arrow) {
        const head = arrowHead(x1, y1, x2, y2, 7).map(
          ([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`,
        );
        out.push(`<polygon class="arrow" points="${head.join(' ')}" fill="${mk.color}"/>`);
      }
    }
    // The SVG's legend sits in the top-left corner of the plotting area: labels keep clear of it.
    const legend = spec.series.map((s, k) => legendRow(frame, k, s.label));
    for (const { mark, box } of this.labelLayout(px, py, frame, 1, measureText, legend)) {
      out.push(
        `<rect x="${box.x.toFixed(1)}" y="${box.y.toFixed(1)}" width="${box.w.toFixed(1)}" height="${box.h.toFixed(1)}" fill="white" fill-opacity="0.85"/>`,
        `<text x="${(box.x + LABEL_INSET).toFixed(1)}" y="${(box.y + box.h / 2).toFixed(1)}" dominant-baseline="central" fill="${mark.color}">${escapeXml(mark.label!)}</text>`,
      );
    }
    return out;
  }

  exportSvg(): void {
    downloadText(`${this.name}.svg`, this.svg(), 'image/svg+xml');
  }

  csv(): string {
    const spec = this.spec;
    if (!spec) return '';
    const rows: unknown[][] = [[spec.xLabel, ...spec.series.map((s) => s.label)]];
    spec.data[0]!.forEach((x, i) => {
      rows.push([x, ...spec.data.slice(1).map((ys) => ys[i])]);
    });
    return toCsv(rows);
  }

  exportCsv(): void {
    downloadText(`${this.name}.csv`, this.csv(), 'text/csv');
  }
}

/** Where the SVG legend's row k goes (its swatch, then its label), top left in the frame. */
function legendRow(frame: Rect, k: number, label: string): Rect {
  return { x: frame.x + 6, y: frame.y + 5 + 14 * k, w: LEGEND_TEXT + measureText(label), h: 14 };
}

/** From a legend row's left edge to its label (the swatch sits between). */
const LEGEND_TEXT = 20;

/**
 * The SVG's legend, one row per series as on the page: a line's swatch is a short stroke in its
 * width and dash, a point series' its marker (a filled dot, or an open ring for points that are
 * not precise), so the simulated points keep their entry in an exported figure.
 */
function svgLegend(series: readonly SeriesSpec[], frame: Rect): string[] {
  return series.map((s, k) => {
    const row = legendRow(frame, k, s.label);
    const mid = row.y + row.h / 2;
    const swatch = s.pointsOnly
      ? `<circle class="legend-marker" cx="${row.x + 7}" cy="${mid}" r="4" fill="${markerFill(s)}"${s.open ? ` stroke="${s.color}" stroke-width="1.8"` : ''}/>`
      : `<line class="legend-line" x1="${row.x}" x2="${row.x + 14}" y1="${mid}" y2="${mid}" stroke="${s.color}" stroke-width="${s.width ?? 2}"${s.dash ? ` stroke-dasharray="${s.dash.join(' ')}"` : ''}/>`;
    return `<g class="legend-entry">${swatch}<text x="${row.x + LEGEND_TEXT}" y="${row.y + 11}" fill="${s.color}">${escapeXml(s.label)}</text></g>`;
  });
}

/** A legend swatch's fill: a point series' marker fill, none for a line (uPlot's square). */
function swatchFill(s: SeriesSpec | undefined): string {
  return s?.pointsOnly ? markerFill(s) : '';
}

/** A marker's fill: the series' colour, or white inside an open marker's outline. */
function markerFill(s: SeriesSpec): string {
  return s.open ? 'white' : s.color;
}

/** A label's backing (light, so that a curve it must cover still shows through faintly). */
const LABEL_BACKING = 'rgba(255, 255, 255, 0.85)';
/** Space between a label's backing and its text, in CSS pixels. */
const LABEL_INSET = 2;

/**
 * The series as drawn, in pixels: each line's polyline (NaN where it breaks), its name and its
 * weight as an obstacle (a solid line, an answer, 4; a dashed guide 1), and the markers of the
 * points-only series.
 */
function drawnSeries(spec: PlotSpec, px: (x: number) => number, py: (y: number) => number) {
  const xs = spec.data[0]!;
  const curves: number[][] = [];
  const names: string[] = [];
  const weights: number[] = [];
  const points: number[] = [];
  spec.series.forEach((s, k) => {
    const ys = spec.data[k + 1]!;
    const line: number[] = [];
    xs.forEach((x, i) => {
      const y = ys[i];
      const ok = x !== null && y !== null && y !== undefined && Number.isFinite(y);
      if (s.pointsOnly) {
        if (ok) points.push(px(x), py(y));
      } else if (ok) line.push(px(x), py(y));
      else line.push(Number.NaN, Number.NaN);
    });
    if (s.pointsOnly) return;
    curves.push(line);
    names.push(s.label);
    weights.push(s.dash ? 1 : 4);
  });
  return { curves, names, weights, points };
}

/** A mark's two ends in pixels; a null y runs to the bottom (y1) or the top (y2) of the frame. */
function markEnds(
  m: Mark,
  px: (x: number) => number,
  py: (y: number) => number,
  frame: Rect,
): [number, number, number, number] {
  return [
    px(m.x1),
    m.y1 === null ? frame.y + frame.h : py(m.y1),
    px(m.x2),
    m.y2 === null ? frame.y : py(m.y2),
  ];
}

/** The corners of an arrowhead of length `size` at (x2, y2), pointing away from (x1, y1). */
function arrowHead(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  size: number,
): [[number, number], [number, number], [number, number]] {
  const length = Math.hypot(x2 - x1, y2 - y1) || 1;
  const [ux, uy] = [(x2 - x1) / length, (y2 - y1) / length];
  const half = size / 2;
  return [
    [x2, y2],
    [x2 - size * ux - half * uy, y2 - size * uy + half * ux],
    [x2 - size * ux + half * uy, y2 - size * uy - half * ux],
  ];
}

let measuring: CanvasRenderingContext2D | null = null;

/** A label's width in the SVG export (12 px sans-serif, as the SVG sets it). */
function measureText(text: string): number {
  measuring ??= document.createElement('canvas').getContext('2d');
  if (!measuring) return 7 * text.length;
  measuring.font = '12px sans-serif';
  return measuring.measureText(text).width;
}

function escapeXml(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
