/**
 * Memory bit: the seed's e^{10} = 22026.4657948067 for a doubled noise at Δ = 20; Δ ≈ 40 for
 * ten-year retention at 1 GHz; the double well's finite-barrier correction (docs/conventions.md §1).
 */
import { describe, expect, it } from 'vitest';
import { runPreset } from '../../src/index.js';
import { rel, resultOf } from './result.js';

describe('memory bit', () => {
  it('the seed’s example: ΔU = 20 D0, doubling D multiplies the rate by e^10 = 22026.4657948067', () => {
    const r = runPreset('memory-bit', { Delta: 20 });
    expect(rel(resultOf(r, 'noiseDoubling'), 22026.4657948067)).toBeLessThan(1e-14);
  });
  it('ten-year retention at f0 = 1 GHz needs Δ = ln(f0 t) = 40.293', () => {
    const r = runPreset('memory-bit');
    expect(Math.abs(resultOf(r, 'DeltaNeeded') - 40.29318)).toBeLessThan(1e-5);
  });
  it('the double-well model’s exact rate is f0 e^{−Δ}(1 − 3/(8Δ)) to O(Δ⁻²)', () => {
    // U = Δ(x⁴ − 2x²) is 4Δ(x⁴/4 − x²/2): c_a = c_s = 3/4 at D' = 1/(4Δ) (docs/conventions.md §1).
    const r = runPreset('memory-bit');
    const delta = resultOf(r, 'Delta');
    const ratio = resultOf(r, 'exact') / resultOf(r, 'rate');
    expect(Math.abs(ratio - (1 - 3 / (8 * delta)))).toBeLessThan(1 / delta ** 2);
  });
});
