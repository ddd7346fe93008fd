import { describe, expect, it } from 'vitest';
import {
  analyzeDrift,
  analyzeND,
  minimumEnergyPathND,
  potentialFromFunction,
  prepare,
  prepareDrift,
  prepareND,
  pull,
  quasiStaticRates,
  rate,
  rateDrift,
  rateND,
  rateNDSimulated,
  simulateAmsND,
  simulateDrift,
  simulateIndicators,
  simulateND,
  simulateTransitions,
  spectrum,
  spectrumND,
  stochasticResonance,
  turnover,
  walkerPathsND,
} from '../../src/index.js';
import { thrown } from '../support/errors.js';

// Valid problems of each kind, so that the misspelt key is the one fault: without the check at
// the door each call below would run (silently at a default), and the test would fail.
const BOX = [
  { min: -2, max: 2 },
  { min: -1.5, max: 1.5 },
];
const ND = { potential: 'x^4/4 - x^2/2 + y^2/2', domain: BOX, D: 0.1 };
const DRIFT = { drift: 'x - x^3, -y', domain: BOX, D: 0.1 };
const WALKERS = { walkers: 8, seed: 1, dt: 2e-3 };

/** [entry, the misspelt key, the call with it] */
const CASES: [string, string, () => unknown][] = [
  ['spectrum', 'eigenfunction', () => spectrum({ D: 0.05, eigenfunction: true } as never)],
  [
    'stochasticResonance',
    'point',
    () =>
      stochasticResonance({
        amplitude: 0.05,
        omega: 0.01,
        Dmin: 0.05,
        Dmax: 0.1,
        point: 2,
      } as never),
  ],
  [
    'pull',
    'rateroute',
    () =>
      pull({
        model: 'cusp',
        deltaG: 10,
        xb: 1,
        k0: 1,
        loadingRates: [1],
        rateroute: 'kramers',
      } as never),
  ],
  [
    'quasiStaticRates',
    'sample',
    () =>
      quasiStaticRates({
        potential: 'x^4/4 - x^2/2 - 0.05*x*cos(t)',
        period: 100,
        sample: 8,
      } as never),
  ],
  [
    'simulateTransitions',
    'trajectory',
    () => simulateTransitions({ D: 0.1, trajectory: 2 } as never),
  ],
  [
    'simulateIndicators',
    'gama',
    () =>
      simulateIndicators({
        potential: potentialFromFunction((x) => x ** 4 / 4 - x ** 2 / 2),
        D: 0.05,
        start: -1,
        barrier: 0,
        lag: 1,
        gama: 2,
      } as never),
  ],
  ['analyzeND', 'Dee', () => analyzeND({ ...ND, Dee: 0.2 } as never)],
  ['rateND', 'gama', () => rateND({ ...ND, gama: 2 } as never)],
  [
    'rateNDSimulated',
    'toregion',
    () => rateNDSimulated({ ...ND, toregion: 'x >= 1' } as never, WALKERS),
  ],
  ['spectrumND', 'grids', () => spectrumND({ ...ND, grids: 40 } as never)],
  ['simulateND', 'walker', () => simulateND({ ...ND, walker: 8 } as never)],
  [
    'simulateAmsND',
    'reactioncoordinate',
    () => simulateAmsND({ ...ND, reactioncoordinate: 'x' } as never),
  ],
  ['walkerPathsND', 'path', () => walkerPathsND({ ...ND, ...WALKERS, path: 2 } as never)],
  ['minimumEnergyPathND', 'Dee', () => minimumEnergyPathND({ ...ND, Dee: 0.2 } as never)],
  ['analyzeDrift', 'gamma', () => analyzeDrift({ ...DRIFT, gamma: 2 } as never)],
  ['rateDrift', 'tol', () => rateDrift({ ...DRIFT, tol: 1e-3 } as never)],
  ['simulateDrift', 'walker', () => simulateDrift({ ...DRIFT, walker: 8 } as never)],
];

/** Each entry called with one argument `problem` (the rest valid), for the null case. */
const CALLS_WITH: Record<string, (problem: unknown) => unknown> = {
  spectrum: (p) => spectrum(p as never),
  stochasticResonance: (p) => stochasticResonance(p as never),
  pull: (p) => pull(p as never),
  quasiStaticRates: (p) => quasiStaticRates(p as never),
  simulateTransitions: (p) => simulateTransitions(p as never),
  simulateIndicators: (p) => simulateIndicators(p as never),
  analyzeND: (p) => analyzeND(p as never),
  rateND: (p) => rateND(p as never),
  rateNDSimulated: (p) => rateNDSimulated(p as never, WALKERS),
  spectrumND: (p) => spectrumND(p as never),
  simulateND: (p) => simulateND(p as never),
  simulateAmsND: (p) => simulateAmsND(p as never),
  walkerPathsND: (p) => walkerPathsND(p as never),
  minimumEnergyPathND: (p) => minimumEnergyPathND(p as never),
  analyzeDrift: (p) => analyzeDrift(p as never),
  rateDrift: (p) => rateDrift(p as never),
  simulateDrift: (p) => simulateDrift(p as never),
};

