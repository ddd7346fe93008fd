import type { AnalysisReport } from 'kramers';

/** n evenly spaced points from a to b (both included). */
export function linspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

/**
 * What the Lab's landscape plots show: every stationary point (and the extra points given, e.g.
 * a sink) with a margin of 35% of their span, at least 0.35, inside a given domain.
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
  if (analysis.domainSource === 'given') {
    min = Math.max(min, analysis.domain.min);
    max = Math.min(max, analysis.domain.max);
  }
  return { min, max };
}
