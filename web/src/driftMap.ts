/**
 * The Drift tab's map on a canvas: the flow field b(x, y) as arrows (length and darkness growing
 * with |b|), the fixed points by kind, the straight segment from the stable point to the saddle,
 * and every minimum action path gMAM converged to — the optimal one solid red, the others (e.g.
 * Maier–Stein's on-axis curve past β = 4, a saddle of the action) dashed.
 */

import type { DriftView, FixedPointView } from './driftProtocol.js';
import { h } from './format.js';
import {
  cross,
  drawAxes,
  fitCanvas,
  MARGIN,
  type PlaneFrame,
  PlaneMap,
  polyline,
} from './planeMap.js';
import type { PlaneBox } from './planeState.js';

const OPTIMAL = '#e03131';
const OTHER = '#f08c00';

/** The plane's frame with the flow grid's cell (the room one arrow has). */
interface Frame extends PlaneFrame {
  readonly cell: number;
}

export class DriftMap extends PlaneMap<DriftView> {
  constructor() {
    super(
      h('canvas', {
        id: 'drift-map',
        role: 'img',
        'aria-label':
          'flow field b(x, y) as arrows with the fixed points, the straight segment and the minimum action paths',
      }),
    );
    this.element.append(
      h('figcaption', {
        class: 'muted',
        text: 'Arrows: the drift b. Red: the minimum action path (gMAM); orange dashed: other converged curves; grey dashed: the straight segment. ● stable point, × saddle, ○ unstable point.',
      }),
    );
  }

  protected draw(v: DriftView): void {
    const { x, y } = v.flow;
    const box: PlaneBox = [
      [x[0]!, x[x.length - 1]!],
      [y[0]!, y[y.length - 1]!],
    ];
    const { ctx, frame } = fitCanvas(this.canvas, box);
    const f: Frame = {
      ...frame,
      cell: Math.min(frame.plotW / (x.length - 1), frame.plotH / (y.length - 1)),
    };
    const [[x0, x1], [y0, y1]] = box;
    ctx.fillStyle = '#f8f9fa';
    ctx.fillRect(f.px(x0), f.py(y1), f.px(x1) - f.px(x0), f.py(y0) - f.py(y1));
    drawAxes(ctx, f, box);
    ctx.save();
    ctx.beginPath();
    ctx.rect(MARGIN.left, MARGIN.top, f.plotW, f.plotH);
    ctx.clip();
    this.drawArrows(ctx, f, v);
    this.drawPaths(ctx, f, v);
    for (const p of v.fixedPoints) drawFixedPoint(ctx, f, p);
    ctx.restore();
  }

  /**
   * One arrow per node: direction of b, length (|b|/max)^½ of 0.9 cells so that slow regions
   * near the fixed points still show a direction, darker where faster.
   */
  private drawArrows(ctx: CanvasRenderingContext2D, f: Frame, v: DriftView): void {
    const { x, y, bx, by, maxSpeed } = v.flow;
    if (!(maxSpeed > 0)) return;
    // On a narrow screen every other arrow, so that each stays readable.
    const step = f.cell < 14 ? 2 : 1;
    const cell = step * f.cell;
    ctx.lineWidth = 1.2;
    for (let j = 0; j < y.length; j += step) {
      for (let i = 0; i < x.length; i += step) {
        const u = bx[j * x.length + i]!;
        const w = by[j * x.length + i]!;
        const speed = Math.hypot(u, w);
        if (!Number.isFinite(speed) || speed === 0) continue;
        const scale = Math.sqrt(speed / maxSpeed);
        const len = 0.9 * cell * scale;
        const [dx, dy] = [(u / speed) * len, (-w / speed) * len];
        const [sx, sy] = [f.px(x[i]!) - dx / 2, f.py(y[j]!) - dy / 2];
        ctx.strokeStyle = `rgba(29, 35, 48, ${(0.25 + 0.6 * scale).toFixed(3)})`;
        arrow(ctx, sx, sy, sx + dx, sy + dy);
      }
    }
  }

  private drawPaths(ctx: CanvasRenderingContext2D, f: Frame, v: DriftView): void {
    const a = v.action;
    if (!a) return;
    const from = v.fixedPoints.find((p) => p.index === a.from);
    const saddle = v.fixedPoints.find((p) => p.index === a.saddle);
    ctx.lineWidth = 1.5;
    if (from && saddle) {
      ctx.strokeStyle = '#868e96';
      ctx.setLineDash([4, 4]);
      polyline(ctx, f, [from.x, saddle.x]);
    }
    // Drawn from the highest action down, so that the optimal path lies on top.
    const branches = [...a.branches].reverse();
    branches.forEach((b, k) => {
      const optimal = k === branches.length - 1;
      ctx.strokeStyle = optimal ? OPTIMAL : OTHER;
      ctx.lineWidth = optimal ? 2.5 : 2;
      ctx.setLineDash(optimal ? [] : [7, 4]);
      polyline(ctx, f, b.points);
    });
    ctx.setLineDash([]);
  }
}

function arrow(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number) {
  const angle = Math.atan2(y1 - y0, x1 - x0);
  const head = Math.min(5, 0.4 * Math.hypot(x1 - x0, y1 - y0));
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.lineTo(x1 - head * Math.cos(angle - 0.45), y1 - head * Math.sin(angle - 0.45));
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - head * Math.cos(angle + 0.45), y1 - head * Math.sin(angle + 0.45));
  ctx.stroke();
}

function drawFixedPoint(ctx: CanvasRenderingContext2D, f: Frame, p: FixedPointView): void {
  const [cx, cy] = [f.px(p.x[0]), f.py(p.x[1])];
  ctx.lineWidth = 2;
  ctx.strokeStyle = '#1d2330';
  ctx.fillStyle = '#1d2330';
  if (p.kind === 'saddle') {
    cross(ctx, cx, cy, 6);
    return;
  }
  ctx.beginPath();
  ctx.arc(cx, cy, 5, 0, 2 * Math.PI);
  if (p.kind.startsWith('stable')) ctx.fill();
  else ctx.stroke();
}
