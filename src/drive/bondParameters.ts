import { KramersError, requirePositive } from '../core/index.js';

/**
 * A bond under a force F pulling along x (potential U(x) − F x), described by the three numbers
 * of force spectroscopy. Units: energies in the units of D, lengths in those of x, so forces are
 * energy/length and the loading rate r = dF/dt is force/time.
 */
export interface BondParameters {
  /** ΔG‡: barrier height at zero force (energy). */
  readonly deltaG: number;
  /** x‡: distance from the well bottom to the barrier top along the pulling direction (length). */
  readonly xb: number;
  /** k0: escape rate at zero force (1/time). */
  readonly k0: number;
  /** D = k_B T (energy). */
  readonly D: number;
}

/** Checks a bond description: every number finite and positive. */
export function requireBond(bond: BondParameters): BondParameters {
  requirePositive('deltaG', bond.deltaG, 'barrier height ΔG‡ at zero force');
  requirePositive('xb', bond.xb, 'distance x‡ from the well to the barrier');
  requirePositive('k0', bond.k0, 'escape rate at zero force');
  requirePositive('D', bond.D, 'noise intensity k_B T');
  return bond;
}

/** ν of the Dudko–Hummer–Szabo rate: 1/2 cusp, 2/3 linear-cubic, 1 Bell. */
export function requireNu(nu: number): number {
  if (typeof nu !== 'number' || !(nu > 0 && nu <= 1)) {
    throw new KramersError(
      'invalid_parameter',
      `nu must be in (0, 1] (1/2 cusp, 2/3 linear-cubic, 1 Bell); got ${String(nu)}`,
      { issues: [{ path: 'nu', message: `expected 0 < ν ≤ 1, got ${String(nu)}` }] },
    );
  }
  return nu;
}

/** A loading rate r = dF/dt > 0. */
export function requireLoadingRate(r: number, path = 'loadingRate'): number {
  return requirePositive(path, r, 'loading rate dF/dt');
}
