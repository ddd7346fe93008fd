import { describe, expect, it } from 'vitest';
import { type PresetReport, runPreset, tableCellText } from '../../src/index.js';
import { findResult, logResultOf, resultOf } from './result.js';

/**
 * Presets at the extremes of their parameters (the lead's list on the presets branch): rates and
 * times past double range are carried by their logs and printed from them; a number that does not
 * exist is null and prints as —; nothing prints NaN or Infinity. Each extended-range number is
 * checked against a closed form written out here from the SI constants (exact since 2019), not
 * through the preset's own code.
 */

const KB = 1.380649e-23; // J/K
const H = 6.62607015e-34; // J s
const HBAR = H / (2 * Math.PI);
const E = 1.602176634e-19; // C
const NA = 6.02214076e23; // 1/mol
const YEAR = 365.25 * 86400; // s, Julian

/** Every printed or serialised piece of a report (text, JSON), for the NaN/Infinity check. */
function allText(report: PresetReport): string {
  const cells = report.tables.flatMap((t) =>
    t.rows.flatMap((row, i) => row.map((_, j) => tableCellText(t, i, j, (v) => String(v)))),
  );
  return [
    JSON.stringify(report),
    ...report.results.map((r) => `${r.text} ${r.method ?? ''}`),
    ...cells,
    ...report.notes,
    ...report.warnings,
  ].join('\n');
}

/** The invariants of a report: finite-or-null values, a log where out of range, no NaN text. */
function expectHonest(report: PresetReport) {
  expect(allText(report)).not.toMatch(/NaN|Infinity/);
  for (const r of report.results) {
    if (r.value !== null) expect(Number.isFinite(r.value)).toBe(true);
    else if (r.log10Value === undefined) expect(r.text).toMatch(/^(—|none)/);
    if (r.log10Value !== undefined) expect(Number.isFinite(r.log10Value)).toBe(true);
  }
  for (const t of report.tables) {
    for (const row of t.rows)
      for (const v of row) if (v !== null) expect(Number.isFinite(v)).toBe(true);
  }
}

/** ln of a printed value `m.mmme±N unit` (its mantissa to the printed digits). */
function logOfText(text: string): number {
  const m = /^([\d.]+)e([+-]\d+)/.exec(text);
  if (!m) throw new Error(`not in extended form: ${text}`);
  return Math.log(Number(m[1])) + Number(m[2]) * Math.LN10;
}

