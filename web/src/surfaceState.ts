/**
 * The 2-D tab's problem, its presets, and how the URL carries it (keys `s2.*`, written only once
 * the tab has a problem of its own, so that links to the other panels stay as they were).
 */

import {
  decodeParameters,
  encodeParametersAndBox,
  type PlaneBox,
  parsePlaneBox,
  sortedParameters,
  urlNumber,
} from './planeState.js';

/** A potential U(x, y) in a box, with the noise, friction and (optionally) a mass. */
export interface SurfaceProblem {
  readonly potential: string;
  readonly parameters: Readonly<Record<string, number>>;
  /** The box: [x_min, x_max] and [y_min, y_max]; its walls reflect. */
  readonly box: PlaneBox;
  readonly D: number;
  readonly gamma: number;
  /** A mass adds the underdamped Kramers–Langer route; absent: overdamped routes only. */
  readonly mass?: number;
  /** The path's start and target minima (indices from the analysis); absent: the defaults. */
  readonly from?: number;
  readonly to?: number;
  /** The walkers of "Run walkers" and their master seed (absent: the defaults below). */
  readonly walkers?: number;
  readonly seed?: number;
}

/** Walkers of a Lab run: enough for a CI of ~10%, few enough for seconds over a low barrier. */
export const DEFAULT_SURFACE_WALKERS = 200;
export const DEFAULT_SURFACE_SEED = 1;

export interface SurfacePreset {
  readonly id: string;
  readonly name: string;
  readonly note: string;
  readonly problem: SurfaceProblem;
}

/** Müller & Brown (1979), A = (−200, −100, −170, 15): see docs/conventions.md §5. */
const MUELLER_BROWN =
  '-200*exp(-(x-1)^2 - 10*y^2) - 100*exp(-x^2 - 10*(y-0.5)^2) - 170*exp(-6.5*(x+0.5)^2 + 11*(x+0.5)*(y-1.5) - 6.5*(y-1.5)^2) + 15*exp(0.7*(x+1)^2 + 0.6*(x+1)*(y-1) + 0.7*(y-1)^2)';

export const SURFACE_PRESETS: readonly SurfacePreset[] = [
  {
    id: 'mueller-brown',
    name: 'Müller–Brown',
    note: 'three minima, two saddles; the path from the deepest minimum bends through the middle one',
    problem: {
      potential: MUELLER_BROWN,
      parameters: {},
      box: [
        [-1.5, 1.2],
        [-0.2, 2],
      ],
      D: 8,
      gamma: 1,
    },
  },
  {
    id: 'double-well',
    name: 'Symmetric double well (x² − 1)² + y²',
    note: 'minima at (±1, 0), saddle at the origin, ΔU = 1: the path is the x axis',
    problem: {
      potential: '(x^2 - 1)^2 + y^2',
      parameters: {},
      box: [
        [-2, 2],
        [-1.5, 1.5],
      ],
      D: 0.1,
      gamma: 1,
    },
  },
  {
    id: 'curved',
    name: 'Coupled double well (x² − 1)² + k(y − c x²)²',
    note: 'minima at (±1, c), saddle at the origin: the path follows the bent valley y ≈ c x²',
    problem: {
      potential: '(x^2 - 1)^2 + k*(y - c*x^2)^2',
      parameters: { k: 2, c: 1 },
      box: [
        [-1.8, 1.8],
        [-0.8, 2.2],
      ],
      D: 0.1,
      gamma: 1,
    },
  },
];

export const DEFAULT_SURFACE: SurfaceProblem = SURFACE_PRESETS[0]!.problem;

/**
 * Same problem, whatever the key order (a decoded URL builds its object in another order). The
 * walkers' count and seed are not part of it: they change no analysis and no preset.
 */
export function canonicalSurface(q: SurfaceProblem): string {
  const params = sortedParameters(q.parameters);
  return JSON.stringify([q.potential, params, q.box, q.D, q.gamma, q.mass, q.from, q.to]);
}

export function encodeSurface(q: URLSearchParams, s: SurfaceProblem): void {
  q.set('s2.U', s.potential);
  encodeParametersAndBox(q, 's2', s.parameters, s.box);
  q.set('s2.D', urlNumber(s.D));
  q.set('s2.gamma', urlNumber(s.gamma));
  if (s.mass !== undefined) q.set('s2.m', urlNumber(s.mass));
  if (s.from !== undefined) q.set('s2.from', String(s.from));
  if (s.to !== undefined) q.set('s2.to', String(s.to));
  if (s.walkers !== undefined) q.set('s2.walkers', String(s.walkers));
  if (s.seed !== undefined) q.set('s2.seed', String(s.seed));
}

/** A whole number in [min, max] from the URL, or undefined. */
function whole(text: string | null, min: number, max: number): number | undefined {
  if (text === null || !/^\d{1,10}$/.test(text)) return undefined;
  const v = Number(text);
  return v >= min && v <= max ? v : undefined;
}

function positive(text: string | null, fallback: number): number {
  const v = text === null ? Number.NaN : Number(text);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

function index(text: string | null): number | undefined {
  return text !== null && /^\d{1,3}$/.test(text) ? Number(text) : undefined;
}

/** The tab's problem from a query, or undefined when it carries none; bad values take defaults. */
export function decodeSurface(q: URLSearchParams): SurfaceProblem | undefined {
  if (![...q.keys()].some((k) => k.startsWith('s2.'))) return undefined;
  const d = DEFAULT_SURFACE;
  const potential = q.get('s2.U');
  const parameters = decodeParameters(q, 's2');
  const mass = q.has('s2.m') ? positive(q.get('s2.m'), 1) : undefined;
  const from = index(q.get('s2.from'));
  const to = index(q.get('s2.to'));
  const walkers = whole(q.get('s2.walkers'), 1, 100_000);
  const seed = whole(q.get('s2.seed'), 0, 0xffffffff);
  return {
    // Checked by the parser before use (never evaluated as text); length-capped here.
    potential: potential !== null && potential.length <= 2000 ? potential : d.potential,
    parameters: potential !== null ? parameters : d.parameters,
    box: parsePlaneBox(q.get('s2.box') ?? '') ?? d.box,
    D: positive(q.get('s2.D'), d.D),
    gamma: positive(q.get('s2.gamma'), d.gamma),
    ...(mass !== undefined ? { mass } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(walkers !== undefined ? { walkers } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
}
