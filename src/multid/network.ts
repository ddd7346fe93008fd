import { KramersError } from '../core/index.js';
import { solve, symmetricEigen } from './linalg.js';

/** One rate of the network: k from minimum `from` to `to` ('edge': out of the box, a sink). */
export interface NetworkEdge {
  readonly from: number;
  readonly to: number | 'edge';
  readonly rate: number;
}

/** A Markov jump process between minima: the coarse picture of escape in several dimensions. */
export interface RateNetwork {
  /** k_ij (1/time) from minimum i to j, i ≠ j; 0 where no saddle joins them. */
  readonly rates: readonly (readonly number[])[];
  /** Rate out of the box from each minimum (a sink; 0 for most). */
  readonly escape: readonly number[];
  /** Equilibrium populations (sum 1) the rates balance. */
  readonly populations: readonly number[];
  /** Non-zero relaxation rates −λ of the generator, ascending: the slowest first. */
  readonly relaxationRates: readonly number[];
  /** 1/rate for each. */
  readonly relaxationTimes: readonly number[];
  /** The slowest mode: its rate and its left eigenvector (population change per minimum), or null with one state. */
  readonly slowestMode: { readonly rate: number; readonly vector: readonly number[] } | null;
}

/**
 * The rate network between m minima: the generator Q (Q_ij = k_ij, Q_ii = −Σ_j k_ij − escape),
 * whose spectrum gives the relaxation rates. With detailed balance (π_i k_ij = π_j k_ji, as
 * Langer's rates satisfy with harmonic populations) Q is symmetrised by √π and its eigenvalues
 * come from a symmetric solver; each is then real and ≤ 0 (Kampen, Stochastic Processes in
 * Physics and Chemistry, §V.7).
 */
export function rateNetwork(
  count: number,
  edges: readonly NetworkEdge[],
  populations: readonly number[],
): RateNetwork {
  const rates = Array.from({ length: count }, () => new Array<number>(count).fill(0));
  const leave = new Array<number>(count).fill(0);
  for (const e of edges) {
    if (!(e.rate >= 0) || !Number.isFinite(e.rate)) continue;
    if (e.to === 'edge') leave[e.from]! += e.rate;
    else if (e.to !== e.from) rates[e.from]![e.to]! += e.rate;
  }
  const total = populations.reduce((s, p) => s + p, 0);
  const pi = populations.map((p) => p / total);
  const sym = new Float64Array(count * count);
  for (let i = 0; i < count; i++) {
    let out = leave[i]!;
    for (let j = 0; j < count; j++) {
      if (i === j) continue;
      out += rates[i]![j]!;
      // √(π_i/π_j) k_ij, averaged with its transpose: exact under detailed balance.
      const a = Math.sqrt(pi[i]! / pi[j]!) * rates[i]![j]!;
      const b = Math.sqrt(pi[j]! / pi[i]!) * rates[j]![i]!;
      sym[i * count + j] = 0.5 * (a + b);
    }
    sym[i * count + i] = -out;
  }
  const { values, vectors } = symmetricEigen(sym, count);
  // Eigenvalues ascending: −λ descending. Drop the stationary one (≈ 0) when nothing escapes.
  const all = Array.from(values, (v) => -v).sort((a, b) => a - b);
  const closed = leave.every((e) => e === 0);
  const relaxationRates = closed ? all.slice(1) : all;
  const slowest = relaxationRates[0];
  let slowestMode: RateNetwork['slowestMode'] = null;
  if (slowest !== undefined) {
    const k = Array.from(values).findIndex(
      (v) => Math.abs(-v - slowest) <= 1e-12 * Math.abs(slowest) || -v === slowest,
    );
    const vector = Array.from(
      { length: count },
      (_, i) => vectors[i * count + k]! * Math.sqrt(pi[i]!),
    );
    slowestMode = { rate: slowest, vector };
  }
  return {
    rates,
    escape: leave,
    populations: pi,
    relaxationRates,
    relaxationTimes: relaxationRates.map((r) => 1 / r),
    slowestMode,
  };
}

/**
 * The mean first-passage time of the network's jump process from minimum `from` to minimum `to`:
 * solves Σ_j Q_ij T_j = −1 for i ≠ to with T_to = 0 (Kampen §XII.2). Infinite when `to` cannot
 * be reached; throws when the chain leaves through an edge first with certainty.
 */
export function networkMeanFirstPassageTime(
  network: RateNetwork,
  from: number,
  to: number,
): number {
  if (from === to) return 0;
  const m = network.rates.length;
  if (!reachable(network, from).has(to)) notConnected(from, to);
  const keep = Array.from({ length: m }, (_, i) => i).filter((i) => i !== to);
  const n = keep.length;
  const a = new Float64Array(n * n);
  const b = new Float64Array(n).fill(-1);
  keep.forEach((i, r) => {
    let out = network.escape[i]!;
    for (let j = 0; j < m; j++) if (j !== i) out += network.rates[i]![j]!;
    keep.forEach((j, c) => {
      a[r * n + c] = i === j ? -out : network.rates[i]![j]!;
    });
  });
  const t = solve(a, b, n);
  if (!t) notConnected(from, to);
  return t[keep.indexOf(from)]!;
}

function notConnected(from: number, to: number): never {
  throw new KramersError(
    'no_barrier',
    `no saddle between minima ${from} and ${to} inside the box: no chain of index-1 saddles joins them`,
    {
      issues: [{ path: 'to', message: 'not connected' }],
      hint: 'a saddle between them may lie outside the box: widen the domain (kramers analyze lists the saddles)',
    },
  );
}

/** The minima reachable from `from` along edges of positive rate. */
export function reachable(network: RateNetwork, from: number): Set<number> {
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length > 0) {
    const i = stack.pop()!;
    network.rates[i]!.forEach((k, j) => {
      if (k > 0 && !seen.has(j)) {
        seen.add(j);
        stack.push(j);
      }
    });
  }
  return seen;
}
