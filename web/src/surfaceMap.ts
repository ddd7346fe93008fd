/**
 * The shaded map of U(x, y) on a canvas: banded viridis colours from the worker's grid, the
 * minimum-energy path, the minima and saddles with their energies on hover, and a colour scale.
 * Layers are drawn in order; the walkers of "Run walkers" move on a canvas of their own on top,
 * so that an animation frame redraws only them.
 */
import { fmt, h } from './format.js';
import {
  cross,
  drawAxes,
  fitCanvas,
  MARGIN,
  niceTicks,
  type PlaneFrame,
  PlaneMap,
  polyline,
} from './planeMap.js';
import type { PathView, PointView, SurfaceView } from './surfaceProtocol.js';

/** Viridis (van der Walt & Smith, 2015) at ten stops, interpolated linearly between them. */
const VIRIDIS = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 73, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [110, 206, 88],
  [181, 222, 43],
  [253, 231, 37],
] as const;
/** Colour bands: each a contour interval, so the band edges are contour lines. */
const BANDS = 24;
const PATH_COLOUR = '#e03131';

/** Walkers at one instant: each one's trail so far and its head (in the map's coordinates). */
export interface WalkerFrame {
  readonly colour: string;
  readonly walkers: readonly {
    readonly xs: readonly number[];
    readonly ys: readonly number[];
    /** Whether it has reached the target (its head is drawn ringed). */
    readonly done: boolean;
  }[];
}

export function viridis(t: number): [number, number, number] {
  const u = Math.min(Math.max(t, 0), 1) * (VIRIDIS.length - 1);
  const k = Math.min(Math.floor(u), VIRIDIS.length - 2);
  const f = u - k;
  const a = VIRIDIS[k]!;
  const b = VIRIDIS[k + 1]!;
  return [0, 1, 2].map((c) => Math.round(a[c]! + f * (b[c]! - a[c]!))) as [number, number, number];
}

/**
 * The range of U the colours span: the lowest minimum to a quarter above the highest saddle (the
 * part a rate depends on); without saddles, the lower 60% of the grid's values. Above it, the top
 * colour: one steep corner (Müller–Brown's reaches 10⁴) would otherwise wash out the wells.
 */
export function colourRange(v: SurfaceView): [number, number] {
  const lo = Math.min(v.grid.min, ...v.minima.map((m) => m.U));
  let hi: number;
  if (v.saddles.length > 0) {
    const top = Math.max(...v.saddles.map((s) => s.U));
    hi = top + 0.25 * (top - lo);
  } else {
    const sorted = v.grid.values.filter(Number.isFinite).sort((a, b) => a - b);
    hi = sorted[Math.floor(0.6 * (sorted.length - 1))] ?? lo + 1;
  }
  if (!(hi > lo)) hi = lo + 1;
  return [lo, Math.min(hi, Math.max(v.grid.max, lo + 1e-12))];
}

export class SurfaceMap extends PlaneMap<SurfaceView> {
  private readonly tip = h('div', { class: 'surface-tip', id: 'surface-tip', role: 'status' });
  private readonly legend = h('canvas', {
    class: 'surface-legend',
    role: 'img',
    'aria-label': 'colour scale of U: low (dark purple) to high (yellow)',
  });
  private readonly legendTicks = h('div', { class: 'surface-legend-ticks' });
  /** The walkers' layer, over the map and the same size. */
  private readonly walkerCanvas = h('canvas', {
    id: 'surface-walkers',
    class: 'surface-walkers',
    role: 'img',
    'aria-label': 'Langevin walkers on the map of U(x, y) (after Run walkers)',
  });
  private walkerFrame: WalkerFrame | null = null;
  private frame: PlaneFrame | null = null;

  constructor() {
    super(
      h('canvas', {
        id: 'surface-map',
        role: 'img',
        'aria-label': 'map of U(x, y) with minima, saddles and the minimum-energy path',
      }),
    );
    this.layers.append(this.walkerCanvas, this.tip);
    this.element.append(
      h(
        'div',
        { class: 'surface-legend-wrap', id: 'surface-legend' },
        this.legend,
        this.legendTicks,
        h('p', { class: 'muted', id: 'surface-legend-label' }),
      ),
    );
    this.canvas.addEventListener('mousemove', (e) => this.hover(e.offsetX, e.offsetY));
    this.canvas.addEventListener('mouseleave', () => {
      this.tip.hidden = true;
    });
    this.tip.hidden = true;
  }

