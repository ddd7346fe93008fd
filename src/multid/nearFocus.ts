import type { DriftField } from '../core/index.js';
import { curvatureTerm, type Mat2, riccati } from './riccati.js';

/**
 * The state carried along the fluctuation path in time: position x, momentum p = ∇V(x), Hess V
 * (its three entries H₀₀, H₀₁, H₁₁) and ∫ div ℓ dt so far.
 */
type State = Float64Array;

/**
 * d/dt of the state: the instanton's Hamiltonian flow ẋ = b + 2p, ṗ = −Jᵀp (H(x, p) = b·p + |p|²),
 * the Riccati equation −dH/dt = JᵀH + HJ + 2H² + Σ p_k ∇²b_k, and div ℓ = div b + tr H
 * (Bouchet & Reygner 2016; see src/rates/bouchetReygner.ts).
 */
function rate(drift: DriftField, s: State): State {
  const x = [s[0]!, s[1]!];
  const p = [s[2]!, s[3]!];
  const b = new Float64Array(2);
  const j = new Float64Array(4);
  drift.b(x, b);
  drift.jacobian(x, j);
  const h: Mat2 = [s[4]!, s[5]!, s[5]!, s[6]!];
  const r = riccati(j, h, curvatureTerm(drift, x, p));
  return Float64Array.from([
    b[0]! + 2 * p[0]!,
    b[1]! + 2 * p[1]!,
    -(j[0]! * p[0]! + j[2]! * p[1]!),
    -(j[1]! * p[0]! + j[3]! * p[1]!),
    -r[0],
    -0.5 * (r[1] + r[2]),
    -r[3],
    j[0]! + j[3]! + s[4]! + s[6]!,
  ]);
}

function rk4(drift: DriftField, s: State, dt: number): State {
  const add = (u: State, k: State, c: number) => u.map((v, i) => v + c * k[i]!);
  const k1 = rate(drift, s);
  const k2 = rate(drift, add(s, k1, dt / 2));
  const k3 = rate(drift, add(s, k2, dt / 2));
  const k4 = rate(drift, add(s, k3, dt));
  return s.map((v, i) => v + (dt / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!));
}

/** What the near-focus part hands to the march along gMAM's path. */
export interface NearFocus {
  /** Hess V at the matching point (row-major 2×2). */
  readonly hessian: Mat2;
  /** Estimated absolute error of the entries of `hessian`. */
  readonly hessianError: number;
  /** ∫ div ℓ dt from the stable point (t = −∞) to the matching point. */
  readonly integral: number;
  /** |Δ| of the integral between the steps dt and dt/2 and between the starts ρ and 10ρ: its error. */
  readonly error: number;
}

interface Focus {
  readonly drift: DriftField;
  readonly xm: readonly number[];
  readonly hm: Mat2;
  /** The level q = δᵀH_mδ of the matching point, δ = x − x_m. */
  readonly level: number;
  /** The smallest |Re κ| and the largest |κ|, κ the eigenvalues of J + 2H_m. */
  readonly slow: number;
  readonly fast: number;
}

const levelOf = (f: Focus, x: ArrayLike<number>) => {
  const d = [x[0]! - f.xm[0]!, x[1]! - f.xm[1]!];
  return d[0]! * (f.hm[0] * d[0]! + f.hm[1] * d[1]!) + d[1]! * (f.hm[2] * d[0]! + f.hm[3] * d[1]!);
};

/**
 * From x_m + ρ(cos ψ, sin ψ) on the unstable manifold of (x_m, p = 0) (p = H_mδ to first order:
 * the O(ρ²) miss lies along the flow's stable directions and decays) until δᵀH_mδ reaches the
 * matching level, which it does monotonically near x_m (d/dt δᵀH_mδ = 2δᵀH_m²δ > 0 in the linear
 * flow, from JᵀH_m + H_mJ + 2H_m² = 0). The last step is cut to land on the level (secant).
 */
