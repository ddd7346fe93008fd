/** Which dynamics a method describes ('both': it holds for either, e.g. a simulation). */
export type MethodDynamics = 'overdamped' | 'underdamped' | 'both';

/** How a method gets its number: an asymptotic formula, converged numerics, or sampling. */
export type MethodKind = 'closed form' | 'exact' | 'simulation';

/**
 * A method's entry in the catalogue: everything a table, a plot legend or a Lab panel shows about
 * it. Tables and panels read these and keep no copy (one label and one colour per method).
 */
export interface MethodInfo {
  /** The key under which reports file this method's result (`methods.kramers`, `rates.tst`). */
  readonly key: string;
  /** Name in legends, panels and row-per-method tables. */
  readonly label: string;
  /** Column heading where a table has one column per method (a few characters). */
  readonly short: string;
  /** One line: which rate it estimates (one-way k, λ1·p_b, 1/MFPT, …) and how. */
  readonly definition: string;
  /** Where it holds. */
  readonly regime: string;
  /** Where it comes from (authors, journal, year). */
  readonly reference: string;
  readonly dynamics: MethodDynamics;
  readonly kind: MethodKind;
  /** Plot colour (CSS hex), the same in the CLI's figures and the Lab. */
  readonly colour: string;
}
