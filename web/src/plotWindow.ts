import type { AnalysisReport } from 'kramers';

/** n evenly spaced points from a to b (both included). */
export function linspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

/**
 * How far above its bottom a well is still populated, in units of D: at U − U_min = 7D the
 * Boltzmann weight e^{−(U−U_min)/D} is e^{−7} ≈ 9e-4 of its peak, so a plot out to there shows
 * where the walkers (and the density) actually are.
 */
const THERMAL_RISE = 7;

/**
 * Each well's thermally populated interval, where U − U_min ≤ 7D. The analysis carries no sampled
 * U, only each well's curvature U″, so this is the harmonic estimate x_a ± √(2·7D/U″): exact for
 * a parabola, wider than needed where U stiffens (x⁴), narrower where it softens. A degenerate
 * well (U″ ≈ 0) has no such estimate and adds nothing.
 */
function thermalExtents(analysis: AnalysisReport): { lo: number; hi: number }[] {
  return analysis.wells.flatMap((w) => {
    if (w.degenerate || !(w.d2U > 0)) return [];
    const half = Math.sqrt((2 * THERMAL_RISE * analysis.D) / w.d2U);
    return Number.isFinite(half) ? [{ lo: w.x - half, hi: w.x + half }] : [];
  });
}

/**
 * What the Lab's landscape plots show: every stationary point (and the extra points given, e.g.
 * a sink) with a margin of 35% of their span, at least 0.35, widened to each well's thermally
 * populated region (a single well at D = 1 was shown over ±0.35 while its density spans ±3),
 * inside a given domain.
 */
export function plotWindow(
  analysis: AnalysisReport,
  extra: readonly number[] = [],
): { min: number; max: number } {
  const xs = [...analysis.stationaryPoints.map((s) => s.x), ...extra].filter(Number.isFinite);
  if (xs.length === 0) return analysis.domain;
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const pad = 0.35 * Math.max(hi - lo, 1);
  let min = lo - pad;
  let max = hi + pad;
  for (const t of thermalExtents(analysis)) {
    min = Math.min(min, t.lo);
    max = Math.max(max, t.hi);
  }
  if (analysis.domainSource === 'given') {
    min = Math.max(min, analysis.domain.min);
    max = Math.min(max, analysis.domain.max);
  }
  return { min, max };
}
