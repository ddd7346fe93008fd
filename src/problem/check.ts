import { KramersError } from '../core/index.js';
import type { PassageSpecDrift } from './passageDrift.js';
import type { EscapeProblem } from './prepare.js';
import type { DriftProblemND } from './prepareDrift.js';
import type { EscapeProblemND } from './prepareND.js';
import type { TransitionSpec } from './transition.js';
import type { TransitionSpecND } from './transitionND.js';

/** The keys of P that a list `K` leaves out: `never` when the list names them all. */
export type MissingKeys<P, K extends readonly PropertyKey[]> = Exclude<keyof P, K[number]>;

/**
 * The keys a study reads of its problem type P, checked both ways when the code compiles: every
 * entry must be a key of P (a misspelt entry fails the constraint), and every key of P must be
 * listed (a field added to an interface and not to its list fails `npm run typecheck` with
 * `missingKeys: 'newField'`). The list `checkProblem` compares against is so the interface itself,
 * never a copy that drifts from it. Usage: `keysOf<TransitionSpec>()(['from', …])`.
 */
export function keysOf<P>() {
  return <const K extends readonly (keyof P & string)[]>(
    keys: K &
      ([MissingKeys<P, K>] extends [never] ? unknown : { readonly missingKeys: MissingKeys<P, K> }),
  ): K => keys;
}

/** The keys of an escape problem (`EscapeProblem`). */
export const ESCAPE_KEYS = keysOf<EscapeProblem>()([
  'potential',
  'parameters',
  'D',
  'gamma',
  'mass',
  'domain',
  'dynamics',
]);

/** The keys of one passage (`TransitionSpec`). */
export const PASSAGE_KEYS = keysOf<TransitionSpec>()(['from', 'fromX', 'to', 'toX', 'reflectX']);

/** The keys of an escape problem in several coordinates (`EscapeProblemND`). */
export const ESCAPE_ND_KEYS = keysOf<EscapeProblemND>()([
  'potential',
  'coordinates',
  'parameters',
  'D',
  'gamma',
  'mass',
  'domain',
  'dynamics',
]);

/** The keys of one passage in several coordinates (`TransitionSpecND`). */
export const PASSAGE_ND_KEYS = keysOf<TransitionSpecND>()(['from', 'fromX', 'to', 'toRegion']);

/** The keys of a drift problem (`DriftProblemND`). */
export const DRIFT_KEYS = keysOf<DriftProblemND>()([
  'drift',
  'potential',
  'coordinates',
  'parameters',
  'D',
  'domain',
]);

/** The keys of one passage of a drift problem (`PassageSpecDrift`). */
export const PASSAGE_DRIFT_KEYS = keysOf<PassageSpecDrift>()(['from', 'fromX', 'to', 'toRegion']);

const EXAMPLE = '{ potential: "x^4/4 - x^2/2", D: 0.05 }';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'function' ? 'a function' : `${typeof value} ${String(value)}`;
}

/**
 * The check every public study makes of a plain problem at the door, before reading it: an object
 * (not null, an array or a number: those used to surface as TypeErrors from deep inside), and no
 * key the study does not read (a misspelt `Dee` used to run silently at the default D). The
 * potential's own shape is checked where it is built (`prepare`).
 */
export function checkProblem(problem: unknown, allowed: readonly string[], entry: string): void {
  if (problem === null || typeof problem !== 'object' || Array.isArray(problem)) {
    throw new KramersError(
      'usage',
      `${entry}(): expected a problem object, e.g. ${EXAMPLE}; got ${describe(problem)}`,
      { issues: [{ path: '', message: 'not an object' }] },
    );
  }
  refuseUnknownKeys(problem as Record<string, unknown>, allowed, entry, '');
}

/**
 * The same check for settings nested in a problem (`simulate: { walkers, seed }`): `true`,
 * `false` or absent pass; an object may hold only `allowed` keys (a misspelt `walker` used to run
 * at the default walkers); anything else is refused. Paths name the setting, `simulate.walker`.
 */
export function checkSettings(
  value: unknown,
  allowed: readonly string[],
  entry: string,
  key: string,
): void {
  if (value === undefined || typeof value === 'boolean') return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new KramersError(
      'invalid_parameter',
      `${entry}(): ${key} must be true, false or an object of settings; got ${describe(value)}`,
      { issues: [{ path: key, message: 'not true, false or an object' }] },
    );
  }
  refuseUnknownKeys(value as Record<string, unknown>, allowed, entry, `${key}.`);
}

/** Throws for keys of `object` outside `allowed` (undefined values pass), paths after `prefix`. */
function refuseUnknownKeys(
  object: Record<string, unknown>,
  allowed: readonly string[],
  entry: string,
  prefix: string,
): void {
  const unknown = Object.keys(object).filter(
    (key) => !allowed.includes(key) && object[key] !== undefined,
  );
  if (unknown.length === 0) return;
  // No edit-distance helper in the repository: a case-insensitive match (`d` for `D`) is named,
  // and the allowed keys are listed so a misspelling is found at a glance.
  const similar = unknown
    .map((key) => [key, allowed.find((a) => a.toLowerCase() === key.toLowerCase())] as const)
    .filter(([, a]) => a !== undefined)
    .map(([key, a]) => `'${prefix}${a}' for '${prefix}${key}'`);
  const reads = prefix ? `${prefix.slice(0, -1)} reads` : `${entry}() reads`;
  throw new KramersError(
    'invalid_parameter',
    `${entry}(): unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${prefix}${k}'`).join(', ')}`,
    {
      issues: unknown.map((key) => ({ path: `${prefix}${key}`, message: 'unknown key' })),
      hint: `${similar.length > 0 ? `did you mean ${similar.join(', ')}? ` : ''}${reads} ${allowed.join(', ')}`,
    },
  );
}
