import { describe, expect, it } from 'vitest';
import { prepareDrift, saddleJoins, transitionOfDrift } from '../../src/index.js';

// The ring's gradient drift b = −∇U, U = 5(x² + y² − 1)² − x²/2: minima at (±√1.05, 0) ≈
// (±1.0247, 0), saddles at (0, ±1) on the ring; by the mirror symmetry x → −x the flow from either
// side of each saddle runs along the ring down to one minimum each (Strogatz 2015 §6: a gradient
// saddle's unstable manifold ends at the minima it separates).
const RING = '-(20*x*(x^2+y^2-1) - x), -(20*y*(x^2+y^2-1))';
const RING_BOX = [
  { min: -1.6, max: 1.6 },
  { min: -1.6, max: 1.6 },
];

/** The stable point a flow end names, by its x coordinate rounded (indices are the finder's). */
function endsAt(p: ReturnType<typeof prepareDrift>, ends: readonly (number | string)[]) {
  return ends.map((e) => (typeof e === 'number' ? Math.sign(p.fixedPoints[e]!.x[0]!) : e)).sort();
}

describe('saddleJoins: which stable points the flow from each saddle reaches', () => {
  it('joins both saddles of the ring to both minima', () => {
    const p = prepareDrift({ drift: RING, domain: RING_BOX, D: 0.05 });
    const joins = saddleJoins(p);
    expect(joins).toHaveLength(2);
    for (const j of joins) {
      expect(Math.abs(p.fixedPoints[j.saddle]!.x[1]!)).toBeCloseTo(1, 8);
      expect(endsAt(p, j.ends)).toEqual([-1, 1]);
    }
    // Memoised per prepared problem: the same array, not a recomputation.
    expect(saddleJoins(p)).toBe(joins);
  });

  it('joins the Maier–Stein saddle at the origin to (−1, 0) and (1, 0)', () => {
    const p = prepareDrift({
      drift: 'x - x^3 - 2*x*y^2, -(1+x^2)*y',
      domain: [
        { min: -2, max: 2 },
        { min: -1, max: 1 },
      ],
    });
    const [j] = saddleJoins(p);
    expect(p.fixedPoints[j!.saddle]!.x.map(Math.abs)).toEqual([0, 0]);
    expect(j!.ends.map((e) => (typeof e === 'number' ? p.fixedPoints[e]!.x : e))).toEqual(
      expect.arrayContaining([
        [expect.closeTo(-1, 8), expect.closeTo(0, 8)],
        [expect.closeTo(1, 8), expect.closeTo(0, 8)],
      ]),
    );
  });

  it("records 'out' where the flow leaves the box", () => {
    // b = (x − x³, −y) in x ∈ [−2, 0.5]: the saddle (0, 0) falls to (−1, 0) on one side and runs
    // towards x = 1, outside the box, on the other.
    const p = prepareDrift({
      drift: 'x - x^3, -y',
      domain: [
        { min: -2, max: 0.5 },
        { min: -1, max: 1 },
      ],
    });
    const [j] = saddleJoins(p);
    expect(endsAt(p, j!.ends)).toEqual([-1, 'out']);
  });
});

describe('transitionOfDrift: the parallel saddles of a passage', () => {
  const p = prepareDrift({ drift: RING, domain: RING_BOX, D: 0.05 });

  it('sums over both ring saddles when the saddle is chosen by default', () => {
    const t = transitionOfDrift(p);
    expect(t.explicitSaddle).toBe(false);
    expect(t.channels.map((s) => s.index).sort()).toEqual(p.saddles.map((s) => s.index).sort());
    expect(t.channels[0]).toBe(t.saddle);
  });

  it('keeps a given saddle alone and warns that a parallel one exists', () => {
    const other = p.saddles[1]!;
    const t = transitionOfDrift(p, { to: other.index });
    expect(t.channels).toEqual([other]);
    expect(t.warnings.join('\n')).toMatch(/counts the given saddle .* alone; 1 more saddle/);
  });
});
