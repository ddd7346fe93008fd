/**
 * Each preset's classic number(s), with the source and the accuracy we claim:
 * - reaction: Eyring prefactor k_BT/h = 6.2510e12 1/s at 300 K (Eyring 1935; CODATA 2018 exact
 *   constants); k ∝ 1/η at high viscosity and → TST at low (Kramers 1940); exact overdamped rate
 *   vs Kramers within the finite-barrier correction (Hänggi, Talkner & Borkovec 1990).
 * - neel-brown: σ_B = KV/k_BT_B ≈ 25 for τ_m = 100 s (Bean & Livingston 1959); τ_N (Brown 1963);
 *   exact vs Brown's asymptote (see test/spectral/uniaxialRelaxation.test.ts for the eigenvalue).
 * - josephson: E_J/k_B = 23.84 K per µA (Φ0 I_c/2π k_B; Tinkham, Introduction to
 *   Superconductivity, 1996); ΔU(i) = 2E_J[√(1−i²) − i arccos i] and ω_p ∝ (1−i²)^{1/4} from the
 *   landscape; the switching width ∝ T^{2/3} (Kurkijärvi 1972).
 * - tipping: ΔU = (4/3)μ^{3/2} of the fold (Strogatz, Nonlinear Dynamics and Chaos, 1994);
 *   rising variance and lag-1 autocorrelation (Scheffer et al. 2009).
 * - gene-switch: Griffith (1968) fixed points (a ± √(a² − 4))/2, bistable iff a > 2.
 * - memory-bit: the seed's e^{10} = 22026.4657948067; Δ ≈ 40 for ten-year retention at 1 GHz.
 * - protein: the Dudko–Hummer–Szabo ν = 2/3 formula is the Kramers rate of the linear-cubic
 *   surface (PRL 2006), barrier gone at F = 3ΔG‡/2x‡.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  analyze,
  constants,
  depopulationFactor,
  findPreset,
  geneFixedPoints,
  junctionEscapeRate,
  junctionScales,
  PRESETS,
  prepareTransition,
  presetCatalog,
  ROUTES,
  resolvePresetValues,
  runPreset,
  switchingDistribution,
  turnover,
  washboardBarrier,
} from '../../src/index.js';

const { BOLTZMANN, PLANCK, GAS_CONSTANT } = constants;

function result(report: ReturnType<typeof runPreset>, name: string): number {
  const r = report.results.find((x) => x.name === name);
  if (!r) throw new Error(`no result ${name}`);
  return r.value;
}

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

describe('catalog', () => {
  it('lists every preset as plain serialisable data with units and ranges', () => {
    const catalog = presetCatalog();
    expect(catalog.map((p) => p.name)).toEqual(PRESETS.map((p) => p.name));
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
    for (const p of catalog) {
      expect(p.references.length).toBeGreaterThan(0);
      expect(p.context.length).toBeGreaterThan(200);
      for (const q of p.parameters) {
        expect(q.range[0]).toBeLessThan(q.range[1]);
        // Every default parses, in range, as its kind.
        const v = resolvePresetValues(findPreset(p.name), { [q.name]: q.default });
        expect(Number.isFinite(v[q.name]!)).toBe(true);
      }
    }
  });
  it('a number is read in the parameter’s display unit (what a slider sends)', () => {
    const preset = findPreset('reaction');
    const fromText = resolvePresetValues(preset, { dG: '60kJ/mol', eta: '2mPa*s' });
    const fromNumber = resolvePresetValues(preset, { dG: 60, eta: 2 });
    expect(rel(fromNumber['dG']!, fromText['dG']!)).toBeLessThan(1e-15);
    expect(rel(fromNumber['eta']!, fromText['eta']!)).toBeLessThan(1e-15);
  });
  it('a reduced parameter and the physical one it fixes cannot both be given', () => {
    expect(() => runPreset('josephson', { i: 0.9, I: '9uA' })).toThrow(/either i or I/);
  });
});

describe('reaction in a solvent', () => {
  const report = runPreset('reaction');
  it('Eyring: k = (k_BT/h) e^{−ΔG‡/RT}, k_BT/h = 6.2510e12 1/s at 300 K', () => {
    expect(rel((BOLTZMANN * 300) / PLANCK, 6.251e12)).toBeLessThan(1e-4);
    const expected = ((BOLTZMANN * 300) / PLANCK) * Math.exp(-50e3 / (GAS_CONSTANT * 300));
    expect(rel(result(report, 'eyring'), expected)).toBeLessThan(1e-12);
  });
  const table = report.tables[0]!.rows;
  it('k ∝ 1/η at high viscosity: k·η constant to 1e-4 between 1 and 10 Pa s', () => {
    // Correction to the overdamped limit is O((ω_s/η_c)²) ≈ 1e-5 at η_c/ω_s ≈ 300.
    const [a, b] = [table.at(-2)!, table.at(-1)!];
    expect(rel(a[5]!, b[5]!)).toBeLessThan(1e-4);
  });
  it('Kramers → TST at low viscosity: k/k_TST = 1 − η_c/2ω_s + O((η_c/ω_s)²)', () => {
    const low = runPreset('reaction', { eta: '0.01mPa*s' });
    const ratio = result(low, 'kramers') / result(low, 'tst');
    const x = result(low, 'collisionRate'); // η_c/ω_s
    expect(Math.abs(ratio - (1 - x / 2))).toBeLessThan(x * x);
  });
  it('exact overdamped rate = Kramers × [1 − (5/18)(k_BT/ΔG‡)] to O((k_BT/ΔG‡)²)', () => {
    // Finite-barrier correction (docs/conventions.md §1) for the cubic 3x² − 2x³:
    // c_a = c_s = (5/36)k_BT/ΔG‡.
    const b = result(report, 'barrier');
    const ratio = result(report, 'exact') / result(report, 'overdamped');
    expect(Math.abs(ratio - (1 - 5 / 18 / b))).toBeLessThan(1 / (b * b));
  });
});

describe('Néel–Brown nanoparticle', () => {
  const report = runPreset('neel-brown');
  it('τ_N = M_sV(1+α²)/(2γα k_BT) with the defaults (20 nm, 480 kA/m, α = 0.1, 300 K)', () => {
    const volume = (Math.PI * 20e-9 ** 3) / 6;
    const expected = (4.8e5 * volume * 1.01) / (2 * 1.76085963023e11 * 0.1 * BOLTZMANN * 300);
    expect(rel(result(report, 'tauN'), expected)).toBeLessThan(1e-12);
  });
  it('blocking temperature: τ(T_B) = τ_m, and KV/k_BT_B ≈ 25 (Bean & Livingston 1959)', () => {
    const tB = result(report, 'blockingTemperature');
    const atTB = runPreset('neel-brown', { T: `${tB}K` });
    expect(rel(result(atTB, 'tau'), 100)).toBeLessThan(1e-6);
    // Bean–Livingston's 25 is ln(τ_m/τ0) with τ0 ≈ 1e-9 s; Brown's prefactor (τ_N ≈ 3e-8 s here,
    // times √π/2 σ^{−3/2}) moves it by a few units: we claim 20 < σ_B < 30.
    const sigmaB = result(atTB, 'sigma');
    expect(sigmaB).toBeGreaterThan(20);
    expect(sigmaB).toBeLessThan(30);
  });
  it('a measurement time below τ_N has no blocking temperature: said, not NaN', () => {
    const r = runPreset('neel-brown', { tm: '1ps' });
    expect(r.results.find((x) => x.name === 'blockingTemperature')!.text).toBe('none');
    expect(r.warnings.join(' ')).toMatch(/no blocking temperature/);
  });
  it('sigma fixes the temperature; at σ = 20 Brown’s formula is 5% short of the exact τ', () => {
    const r = runPreset('neel-brown', { sigma: 20 });
    expect(rel(result(r, 'sigma'), 20)).toBeLessThan(1e-12);
    const ratio = result(r, 'tauBrown') / result(r, 'tau');
    expect(Math.abs(ratio - 0.9478)).toBeLessThan(5e-4); // λ1 from test/fixtures/neel_brown.json
  });
});

describe('Néel–Brown: the volume instead of the diameter', () => {
  it('V fixes d = (6V/π)^{1/3}, applied before sigma fixes T', () => {
    const r = runPreset('neel-brown', { V: '1e-24m^3', sigma: 25 });
    expect(rel(r.parameters['d']!.si, Math.cbrt(6e-24 / Math.PI))).toBeLessThan(1e-14);
    expect(rel(result(r, 'sigma'), 25)).toBeLessThan(1e-12);
    expect(() => runPreset('neel-brown', { V: '3nm' })).toThrow(/nm.*volume/);
    expect(() => runPreset('neel-brown', { V: '1e-24m^3', d: '10nm' })).toThrow(/either V or d/);
  });
});

describe('Josephson junction', () => {
  it('E_J/k_B = Φ0 I_c/(2π k_B) = 23.84 K for I_c = 1 µA', () => {
    const r = runPreset('josephson', { Ic: '1uA', I: '0.5uA' });
    const expected = (2.067833848461929e-15 * 1e-6) / (2 * Math.PI * 1.380649e-23);
    expect(rel(result(r, 'EJ'), expected)).toBeLessThan(1e-12);
    expect(Math.abs(result(r, 'EJ') - 23.84)).toBeLessThan(0.005);
  });
  it.each([0.3, 0.9, 0.99])('i = %s: the landscape’s barrier and ω_p are the closed forms', (i) => {
    const problem = findPreset('josephson').build(
      resolvePresetValues(findPreset('josephson'), { i }),
    );
    const a = analyze({
      potential: problem.potential,
      parameters: problem.parameters,
      D: problem.D,
      domain: problem.domain!,
    });
    const t = a.transitions.find((x) => x.to === '+inf')!;
    // Stationary points are polished to ~1e-12; ΔU then to ~1e-12 absolute.
    expect(Math.abs(t.deltaU - washboardBarrier(i))).toBeLessThan(1e-9);
    expect(Math.abs(a.wells[0]!.d2U - Math.sqrt(1 - i * i))).toBeLessThan(1e-8);
  });
  it.each([
    ['100ohm', 0.9],
    ['100ohm', 0.98],
    ['10000ohm', 0.9],
    ['10000ohm', 0.95],
  ] as const)(
    'R = %s, i = %s: escape rate = turnover() of the reduced problem (exact barrier action)',
    async (R, i) => {
      // The preset takes Δ = 36ΔU/(5Qk_BT) from the cubic approximation of the washboard; the
      // library's Mel'nikov–Meshkov rate integrates the action of the actual −cos φ − iφ. Measured
      // 1.5e-7 … 1.3e-4 apart (largest at i = 0.9, high Q, where the cubic is least good).
      // R = 10 kΩ (Q ≈ 1000) is underdamped: A(Δ) ≈ 0.09 at i = 0.95, T = 0.3 K.
      const v = resolvePresetValues(findPreset('josephson'), { T: '300mK', R });
      const { energy, omega0, quality } = junctionScales(v);
      const reduced = await turnover({
        potential: '-cos(x) - i*x',
        parameters: { i },
        D: (constants.BOLTZMANN * 0.3) / energy,
        mass: 1,
        gammaMin: 1 / quality,
        gammaMax: 1 / quality,
        points: 1,
        to: '+inf',
        domain: { min: -2, max: 4 },
      });
      const expected = reduced.rows[0]!.rates.melnikovMeshkov! * omega0;
      expect(rel(junctionEscapeRate(v, i, depopulationFactor), expected)).toBeLessThan(5e-4);
    },
  );
  it('near i → 1, ΔU ≈ (4√2/3)E_J(1−i)^{3/2} with relative error O(1 − i)', () => {
    for (const i of [0.99, 0.999]) {
      const cubic = ((4 * Math.SQRT2) / 3) * (1 - i) ** 1.5;
      expect(rel(cubic, washboardBarrier(i))).toBeLessThan(1 - i);
    }
  });
  // Same model, independent numerics: scipy adaptive quadrature for the survival exponent and
  // the moments (test/fixtures/josephson_switching.py). Our trapezoid rule has ~80 points per
  // width σ_I, an error ~(h/σ)²/12 ≈ 1e-5 of σ_I: we allow 1e-4 σ_I on the mean and the width.
  const switching = JSON.parse(
    readFileSync(new URL('../fixtures/josephson_switching.json', import.meta.url), 'utf8'),
  ) as { cases: { T: number; mean: number; std: number }[] };
  it.each(switching.cases)(
    'switching mean and width at T = $T K match scipy',
    ({ T, mean, std }) => {
      const d = switchingDistribution(resolvePresetValues(findPreset('josephson'), { T: `${T}K` }));
      expect(Math.abs(d.mean - mean)).toBeLessThan(1e-4 * std);
      expect(Math.abs(d.std - std)).toBeLessThan(1e-4 * std);
    },
  );
  it('switching distribution: normalised, width ∝ T^{2/3} (Kurkijärvi 1972)', () => {
    const p = findPreset('josephson');
    const cold = switchingDistribution(resolvePresetValues(p, { T: '0.25K' }));
    const warm = switchingDistribution(resolvePresetValues(p, { T: '2K' }));
    // Trapezoid rule on ~80 points per width: the mass is 1 to 1e-4.
    expect(Math.abs(cold.norm + cold.survivalAtIc - 1)).toBeLessThan(1e-4);
    // 8× the temperature → 4× the width, up to the slowly varying factor
    // [ln(ω_p I_c/2π İ …)]^{−1/3} of Kurkijärvi's formula (a few per cent here): within 7%.
    expect(Math.abs(warm.std / cold.std / 4 - 1)).toBeLessThan(0.07);
  });
});

/** Variance of e^{−U/D}, U = x³/3 − x, D = 0.05, over the basin x > −1 (trapezoid, h = 1e-4). */
function boltzmannVariance(): number {
  let z = 0;
  let m1 = 0;
  let m2 = 0;
  const h = 1e-4;
  for (let x = -1 + h; x < 4; x += h) {
    const w = Math.exp(-(x ** 3 / 3 - x) / 0.05);
    z += w;
    m1 += w * x;
    m2 += w * x * x;
  }
  return m2 / z - (m1 / z) ** 2;
}

