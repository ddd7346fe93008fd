import { describe, expect, it } from 'vitest';
import {
  potentialFromExpression,
  prepare,
  smoluchowskiSpectrum,
  spectrum,
} from '../../src/index.js';

const PROBLEM = { potential: 'x^4/4 - x^2/2 + 0.1*x', D: 0.08, gamma: 1.5 };

describe('spectrum() on a prepared problem', () => {
  it('gives the numbers of the plain problem, settings given apart', () => {
    const plain = spectrum({ ...PROBLEM, n: 5, eigenfunctions: true });
    const prepared = spectrum(prepare(PROBLEM), { n: 5, eigenfunctions: true });
    expect(prepared.eigenvalues).toEqual(plain.eigenvalues);
    expect(prepared.errors).toEqual(plain.errors);
    expect(prepared.rateMatrix).toEqual(plain.rateMatrix);
    expect(prepared.exactRateMatrix).toEqual(plain.exactRateMatrix);
    expect(prepared.modes!.eigenfunctions).toEqual(plain.modes!.eigenfunctions);
    expect(prepared.warnings).toEqual(plain.warnings);
  });

  it('takes the settings from a plain problem, the defaults for a prepared one alone', () => {
    expect(spectrum({ ...PROBLEM, n: 3 }).eigenvalues).toHaveLength(3);
    const report = spectrum(prepare(PROBLEM));
    expect(report.eigenvalues).toHaveLength(5);
    expect(report.modes).toBeUndefined();
  });

  it('returns the modes of the very solve behind its eigenvalues', () => {
    // What the Lab drew before `modes` existed: a second solve with the study's boundaries.
    const report = spectrum(prepare(PROBLEM), { n: 5, eigenfunctions: true });
    const { left, right } = report.boundaries;
    expect([left.kind, right.kind]).toEqual(['natural', 'natural']);
    const again = smoluchowskiSpectrum({
      potential: potentialFromExpression(PROBLEM.potential),
      D: PROBLEM.D,
      gamma: PROBLEM.gamma,
      n: 5,
      searchDomain: { min: left.x, max: right.x },
      boundaries: { left: 'reflecting', right: 'reflecting' },
    });
    expect([...report.modes!.x]).toEqual([...again.x]);
    expect(report.modes!.eigenfunctions.map((f) => [...f])).toEqual(
      again.eigenfunctions.slice(0, 5).map((f) => [...f]),
    );
    expect([...report.modes!.equilibriumDensity]).toEqual([...again.equilibriumDensity]);
  });
});
