import { KramersError } from '../core/index.js';

/** The keys of an escape problem (`EscapeProblem`). */
export const ESCAPE_KEYS = [
  'potential',
  'parameters',
  'D',
  'gamma',
  'mass',
  'domain',
  'dynamics',
] as const;

/** The keys of one passage (`TransitionSpec`). */
export const PASSAGE_KEYS = ['from', 'fromX', 'to', 'toX', 'reflectX'] as const;

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
  const unknown = Object.keys(problem).filter(
    (key) => !allowed.includes(key) && (problem as Record<string, unknown>)[key] !== undefined,
  );
  if (unknown.length === 0) return;
  // No edit-distance helper in the repository: a case-insensitive match (`d` for `D`) is named,
  // and the allowed keys are listed so a misspelling is found at a glance.
  const similar = unknown
    .map((key) => [key, allowed.find((a) => a.toLowerCase() === key.toLowerCase())] as const)
    .filter(([, a]) => a !== undefined)
    .map(([key, a]) => `'${a}' for '${key}'`);
  throw new KramersError(
    'invalid_parameter',
    `${entry}(): unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}`,
    {
      issues: unknown.map((key) => ({ path: key, message: 'unknown key' })),
      hint: `${similar.length > 0 ? `did you mean ${similar.join(', ')}? ` : ''}${entry}() reads ${allowed.join(', ')}`,
    },
  );
}
