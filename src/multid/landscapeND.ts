import { type Box, KramersError, type PotentialND, requireDomain } from '../core/index.js';
import { type DescentEnd, type DescentPath, descentFromSaddle } from './descent.js';
import {
  findStationaryPoints,
  type StationaryOptions,
  type StationaryPointND,
} from './stationary.js';

/** A local minimum of U: a metastable state. */
export interface MinimumND {
  /** Position in the list of minima (numbered by U, deepest first). */
  readonly index: number;
  readonly x: readonly number[];
  readonly U: number;
  readonly hessianEigenvalues: readonly number[];
  /** A zero mode (|λ| ≤ 1e-8 of the largest): no harmonic rate from here. */
  readonly degenerate: boolean;
}

/** An index-1 saddle with the minima its two steepest-descent paths reach. */
export interface SaddleND {
  /** Position in the list of saddles (by U, lowest first). */
  readonly id: number;
  readonly x: readonly number[];
  readonly U: number;
  /** The Morse index: 1. */
  readonly index: number;
  readonly hessianEigenvalues: readonly number[];
  /** λ₋ < 0, the Hessian eigenvalue along the unstable direction. */
  readonly unstableEigenvalue: number;
  /** The unit eigenvector of λ₋. */
  readonly unstableMode: readonly number[];
  /** The minima (or 'edge' of the box) reached downhill along −v and +v; null: stalled. */
  readonly connects: readonly [DescentEnd | null, DescentEnd | null];
}

/** Escape from minimum `from` over saddle `saddle` to minimum `to` (or out of the box). */
export interface TransitionND {
  readonly from: number;
  readonly to: number | 'edge';
  readonly saddle: number;
  /** ΔU = U(saddle) − U(minimum left). */
  readonly deltaU: number;
}

export interface LandscapeND {
  readonly dimension: number;
  readonly coordinates: readonly string[];
  readonly box: Box;
  /** Every stationary point in the box, minima first, then saddles, then the others. */
  readonly stationaryPoints: readonly StationaryPointND[];
  readonly minima: readonly MinimumND[];
  readonly saddles: readonly SaddleND[];
  readonly transitions: readonly TransitionND[];
  /** Both minimum-energy paths of each saddle (same order as `saddles`). */
  readonly descentPaths: readonly (readonly [DescentPath, DescentPath])[];
  /** Stationary points just outside the box. */
  readonly outside: readonly StationaryPointND[];
  readonly gradientScale: number;
  readonly warnings: readonly string[];
}

function fmt(p: readonly number[]): string {
  return `(${p.map((v) => Number(v.toPrecision(6))).join(', ')})`;
}

/** A box of n finite, increasing intervals. */
export function requireBox(box: Box, n: number): Box {
  if (!Array.isArray(box) || box.length !== n) {
    throw new KramersError(
      'invalid_domain',
      `the box needs one interval per coordinate (${n}); got ${Array.isArray(box) ? box.length : typeof box}`,
      {
        issues: [{ path: 'domain', message: `expected ${n} intervals` }],
        hint: 'e.g. --domain -2:1.5,-0.5:2.5',
      },
    );
  }
  return box.map((d) => requireDomain(d));
}

function minimaOf(points: readonly StationaryPointND[]): MinimumND[] {
  return points
    .filter((p) => p.kind === 'minimum' || (p.kind === 'degenerate' && p.index === 0))
    .sort((a, b) => a.U - b.U)
    .map((p, index) => ({
      index,
      x: p.x,
      U: p.U,
      hessianEigenvalues: p.hessianEigenvalues,
      degenerate: p.kind === 'degenerate',
    }));
}

/** Every minimum-to-minimum (or minimum-to-edge) passage over each saddle, both ways. */
function transitionsOf(minima: readonly MinimumND[], saddles: readonly SaddleND[]): TransitionND[] {
  const out: TransitionND[] = [];
  for (const s of saddles) {
    const [a, b] = s.connects;
    const ends = [a, b].filter((e): e is DescentEnd => e !== null);
    for (const from of ends) {
      if (typeof from !== 'number') continue;
      for (const to of ends) {
        if (to === from) continue;
        out.push({ from, to, saddle: s.id, deltaU: s.U - minima[from]!.U });
      }
    }
  }
  return out.sort((p, q) => p.from - q.from || p.deltaU - q.deltaU);
}