describe('ecological tipping', () => {
  it.each([0, 0.5, 0.9])('c = %s: the landscape barrier is (4/3)μ^{3/2}', (c) => {
    const problem = findPreset('tipping').build(resolvePresetValues(findPreset('tipping'), { c }));
    const a = analyze({ potential: problem.potential, parameters: problem.parameters, D: 0.05 });
    expect(Math.abs(a.transitions[0]!.deltaU - (4 / 3) * (1 - c) ** 1.5)).toBeLessThan(1e-9);
  });
  const report = runPreset('tipping', { c: 0 });
  it('exact collapse time = Kramers × [1 + (5/24)D/μ^{3/2}] to O((D/ΔU)²)', () => {
    const ratio = result(report, 'collapse') / result(report, 'collapseKramers');
    const dOverU = 0.05 / (4 / 3);
    expect(Math.abs(ratio - (1 + (5 / 24) * 0.05))).toBeLessThan(2 * dOverU * dOverU);
  });
  it('early warnings rise toward the fold (variance and lag-1 autocorrelation)', () => {
    const rows = report.tables[0]!.rows;
    for (let k = 1; k < rows.length; k++) {
      expect(rows[k]![4]!).toBeGreaterThan(rows[k - 1]![4]!);
      expect(rows[k]![5]!).toBeGreaterThan(rows[k - 1]![5]!);
    }
  });
  it('simulated indicators rise from c = 0 to c = 0.6 by many standard errors', () => {
    const rows = report.tables[0]!.rows;
    const [first, later] = [rows[0]!, rows[4]!]; // c = 0 and c = 0.6
    expect(later[0]).toBe(0.6);
    expect(later[6]! - first[6]!).toBeGreaterThan(4 * Math.hypot(later[7]!, first[7]!));
    expect(later[8]! - first[8]!).toBeGreaterThan(4 * Math.hypot(later[9]!, first[9]!));
  });
  it('the simulated variance at c = 0 is the Boltzmann in-well variance within 4 SE', () => {
    const row = report.tables[0]!.rows[0]!;
    // Reference: trapezoid moments of e^{−U/D} over the basin x > −1 (below). Euler–Maruyama
    // adds a relative bias ≈ U″dt/2 = 2·0.0016/2 ≈ 0.2%, included in the tolerance.
    const reference = boltzmannVariance();
    expect(Math.abs(row[6]! - reference)).toBeLessThan(4 * row[7]! + 0.002 * reference);
  });
  it('the OU variance D/U″ is the in-well variance of e^{−U/D} to within 5% at ΔU/D = 27', () => {
    expect(rel(result(report, 'variance'), boltzmannVariance())).toBeLessThan(0.05);
  });
});

