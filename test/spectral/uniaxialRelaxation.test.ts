import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { potentialFromExpression, uniaxialRelaxation } from '../../src/index.js';
import { smoluchowskiSpectrum } from '../../src/spectral/index.js';

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/neel_brown.json', import.meta.url), 'utf8'),
) as { cases: { sigma: number; lambda1TauN: number }[] };

describe('λ1 τ_N of Brown’s axially symmetric Fokker-Planck equation', () => {
  it('is 1 for a free moment (σ = 0): the P1 mode decays at n(n+1)/2τ_N', () => {
    expect(Math.abs(uniaxialRelaxation(0).value - 1)).toBeLessThan(1e-10);
  });

  // Reference: Legendre-Galerkin in 60-digit arithmetic (test/fixtures/neel_brown.py), a route
  // independent of the finite-volume chain. Tolerance: three times the chain's own Richardson
  // error estimate (≈1e-8), which it must therefore not understate.
  it.each(fixture.cases)('σ = $sigma matches the Legendre route', ({ sigma, lambda1TauN }) => {
    const r = uniaxialRelaxation(sigma);
    const rel = Math.abs(r.value - lambda1TauN) / lambda1TauN;
    expect(rel).toBeLessThanOrEqual(3 * r.relativeError + 1e-12);
    expect(r.relativeError).toBeLessThan(2e-8);
  });

  // A third route: the same relaxation as a 1-D Smoluchowski problem in θ with constant
  // diffusion 1/(2τ_N) in the potential σ sin²θ − ln sin θ (the sphere's area element), solved by
  // the general spectral module with reflecting walls 1e-4 from the poles (they cut off a
  // Boltzmann weight ~1e-8 of the total). Reduced time unit 2τ_N, so λ1(θ-problem) = 2 λ1 τ_N.
  it('agrees with the Smoluchowski spectrum in θ (σ = 10)', () => {
    const sigma = 10;
    const potential = potentialFromExpression('s*sin(x)^2 - log(sin(x))', {
      parameters: { s: sigma },
    });
    const spectrum = smoluchowskiSpectrum({
      potential,
      D: 1,
      n: 2,
      domain: { min: 1e-4, max: Math.PI - 1e-4 },
    });
    const lambda = spectrum.eigenvalues[1]! / 2;
    expect(Math.abs(lambda / uniaxialRelaxation(sigma).value - 1)).toBeLessThan(1e-6);
  });

  // Brown (1963): λ1 τ_N ≈ (2/√π) σ^{3/2} e^{−σ} for σ ≫ 1. The exact/asymptote ratio tends to 1
  // as 1 − 1/σ + O(1/σ²) (we check the O(1/σ²) remainder is below 2/σ²): the asymptote is the
  // leading term of a series in 1/σ, as Coffey et al. (PRE 49, 1869, 1994) stress.
  it.each([10, 20, 50])('σ = %s: Brown’s asymptote is off by 1/σ', (sigma) => {
    const brown = (2 / Math.sqrt(Math.PI)) * sigma ** 1.5 * Math.exp(-sigma);
    const ratio = uniaxialRelaxation(sigma).value / brown;
    expect(Math.abs(ratio - (1 - 1 / sigma))).toBeLessThan(2 / sigma ** 2);
  });
});
