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
  if (slow !== undefined && fast !== undefined && slow > 0 && fast / slow < 10) {
    kept.push(
      `λ${wells}/λ${wells - 1} = ${Number((fast / slow).toPrecision(2))}: the ${wells} slow modes are not well separated from the intrawell ones; rates between wells are not meaningful`,
    );
  }
  return kept;
}