describe('gene switch (Griffith 1968)', () => {
  it('fixed points (a ± √(a²−4))/2 and 0; a = 3 gives 1/φ² and φ²', () => {
    const roots = geneFixedPoints(3, 0);
    const phi2 = (3 + Math.sqrt(5)) / 2;
    expect(roots.length).toBe(3);
    expect(Math.abs(roots[0]!)).toBeLessThan(1e-12);
    expect(Math.abs(roots[1]! - 1 / phi2)).toBeLessThan(1e-12);
    expect(Math.abs(roots[2]! - phi2)).toBeLessThan(1e-12);
  });
  it('bistable iff a > 2', () => {
    expect(geneFixedPoints(2.02, 0).length).toBe(3);
    expect(geneFixedPoints(1.98, 0).length).toBe(1);
    expect(() => runPreset('gene-switch', { a: '1.9', a0: '0' })).toThrow(/a > 2/);
  });
  it('the landscape finds the same states; both switching times are exact MFPTs', () => {
    const report = runPreset('gene-switch', { a: '3', a0: '0', D: '0.1' });
    const problem = report.problem;
    const a = analyze({
      potential: problem.potential,
      parameters: problem.parameters,
      D: 0.1,
      domain: problem.domain!,
    });
    expect(a.wells.map((w) => w.x)).toHaveLength(2);
    expect(Math.abs(a.barriers[0]!.x - (3 - Math.sqrt(5)) / 2)).toBeLessThan(1e-9);
    expect(result(report, 'onToOff')).toBeGreaterThan(result(report, 'offToOn'));
  });
});