describe('preset extremes: numbers past double range from their logs', () => {
  it('tipping at D = 1e-4: the collapse time is e^{ΔU/D} τ·π/√μ, in years past 1e2000', () => {
    const r = runPreset('tipping', { D: 1e-4 });
    expectHonest(r);
    expect(r.retcode).toBe('success');
    const mu = 1 - r.parameters['c']!.si;
    const tau = r.parameters['tau']!.si;
    // Overdamped Kramers for U = x³/3 − μx: U″ = ±2√μ at well and barrier, ΔU = (4/3)μ^{3/2}, so
    // T = τ·2π/(2√μ)·e^{ΔU/D} (Kramers 1940).
    const logKramers = Math.log((tau * Math.PI) / Math.sqrt(mu)) + ((4 / 3) * mu ** 1.5) / 1e-4;
    // The closed form and the route are the same formula: agreement to rounding of ln T ~ 4700.
    expect(logResultOf(r, 'collapseKramers') + Math.log(YEAR)).toBeCloseTo(logKramers, 8);
    // The exact MFPT differs from Kramers by the first correction O(D/ΔU) ≈ 2e-4 (relative in T).
    expect(Math.abs(logResultOf(r, 'collapse') + Math.log(YEAR) - logKramers)).toBeLessThan(1e-3);
    expect(findResult(r, 'collapse').value).toBeNull();
    // The text carries the same number to its four digits.
    const text = findResult(r, 'collapse').text;
    expect(text).toMatch(/e\+\d{4} yr$/);
    expect(Math.abs(logOfText(text) - logResultOf(r, 'collapse'))).toBeLessThan(1e-3);
    // The driver table's collapse columns: logs, no ∞.
    const table = r.tables[0]!;
    expect(table.log10Rows).toBeDefined();
    expect(tableCellText(table, 0, 2, (v) => String(v))).toMatch(/e\+\d+$/);
  });

  it('memory-bit at ΔU = 100 eV: ln k = ln f0 − Δ exactly, and the table from logs', () => {
    const r = runPreset('memory-bit', { dU: '100eV' });
    expectHonest(r);
    const delta = (100 * E) / (KB * 300);
    expect(resultOf(r, 'Delta')).toBeCloseTo(delta, 9);
    expect(logResultOf(r, 'rate') / (Math.log(1e9) - delta) - 1).toBeLessThan(1e-13);
    expect(logResultOf(r, 'flipTime')).toBeCloseTo(delta - Math.log(1e9), 8);
    // P(flip in 10 yr) = 1 − e^{−kt} = kt to all digits at kt ~ 1e-1663.
    expect(logResultOf(r, 'failure')).toBeCloseTo(Math.log(1e9) - delta + Math.log(10 * YEAR), 8);
    expect(logResultOf(r, 'noiseDoubling')).toBeCloseTo(delta / 2, 8);
    // The exact double-well rate sits within the finite-barrier correction (~1/Δ) of f0 e^{−Δ}.
    expect(Math.abs(logResultOf(r, 'exact') - logResultOf(r, 'rate'))).toBeLessThan(2 / delta);
    expect(findResult(r, 'exact').method).not.toMatch(/—/);
    const table = r.tables[0]!;
    const d250 = (100 * E) / (KB * 250);
    expect(table.log10Rows![0]![2]! * Math.LN10).toBeCloseTo(Math.log(1e9) - d250, 8);
    expect(tableCellText(table, 0, 2, (v) => String(v))).toMatch(/^\d\.\d+e-\d{4}$/);
  });

  it('reaction at ΔG‡ = 2000 kJ/mol: ln k_Eyring = ln(k_BT/h) − ΔG‡/RT', () => {
    const r = runPreset('reaction', { dG: '2000kJ/mol' });
    expectHonest(r);
    const logEyring = Math.log((KB * 300) / H) - 2e6 / (NA * KB * 300);
    expect(logResultOf(r, 'eyring')).toBeCloseTo(logEyring, 9);
    expect(findResult(r, 'eyring').text).toMatch(/^\d\.\d+e-\d{3} 1\/s$/);
    expect(logResultOf(r, 'halfLife')).toBeCloseTo(
      Math.log(Math.LN2) - logResultOf(r, 'kramers'),
      9,
    );
    // Exact overdamped and overdamped Kramers agree to O(RT/ΔG‡) ≈ 1e-3.
    expect(Math.abs(logResultOf(r, 'exact') - logResultOf(r, 'overdamped'))).toBeLessThan(5e-3);
  });

  it('josephson at T = 1 mK: ln Γ = ln(a_t ω_p/2π) − ΔU/k_BT from the washboard', () => {
    const r = runPreset('josephson', { T: '1mK' });
    expectHonest(r);
    const si = (n: string) => r.parameters[n]!.si;
    const i = si('I') / si('Ic');
    const ej = (HBAR * si('Ic')) / (2 * E);
    const omega = Math.sqrt((2 * E * si('Ic')) / (HBAR * si('C'))) * (1 - i * i) ** 0.25;
    const q = omega * si('R') * si('C');
    const at = Math.sqrt(1 + 1 / (4 * q * q)) - 1 / (2 * q);
    const barrier = (2 * ej * (Math.sqrt(1 - i * i) - i * Math.acos(i))) / (KB * si('T'));
    // Mel'nikov–Meshkov A(Δ) → 1 as e^{−Δ/4}: at Δ ~ 9000 it is 1 to every digit.
    const logRate = Math.log((at * omega) / (2 * Math.PI)) - barrier;
    expect(logResultOf(r, 'rate')).toBeCloseTo(logRate, 6);
    expect(logResultOf(r, 'lifetime')).toBeCloseTo(-logRate, 6);
  });

  it('protein at ΔG‡ = 1000 k_BT: exact k beside k0 = (6ΔG‡/x‡²)(Dx/2πk_BT) e^{−ΔG‡/k_BT}', () => {
    const r = runPreset('protein', { dG: '1000kT' });
    expectHonest(r);
    const xb = r.parameters['xb']!.si;
    const dx = r.parameters['Dx']!.si;
    // Defaults η = 1 mPa·s (the water reference): γ = k_BT/Dx, so k0 = 6·1000·Dx/(2πx‡²)·e^{−1000}.
    const logK0 = Math.log((6 * 1000 * dx) / (2 * Math.PI * xb * xb)) - 1000;
    expect(logResultOf(r, 'dhs')).toBeCloseTo(logK0, 9);
    // The exact rate differs from Kramers by O(k_BT/ΔG‡) = 1e-3.
    expect(Math.abs(logResultOf(r, 'rate') - logK0)).toBeLessThan(3e-3);
    expect(logResultOf(r, 'lifetime')).toBeCloseTo(-logResultOf(r, 'rate'), 9);
  });

  it('gene-switch at D = 1e-5: exact switching times beside Kramers, both past 1e2000 yr', () => {
    const r = runPreset('gene-switch', { D: 1e-5 });
    expectHonest(r);
    // Exact MFPT and Kramers agree to O(D/ΔU) ≈ 2e-4.
    const kramers = /Kramers gives (\S+ yr)/.exec(findResult(r, 'offToOn').method!)![1]!;
    expect(
      Math.abs(logResultOf(r, 'offToOn') + Math.log(3600 / YEAR) - logOfText(kramers)),
    ).toBeLessThan(1e-3);
    expect(findResult(r, 'onToOff').text).toMatch(/e\+\d{4} yr$/);
  });

  it('neuron at σ = 0.01 mV: no exact rate (not converged) prints —, Kramers from its log', () => {
    const r = runPreset('neuron', { sigma: '0.01mV' });
    expectHonest(r);
    expect(r.retcode).toBe('not_converged');
    expect(findResult(r, 'rate')).toMatchObject({ value: null, text: '—' });
    expect(findResult(r, 'rate').method).toMatch(/not converged/);
    expect(findResult(r, 'interval')).toMatchObject({ value: null, text: '—' });
    expect(r.warnings.join('\n')).toMatch(/mean interval is unknown/);
    // The overdamped Kramers prefactor does not depend on the noise: ln k(σ) − ln k(σ0) is
    // ΔU/D(σ0) − ΔU/D(σ), with the barriers the reports print.
    const base = runPreset('neuron', {});
    const expected =
      Math.log(resultOf(base, 'rateKramers')) + resultOf(base, 'barrier') - resultOf(r, 'barrier');
    expect(logResultOf(r, 'rateKramers')).toBeCloseTo(expected, 6);
  });

  it('neel-brown with τ_m = 1e290 s: T_B near σ = 700, Brown past it from ln τ, exact —', () => {
    const r = runPreset('neel-brown', { tm: '1e290s' });
    expectHonest(r);
    expect(resultOf(r, 'blockingTemperature')).toBeGreaterThan(0);
    const table = r.tables[0]!;
    const first = table.rows[0]!;
    expect(first[1]).toBeGreaterThan(700);
    expect(first[3]).toBeNull();
    expect(tableCellText(table, 0, 3, (v) => String(v))).toBe('—');
    expect(r.notes.join(' ')).toMatch(/not computed past σ = 700/);
    // Brown (1963): τ = τ_N (√π/2) σ^{−3/2} e^{σ}, from the row's own σ and τ_N.
    const [sigma, tauN] = [first[1]!, first[2]!];
    const logBrown = Math.log(tauN * (Math.sqrt(Math.PI) / 2)) - 1.5 * Math.log(sigma) + sigma;
    expect(table.log10Rows![0]![4]! * Math.LN10).toBeCloseTo(logBrown, 8);
  });

  it('neuron at I = 0, σ = 0.1 mV and josephson at i = 0.1: no Infinity, no 0 rates', () => {
    const silent = runPreset('neuron', { I: '0pA', sigma: '0.1mV' });
    expectHonest(silent);
    expect(logResultOf(silent, 'rateKramers')).toBeLessThan(-13000);
    const junction = runPreset('josephson', { i: 0.1 });
    expectHonest(junction);
    expect(findResult(junction, 'tunnelling').text).toMatch(/^\d\.\d+e-\d{3} 1\/s$/);
  });
});
