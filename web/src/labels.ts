/**
 * Where a plot's annotation labels go: beside their mark, inside the plotting area, and where no
 * curve, marker or other label is. Pure geometry in pixels (no DOM), shared by the canvas and the
 * SVG export so that both put each label in the same place.
 */

/** A rectangle in pixels: top-left corner, width and height. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A labelled mark in pixels: a segment, or a vertical line over the whole height (`vertical`). */
export interface LabelMark {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly vertical: boolean;
  /** The label's width in pixels (its height is the line height). */
  readonly width: number;
  /** Preferred row below the top for a vertical line's label (keeps neighbours apart). */
  readonly row: number;
  /** A vertical line's label only on this side (e.g. a boundary names what lies right of it). */
  readonly side?: 'left' | 'right';
}

export interface LabelScene {
  /** The plotting area: every label stays inside it. */
  readonly frame: Rect;
  readonly lineHeight: number;
  /** Gap between a mark and its label. */
  readonly gap: number;
  /** Polylines to keep clear of, as x, y pairs in pixels (NaN breaks a line). */
  readonly curves: readonly (readonly number[])[];
  /**
   * What crossing each curve costs (default 1 each): a solid curve, the answer, weighs more
   * than a dashed guide, so a label that must cover something covers the guide.
   */
  readonly weights?: readonly number[];
  /** Markers to keep clear of (points-only series), x, y pairs in pixels. */
  readonly points: readonly number[];
  /** Unlabelled segments (the marks themselves), x1, y1, x2, y2 in pixels. */
  readonly segments: readonly (readonly [number, number, number, number])[];
  /** Other text already drawn (e.g. an SVG legend inside the plotting area). */
  readonly avoid?: readonly Rect[];
}

/** Does the segment (x1, y1)–(x2, y2) meet the rectangle? (Liang–Barsky clipping.) */
export function segmentMeetsRect(x1: number, y1: number, x2: number, y2: number, r: Rect): boolean {
  const dx = x2 - x1;
  const dy = y2 - y1;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, x1 - r.x],
    [dx, r.x + r.w - x1],
    [-dy, y1 - r.y],
    [dy, r.y + r.h - y1],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) {
        if (t > t1) return false;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return false;
        if (t < t1) t1 = t;
      }
    }
  }
  return true;
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The candidate boxes for one label, most preferred first, each moved inside the frame. */
function candidates(m: LabelMark, s: LabelScene): Rect[] {
  const { frame, lineHeight: h, gap } = s;
  const w = m.width;
  const out: { x: number; y: number }[] = [];
  if (m.vertical) {
    // Rows down from the top, nearest the preferred row first; right of the line, then left.
    const rows = Math.max(1, Math.floor(frame.h / h) - 1);
    const order = [...Array(rows).keys()].sort(
      (a, b) => Math.abs(a - m.row) - Math.abs(b - m.row) || a - b,
    );
    for (const r of order) {
      const y = frame.y + 2 + r * h;
      if (m.side !== 'left') out.push({ x: m.x1 + gap, y });
      if (m.side !== 'right') out.push({ x: m.x1 - gap - w, y });
    }
  } else {
    // Along the segment: its middle first, then its quarters and its ends.
    const at = (t: number): [number, number] => [
      m.x1 + t * (m.x2 - m.x1),
      m.y1 + t * (m.y2 - m.y1),
    ];
    const anchors = [0.5, 0.25, 0.75, 1, 0].map(at);
    for (const [ax, ay] of anchors) {
      out.push(
        { x: ax + gap, y: ay - h / 2 },
        { x: ax - gap - w, y: ay - h / 2 },
        { x: ax + gap, y: ay - gap - h },
        { x: ax - gap - w, y: ay - gap - h },
        { x: ax + gap, y: ay + gap },
        { x: ax - gap - w, y: ay + gap },
      );
    }
  }
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi));
  return out.map((c) => ({
    x: clamp(c.x, frame.x + 1, frame.x + frame.w - w - 1),
    y: clamp(c.y, frame.y + 1, frame.y + frame.h - h - 1),
    w,
    h,
  }));
}

/** How many segments of the polyline (x, y pairs, NaN breaks it) meet the box. */
export function polylineMeets(line: readonly number[], box: Rect): number {
  let n = 0;
  for (let i = 0; i + 3 < line.length; i += 2) {
    const x1 = line[i]!;
    const y1 = line[i + 1]!;
    const x2 = line[i + 2]!;
    const y2 = line[i + 3]!;
    if (Number.isNaN(x1 + y1 + x2 + y2)) continue;
    // Cheap rejection first: both ends on one side of the box.
    if ((x1 < box.x && x2 < box.x) || (x1 > box.x + box.w && x2 > box.x + box.w)) continue;
    if ((y1 < box.y && y2 < box.y) || (y1 > box.y + box.h && y2 > box.y + box.h)) continue;
    if (segmentMeetsRect(x1, y1, x2, y2, box)) n += 1;
  }
  return n;
}

/** How much a box covers: curves crossed, markers hidden, other labels and marks overlapped. */
function cost(r: Rect, s: LabelScene, placed: readonly Rect[]): number {
  const box = { x: r.x - 1, y: r.y - 1, w: r.w + 2, h: r.h + 2 };
  let n = 0;
  s.curves.forEach((c, k) => {
    n += (s.weights?.[k] ?? 1) * polylineMeets(c, box);
  });
  for (let i = 0; i + 1 < s.points.length; i += 2) {
    const x = s.points[i]!;
    const y = s.points[i + 1]!;
    if (x > box.x - 5 && x < box.x + box.w + 5 && y > box.y - 5 && y < box.y + box.h + 5) n += 3;
  }
  for (const [x1, y1, x2, y2] of s.segments) {
    if (segmentMeetsRect(x1, y1, x2, y2, box)) n += 1;
  }
  // Text over text is unreadable even on a backing: far worse than covering a line.
  for (const p of placed) if (overlaps(box, p)) n += 100;
  return n;
}

/** A label's place, and what it still covers there (0: nothing; see `cost`). */
export interface PlacedLabel {
  readonly box: Rect;
  readonly covers: number;
}

/**
 * One box per mark, in order: the first candidate that covers nothing, else the one that covers
 * least (each label is drawn on a light backing, so even then it stays readable).
 */
export function placeLabels(marks: readonly LabelMark[], scene: LabelScene): PlacedLabel[] {
  const placed: Rect[] = [...(scene.avoid ?? [])];
  const out: PlacedLabel[] = [];
  for (const m of marks) {
    let best: Rect | null = null;
    let bestCost = Number.POSITIVE_INFINITY;
    for (const c of candidates(m, scene)) {
      const k = cost(c, scene, placed);
      if (k < bestCost) {
        best = c;
        bestCost = k;
        if (k === 0) break;
      }
    }
    placed.push(best!);
    out.push({ box: best!, covers: bestCost });
  }
  return out;
}