function landscapeWarnings(
  points: readonly StationaryPointND[],
  saddles: readonly SaddleND[],
  outside: readonly StationaryPointND[],
): string[] {
  const warnings: string[] = [];
  for (const p of points) {
    if (p.kind === 'degenerate') {
      warnings.push(
        `degenerate stationary point at ${fmt([...p.x])} (Hessian eigenvalues ${p.hessianEigenvalues.map((v) => Number(v.toPrecision(3))).join(', ')}): harmonic rates do not apply there`,
      );
    } else if (p.kind === 'higher-order saddle' || p.kind === 'maximum') {
      warnings.push(
        `index-${p.index} stationary point (${p.kind}) at ${fmt([...p.x])}: not a transition state`,
      );
    }
  }
  for (const s of saddles) {
    if (s.connects[0] === s.connects[1] && typeof s.connects[0] === 'number') {
      warnings.push(
        `saddle ${s.id} at ${fmt([...s.x])} leads back to minimum ${s.connects[0]} on both sides`,
      );
    }
    if (s.connects.includes(null)) {
      warnings.push(
        `a steepest-descent path from saddle ${s.id} at ${fmt([...s.x])} stalled before a minimum`,
      );
    }
  }
  for (const p of outside) {
    if (p.kind === 'saddle') {
      warnings.push(
        `a saddle at ${fmt([...p.x])} (U = ${Number(p.U.toPrecision(6))}) lies just outside the box: widen the domain to include it`,
      );
    }
  }
  return warnings;
}

/**
 * The landscape of an N-D potential in a box: its stationary points, the minima and index-1
 * saddles, which minima each saddle connects (its two steepest-descent paths followed down), and
 * the transitions between minima with their barriers.
 *
 * @throws KramersError `no_well` when the box holds no minimum; `not_finite` / `unbounded_below`
 *   where U is not finite in the box.
 */
export function analyzeLandscapeND(
  potential: PotentialND,
  box: Box,
  options: StationaryOptions = {},
): LandscapeND {
  const checked = requireBox(box, potential.dimension);
  const search = findStationaryPoints(potential, checked, options);
  const minimaPoints = search.points.filter(
    (p) => p.kind === 'minimum' || (p.kind === 'degenerate' && p.index === 0),
  );
  const minima = minimaOf(search.points);
  if (minima.length === 0) {
    throw new KramersError(
      'no_well',
      `U has no local minimum inside the box ${checked.map((d) => `${d.min}:${d.max}`).join(',')}`,
      {
        issues: [{ path: 'domain', message: 'no minimum in the box' }],
        hint: 'widen the box (--domain), or check that the potential has a well',
      },
    );
  }
  const sortedMinima = minima.map((m) => minimaPoints.find((p) => p.x === m.x)!);
  const saddlePoints = search.points.filter((p) => p.kind === 'saddle').sort((a, b) => a.U - b.U);
  const descentPaths = saddlePoints.map((s) =>
    descentFromSaddle(potential, s, checked, sortedMinima, search.gradientScale),
  );
  const saddles: SaddleND[] = saddlePoints.map((s, id) => ({
    id,
    x: s.x,
    U: s.U,
    index: s.index,
    hessianEigenvalues: s.hessianEigenvalues,
    unstableEigenvalue: s.hessianEigenvalues[0]!,
    unstableMode: s.hessianEigenvectors[0]!,
    connects: [descentPaths[id]![0].end, descentPaths[id]![1].end],
  }));
  return {
    dimension: potential.dimension,
    coordinates: potential.coordinates,
    box: checked,
    stationaryPoints: search.points,
    minima,
    saddles,
    transitions: transitionsOf(minima, saddles),
    descentPaths,
    outside: search.outside,
    gradientScale: search.gradientScale,
    warnings: [...search.warnings, ...landscapeWarnings(search.points, saddles, search.outside)],
  };
}
