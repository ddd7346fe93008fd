import { describe, expect, it } from 'vitest';
import { bouchetReygnerRate, KramersError, langerRate } from '../../src/index.js';

describe('bouchetReygnerRate', () => {
  it('with ∫div ℓ dt = 0 it is Langer’s rate; the integral multiplies the prefactor by e^{−I}', () => {
    const input = {
      wellHessian: [4, 2, 2, 2],
      saddleHessian: [-1, 0, 0, 2],
      growthRate: 1,
      deltaPhi: 0.25,
      D: 0.05,
    };
    const langer = langerRate({
      wellEigenvalues: [3 - Math.sqrt(5), 3 + Math.sqrt(5)],
      saddleEigenvalues: [-1, 2],
      growthRate: 1,
      deltaU: 0.25,
      D: 0.05,
    });
    const zero = bouchetReygnerRate({ ...input, integral: 0 });
    expect(Math.abs(zero.rate! / langer.rate! - 1)).toBeLessThan(1e-14);
    const some = bouchetReygnerRate({ ...input, integral: -0.5 });
    expect(Math.abs(some.prefactor! / (zero.prefactor! * Math.exp(0.5)) - 1)).toBeLessThan(1e-14);
    expect(Math.abs(some.logRate! - (Math.log(some.prefactor!) - 5))).toBeLessThan(1e-13);
  });
  it('a saddle Hessian with two negative eigenvalues is not_applicable; a NaN integral is a KramersError', () => {
    const base = {
      wellHessian: [2, 0, 0, 2],
      growthRate: 1,
      integral: 0,
      deltaPhi: 0.25,
      D: 0.05,
    };
    const r = bouchetReygnerRate({ ...base, saddleHessian: [-1, 0, 0, -1] });
    expect(r.retcode).toBe('not_applicable');
    expect(r.rate).toBeNull();
    expect(r.warnings[0]).toMatch(/2 unstable directions/);
    expect(() =>
      bouchetReygnerRate({ ...base, saddleHessian: [-1, 0, 0, 1], integral: Number.NaN }),
    ).toThrow(KramersError);
  });
  it('logPathFactor = −∫div ℓ dt − ½ln|det H_s| gives the same rate as the two factors apart; NaN → KramersError', () => {
    const input = {
      wellHessian: [4, 2, 2, 2],
      saddleHessian: [-1, 0, 0, 2],
      growthRate: 1,
      integral: -0.3,
      deltaPhi: 0.25,
      D: 0.05,
    };
    const apart = bouchetReygnerRate(input);
    const limit = bouchetReygnerRate({ ...input, logPathFactor: 0.3 - 0.5 * Math.log(2) });
    expect(limit.retcode).toBe('success');
    expect(Math.abs(limit.prefactor! / apart.prefactor! - 1)).toBeLessThan(1e-14);
    expect(() => bouchetReygnerRate({ ...input, logPathFactor: Number.NaN })).toThrow(KramersError);
  });
});
