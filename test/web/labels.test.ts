import { describe, expect, it } from 'vitest';
import {
  type LabelMark,
  type LabelScene,
  placeLabels,
  type Rect,
  segmentMeetsRect,
} from '../../web/src/labels.js';

/**
 * The Lab's label placement (web/src/labels.ts): labels stay whole inside the plotting area and
 * off the curves. Checked against a brute-force route: a segment sampled at 2001 points.
 */

/** Park–Miller minimal standard generator: a fixed, reproducible stream in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

/** Does any of 2001 evenly spaced points of the segment lie in the (closed) rectangle? */
function sampledMeets(x1: number, y1: number, x2: number, y2: number, r: Rect): boolean {
  for (let i = 0; i <= 2000; i++) {
    const t = i / 2000;
    const x = x1 + t * (x2 - x1);
    const y = y1 + t * (y2 - y1);
    if (x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h) return true;
  }
  return false;
}

/** Does the polyline (x, y pairs) pass through the box, by sampling? */
function crosses(line: readonly number[], box: Rect): boolean {
  for (let i = 0; i + 3 < line.length; i += 2) {
    if (sampledMeets(line[i]!, line[i + 1]!, line[i + 2]!, line[i + 3]!, box)) return true;
  }
  return false;
}

const inside = (box: Rect, frame: Rect) =>
  box.x >= frame.x &&
  box.y >= frame.y &&
  box.x + box.w <= frame.x + frame.w &&
  box.y + box.h <= frame.y + frame.h;

const apart = (a: Rect, b: Rect) =>
  a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;

const FRAME: Rect = { x: 50, y: 10, w: 600, h: 300 };

function scene(curves: number[][], segments: LabelScene['segments'] = []): LabelScene {
  return { frame: FRAME, lineHeight: 15, gap: 4, curves, points: [], segments };
}

function vertical(x: number, width: number, extra: Partial<LabelMark> = {}): LabelMark {
  return {
    x1: x,
    y1: FRAME.y + FRAME.h,
    x2: x,
    y2: FRAME.y,
    vertical: true,
    width,
    row: 0,
    ...extra,
  };
}

describe('label placement for the Lab plots', () => {
  it('finds segment–rectangle meetings as a sampled segment does', () => {
    const random = lcg(20261206);
    const box: Rect = { x: 40, y: 40, w: 30, h: 15 };
    let meets = 0;
    for (let k = 0; k < 2000; k++) {
      const [x1, y1, x2, y2] = [0, 0, 0, 0].map(() => 110 * random());
      const exact = segmentMeetsRect(x1!, y1!, x2!, y2!, box);
      // Sampling can miss a corner clipped by less than a sample step: compare only where the
      // segment is not within 0.1 px of touching (a slightly smaller and larger box agree).
      const shrunk = { x: box.x + 0.1, y: box.y + 0.1, w: box.w - 0.2, h: box.h - 0.2 };
      const grown = { x: box.x - 0.1, y: box.y - 0.1, w: box.w + 0.2, h: box.h + 0.2 };
      if (sampledMeets(x1!, y1!, x2!, y2!, shrunk) !== sampledMeets(x1!, y1!, x2!, y2!, grown)) {
        continue;
      }
      expect(exact, `${[x1, y1, x2, y2]}`).toBe(sampledMeets(x1!, y1!, x2!, y2!, box));
      if (exact) meets++;
    }
    // Both outcomes occurred: the comparison tested something.
    expect(meets).toBeGreaterThan(100);
    expect(meets).toBeLessThan(1900);
  });

  it('keeps a boundary label whole inside the frame at its left edge (the turnover "r")', () => {
    // A regime boundary at the left edge names the regime to its right: before, its label was
    // drawn left of the line and clipped to its last letter.
    const [label] = placeLabels([vertical(FRAME.x, 60, { side: 'right' })], scene([]));
    expect(inside(label!.box, FRAME)).toBe(true);
    expect(label!.box.x).toBeGreaterThanOrEqual(FRAME.x);
    expect(label!.covers).toBe(0);
  });

  it('moves a label off a curve through its preferred place and keeps labels apart', () => {
    // A curve along the top rows, where the vertical marks' labels would go first.
    const curve: number[] = [];
    for (let x = FRAME.x; x <= FRAME.x + FRAME.w; x += 10) curve.push(x, FRAME.y + 10 + 0.02 * x);
    const marks = [vertical(300, 80), vertical(305, 80), vertical(310, 80)];
    const placed = placeLabels(marks, scene([curve]));
    for (const p of placed) {
      expect(inside(p.box, FRAME)).toBe(true);
      expect(crosses(curve, p.box)).toBe(false);
      expect(p.covers).toBe(0);
    }
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) {
        expect(apart(placed[i]!.box, placed[j]!.box), `${i}, ${j}`).toBe(true);
      }
    }
  });

  it('puts a ΔU label beside its segment where the tilted curve does not run', () => {
    // A tilted double well in pixels (y down): the curve runs through the segment's midpoint
    // on one side; the label must find the free side.
    const curve: number[] = [];
    for (let x = FRAME.x; x <= FRAME.x + FRAME.w; x += 4) {
      const u = (x - 350) / 150;
      curve.push(x, 200 - 40 * (u ** 4 / 4 - u ** 2 / 2 + 0.25 * u));
    }
    const segment: LabelMark = {
      x1: 200,
      y1: 120,
      x2: 200,
      y2: 230,
      vertical: false,
      width: 120,
      row: 0,
    };
    const [label] = placeLabels([segment], scene([curve], [[200, 120, 200, 230]]));
    expect(inside(label!.box, FRAME)).toBe(true);
    expect(crosses(curve, label!.box)).toBe(false);
    // Beside its segment: within a label's width of it.
    expect(Math.abs(label!.box.x + label!.box.w / 2 - 200)).toBeLessThan(120);
  });
});
