/**
 * Time-dependent forces U′(x, t): a harmonic trap dragged at speed V = 2, U = (x − V t)²/2.
 * The force is linear, so each scheme's ensemble mean follows its own deterministic recursion
 * exactly; the simulated mean at t = 2 must match it within 4 SE (SE ≈ 5e-4 with D = 0.01).
 * Evaluating U′ at the wrong time (t_n instead of t_{n+1} in a stage) shifts the mean by about
 * V·dt/2 = 0.01 = 20 SE, so the tests pin the time at which each stage evaluates the force.
 */
import { describe, expect, it } from 'vitest';
import { differentiate, generateSource, parseExpression, simplify } from '../../src/expr/index.js';
import { runChunk, type SimulationConfig } from '../../src/simulation/index.js';

const V = 2;
const ast = simplify(parseExpression(`(x - ${V}*t)^2/2`, { variables: ['x', 't'] }).ast);
const force = generateSource(simplify(differentiate(ast, 'x')), ['x', 't']);
const potential = generateSource(ast, ['x', 't']);
const dt = 0.01;
const steps = 200;

function meanAndStdErr(values: Float64Array): [number, number] {
  let s = 0;
  let s2 = 0;
  for (const v of values) {
    s += v;
    s2 += v * v;
  }
  const n = values.length;
  const m = s / n;
  return [m, Math.sqrt((s2 / n - m * m) / (n - 1))];
}

/** U′(x, t) = x − V t. */
const dU = (x: number, t: number) => x - V * t;

describe('time-dependent force U′(x, t) in the kernels', () => {
  const base = {
    force,
    potential,
    D: 0.01,
    gamma: 1,
    dt,
    tMax: steps * dt,
    start: { x: 0 },
    absorbing: { above: 1e6 },
    seed: 12,
    recordFinalState: true,
  } as const;

  it('overdamped Heun and Euler–Maruyama follow their exact mean recursions', () => {
    let em = 0;
    let heun = 0;
    for (let n = 0; n < steps; n++) {
      const t = n * dt;
      em -= dt * dU(em, t);
      const predictor = heun - dt * dU(heun, t);
      heun -= (dt / 2) * (dU(heun, t) + dU(predictor, t + dt));
    }
    // The continuous answer V(t − 1 + e^{−t}) = 2.27067 lies 0.0002 (Heun) and 0.0089 (EM) away.
    expect(Math.abs(heun - V * (1 + Math.exp(-2)))).toBeLessThan(1e-3);
    for (const [scheme, expected] of [
      ['heun', heun],
      ['euler-maruyama', em],
    ] as const) {
      const config: SimulationConfig = { ...base, dynamics: 'overdamped', scheme };
      const r = runChunk({ config, firstWalker: 0, walkers: 20_000 });
      const [mean, se] = meanAndStdErr(r.finalX!);
      expect(Math.abs(mean - expected), scheme).toBeLessThan(4 * se);
    }
  });

  it('underdamped BAOAB follows its exact mean recursion', () => {
    const config: SimulationConfig = { ...base, dynamics: 'underdamped', mass: 1 };
    const r = runChunk({ config, firstWalker: 0, walkers: 20_000 });
    const [mean, se] = meanAndStdErr(r.finalX!);
    // B (t_n), A, O (mean velocity × e^{−γdt/m}), A, B (t_{n+1}); ⟨v(0)⟩ = 0.
    const c = Math.exp(-dt);
    let x = 0;
    let v = 0;
    for (let n = 0; n < steps; n++) {
      v -= (dt / 2) * dU(x, n * dt);
      x += (dt / 2) * v;
      v *= c;
      x += (dt / 2) * v;
      v -= (dt / 2) * dU(x, (n + 1) * dt);
    }
    expect(Math.abs(mean - x)).toBeLessThan(4 * se);
  });

  it('AMS refuses a time-dependent force (its renewal identity needs a stationary process)', async () => {
    const { adaptiveMultilevelSplitting } = await import('../../src/simulation/index.js');
    expect(() =>
      adaptiveMultilevelSplitting({
        force,
        D: 0.05,
        gamma: 1,
        dt: 0.01,
        start: 0,
        target: 1,
        replicas: 10,
        seed: 1,
      }),
    ).toThrow(/one name/);
  });
});
