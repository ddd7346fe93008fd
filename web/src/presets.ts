import type { LabProblem } from './protocol.js';

export interface Preset {
  readonly id: string;
  readonly name: string;
  readonly note: string;
  readonly problem: LabProblem;
}

const base = { gamma: 1, mass: 1, from: 0 } as const;

/** Named landscapes of the issue (and of the scenario gallery). */
export const PRESETS: readonly Preset[] = [
  {
    id: 'seed',
    name: 'Seed double well x⁴/4 − x²/2',
    note: 'wells at ±1, barrier at 0, ΔU = 1/4; Kramers: √2/(2π) e^{−1/(4D)}',
    problem: { ...base, potential: 'x^4/4 - x^2/2', parameters: {}, D: 0.05 },
  },
  {
    id: 'quartic',
    name: 'Symmetric quartic a·x⁴ − b·x²',
    note: 'wells at ±√(b/2a), ΔU = b²/(4a)',
    problem: { ...base, potential: 'a*x^4 - b*x^2', parameters: { a: 1, b: 2 }, D: 0.1 },
  },
  {
    id: 'tipping',
    name: 'Ecological tipping x³/3 − μx',
    note: 'saddle-node: ΔU = (4/3)μ^{3/2} vanishes at the fold μ → 0; escape to −∞',
    problem: { ...base, potential: 'x^3/3 - mu*x', parameters: { mu: 1 }, D: 0.1 },
  },
  {
    id: 'tilted',
    name: 'Tilted double well x⁴/4 − x²/2 + c·x',
    note: 'unequal barriers: ΔU differs from each side',
    problem: { ...base, potential: 'x^4/4 - x^2/2 + c*x', parameters: { c: 0.1 }, D: 0.04 },
  },
  {
    id: 'washboard',
    name: 'Washboard −cos x − F·x',
    note: 'tilted periodic potential (Josephson junction, Brownian motor); finite domain',
    problem: {
      ...base,
      potential: '-cos(x) - F*x',
      parameters: { F: 0.5 },
      D: 0.1,
      domain: { min: -6, max: 14 },
      to: 1,
    },
  },
  {
    id: 'gauss',
    name: 'Gaussian bump in a trap x²/8 + h·e^(−x²)',
    note: 'a non-polynomial double well: barrier h at 0, wells at ±√(ln 8h)',
    problem: { ...base, potential: 'x^2/8 + h*exp(-x^2)', parameters: { h: 1 }, D: 0.08 },
  },
];