describe('memory bit', () => {
  it('the seed’s example: ΔU = 20 D0, doubling D multiplies the rate by e^10 = 22026.4657948067', () => {
    const r = runPreset('memory-bit', { Delta: 20 });
    expect(rel(result(r, 'noiseDoubling'), 22026.4657948067)).toBeLessThan(1e-14);
  });
  it('ten-year retention at f0 = 1 GHz needs Δ = ln(f0 t) = 40.293', () => {
    const r = runPreset('memory-bit');
    expect(Math.abs(result(r, 'DeltaNeeded') - 40.29318)).toBeLessThan(1e-5);
  });
  it('the double-well model’s exact rate is f0 e^{−Δ}(1 − 3/(8Δ)) to O(Δ⁻²)', () => {
    // U = Δ(x⁴ − 2x²) is 4Δ(x⁴/4 − x²/2): c_a = c_s = 3/4 at D' = 1/(4Δ) (docs/conventions.md §1).
    const r = runPreset('memory-bit');
    const delta = result(r, 'Delta');
    const ratio = result(r, 'exact') / result(r, 'rate');
    expect(Math.abs(ratio - (1 - 3 / (8 * delta)))).toBeLessThan(1 / delta ** 2);
  });
});

describe('protein under force and viscosity', () => {
  const report = runPreset('protein');
  const preset = findPreset('protein');
  const values = resolvePresetValues(preset);
  it('its DHS ν = 2/3 column (drive/’s dhsLogRate) is the Kramers route on the surface', () => {
    // Exact identity for the linear-cubic surface (Dudko, Hummer & Szabo 2006); the route locates
    // the stationary points numerically (polished to ~1e-12), so we allow 1e-8.
    const problem = preset.build(values);
    const kT = BOLTZMANN * values['T']!;
    const kramers = (f: number) =>
      ROUTES.kramers.run(
        prepareTransition({ ...problem, parameters: { ...problem.parameters, f } }),
      ).rate! / problem.units.time;
    const rows = report.tables[0]!.rows;
    for (const [forcePn, , dhs] of rows) {
      const k = kramers((forcePn! * 1e-12 * values['xb']!) / kT);
      expect(rel(k, dhs!)).toBeLessThan(1e-8);
    }
    expect(rows.at(-1)![0]).toBeGreaterThan(35); // up to 0.6 F_c = 37 pN
  });
  it('the barrier vanishes at F = 3ΔG‡/2x‡ = 61.75 pN (ΔG‡ = 10 k_BT at 298.15 K, x‡ = 1 nm)', () => {
    expect(Math.abs(result(report, 'criticalForce') - 61.748)).toBeLessThan(0.01);
  });
  it('k ∝ 1/(η + σ): k·(η + σ) is the same at every viscosity', () => {
    const rows = report.tables[1]!.rows;
    for (const row of rows) expect(rel(row[2]!, rows[0]![2]!)).toBeLessThan(1e-12);
  });
  it('exact rate at F = 0 is the Kramers rate × [1 − (5/18)/βΔG‡] to O((βΔG‡)⁻²)', () => {
    const ratio = result(report, 'rate') / result(report, 'dhs');
    expect(Math.abs(ratio - (1 - 5 / 18 / 10))).toBeLessThan(1 / 100);
  });
});
