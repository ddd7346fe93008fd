import { describe, expect, it } from 'vitest';
import { KramersError, wellRateMatrix } from '../../src/index.js';
import { expectClose } from '../support/fixtures.js';

// Three equal wells at −1, 0, 1 (U″ = 8, 2, 8), barriers at ±1/√3 with ΔU = 4/27 from every well.
const THREE_WELLS = 'x^6 - 2*x^4 + x^2';

describe('rate matrix between wells: exact MFPTs against the lowest modes (independent routes)', () => {
  // The two routes differ by terms of relative order e^{−ΔU/D}·(polynomial): measured 1.5e-3 at
  // ΔU/D = 7.4, 7e-7 at 14.8, 4e-13 at 29.6. Tolerances sit a decade above each measurement,
  // but not below the spectral route's own accuracy at its default tolerance (~1e-10).
  it.each([
    [0.02, 2e-2],
    [0.01, 1e-5],
    [0.005, 1e-9],
  ])('three wells at D = %s agree to %s', (D, tolerance) => {
    const r = wellRateMatrix({ potential: THREE_WELLS, D });
    expect(r.wells).toEqual([-1, expect.closeTo(0, 12), 1]);
    for (const [i, j] of [
      [0, 1],
      [1, 0],
      [1, 2],
      [2, 1],
    ] as const) {
      expectClose(
        r.modes.matrix[i]![j]!,
        r.exact.matrix[i]![j]!,
        tolerance,
        `K[${i}][${j}] at D = ${D}`,
      );
    }
    r.exact.relaxationTimes.forEach((t, k) => {
      expectClose(r.modes.relaxationTimes[k]!, t, tolerance, `relaxation time ${k} at D = ${D}`);
    });
    // Symmetry: outer wells hold the same population; the middle well has the same depth, so
    // each holds ≈ √(U″)^{-1} weight: p ∝ 1/√8, 1/√2, 1/√8 → 1/4, 1/2, 1/4.
    expectClose(r.exact.populations[0]!, r.exact.populations[2]!, 1e-9, 'outer populations');
    expectClose(r.modes.populations[1]!, 0.5, 4 * D, 'middle population (harmonic, O(D))');
    // Three-state chain with k_out = 2 k_mid: eigenvalues k_out and 2 k_out (times ratio 2).
    expectClose(
      r.exact.relaxationTimes[0]! / r.exact.relaxationTimes[1]!,
      2,
      10 * tolerance,
      'time ratio',
    );
  });

  it('an asymmetric chain keeps detailed balance in the exact matrix', () => {
    const r = wellRateMatrix({ potential: 'x^6 - 2*x^4 + x^2 + 0.05*x', D: 0.01 });
    const K = r.exact.matrix;
    const p = r.exact.populations;
    expectClose(p[0]! * K[0]![1]!, p[1]! * K[1]![0]!, 1e-12, 'p0 K01 = p1 K10');
    expectClose(r.modes.matrix[0]![1]!, K[0]![1]!, 1e-4, 'modes vs exact K01');
    expectClose(r.modes.populations[2]!, p[2]!, 1e-4, 'populations');
  });

  it('needs two wells and a confining potential', () => {
    expect(() => wellRateMatrix({ potential: 'x^2' })).toThrowError(KramersError);
    // Two wells at ±1 with barriers at 0 and ±2, falling away beyond: open on both sides.
    expect(() => wellRateMatrix({ potential: '-x^6/6 + 5*x^4/4 - 2*x^2' })).toThrowError(
      /confines/,
    );
  });
});
