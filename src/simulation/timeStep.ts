import { KramersError } from '../core/index.js';
import { compileSource, resolveConfig } from './config.js';
import type { SimulationConfig } from './types.js';

/** Grid points on which U″ is sampled. */
const GRID = 400;

/**
 * Checks the time step against the local stiffness of the force. U″ is evaluated by central
 * differences of the force on the region walkers visit: from the start to each absorbing boundary,
 * extended beyond the start by half the width on a side without a boundary (the reflecting wall).
 *
 * Overdamped: the explicit schemes are stable for dt·max U″/γ < 2 (linear test dx = −κx dt:
 * Euler's factor 1 − κdt and Heun's 1 − κdt + (κdt)²/2 have modulus ≤ 1 exactly for κdt ≤ 2).
 * Underdamped: velocity Verlet / BAOAB is stable for dt·ω < 2, ω = √(max U″/m) (Leimkuhler &
 * Matthews, Molecular Dynamics, 2015, §2.3). Beyond those limits: KramersError naming dt. Above a
 * tenth of them the time-step bias is no longer small: a warning.
 *
 * @returns warnings (empty when dt is comfortably small)
 * @throws KramersError `invalid_parameter` (path 'dt') when dt is beyond the stability limit
 */
export function checkTimeStep(config: SimulationConfig): string[] {
  const c = resolveConfig(config);
  const force = compileSource('force', config.force);
  const warnings: string[] = [];
  let lo = c.startMin;
  let hi = c.startMax;
  if (c.below !== undefined) lo = Math.min(lo, c.below);
  if (c.above !== undefined) hi = Math.max(hi, c.above);
  const width = Math.max(hi - lo, 1);
  if (c.below === undefined) lo -= width / 2;
  if (c.above === undefined) hi += width / 2;
  const h = Math.max(1e-6, (hi - lo) * 1e-5);
  let curvature = 0;
  let where = lo;
  for (let k = 0; k <= GRID; k++) {
    const x = lo + ((hi - lo) * k) / GRID;
    const second = (force(x + h) - force(x - h)) / (2 * h);
    if (!Number.isFinite(second)) {
      warnings.push(`U″ is not finite near x = ${x.toPrecision(4)}: cannot check dt there`);
      continue;
    }
    if (Math.abs(second) > curvature) {
      curvature = Math.abs(second);
      where = x;
    }
  }
  const at = `max |U″| = ${curvature.toPrecision(4)} at x ≈ ${where.toPrecision(3)}`;
  let stiffness: number;
  let label: string;
  if (c.dynamics === 'overdamped') {
    stiffness = (c.dt * curvature) / c.gamma;
    label = `dt·max|U″|/γ = ${stiffness.toPrecision(3)}`;
  } else {
    stiffness = c.dt * Math.sqrt(curvature / c.mass);
    label = `dt·ω = ${stiffness.toPrecision(3)} (ω = √(max|U″|/m))`;
    const damping = (c.dt * c.gamma) / c.mass;
    if (c.scheme === 'euler-maruyama' && damping > 0.2) {
      warnings.push(
        `dt·γ/m = ${damping.toPrecision(3)}: Euler–Maruyama damps inaccurately; reduce dt or use 'baoab'`,
      );
    }
  }
  if (stiffness > 2) {
    throw new KramersError(
      'invalid_parameter',
      `dt = ${c.dt} is unstable: ${label} > 2 (${at}); reduce dt below ${(c.dt * (1.9 / stiffness)).toPrecision(2)}`,
      {
        issues: [{ path: 'dt', message: `${label} exceeds the stability limit 2` }],
        hint: 'reduce dt',
      },
    );
  }
  if (stiffness > 0.2) {
    warnings.push(
      `dt = ${c.dt}: ${label} > 0.2 (${at}); the time-step bias may be large, reduce dt`,
    );
  }
  return warnings;
}
