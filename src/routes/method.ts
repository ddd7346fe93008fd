import type { PreparedTransition, PreparedTransitionND } from '../problem/index.js';
import type { MethodInfo } from './info.js';
import type { RouteResult } from './result.js';

export type { MethodDynamics, MethodInfo, MethodKind } from './info.js';

/** Options the deterministic numerical routes take. */
export interface RouteOptions {
  /** Relative tolerance of a numerical route (each route states its default). */
  readonly tolerance?: number;
}

/** A deterministic route: a prepared passage in, one result out (synchronous: no sampling). */
export interface Route<R extends RouteResult = RouteResult> {
  readonly info: MethodInfo;
  readonly run: (t: PreparedTransition, options?: RouteOptions) => R;
}

/** A deterministic route on a passage in several coordinates. */
export interface RouteND<R extends RouteResult = RouteResult> {
  readonly info: MethodInfo;
  readonly run: (t: PreparedTransitionND, options?: RouteOptions) => R;
}