  protected draw(v: SurfaceView): void {
    const { x, y } = v.grid;
    const box = [
      [x[0]!, x[x.length - 1]!],
      [y[0]!, y[y.length - 1]!],
    ] as const;
    const { ctx, frame } = fitCanvas(this.canvas, box);
    this.frame = frame;
    const range = colourRange(v);
    this.drawShading(ctx, v, range, frame.plotW, frame.plotH);
    drawAxes(ctx, frame, box);
    if (v.path) this.drawPath(ctx, frame, v.path);
    this.drawPoints(ctx, frame, v);
    this.drawLegend(range);
    this.walkerCanvas.style.height = `${frame.height}px`;
    this.walkerCanvas.width = this.canvas.width;
    this.walkerCanvas.height = this.canvas.height;
    this.drawWalkers();
  }

  /** Shows walkers (null: none) on their layer; the map below is not redrawn. */
  showWalkers(frame: WalkerFrame | null): void {
    this.walkerFrame = frame;
    this.drawWalkers();
  }

  /** Thin trails in the simulation route's colour over a white halo, each head a dot. */
  private drawWalkers(): void {
    const f = this.frame;
    const ctx = this.walkerCanvas.getContext('2d');
    if (!f || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, f.width, f.height);
    const w = this.walkerFrame;
    if (!w) return;
    for (const walker of w.walkers) {
      const n = walker.xs.length;
      if (n === 0) continue;
      ctx.beginPath();
      for (let k = 0; k < n; k++) {
        const [x, y] = [f.px(walker.xs[k]!), f.py(walker.ys[k]!)];
        if (k === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.lineJoin = 'round';
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.6)';
      ctx.lineWidth = 2.4;
      ctx.stroke();
      ctx.strokeStyle = w.colour;
      ctx.lineWidth = 1.1;
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(
        f.px(walker.xs[n - 1]!),
        f.py(walker.ys[n - 1]!),
        walker.done ? 5 : 4,
        0,
        2 * Math.PI,
      );
      ctx.fillStyle = w.colour;
      ctx.fill();
      ctx.lineWidth = walker.done ? 2 : 1.2;
      ctx.strokeStyle = '#fff';
      ctx.stroke();
    }
  }

  /** The grid as an image (one pixel a node, bottom row last), scaled into the frame. */
  private drawShading(
    ctx: CanvasRenderingContext2D,
    v: SurfaceView,
    [lo, hi]: [number, number],
    plotW: number,
    plotH: number,
  ): void {
    const nx = v.grid.x.length;
    const ny = v.grid.y.length;
    const image = new ImageData(nx, ny);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const u = v.grid.values[j * nx + i]!;
        const t = Number.isFinite(u) ? (u - lo) / (hi - lo) : 1;
        const band = Math.min(Math.floor(Math.max(t, 0) * BANDS), BANDS - 1) / (BANDS - 1);
        const [r, g, b] = viridis(band);
        const at = 4 * ((ny - 1 - j) * nx + i);
        image.data[at] = r;
        image.data[at + 1] = g;
        image.data[at + 2] = b;
        image.data[at + 3] = 255;
      }
    }
    const off = new OffscreenCanvas(nx, ny);
    off.getContext('2d')!.putImageData(image, 0, 0);
    // Smoothed between nodes: the band edges (the contour lines) come out as curves, not steps.
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, MARGIN.left, MARGIN.top, plotW, plotH);
  }

  private drawPath(ctx: CanvasRenderingContext2D, f: PlaneFrame, path: PathView): void {
    ctx.strokeStyle = PATH_COLOUR;
    ctx.lineWidth = 2.5;
    polyline(
      ctx,
      f,
      path.points.map((q) => [q.x, q.y]),
    );
  }

  private drawPoints(ctx: CanvasRenderingContext2D, f: PlaneFrame, v: SurfaceView): void {
    ctx.font = 'bold 12px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    const label = (text: string, x: number, y: number) => {
      ctx.lineWidth = 3;
      ctx.strokeStyle = '#1d2330';
      ctx.strokeText(text, x + 7, y - 5);
      ctx.fillStyle = '#fff';
      ctx.fillText(text, x + 7, y - 5);
    };
    for (const m of v.minima) {
      const [x, y] = [f.px(m.x[0]), f.py(m.x[1])];
      ctx.beginPath();
      ctx.arc(x, y, 5, 0, 2 * Math.PI);
      ctx.fillStyle = '#fff';
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#1d2330';
      ctx.stroke();
      label(`m${m.index}`, x, y);
    }
    for (const s of v.saddles) {
      const [x, y] = [f.px(s.x[0]), f.py(s.x[1])];
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 2.5;
      cross(ctx, x, y, 5);
      label(`s${s.index}`, x, y);
    }
  }

  private drawLegend([lo, hi]: [number, number]): void {
    const width = 256;
    this.legend.width = width;
    this.legend.height = 1;
    const ctx = this.legend.getContext('2d')!;
    const image = new ImageData(width, 1);
    for (let i = 0; i < width; i++) {
      const band = Math.min(Math.floor((i / width) * BANDS), BANDS - 1) / (BANDS - 1);
      image.data.set([...viridis(band), 255], 4 * i);
    }
    ctx.putImageData(image, 0, 0);
    this.legendTicks.replaceChildren(
      ...niceTicks(lo, hi, 4).map((t) => {
        const span = h('span', { text: fmt(t) });
        span.style.left = `${(100 * (t - lo)) / (hi - lo)}%`;
        return span;
      }),
    );
    const label = this.element.querySelector('#surface-legend-label')!;
    label.textContent = `U: ${BANDS} bands from ${fmt(lo)} to ${fmt(hi)} (a quarter above the highest saddle); higher values take the top colour.`;
  }

  /** The nearest minimum or saddle within 14 px, else U at the cursor (bilinear in the grid). */
  private hover(cx: number, cy: number): void {
    const v = this.view;
    const f = this.frame;
    if (!v || !f) return;
    let best: { p: PointView; kind: string; d: number } | null = null;
    for (const [kind, points] of [
      ['minimum', v.minima],
      ['saddle', v.saddles],
    ] as const) {
      for (const p of points) {
        const d = Math.hypot(f.px(p.x[0]) - cx, f.py(p.x[1]) - cy);
        if (d < 14 && (!best || d < best.d)) best = { p, kind, d };
      }
    }
    this.tip.hidden = false;
    this.tip.style.left = `${cx + 12}px`;
    this.tip.style.top = `${cy + 12}px`;
    if (best) {
      const { p, kind } = best;
      this.tip.textContent = `${kind} ${p.index}: (${fmt(p.x[0])}, ${fmt(p.x[1])}), U = ${fmt(p.U)}`;
      return;
    }
    const x = this.invert(cx, v.grid.x, f.px);
    const y = this.invert(cy, v.grid.y, f.py);
    if (x === null || y === null) {
      this.tip.hidden = true;
      return;
    }
    this.tip.textContent = `(${fmt(Number(x.toPrecision(4)))}, ${fmt(Number(y.toPrecision(4)))}), U ≈ ${fmt(Number(bilinear(v, x, y).toPrecision(5)))}`;
  }

  private invert(c: number, axis: readonly number[], to: (v: number) => number): number | null {
    const a = axis[0]!;
    const b = axis[axis.length - 1]!;
    const t = (c - to(a)) / (to(b) - to(a));
    return t >= 0 && t <= 1 ? a + t * (b - a) : null;
  }
}

/** U between the grid's nodes, for the hover read-out only. */
function bilinear(v: SurfaceView, x: number, y: number): number {
  const { grid } = v;
  const nx = grid.x.length;
  const ny = grid.y.length;
  const fx = ((x - grid.x[0]!) / (grid.x[nx - 1]! - grid.x[0]!)) * (nx - 1);
  const fy = ((y - grid.y[0]!) / (grid.y[ny - 1]! - grid.y[0]!)) * (ny - 1);
  const i = Math.min(Math.floor(fx), nx - 2);
  const j = Math.min(Math.floor(fy), ny - 2);
  const tx = fx - i;
  const ty = fy - j;
  const at = (a: number, b: number) => grid.values[b * nx + a]!;
  return (
    (1 - tx) * (1 - ty) * at(i, j) +
    tx * (1 - ty) * at(i + 1, j) +
    (1 - tx) * ty * at(i, j + 1) +
    tx * ty * at(i + 1, j + 1)
  );
}
