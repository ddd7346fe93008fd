/**
 * Below this λ2/λ1 the slowest mode is not separated from the intrawell ones, so no single rate
 * describes the escape (one decade; Hänggi, Talkner & Borkovec 1990, §IV.A: a rate needs the
 * barrier time scale well apart from the relaxation in the well).
 */
export const MIN_TIME_SCALE_SEPARATION = 10;

/** The two-state warning, shared by the 1-D spectrum and the N-D spectral rate: λ2/λ1 < 10. */
export function twoStateGapWarnings(gap: number): string[] {
  if (!(Number.isFinite(gap) && gap < MIN_TIME_SCALE_SEPARATION)) return [];
  return [
    `λ2/λ1 = ${gap.toPrecision(2)}: no clean separation of time scales; a single rate is not meaningful`,
  ];
}

/**
 * With n wells the n slowest modes belong together: what makes a rate matrix meaningful is the
 * gap λ_n/λ_{n−1} to the intrawell modes, not λ2/λ1 (which is ~2 for three equal wells). Replaces
 * the spectral solver's two-state gap warning accordingly.
 */
export function separationWarnings(
  eigenvalues: readonly number[],
  wells: number,
  solverWarnings: readonly string[],
): string[] {
  if (wells <= 2) return [...solverWarnings];
  const kept = solverWarnings.filter((w) => !w.startsWith('λ2/λ1 = '));
  const slow = eigenvalues[wells - 1];
  const fast = eigenvalues[wells];
  if (
    slow !== undefined &&
    fast !== undefined &&
    slow > 0 &&
    fast / slow < MIN_TIME_SCALE_SEPARATION
  ) {
    kept.push(
      `λ${wells}/λ${wells - 1} = ${Number((fast / slow).toPrecision(2))}: the ${wells} slow modes are not well separated from the intrawell ones; rates between wells are not meaningful`,
    );
  }
  return kept;
}
