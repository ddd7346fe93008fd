import {
  isKramersError,
  type KramersError,
  type PresetReport,
  type RateProblem,
  type ReducedProblem,
  runPreset,
} from '../../src/index.js';

/** The KramersError runPreset throws for these settings (accepting them fails the test). */
export function presetRefusal(
  name: string,
  settings: Readonly<Record<string, string>>,
): KramersError {
  try {
    runPreset(name, settings);
  } catch (e) {
    if (isKramersError(e)) return e;
    throw e;
  }
  throw new Error(`preset ${name} accepted ${JSON.stringify(settings)}`);
}

/** A preset report's named result (a missing name fails the test). */
export function findResult(report: PresetReport, name: string): PresetReport['results'][number] {
  const r = report.results.find((x) => x.name === name);
  if (!r) throw new Error(`no result ${name} in ${report.preset}`);
  return r;
}

/** The value of a preset report's named result (a missing or null value fails the test, not NaN). */
export function resultOf(report: PresetReport, name: string): number {
  const r = findResult(report, name);
  if (r.value === null)
    throw new Error(`result ${name} of ${report.preset} has no value: ${r.text}`);
  return r.value;
}

/**
 * ln of a named result in its unit, whether its value is in double range (`value`) or past it
 * (`log10Value`); a result with neither fails the test.
 */
export function logResultOf(report: PresetReport, name: string): number {
  const r = findResult(report, name);
  if (r.log10Value !== undefined) return r.log10Value * Math.LN10;
  if (r.value === null)
    throw new Error(`result ${name} of ${report.preset} has no value: ${r.text}`);
  return Math.log(r.value);
}

/** |a − b|/|b|. */
export function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

/** The reduced problem as `rate()` takes it (mass aside, like its `kramers rate` line). */
export function rateProblem(problem: ReducedProblem): RateProblem {
  return {
    potential: problem.potential,
    parameters: problem.parameters,
    D: problem.D,
    gamma: problem.gamma,
    ...(problem.domain ? { domain: problem.domain } : {}),
    ...(problem.from !== undefined ? { from: problem.from } : {}),
    ...(problem.to !== undefined ? { to: problem.to } : {}),
  };
}
