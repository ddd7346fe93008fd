import { KramersError } from './errors.js';

/** A duration for a person: seconds, minutes, hours, days or years. */
export function humanDuration(seconds: number): string {
  const units: [number, string][] = [
    [365.25 * 86400, 'years'],
    [86400, 'days'],
    [3600, 'h'],
    [60, 'min'],
  ];
  for (const [size, name] of units) {
    if (seconds >= 2 * size) return `${Number((seconds / size).toPrecision(2))} ${name}`;
  }
  return `${Number(seconds.toPrecision(2))} s`;
}

/**
 * Refuses work whose estimated time is past a budget (KramersError `over_budget`), before it
 * starts: `what` names the work and `basis` says what the estimate rests on.
 */
export function requireWithinBudget(
  what: string,
  seconds: number,
  budgetSeconds: number | undefined,
  detail: { readonly basis: string; readonly hint: string },
): void {
  if (budgetSeconds === undefined || seconds <= budgetSeconds) return;
  const estimate = humanDuration(seconds);
  throw new KramersError(
    'over_budget',
    `${what} would take about ${estimate} (${detail.basis}): past the budget of ${humanDuration(budgetSeconds)}`,
    { issues: [{ path: 'budget', message: `estimated ${estimate}` }], hint: detail.hint },
  );
}
