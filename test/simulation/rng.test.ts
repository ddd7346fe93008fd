import { describe, expect, it } from 'vitest';
import { deriveStreamSeed, normal, Xoshiro128 } from '../../src/simulation/index.js';

describe('xoshiro128**', () => {
  it('matches the reference implementation (Blackman & Vigna, xoshiro128starstar.c)', () => {
    // State {1, 2, 3, 4}: the C reference prints 11520, 0, 5927040, 70819200.
    const rng = Xoshiro128.fromState([1, 2, 3, 4]);
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([
      11520, 0, 5927040, 70819200,
    ]);
  });

  it('reproduces a stream from the same seed and resumes from a saved state', () => {
    const a = Xoshiro128.fromSeed(42, 7);
    const b = Xoshiro128.fromSeed(42, 7);
    for (let i = 0; i < 1000; i++) a.nextUint32();
    for (let i = 0; i < 1000; i++) b.nextUint32();
    const saved = a.state();
    const first = Array.from({ length: 50 }, () => a.nextFloat());
    const resumed = Xoshiro128.fromState(saved);
    expect(Array.from({ length: 50 }, () => resumed.nextFloat())).toEqual(first);
    expect(Array.from({ length: 50 }, () => b.nextFloat())).toEqual(first);
    expect(saved).toBeInstanceOf(Uint32Array);
  });

  it('gives floats in [0, 1) and rejects an all-zero state', () => {
    const rng = Xoshiro128.fromSeed(1);
    for (let i = 0; i < 10_000; i++) {
      const u = rng.nextFloat();
      expect(u >= 0 && u < 1).toBe(true);
    }
    expect(() => Xoshiro128.fromState([0, 0, 0, 0])).toThrow();
  });

  it('derives distinct, unrelated streams per walker and per seed', () => {
    const seen = new Set<string>();
    for (let walker = 0; walker < 20_000; walker++) {
      seen.add(deriveStreamSeed(9, walker).join(','));
    }
    seen.add(deriveStreamSeed(10, 0).join(','));
    expect(seen.size).toBe(20_001);
    // Neighbouring walkers: first outputs look independent (about half the bits differ).
    let differing = 0;
    for (let walker = 0; walker < 1000; walker++) {
      const x = Xoshiro128.fromSeed(9, walker).nextUint32();
      const y = Xoshiro128.fromSeed(9, walker + 1).nextUint32();
      let d = (x ^ y) >>> 0;
      while (d) {
        differing += d & 1;
        d >>>= 1;
      }
    }
    // Mean 16 per pair, SD 2.83 per pair ⇒ SD of the mean over 1000 pairs ≈ 0.09.
    expect(Math.abs(differing / 1000 - 16)).toBeLessThan(0.5);
  });
});

describe('ziggurat normal sampler', () => {
  it('has mean 0, variance 1, kurtosis 3 and the right quantiles within 4 standard errors', () => {
    const rng = Xoshiro128.fromSeed(2024);
    const n = 1_000_000;
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    let tail = 0;
    const below = [0, 0, 0, 0];
    const cuts = [-1.5, 0.5, 1, 2];
    for (let i = 0; i < n; i++) {
      const g = normal(rng);
      m1 += g;
      m2 += g * g;
      m4 += g * g * g * g;
      if (Math.abs(g) > 3.442619855899) tail++;
      for (let k = 0; k < 4; k++) if (g < cuts[k]!) below[k]!++;
    }
    // SEs for N(0,1) draws: mean 1/√n, E g² √(2/n), E g⁴ √((105 − 9)/n).
    expect(Math.abs(m1 / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(m2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(m4 / n - 3)).toBeLessThan(4 * Math.sqrt(96 / n));
    // Φ at the cuts; binomial SE √(p(1−p)/n).
    const phi = [0.0668072012688581, 0.691462461274013, 0.841344746068543, 0.977249868051821];
    for (let k = 0; k < 4; k++) {
      const p = phi[k]!;
      expect(Math.abs(below[k]! / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
    // The base-layer tail |g| > R (the rare exponential-rejection path): 2Φ(−R) = 5.7611e-4.
    const pTail = 5.7611e-4;
    expect(Math.abs(tail / n - pTail)).toBeLessThan(4 * Math.sqrt(pTail / n));
  });

  it('is available as a method with the same sequence', () => {
    const a = Xoshiro128.fromSeed(5);
    const b = Xoshiro128.fromSeed(5);
    for (let i = 0; i < 1000; i++) expect(a.normal()).toBe(normal(b));
  });
});
