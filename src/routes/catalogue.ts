import { amsInfo } from './ams.js';
import { arrheniusRoute } from './arrhenius.js';
import { correctedRoute } from './corrected.js';
import { energyDiffusionRoute } from './energyDiffusion.js';
import { exactRoute } from './exact.js';
import { fluxOverPopulationRoute } from './fluxOverPopulation.js';
import { kleinKramersRoute } from './kleinKramers.js';
import { kramersRoute } from './kramers.js';
import { kramersLangerRoute } from './kramersLanger.js';
import { langerRoute } from './langer.js';
import { melnikovMeshkovRoute } from './melnikovMeshkov.js';
import type { MethodInfo } from './method.js';
import { relaxationInfo } from './relaxation.js';
import { simulationInfo } from './simulation.js';
import { spatialDiffusionRoute } from './spatialDiffusion.js';
import { spectralRoute } from './spectral.js';
import { STUDY_METHODS } from './studyMethods.js';
import { tstRoute } from './tst.js';
import { tstNDRoute } from './tstND.js';

/**
 * The deterministic routes, by key: what a comparison of rates may run. A new closed form or
 * solver is one file in this folder (its route and its catalogue entry) and one line here.
 */
export const ROUTES = {
  arrhenius: arrheniusRoute,
  tst: tstRoute,
  kramers: kramersRoute,
  corrected: correctedRoute,
  spatialDiffusion: spatialDiffusionRoute,
  energyDiffusion: energyDiffusionRoute,
  melnikovMeshkov: melnikovMeshkovRoute,
  exact: exactRoute,
  spectral: spectralRoute,
  fluxOverPopulation: fluxOverPopulationRoute,
  kleinKramers: kleinKramersRoute,
} as const;

export type RouteKey = keyof typeof ROUTES;

/**
 * The deterministic routes of a passage in several coordinates, by key. `tst` and `exact` are the
 * same methods as in one coordinate (one catalogue entry each; the result's `definition` says how
 * this one was computed); `langer` and `kramersLanger` exist only here.
 */
export const ND_ROUTES = {
  tst: tstNDRoute,
  langer: langerRoute,
  kramersLanger: kramersLangerRoute,
} as const;

export type RouteKeyND = keyof typeof ND_ROUTES;

/** The result type of each N-D route. */
export type RouteResultOfND<K extends RouteKeyND> = ReturnType<(typeof ND_ROUTES)[K]['run']>;

/** The result type of each deterministic route. */
export type RouteResultOf<K extends RouteKey> = ReturnType<(typeof ROUTES)[K]['run']>;

/** Every method of the library: deterministic routes, sampling routes, then the study curves. */
const METHODS: readonly MethodInfo[] = [
  ...Object.values(ROUTES).map((route) => route.info),
  langerRoute.info,
  kramersLangerRoute.info,
  simulationInfo,
  relaxationInfo,
  amsInfo,
  ...STUDY_METHODS,
];

export type MethodKey =
  | RouteKey
  | RouteKeyND
  | 'simulation'
  | 'relaxation'
  | 'ams'
  | 'bellEvans'
  | 'dhs'
  | 'twoState'
  | 'linearResponse';

/**
 * The method catalogue: for every route its key, label, definition, validity regime, reference,
 * dynamics, kind and plot colour. Tables, plots and the Lab read labels and colours from here.
 */
export function methodCatalogue(): readonly MethodInfo[] {
  return METHODS;
}

/** One method's entry (a KramersError-free lookup: unknown keys give undefined). */
export function methodInfo(key: string): MethodInfo | undefined {
  return METHODS.find((m) => m.key === key);
}
