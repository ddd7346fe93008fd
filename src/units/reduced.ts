import { KramersError, requirePositive } from '../core/index.js';
import type { Dimension } from './dimension.js';

/**
 * The scales that turn a physical problem into the unitless one the numerics solve, and back.
 * Energies are measured in `energy` (J), lengths in `length` (m) and times in `time` (s); the mass
 * scale follows as energy·time²/length². Two choices of time unit:
 * - overdamped, γ dx = −U′ dt + √(2γD) dW: time = γ L²/E, so the reduced friction is γ = 1;
 * - underdamped, m ẍ = −U′ − γẋ + noise: time = L √(m/E), so the reduced mass is m = 1 and the
 *   reduced friction is γ·time/m (the collision rate in reduced units).
 * The reduced noise intensity is D = k_BT/E in both.
 */
export interface ReducedUnits {
  readonly dynamics: 'overdamped' | 'underdamped';
  /** Energy unit, in `energyUnit`. */
  readonly energy: number;
  /** `J`, or `1` for a model whose potential is unitless. */
  readonly energyUnit: string;
  /** Length unit, in `lengthUnit`. */
  readonly length: number;
  /** What the length unit is measured in: `m`, `rad` for an angle, `1` for a unitless state. */
  readonly lengthUnit: string;
  /** Time unit (s). */
  readonly time: number;
  /** How the time unit was made, in words. */
  readonly description: string;
}

/** Overdamped units: time unit γL²/E (reduced γ = 1). */
export function overdampedUnits(input: {
  readonly energy: number;
  readonly length: number;
  readonly friction: number;
}): ReducedUnits {
  const energy = requirePositive('energy unit', input.energy, 'J');
  const length = requirePositive('length unit', input.length, 'm');
  const friction = requirePositive('friction', input.friction, 'kg/s');
  return {
    dynamics: 'overdamped',
    energy,
    energyUnit: 'J',
    length,
    lengthUnit: 'm',
    time: (friction * length * length) / energy,
    description: 'time unit γL²/E (overdamped; reduced γ = 1)',
  };
}

/** Underdamped units: time unit L√(m/E) (reduced m = 1). */
export function underdampedUnits(input: {
  readonly energy: number;
  readonly length: number;
  readonly mass: number;
}): ReducedUnits {
  const energy = requirePositive('energy unit', input.energy, 'J');
  const length = requirePositive('length unit', input.length, 'm');
  const mass = requirePositive('mass', input.mass, 'kg');
  return {
    dynamics: 'underdamped',
    energy,
    energyUnit: 'J',
    length,
    lengthUnit: 'm',
    time: length * Math.sqrt(mass / energy),
    description: 'time unit L√(m/E) (underdamped; reduced m = 1)',
  };
}

/** The SI size of one reduced unit of a quantity with this dimension (mass, length, time only). */
export function reducedScale(dimension: Dimension, units: ReducedUnits): number {
  const [mass, length, time, current, temperature, amount] = dimension;
  if (current !== 0 || temperature !== 0 || amount !== 0) {
    throw new KramersError(
      'unit_mismatch',
      'reduced units measure only mass, length and time (give temperatures as D = k_BT/E)',
    );
  }
  const massUnit = (units.energy * units.time * units.time) / (units.length * units.length);
  return massUnit ** mass * units.length ** length * units.time ** time;
}

/** A physical (SI) value in reduced units. */
export function toReduced(valueSI: number, dimension: Dimension, units: ReducedUnits): number {
  return valueSI / reducedScale(dimension, units);
}

/** A reduced value back in SI. */
export function fromReduced(value: number, dimension: Dimension, units: ReducedUnits): number {
  return value * reducedScale(dimension, units);
}

/** Stokes friction on a sphere of radius r in a fluid of viscosity η: γ = 6πηr (Stokes 1851). */
export function stokesFriction(viscosity: number, radius: number): number {
  return 6 * Math.PI * requirePositive('viscosity', viscosity) * requirePositive('radius', radius);
}

/** Friction coefficient from a collision rate η_c = γ/m: γ = m η_c. */
export function frictionFromCollisionRate(collisionRate: number, mass: number): number {
  return requirePositive('collision rate', collisionRate) * requirePositive('mass', mass);
}
