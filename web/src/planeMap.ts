/**
 * What the Lab's two maps of the plane share (the 2-D tab's landscape, the Drift tab's flow): a
 * canvas that follows its box's width and keeps the box's aspect within limits, redrawn when it
 * is resized, with the axes, their ticks and the polylines of paths drawn the same way.
 */
import { fmt, h } from './format.js';
import type { PlaneBox } from './planeState.js';

export const MARGIN = { left: 46, right: 10, top: 10, bottom: 30 };

/** The map's coordinates: the canvas in CSS pixels, the plot inside its margins, x ↦ px. */
export interface PlaneFrame {
  readonly width: number;
  readonly height: number;
  readonly plotW: number;
  readonly plotH: number;
  readonly px: (x: number) => number;
  readonly py: (y: number) => number;
}

export function niceTicks(min: number, max: number, count = 5): number[] {
  const span = max - min;
  if (!(span > 0)) return [min];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + 1e-9 * span; t += step) {
    out.push(Number(t.toPrecision(12)));
  }
  return out;
}

/**
 * Sizes `canvas` for `box` (its CSS width, a height from the box's aspect between 180 and 560 px,
 * the device's pixel ratio) and returns its cleared context, scaled to CSS pixels, and the frame.
 */
export function fitCanvas(
  canvas: HTMLCanvasElement,
  [[x0, x1], [y0, y1]]: PlaneBox,
): { ctx: CanvasRenderingContext2D; frame: PlaneFrame } {
  const width = canvas.clientWidth || 600;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = Math.min(Math.max(plotW * ((y1 - y0) / (x1 - x0)), 180), 560);
  const height = plotH + MARGIN.top + MARGIN.bottom;
  const dpr = window.devicePixelRatio || 1;
  canvas.style.height = `${height}px`;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const frame: PlaneFrame = {
    width,
    height,
    plotW,
    plotH,
    px: (x) => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW,
    py: (y) => MARGIN.top + (1 - (y - y0) / (y1 - y0)) * plotH,
  };
  return { ctx, frame };
}

/** The plot's frame with ticks on x below it and y to its left. */
export function drawAxes(ctx: CanvasRenderingContext2D, f: PlaneFrame, box: PlaneBox): void {
  const [[x0, x1], [y0, y1]] = box;
  ctx.strokeStyle = '#1d2330';
  ctx.fillStyle = '#1d2330';
  ctx.lineWidth = 1;
  ctx.font = '11px system-ui, sans-serif';
  ctx.strokeRect(f.px(x0), f.py(y1), f.px(x1) - f.px(x0), f.py(y0) - f.py(y1));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of niceTicks(x0, x1)) ctx.fillText(fmt(t), f.px(t), f.py(y0) + 4);
  ctx.fillText('x', f.px(x1) - 8, f.py(y0) + 16);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of niceTicks(y0, y1)) ctx.fillText(fmt(t), MARGIN.left - 4, f.py(t));
  ctx.fillText('y', MARGIN.left - 30, f.py(y1) + 6);
}

/** Strokes the path through `points` (plane coordinates) with the context's current style. */
export function polyline(
  ctx: CanvasRenderingContext2D,
  f: PlaneFrame,
  points: readonly (readonly [number, number])[],
): void {
  ctx.beginPath();
  points.forEach(([x, y], k) => {
    if (k === 0) ctx.moveTo(f.px(x), f.py(y));
    else ctx.lineTo(f.px(x), f.py(y));
  });
  ctx.stroke();
}

/** Strokes a saddle's mark: an × of half-width `r` around (cx, cy) in canvas pixels. */
export function cross(ctx: CanvasRenderingContext2D, cx: number, cy: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(cx - r, cy - r);
  ctx.lineTo(cx + r, cy + r);
  ctx.moveTo(cx - r, cy + r);
  ctx.lineTo(cx + r, cy - r);
  ctx.stroke();
}

/**
 * A map of the plane: a figure holding the canvas (layers over it go in `layers`), the last view
 * shown, and a redraw whenever the canvas is resized or a view is shown.
 */
export abstract class PlaneMap<View> {
  /** Over the canvas and the same size (a tooltip, the walkers' own canvas). */
  protected readonly layers: HTMLElement;
  readonly element: HTMLElement;
  protected view: View | null = null;

  constructor(protected readonly canvas: HTMLCanvasElement) {
    this.layers = h('div', { class: 'surface-canvas-wrap' }, canvas);
    this.element = h('figure', { class: 'surface-figure' }, this.layers);
    new ResizeObserver(() => this.redraw()).observe(canvas);
  }

  show(view: View): void {
    this.view = view;
    this.redraw();
  }

  private redraw(): void {
    if (this.view) this.draw(this.view);
  }

  /** Draws `view` over the whole canvas. */
  protected abstract draw(view: View): void;
}
