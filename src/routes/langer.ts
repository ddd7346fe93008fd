import { overdampedGrowthRate } from '../multid/index.js';
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
  key: 'langer',
  label: 'Langer (overdamped)',
  short: 'Langer',
  definition:
    'one-way escape rate (κ/2π)√(det H_a/|det H_s|) e^{−ΔU/D}, κ the positive eigenvalue of −Γ⁻¹H_s (|λ₋|/γ for scalar friction)' +
    NETWORK_CLAUSE,
  regime:
    'overdamped dynamics in several coordinates, ΔU/D ≫ 1 (error O(D/ΔU)), harmonic minimum and index-1 saddle',
  reference:
    'Langer, Ann. Phys. 54, 258 (1969); Hänggi, Talkner & Borkovec, Rev. Mod. Phys. 62, 251 (1990) §IV.C',
  dynamics: 'overdamped',
  kind: 'closed form',
  colour: '#c92a2a',
};

/** κ of a saddle: see the route's definition. */
const growthRate: GrowthRateOf = (p, saddle) =>
  overdampedGrowthRate(hessianAt(p, [...saddle.x]), p.friction, p.dimension);

/** Langer's overdamped rate over the passage's saddle, with scalar friction or a friction matrix. */
export const langerRoute: HarmonicRouteND = {
  info,
  run: (t: PreparedTransitionND) => harmonicRouteND(t, info, growthRate),
  network: (p) => harmonicNetwork(p, info, growthRate),
  direct: (t: PreparedTransitionND) => directRouteND(t, info, growthRate),
};
