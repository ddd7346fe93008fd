import { describe, expect, it } from 'vitest';
import { minimumEnergyPathND, prepare, stringMethod } from '../../src/index.js';
import { expectClose, readFixture } from '../support/fixtures.js';

interface Point {
  kind: 'minimum' | 'saddle';
  x: [number, number];
  U: number;
}
const mb = readFixture<{ expression: string; points: Point[] }>('mueller_brown.json');
const p = prepare({
  potential: mb.expression,
  coordinates: ['x', 'y'],
  domain: [
    { min: -1.5, max: 1.2 },
    { min: -0.2, max: 2 },
  ],
});

/** Distance from q to the polyline through `line`. */
function toPolyline(q: readonly number[], line: readonly (readonly number[])[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 1; k < line.length; k++) {
    const a = line[k - 1]!;
    const b = line[k]!;
    const dx = b[0]! - a[0]!;
    const dy = b[1]! - a[1]!;
    const l2 = dx * dx + dy * dy;
    const w =
      l2 > 0 ? Math.min(1, Math.max(0, ((q[0]! - a[0]!) * dx + (q[1]! - a[1]!) * dy) / l2)) : 0;
    best = Math.min(best, Math.hypot(a[0]! + w * dx - q[0]!, a[1]! + w * dy - q[1]!));
  }
  return best;
}

describe('the Müller–Brown minimum-energy path A → B', () => {
  const report = minimumEnergyPathND(p, { from: 0, to: 1 });
  const saddles = mb.points.filter((q) => q.kind === 'saddle');

  it('runs A → C → B over both saddles; its highest point is the fixture’s higher saddle', () => {
    expect(report.minima).toEqual([0, 2, 1]);
    expect(report.saddles).toHaveLength(2);
    const top = Math.max(...report.path.map((q) => q.U));
    // The path passes through the saddles themselves (found to ~1e-15): 1e-9 is rounding.
    expectClose(top, Math.max(...saddles.map((s) => s.U)), 1e-9, 'highest U on the path');
    expectClose(report.barrier, 106.03467370129663, 1e-9, 'barrier from A');
    // Arc length increases; the path ends on the minima.
    for (let k = 1; k < report.path.length; k++) {
      expect(report.path[k]!.s).toBeGreaterThan(report.path[k - 1]!.s);
    }
    expect(report.path[0]!.x).toEqual(p.landscape.minima[0]!.x);
    expect(report.path.at(-1)!.x).toEqual(p.landscape.minima[1]!.x);
  });

  it('the simplified string method (an independent route) converges onto the same curve', () => {
    // 100 images, linear interpolation at each reparametrisation: the string sits within
    // O(h²κ/(λ·dt)) of the path, 2.3e-3 measured (h ≈ 0.027, the path 2.7 long); 5e-3 is the bound.
    const string = stringMethod(p.potential, p.landscape.minima[0]!.x, p.landscape.minima[1]!.x, {
      count: 100,
      stiffness: 4068.2, // the largest Hessian eigenvalue at the stationary points (minimum A)
    });
    expect(string.converged).toBe(true);
    const line = report.path.map((q) => q.x);
    const worst = Math.max(...string.points.map((q) => toPolyline(q.x, line)));
    expect(worst).toBeLessThan(5e-3);
    // And the other way round: the path's saddles lie on the string.
    const images = string.points.map((q) => q.x);
    for (const s of saddles) expect(toPolyline(s.x, images)).toBeLessThan(5e-3);
  });

  it('along the path ∇U is tangent to it (the defining property of a minimum-energy path)', () => {
    const g = new Float64Array(2);
    let worst = 0;
    for (let k = 1; k < report.path.length - 1; k++) {
      const a = report.path[k - 1]!.x;
      const b = report.path[k + 1]!.x;
      const t = [b[0]! - a[0]!, b[1]! - a[1]!];
      const len = Math.hypot(t[0]!, t[1]!);
      p.potential.gradient(report.path[k]!.x, g);
      const gn = Math.hypot(g[0]!, g[1]!);
      if (gn < 1) continue; // at and beside the stationary points the direction is undefined
      const cross = Math.abs(g[0]! * t[1]! - g[1]! * t[0]!) / (gn * len);
      worst = Math.max(worst, cross);
    }
    // Central differences of a curve sampled every ≤ 0.02·diagonal: sin of the angle to 1e-2.
    expect(worst).toBeLessThan(1e-2);
  });

  it('a start point near a minimum starts from that minimum; unknown minima are refused', () => {
    const near = minimumEnergyPathND(p, { fromX: [-0.5, 1.4], to: 2 });
    expect(near.from).toBe(0);
    expect(near.saddles).toHaveLength(1);
    expect(() => minimumEnergyPathND(p, { from: 0, to: 7 })).toThrow(/not a minimum/);
  });
});