function shoot(f: Focus, psi: number, start: number, dt: number): State | null {
  const d = [start * Math.cos(psi), start * Math.sin(psi)];
  const p = [f.hm[0] * d[0]! + f.hm[1] * d[1]!, f.hm[2] * d[0]! + f.hm[3] * d[1]!];
  let s: State = Float64Array.from([
    f.xm[0]! + d[0]!,
    f.xm[1]! + d[1]!,
    p[0]!,
    p[1]!,
    f.hm[0],
    f.hm[1],
    f.hm[3],
    0,
  ]);
  // The time to grow from ρ to the matching radius, ~ln(ratio)/Re κ, with a margin of 4.
  const maxSteps = Math.ceil((4 * Math.log(Math.sqrt(f.level) / start + 2)) / (f.slow * dt)) + 10;
  for (let n = 0; n < maxSteps; n++) {
    const next = rk4(f.drift, s, dt);
    if (!next.every(Number.isFinite)) return null;
    if (levelOf(f, next) >= f.level) return landOnLevel(f, s, dt);
    s = next;
  }
  return null;
}

function landOnLevel(f: Focus, s: State, dt: number): State {
  let [a, fa] = [0, levelOf(f, s) - f.level];
  let [b, fb] = [dt, levelOf(f, rk4(f.drift, s, dt)) - f.level];
  for (let it = 0; it < 40 && Math.abs(b - a) > 1e-15 * dt; it++) {
    const c = fb !== fa ? b - (fb * (b - a)) / (fb - fa) : 0.5 * (a + b);
    const fc = levelOf(f, rk4(f.drift, s, c)) - f.level;
    [a, fa, b, fb] = [b, fb, c, fc];
    if (fc === 0) break;
  }
  return rk4(f.drift, s, b);
}

const wrap = (angle: number) => angle - 2 * Math.PI * Math.round(angle / (2 * Math.PI));

/**
 * A bracket [a, b] of ψ on which the wrapped miss crosses zero, searched inside [a, b]: a sign
 * change with a small step is a crossing, one across ±π the wrap's jump. At a node the landing
 * angle turns by π within a width ~(ρ/R)^{κ₂/κ₁−1} of ψ (see nearFocus), so an interval whose
 * miss changes by more than π/4 is halved until the turn is resolved (depth ≤ 48).
 */
function bracket(
  miss: (psi: number) => number,
  [a, fa]: [number, number],
  [b, fb]: [number, number],
  depth: number,
): [number, number, number, number] | null {
  if (!Number.isFinite(fa) || !Number.isFinite(fb)) return null;
  const step = Math.abs(wrap(fb - fa));
  if (fa * fb <= 0 && Math.abs(fa - fb) <= Math.PI / 2) return [a, fa, b, fb];
  if (step <= Math.PI / 4 || depth >= 48) return null;
  const m = 0.5 * (a + b);
  const fm = miss(m);
  return bracket(miss, [a, fa], [m, fm], depth + 1) ?? bracket(miss, [m, fm], [b, fb], depth + 1);
}

/**
 * The start angle ψ whose trajectory crosses the matching level at the matching point. The
 * crossing angle turns once as ψ does (the flow maps the small circle onto the level set), so the
 * wrapped miss has one zero crossing per turn besides its jump at ±π: found on 12 samples (halved
 * where the angle turns fast, `bracket`), then by regula falsi to rounding.
 */
function aim(
  f: Focus,
  target: readonly number[],
  start: number,
  dt: number,
): { state: State; psi: number } | null {
  const want = Math.atan2(target[1]! - f.xm[1]!, target[0]! - f.xm[0]!);
  const miss = (psi: number) => {
    const s = shoot(f, psi, start, dt);
    return s ? wrap(Math.atan2(s[1]! - f.xm[1]!, s[0]! - f.xm[0]!) - want) : Number.NaN;
  };
  const samples = 12;
  const values = Array.from({ length: samples + 1 }, (_, i) => miss((2 * Math.PI * i) / samples));
  for (let i = 0; i < samples; i++) {
    const found = bracket(
      miss,
      [(2 * Math.PI * i) / samples, values[i]!],
      [(2 * Math.PI * (i + 1)) / samples, values[i + 1]!],
      0,
    );
    if (!found) continue;
    let [a, fa, b, fb] = found;
    // Regula falsi with the Illinois halving (Dowell & Jarratt 1971): superlinear, bracketed.
    for (let it = 0; it < 60 && Math.abs(b - a) > 1e-13 && fb !== 0; it++) {
      const c = b - (fb * (b - a)) / (fb - fa);
      const fc = miss(c);
      if (!Number.isFinite(fc)) return null;
      if (fc * fb < 0) [a, fa] = [b, fb];
      else fa /= 2;
      [b, fb] = [c, fc];
    }
    const state = shoot(f, b, start, dt);
    return state ? { state, psi: b } : null;
  }
  return null;
}

