import { inertialGrowthRate } from '../multid/index.js';
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
import type { MethodInfo } from './method.js';

const info: MethodInfo = {
  key: 'kramersLanger',
  label: 'Kramers–Langer (inertial)',
  short: 'Kramers–Langer',
  definition:
    'one-way escape rate (κ/2π)√(det H_a/|det H_s|) e^{−ΔU/D}, κ > 0 the root of det(κ²M + κΓ + H_s) = 0' +
    NETWORK_CLAUSE,
  regime:
    'underdamped dynamics in several coordinates at moderate to strong friction (spatial diffusion, not the energy-diffusion regime), ΔU/D ≫ 1',
  reference: 'Langer, Ann. Phys. 54, 258 (1969); Grote & Hynes, J. Chem. Phys. 73, 2715 (1980)',
  dynamics: 'underdamped',
  kind: 'closed form',
  colour: '#74b816',
};

/** κ of a saddle: see the route's definition. */
const growthRate: GrowthRateOf = (p, saddle) =>
  inertialGrowthRate(hessianAt(p, [...saddle.x]), p.massMatrix, p.friction, p.dimension);

/** Langer's inertial rate (the N-D spatial-diffusion rate) with mass and friction matrices. */
export const kramersLangerRoute: HarmonicRouteND = {
  info,
  run: (t: PreparedTransitionND) => harmonicRouteND(t, info, growthRate),
  network: (p) => harmonicNetwork(p, info, growthRate),
  direct: (t: PreparedTransitionND) => directRouteND(t, info, growthRate),
};
