import { unstableFrequency } from '../multid/index.js';
import type { PreparedTransitionND } from '../problem/index.js';
import {
  directRouteND,
  type GrowthRateOf,
  type HarmonicRouteND,
  harmonicNetwork,
  harmonicRouteND,
  hessianAt,
  NETWORK_CLAUSE,
} from './closedFormND.js';
import { tstRoute } from './tst.js';

/** ω_u of a saddle (mass-weighted unstable frequency). */
const growthRate: GrowthRateOf = (p, saddle) =>
  unstableFrequency(hessianAt(p, [...saddle.x]), p.massMatrix, p.dimension);

/**
 * The method is the catalogue's `tst`; its result says how it was computed in several coordinates.
 */
const infoND = {
  ...tstRoute.info,
  definition:
    'harmonic TST (ω_u/2π)√(det H_a/|det H_s|) e^(−ΔU/D), ω_u² = |λ₋(M⁻¹H_s)|: the equilibrium one-way flux through the dividing plane at the saddle, no recrossing' +
    NETWORK_CLAUSE,
};

/**
 * Harmonic transition-state theory in several coordinates (Vineyard, J. Phys. Chem. Solids 3,
 * 121, 1957): k = (ω_u/2π)√(det H_a/|det H_s|) e^{−ΔU/D}, ω_u² the negative eigenvalue of M⁻¹H_s
 * in magnitude; the product of the normal-mode frequencies at the minimum over those at the
 * saddle. The same method as the 1-D `tst` route (its catalogue entry), which it reduces to.
 */
export const tstNDRoute: HarmonicRouteND = {
  info: tstRoute.info,
  run: (t: PreparedTransitionND) => harmonicRouteND(t, infoND, growthRate),
  network: (p) => harmonicNetwork(p, infoND, growthRate),
  direct: (t: PreparedTransitionND) => directRouteND(t, infoND, growthRate),
};
