/**
 * The Drift tab's problem, its presets, and how the URL carries it (keys `d2.*`, written only
 * once the tab has a problem of its own, so that links to the other panels stay as they were).
 */
import {
  decodeParameters,
  encodeParametersAndBox,
  type PlaneBox,
  parsePlaneBox,
  sortedParameters,
  urlNumber,
} from './planeState.js';

/** A drift b(x, y) in a box (dX = b dt + √(2D) dW), with its parameters and the noise D. */
export interface DriftLabProblem {
  /** One expression per coordinate, separated by a comma: b_x, b_y. */
  readonly drift: string;
  readonly parameters: Readonly<Record<string, number>>;
  /** The box: [x_min, x_max] and [y_min, y_max]; fixed points are sought inside it. */
  readonly box: PlaneBox;
  readonly D: number;
}

export interface DriftPreset {
  readonly id: string;
  readonly name: string;
  readonly note: string;
  readonly problem: DriftLabProblem;
  /** Parameters with a slider over [min, max] (the others get a number box only). */
  readonly ranges: Readonly<Record<string, readonly [number, number]>>;
}

export const DRIFT_PRESETS: readonly DriftPreset[] = [
  {
    id: 'maier-stein',
    name: 'Maier–Stein (1993)',
    note: 'the x axis is a gradient line with ΔΦ = 1/4; past β = 4 the optimal path leaves it in a mirror pair of bent paths with a lower ΔΦ',
    problem: {
      drift: 'x - x^3 - beta*x*y^2, -(1+x^2)*y',
      parameters: { beta: 10 },
      box: [
        [-1.6, 1.6],
        [-1, 1],
      ],
      D: 0.02,
    },
    ranges: { beta: [1, 12] },
  },
  {
    id: 'rotation',
    name: 'Gibbs-preserving rotation b = −(I + M)∇U',
    note: 'U = x⁴/4 − x²/2 + y²/2 and M = [[0, m], [−m, 0]]: the density stays e^{−U/D}, ΔΦ = ΔU = 1/4 for every m, and the rotation speeds escape up by √(1 + m²)',
    problem: {
      drift: '-(x^3 - x) - m*y, m*(x^3 - x) - y',
      parameters: { m: 1 },
      box: [
        [-2, 2],
        [-1.5, 1.5],
      ],
      D: 0.05,
    },
    ranges: { m: [0, 4] },
  },
];

export const DEFAULT_DRIFT: DriftLabProblem = DRIFT_PRESETS[0]!.problem;

/** Same problem, whatever the key order (a decoded URL builds its object in another order). */
export function canonicalDrift(q: DriftLabProblem): string {
  return JSON.stringify([q.drift, sortedParameters(q.parameters), q.box, q.D]);
}

/** The preset this problem is, ignoring the values of its parameters (a slider moves them). */
export function presetOf(q: DriftLabProblem): DriftPreset | undefined {
  const shape = (p: DriftLabProblem) =>
    JSON.stringify([p.drift, Object.keys(p.parameters).sort(), p.box]);
  return DRIFT_PRESETS.find((p) => shape(p.problem) === shape(q));
}

export function encodeDrift(q: URLSearchParams, s: DriftLabProblem): void {
  q.set('d2.b', s.drift);
  encodeParametersAndBox(q, 'd2', s.parameters, s.box);
  q.set('d2.D', urlNumber(s.D));
}

/** The tab's problem from a query, or undefined when it carries none; bad values take defaults. */
export function decodeDrift(q: URLSearchParams): DriftLabProblem | undefined {
  if (![...q.keys()].some((k) => k.startsWith('d2.'))) return undefined;
  const d = DEFAULT_DRIFT;
  const drift = q.get('d2.b');
  const parameters = decodeParameters(q, 'd2');
  const D = Number(q.get('d2.D'));
  return {
    // Checked by the parser before use (never evaluated as text); length-capped here.
    drift: drift !== null && drift.length <= 2000 ? drift : d.drift,
    parameters: drift !== null ? parameters : d.parameters,
    box: parsePlaneBox(q.get('d2.box') ?? '') ?? d.box,
    D: Number.isFinite(D) && D > 0 ? D : d.D,
  };
}