/**
 * Where the minimum action path spirals out of the stable point x_m (J + 2H_m has complex
 * eigenvalues κ), gMAM's nodes, equally spaced in arc length, cannot follow its turns near x_m;
 * where x_m is a node with κ₁ < κ₂ < 2κ₁ they cannot follow its bend s^{κ₂/κ₁} (instanton.ts,
 * `leavesUnresolved`). There the path is integrated in time instead: the instanton's Hamiltonian flow with the Riccati
 * equation for Hess V and ∫ div ℓ dt, from a small circle ρ around x_m (ρ = 1e-8 of the matching
 * radius, larger at a node where κ₂/κ₁ nears 2, see below: the neglected share of the integral,
 * ~|∇div ℓ|ρ/|Re κ|, is measured by starting from 10ρ and carried in the error) to the
 * level of the matching point, aimed so that it lands on it. Near x_m that is the linear
 * instanton δ(t) = e^{(J + 2H_m)t}δ₀, the one the refusal before this named. The trajectory is
 * the path itself, so Hess V and ∫div ℓ there do not depend on gMAM's resolution of the turns.
 * RK4 at dt = 0.02/max|κ| and dt/2: their difference (fourth order) joins the error. Null if the
 * aim fails (the trajectory leaves or does not reach the level).
 */
export function nearFocus(
  drift: DriftField,
  xm: readonly number[],
  hm: readonly number[],
  jm: readonly number[],
  target: readonly number[],
): NearFocus | null {
  const k = [0, 1, 2, 3].map((i) => jm[i]! + 2 * hm[i]!);
  const half = 0.5 * (k[0]! + k[3]!);
  const det = k[0]! * k[3]! - k[1]! * k[2]!;
  const disc = half * half - det;
  const root = Math.sqrt(Math.abs(disc));
  const f: Focus = {
    drift,
    xm,
    hm: [hm[0]!, hm[1]!, hm[2]!, hm[3]!],
    level: 0,
    // A node (real κ₁ < κ₂): the path leaves along κ₁'s eigenvector, so the time is set by κ₁.
    slow: disc > 0 ? Math.abs(half) - root : Math.abs(half),
    fast: disc > 0 ? Math.abs(half) + root : Math.hypot(half, root),
  };
  const focus = { ...f, level: levelOf(f, target) };
  if (!(focus.slow > 0) || !(focus.level > 0)) return null;
  const radius = Math.sqrt(focus.level / Math.max(hm[0]!, hm[3]!));
  const dt = 0.02 / focus.fast;
  // At a node the landing angle moves by (R/ρ)^{κ₂/κ₁ − 1} per radian of ψ (the fast component
  // must start that much smaller than the slow one), so ρ is kept where that is ≤ 1e4 and the
  // aim, bisected to 1e-13 rad, lands within 1e-9 rad; at a focus the map is mild and ρ = 1e-8 R.
  const ratio = disc > 0 ? focus.fast / focus.slow : 1;
  const rho = radius * Math.max(1e-8, 1e-4 ** (1 / Math.max(ratio - 1, 1e-9)));
  // Aimed at dt/2 from ρ; the step dt from the same start lands within its own error of the node.
  const aimed = aim(focus, target, rho, dt / 2);
  const coarse = aimed ? shoot(focus, aimed.psi, rho, dt) : null;
  // The part before ρ (and the start's H_m for H(x_m + δ₀)) is O(ρ): ten times ρ shows its size.
  const wider = aimed ? aim(focus, target, 10 * rho, dt / 2) : null;
  if (!coarse || !aimed || !wider) return null;
  const fine = aimed.state;
  const miss = Math.hypot(fine[0]! - target[0]!, fine[1]! - target[1]!);
  if (!(miss <= 1e-6 * radius)) return null;
  const spread = Math.max(...[4, 5, 6].map((i) => Math.abs(fine[i]! - wider.state[i]!)));
  return {
    hessian: [fine[4]!, fine[5]!, fine[5]!, fine[6]!],
    hessianError: spread + Math.max(...[4, 5, 6].map((i) => Math.abs(fine[i]! - coarse[i]!))),
    integral: fine[7]!,
    error: Math.abs(fine[7]! - coarse[7]!) + Math.abs(fine[7]! - wider.state[7]!),
  };
}