describe('every public study refuses a key it does not read (it ran silently at a default)', () => {
  it.each(CASES)(
    '%s: a misspelt %s is invalid_parameter naming the key',
    async (entry, key, call) => {
      const e = await thrown(call);
      expect(e.code).toBe('invalid_parameter');
      expect(e.message).toBe(`${entry}(): unknown key '${key}'`);
      expect(e.issues).toEqual([{ path: key, message: 'unknown key' }]);
      expect(e.hint).toMatch(new RegExp(`${entry}\\(\\) reads `));
    },
  );

  it.each(Object.entries(CALLS_WITH))(
    '%s(null): a usage error naming the entry, not a TypeError',
    async (entry, study) => {
      const e = await thrown(() => study(null));
      expect(e.code).toBe('usage');
      expect(e.message).toMatch(new RegExp(`^${entry}\\(\\): expected a problem object`));
    },
  );

  it('a case slip is named outright, and the keys read are listed', async () => {
    const e = await thrown(CASES.find(([entry]) => entry === 'pull')![2]);
    expect(e.hint).toMatch(/did you mean 'rateRoute' for 'rateroute'\?/);
    expect(e.hint).toMatch(/pull\(\) reads potential, parameters, domain, model, deltaG/);
  });

  it('a key whose value is undefined is ignored (the CLI spreads optional values)', () => {
    expect(analyzeND({ ...ND, Dee: undefined } as never).retcode).toBe('success');
  });
});

describe('settings and specs given apart from a prepared problem are checked as well', () => {
  const p = prepareND(ND);
  const drift = prepareDrift(DRIFT);

  it.each([
    ['spectrum', 'nn', () => spectrum(prepare({}), { nn: 3 } as never)],
    ['rateND', 'form', () => rateND(p, { form: 0 } as never)],
    ['spectrumND', 'N', () => spectrumND(p, { N: 3 } as never)],
    ['minimumEnergyPathND', 'form', () => minimumEnergyPathND(p, { form: 0 } as never)],
    ['rateDrift', 'toRegions', () => rateDrift(drift, { toRegions: 'x >= 0.5' } as never)],
    ['rateNDSimulated', 'walker', () => rateNDSimulated(ND, { walker: 8 } as never)],
  ])('%s: a misspelt %s is refused', async (entry, key, call) => {
    const e = await thrown(call);
    expect(e.code).toBe('invalid_parameter');
    expect(e.message).toBe(`${entry}(): unknown key '${key}'`);
  });

  it('a prepared problem with its spec apart still runs', () => {
    // The double well in x: minima at (±1, 0), one saddle at the origin, ΔU = 1/4 (a closed form).
    const path = minimumEnergyPathND(p, { from: 0, to: 1 });
    expect(path.barrier).toBeCloseTo(0.25, 6);
    // rateND's spec is typed as a whole problem, and a whole problem is accepted as one.
    const report = rateND(p, { ...ND, from: 0, to: 1, methods: ['langer'] });
    expect(report.retcode).toBe('success');
    expect(report.saddle!.deltaU).toBeCloseTo(0.25, 6);
  });
});

describe('settings nested in a problem are checked too (`simulate: { walker }` ran at the default)', () => {
  const resonance = { amplitude: 0.05, omega: 0.01, Dmin: 0.05, Dmax: 0.1 };
  const bond = { model: 'cusp', deltaG: 10, xb: 1, k0: 1, loadingRates: [1] };
  it.each([
    ['rate', 'walker', () => rate({ D: 0.1, simulate: { walker: 8 } } as never)],
    ['rate', 'Seed', () => rate(prepare({ D: 0.1 }), { simulate: { Seed: 2 } } as never)],
    [
      'stochasticResonance',
      'trajectory',
      () => stochasticResonance({ ...resonance, simulate: { trajectory: 4 } } as never),
    ],
    ['pull', 'walker', () => pull({ ...bond, simulate: { walker: 8 } } as never)],
    ['turnover', 'gamma', () => turnover({ D: 0.1, simulate: { gamma: [1] } } as never)],
  ])('%s: a misspelt simulate.%s is invalid_parameter naming it', async (entry, key, call) => {
    const e = await thrown(call);
    expect(e.code).toBe('invalid_parameter');
    expect(e.message).toBe(`${entry}(): unknown key 'simulate.${key}'`);
    expect(e.issues).toEqual([{ path: `simulate.${key}`, message: 'unknown key' }]);
    expect(e.hint).toMatch(/simulate reads /);
  });

  it('a case slip is named with its path; a setting that is not an object is refused', async () => {
    const slip = await thrown(() => rate({ D: 0.1, simulate: { Seed: 2 } } as never));
    expect(slip.hint).toMatch(/did you mean 'simulate\.seed' for 'simulate\.Seed'\?/);
    const e = await thrown(() => turnover({ D: 0.1, simulate: 'yes' } as never));
    expect(e.code).toBe('invalid_parameter');
    expect(e.message).toBe(
      'turnover(): simulate must be true, false or an object of settings; got string yes',
    );
  });

  it('true, false and valid settings still pass the door', async () => {
    // Turnover's formula columns alone (no exact column, no walkers): the door is the point here.
    for (const simulate of [false, undefined]) {
      expect((await turnover({ D: 0.1, points: 3, simulate })).rows).toHaveLength(3);
    }
    const report = await rate({ D: 0.1, methods: ['kramers'], simulate: { walkers: 64, seed: 3 } });
    expect(report.methods['simulation']!.retcode).toBeDefined();
  });
});

describe('the studies without a direct test elsewhere still run on a valid problem', () => {
  it('analyzeND: the two minima and the saddle of the double well, ΔU = 1/4', () => {
    const r = analyzeND(ND);
    expect(r.retcode).toBe('success');
    expect(r.transitions[0]!.deltaU).toBeCloseTo(0.25, 6);
  });

  it('rateNDSimulated: a column of walkers beside the routes, with its settings', async () => {
    const r = await rateNDSimulated(
      { ...ND, D: 0.25, fromX: [-1, 0], toRegion: 'x >= 1', methods: ['langer'] },
      { ...WALKERS, tMax: 1e4 },
    );
    expect(r.methods.simulation!.rate).toBeGreaterThan(0);
  });
});
