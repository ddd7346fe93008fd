/**
 * A physical dimension as exponents of the SI base quantities it needs here: mass, length, time,
 * electric current, temperature and amount of substance (M, L, T, I, Θ, N). Plain arrays, so a
 * quantity stays serialisable data.
 */
export type Dimension = readonly [number, number, number, number, number, number];

const BASE_SYMBOLS = ['kg', 'm', 's', 'A', 'K', 'mol'] as const;

export const DIMENSIONLESS: Dimension = [0, 0, 0, 0, 0, 0];

export function dimensionTimes(a: Dimension, b: Dimension): Dimension {
  return a.map((e, i) => e + b[i]!) as unknown as Dimension;
}

export function dimensionPower(a: Dimension, p: number): Dimension {
  return a.map((e) => e * p) as unknown as Dimension;
}

export function sameDimension(a: Dimension, b: Dimension): boolean {
  return a.every((e, i) => Math.abs(e - b[i]!) < 1e-12);
}

/** The dimension in SI base units, e.g. `kg*m^2/s^2` for an energy, `1` if dimensionless. */
export function formatDimension(d: Dimension): string {
  const up: string[] = [];
  const down: string[] = [];
  d.forEach((e, i) => {
    if (e === 0) return;
    const symbol = BASE_SYMBOLS[i]!;
    const mag = Math.abs(e);
    (e > 0 ? up : down).push(mag === 1 ? symbol : `${symbol}^${mag}`);
  });
  const num = up.length > 0 ? up.join('*') : '1';
  if (down.length === 0) return num;
  return `${num}/${down.length > 1 ? `(${down.join('*')})` : down[0]}`;
}

/** Named dimensions, by the quantity they measure. */
export const DIMENSIONS = {
  dimensionless: DIMENSIONLESS,
  mass: [1, 0, 0, 0, 0, 0],
  length: [0, 1, 0, 0, 0, 0],
  time: [0, 0, 1, 0, 0, 0],
  current: [0, 0, 0, 1, 0, 0],
  temperature: [0, 0, 0, 0, 1, 0],
  amount: [0, 0, 0, 0, 0, 1],
  area: [0, 2, 0, 0, 0, 0],
  volume: [0, 3, 0, 0, 0, 0],
  rate: [0, 0, -1, 0, 0, 0],
  diffusion: [0, 2, -1, 0, 0, 0],
  energy: [1, 2, -2, 0, 0, 0],
  molarEnergy: [1, 2, -2, 0, 0, -1],
  force: [1, 1, -2, 0, 0, 0],
  viscosity: [1, -1, -1, 0, 0, 0],
  friction: [1, 0, -1, 0, 0, 0],
  energyDensity: [1, -1, -2, 0, 0, 0],
  magneticField: [1, 0, -2, -1, 0, 0],
  magnetization: [0, -1, 0, 1, 0, 0],
  capacitance: [-1, -2, 4, 2, 0, 0],
  resistance: [1, 2, -3, -2, 0, 0],
  currentRate: [0, 0, -1, 1, 0, 0],
  voltage: [1, 2, -3, -1, 0, 0],
  conductance: [-1, -2, 3, 2, 0, 0],
  gyromagneticRatio: [-1, 0, 1, 1, 0, 0],
} as const satisfies Record<string, Dimension>;

export type DimensionName = keyof typeof DIMENSIONS;

/** The name of a dimension when it has one ("energy"), else its SI form. */
export function describeDimension(d: Dimension): string {
  for (const [name, dim] of Object.entries(DIMENSIONS)) {
    if (sameDimension(d, dim)) return name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
  }
  return formatDimension(d);
}
