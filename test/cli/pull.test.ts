import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drawDhsRuptureForces } from '../../src/drive/index.js';
import { methodInfo } from '../../src/index.js';
import { openUniform, Xoshiro128 } from '../../src/simulation/index.js';
import { runCli } from './run.js';

const MODEL = ['pull', '--model', 'linear-cubic', '--dG', '8', '--xb', '1', '--k0', '1'];
const dir = mkdtempSync(join(tmpdir(), 'kramers-pull-'));

describe('kramers pull', () => {
  it('prints a table per loading rate with every theory column', () => {
    // Up to r = 100: every column resolved. At r = 100 3.7e-5 of the bonds are still intact where
    // the exact column stops; bounded (its rate only rises), they leave ⟨F⟩ = 4.66463 ± 3.5e-6:
    // a value, exit 0 (it printed ≥4.66463, exit 3).
    const run = runCli([...MODEL, '--rates', '1,10,30,100']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\n\s+100\s+4\.07851\s+4\.61248\s+4\.47574\s+4\.66463\n/);
    expect(run.stdout).not.toContain('≥');
    expect(run.stdout).toMatch(/Mean rupture force/);
    expect(run.stdout).toMatch(/Bell–Evans\s+DHS ν=2\/3\s+DHS approx\.\s+exact/);
    expect(run.stdout).toMatch(/barrier vanishes at F_c = 12/);
  });

  it('--json keeps rows[{loadingRate, meanForce{bellEvans,dhs,exact,simulated}, sdForce{dhs,exact}}]', () => {
    const run = runCli([
      ...MODEL,
      '--rates',
      '100',
      '--simulate',
      '--walkers',
      '200',
      '--workers',
      '1',
      '--json',
    ]);
    // r = 100: 0.004% of bonds are intact where the exact column stops, bounded in its error
    // (success, exit 0; it was a lower bound, not_converged, exit 3) beside the simulation.
    expect(run.status, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.rows[0].retcode).toEqual({
      bellEvans: 'success',
      dhs: 'success',
      exact: 'success',
      simulated: 'success',
    });
    expect(r.rows[0].meanForceError.exact).toBeGreaterThan(0);
    expect(r.rows).toHaveLength(1);
    const row = r.rows[0];
    expect(row.loadingRate).toBe(100);
    for (const key of ['bellEvans', 'dhs', 'exact', 'simulated']) {
      expect(typeof row.meanForce[key], key).toBe('number');
    }
    for (const key of ['dhs', 'exact']) expect(typeof row.sdForce[key], key).toBe('number');
    expect(row.simulated.walkers).toBe(200);
    // 200 walkers: SE ≈ 0.1; the simulated mean lies within 4 SE of the exact route (fixed seed).
    expect(Math.abs(row.meanForce.simulated - row.meanForce.exact)).toBeLessThan(
      4 * row.simulated.meanForceStdErr,
    );
    expect(r).not.toHaveProperty('curves');
  });

  it('a slow pull prints the closed-form mean; cut-off columns print ≥⟨F⟩ (DHS) or a loose ± (exact)', () => {
    // r = 1e-7 ≪ k0: Bell–Evans ⟨F⟩ = (k_BT/x‡) e^a E1(a) = 9.99999e-8 (a = 1e7), printed as
    // 1.2247e-8 ± 8e-10 before the range was bracketed from S itself.
    const bell = runCli(
      ['pull', '--model', 'bell', '--dG', '8', '--xb', '1', '--k0', '1'].concat([
        '--rates',
        '1e-7',
        '--json',
      ]),
    );
    expect(bell.status, bell.stderr).toBe(0);
    const row = JSON.parse(bell.stdout).rows[0];
    // 1e-8 relative: the quadrature's measured accuracy is 7.7e-10 at slow rates.
    expect(Math.abs(row.meanForce.bellEvans / 9.9999990000002e-8 - 1)).toBeLessThan(1e-8);
    expect(row.retcode).toEqual({ bellEvans: 'success', dhs: 'success', exact: null });
    const fast = runCli([...MODEL, '--rates', '1000']);
    // 36% of bonds intact at the exact cut: bounded, ⟨F⟩ = 8.02623 ± 0.34 (it printed ≥7.68734),
    // too loose for a converged value; DHS's rate falls to 0 at its F_c: a lower bound. Both are
    // not_converged, exit 3.
    expect(fast.status, fast.stderr).toBe(3);
    expect(fast.stdout).toMatch(/1000\s+6\.33787\s+≥8\.05924\s+7\.77813\s+8\.02623 ±0\.3\n/);
    expect(fast.stdout).toContain('retcode: not_converged');
    const json = JSON.parse(runCli([...MODEL, '--rates', '1000', '--json']).stdout);
    expect(json.rows[0].meanForceError.exact).toBeGreaterThan(0.1);
    expect(json.rows[0].meanForceError.dhs).toBeNull();
    expect(json.retcode).toBe('not_converged');
    expect(json.rows[0].retcode).toEqual({
      bellEvans: 'success',
      dhs: 'not_converged',
      exact: 'not_converged',
    });
  });

  it('the SD table prints each SD ± its error as the mean table does (≥ for a lower bound)', () => {
    // r = 100: the exact SD's bounded tail and quadrature give ± 1.0e-5 (1.50309 against 1.5030977
    // followed to F_c), above its sixth digit; Bell–Evans' and DHS's ± (1e-8 relative) are not.
    // r = 1000: the exact SD is bounded loosely (36% intact at the cut), DHS's only from below.
    // Before, the SDs printed bare: 1.50309, 2.12233 and 2.11062.
    const run = runCli([...MODEL, '--rates', '100,1000']);
    expect(run.status, run.stderr).toBe(3);
    const sd = run.stdout.split('Standard deviation of the rupture force\n')[1]!;
    expect(sd).toMatch(/\n\s+100\s+1\.18089\s+1\.47452\s+1\.50309 ±1e-5\s+3\.68e-5\n/);
    expect(sd).toMatch(/\n\s+1000\s+1\.26165\s+≥2\.12233\s+2\.11062 ±0\.5\s+0\.36\n/);
    // Columns stay aligned: every row starts its exact cell where the header's `exact` starts.
    const lines = sd.split('\n').slice(0, 3);
    const at = lines[0]!.indexOf('exact');
    expect(lines[1]!.slice(at)).toMatch(/^1\.50309 ±1e-5/);
    expect(lines[2]!.slice(at)).toMatch(/^2\.11062 ±0\.5/);
    // The JSON carries the errors the table prints: null where the SD is a lower bound.
    const json = JSON.parse(runCli([...MODEL, '--rates', '100,1000', '--json']).stdout);
    const [slow, fast] = json.rows;
    expect(slow.sdForceError.exact).toBeGreaterThan(5e-6);
    expect(slow.sdForceError.exact).toBeLessThan(1.5e-5);
    expect(slow.sdForceError.bellEvans).toBeLessThan(1e-6 * slow.sdForce.bellEvans);
    expect(fast.sdForceError.dhs).toBeNull();
    expect(Number(fast.sdForceError.exact.toPrecision(1))).toBe(0.5);
  });

  it('--plot writes ⟨F⟩ against r and the densities as SVG', () => {
    const file = join(dir, 'pull.svg');
    const run = runCli([...MODEL, '--rates', '1,10,100', '--plot', file]);
    expect(run.status, run.stderr).toBe(0);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toMatch(/mean rupture force/);
    expect(svg).toMatch(/Rupture-force densities/);
    const bad = runCli([...MODEL, '--rates', '1', '--plot', join(dir, 'pull.gif')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/\.svg or \.png/);
  });

  it('--plot labels every decade of the loading rates it spans, 1000 included', () => {
    // The curves' rates came back as exp(ln r): 1000 became 999.9999999999998, the log axis
    // ended just below 1000 and its last tick label was lost (1, 10, 100 only).
    const file = join(dir, 'pull-decades.svg');
    const run = runCli([...MODEL, '--rates', '1,10,100,1000', '--plot', file]);
    // Exit 3: not converged at r = 1000 (the plot is written all the same).
    expect(run.status, run.stderr).toBe(3);
    const svg = readFileSync(file, 'utf8');
    const first = /aria-label="x-axis tick label"(.*?)<\/g>/s.exec(svg)![1]!;
    const labels = [...first.matchAll(/>([^<>]+)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(['1', '10', '100', '1000']);
  });

  it('--plot draws a lower bound apart from its curve: an open triangle, with a legend entry', () => {
    // r = 1000: DHS's rate ends at its F_c with 5.08% of bonds intact, so its ⟨F⟩ is only
    // ≥8.05924 (the table's `≥`). Before, the plot drew it as the DHS curve's next point.
    const file = join(dir, 'pull-bounds.svg');
    const run = runCli([...MODEL, '--rates', '100,1000', '--plot', file]);
    expect(run.status, run.stderr).toBe(3);
    expect(run.stdout).toMatch(/\n\s+1000\s+6\.33787\s+≥8\.05924\s/);
    const svg = readFileSync(file, 'utf8');
    const group = /aria-description="lower bounds of ⟨F⟩"[^>]*>(.*?)<\/g>/s.exec(svg);
    expect(group, 'the lower bounds’ marks').not.toBeNull();
    const marks = [...group![1]!.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(marks).toEqual(['Dudko–Hummer–Szabo: ⟨F⟩ ≥ 8.05924 (lower bound)']);
    expect(svg).toContain('△ lower bound: ⟨F⟩ ≥ this');
    // A slow pull has no bound: no such marks, no legend entry.
    const slow = join(dir, 'pull-no-bounds.svg');
    expect(runCli([...MODEL, '--rates', '1,10', '--plot', slow]).status).toBe(0);
    const plain = readFileSync(slow, 'utf8');
    expect(plain).not.toContain('lower bounds of ⟨F⟩');
    expect(plain).not.toContain('△');
  });

  it('--plot draws the exact ⟨F⟩ ± its error bound where the bar shows at the figure’s scale', () => {
    // r = 1000: 36% of bonds intact at the exact column's cut leave ⟨F⟩ = 8.02623 ± 0.34, a bar
    // of ±15 px; r ≤ 100 (± 3.5e-6 and less) draw none. Before, no bar was drawn at all.
    const file = join(dir, 'pull-bars.svg');
    const args = [...MODEL, '--rates', '1,10,100,1000'];
    const run = runCli([...args, '--plot', file]);
    expect(run.status, run.stderr).toBe(3);
    const json = JSON.parse(runCli([...args, '--json']).stdout);
    const error = json.rows[3].meanForceError.exact;
    const svg = readFileSync(file, 'utf8');
    const group = /aria-description="exact ⟨F⟩ ± error bound"[^>]*>(.*?)<\/g>/s.exec(svg);
    expect(group, 'the exact column’s error bars').not.toBeNull();
    const paths = [...group![1]!.matchAll(/<path d="M([\d.]+),([\d.]+)L([\d.]+),([\d.]+)"/g)];
    expect(paths).toHaveLength(1);
    expect(group![1]).toContain('<title>⟨F⟩ = 8.02623 ± 0.34</title>');
    const [x1, y1, x2, y2] = paths[0]!.slice(1).map(Number) as [number, number, number, number];
    // At r = 1000: the x of its tick label; vertical, 2 × error long at the y axis' scale (from
    // its tick labels; the path's 3 decimals in ~30 px leave 1e-4 relative, 1e-3 asked).
    const tick = (axis: string, label: string) =>
      new RegExp(
        `aria-label="${axis}-axis tick label".*?translate\\(([\\d.]+),([\\d.]+)\\)" [^>]*>${label}<`,
        's',
      ).exec(svg)!;
    expect(x1).toBeCloseTo(Number(tick('x', '1000')[1]), 2);
    expect(x2).toBe(x1);
    const perForce = Number(tick('y', '1')[2]) - Number(tick('y', '2')[2]);
    expect(Math.abs(Math.abs(y1 - y2) / perForce / (2 * error) - 1)).toBeLessThan(1e-3);
  });

  it('--plot takes labels and colours from the method catalogue (simulated: the simulation route)', () => {
    const file = join(dir, 'pull-sim.svg');
    const run = runCli([
      ...MODEL,
      '--rates',
      '10,100',
      '--simulate',
      '--walkers',
      '100',
      '--workers',
      '1',
      '--plot',
      file,
    ]);
    expect(run.status, run.stderr).toBe(0);
    const svg = readFileSync(file, 'utf8');
    for (const key of ['bellEvans', 'dhs', 'exact', 'simulation'] as const) {
      expect(svg, key).toContain(methodInfo(key)!.colour);
    }
    expect(svg).toContain(methodInfo('bellEvans')!.label);
    expect(svg).toContain(methodInfo('dhs')!.label);
    expect(svg).toContain(`${methodInfo('exact')!.label} (quasi-static)`);
    expect(svg).toContain('Langevin simulation (95% CI)');
  });

  it('--simulate --json: retcode first (success: exit 0), same numbers on 1 and 2 workers', () => {
    // r = 10 and 30: every column resolved.
    const args = [...MODEL, '--rates', '10,30', '--simulate', '--walkers', '150', '--json'];
    const one = runCli([...args, '--workers', '1']);
    const two = runCli([...args, '--workers', '2']);
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    const a = JSON.parse(one.stdout);
    expect(Object.keys(a).slice(0, 2)).toEqual(['retcode', 'warnings']);
    expect(a.retcode).toBe('success');
    // Walker i draws from stream i: the pool's runner reaches pull() and changes nothing.
    expect(JSON.parse(two.stdout).rows).toEqual(a.rows);
  });

  it('theory columns not converged (≥, or a loose ±) exit 3, with the way out in the warning', () => {
    // The double well at D = 0.05 pulled at r = 0.1: 90.4% of bonds are intact at DHS's F_c and
    // 96.2% where the exact column stops; DHS prints ≥⟨F⟩, the exact column ⟨F⟩ within bounds
    // too loose to be a value (± 1.0). Before: retcode success, exit 0.
    const args = ['pull', 'x^4/4 - x^2/2', '--rates', '0.1'];
    const text = runCli(args);
    expect(text.status, text.stderr).toBe(3);
    expect(text.stdout).toMatch(/0\.1\s+0\.33569\s+≥0\.363875\s+—\s+1\.2882 ±1\n/);
    expect(text.stdout).toContain('retcode: not_converged');
    expect(text.stdout).toMatch(/DHS: 90\.4% .*lower bound .*not converged: .*pull more slowly/);
    expect(text.stdout).toMatch(/exact: 96\.2% .*only rises.*not converged: .*--min-barrier/);
    const json = runCli([...args, '--json']);
    expect(json.status, json.stderr).toBe(3);
    const r = JSON.parse(json.stdout);
    expect(r.retcode).toBe('not_converged');
    // Bell–Evans' rate never stops: it keeps its ± and success.
    expect(r.rows[0].retcode).toEqual({
      bellEvans: 'success',
      dhs: 'not_converged',
      exact: 'not_converged',
    });
    expect(r.rows[0].meanForceError.bellEvans).toBeGreaterThan(0);
  });

  it('the header names the cut the exact column stops at, --min-barrier included', () => {
    // It said "ΔU(F) = 1 D" whatever --min-barrier was.
    const base = ['pull', 'x^4/4 - x^2/2', '--D', '0.05', '--rates', '0.001'];
    expect(runCli(base).stdout).toMatch(/where ΔU\(F\) = 1 D \(beyond it/);
    const lower = runCli([...base, '--min-barrier', '0.5']);
    expect(lower.stdout).toMatch(/where ΔU\(F\) = 0\.5 D \(beyond it/);
    const json = JSON.parse(runCli([...base, '--min-barrier', '0.5', '--json']).stdout);
    expect(json.cutBarrier).toBe(0.5);
  });

  it('walkers intact at the ramp’s end: ≥⟨F⟩, not_converged and exit 3 in the table and --json', () => {
    // The double well at D = 0.05 pulled at r = 0.1: 83 of 200 walkers had not slid to x = 1
    // when the ramp ended at 2 F_c. Before: `censored`, exit 0, and 0.905851 ±0.041 printed from
    // the censored-MFPT tail fit (a constant escape rate, which a ramp never has).
    const args = ['pull', 'x^4/4 - x^2/2', '--rates', '0.1', '--simulate', '--walkers', '200'];
    const text = runCli([...args, '--workers', '1']);
    expect(text.status, text.stderr).toBe(3);
    const json = runCli([...args, '--workers', '1', '--json']);
    expect(json.status, json.stderr).toBe(3);
    const r = JSON.parse(json.stdout);
    expect(r.retcode).toBe('not_converged');
    const sim = r.rows[0].simulated;
    expect(sim.meanForceIsLowerBound).toBe(true);
    expect(sim.meanForceStdErr).toBeNull();
    expect(sim.meanForceCI95[1]).toBeNull(); // ∞: the bound's interval is open above
    // The table prints the JSON's bound, marked as one, and the warning says what to do.
    const bound = String(Number(sim.meanForce.toPrecision(6)));
    expect(text.stdout).toMatch(
      new RegExp(`simulated[^\\n]*\\n\\s+0\\.1 .*≥${bound.replace('.', '\\.')}\\s`),
    );
    expect(text.stdout).toContain('retcode: not_converged');
    expect(text.stdout).toMatch(
      new RegExp(
        `${sim.censored} of 200 walkers \\([\\d.]+%\\) had not ruptured.*pull more slowly`,
      ),
    );
    expect(text.stdout).not.toMatch(/±∞|NaN|Infinity/);
  });

  it('--fit recovers DHS parameters from a CSV of synthetic rupture forces', () => {
    const bond = { deltaG: 12, xb: 0.8, k0: 0.1, D: 1 };
    const rng = Xoshiro128.fromSeed(5);
    const lines = ['loading_rate,force'];
    for (const r of [1, 10, 100]) {
      for (const F of drawDhsRuptureForces(bond, 0.5, r, 150, () => openUniform(rng.s))) {
        lines.push(`${r},${F}`);
      }
    }
    const file = join(dir, 'forces.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const run = runCli(['pull', '--fit', file, '--nu', '0.5', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const fit = JSON.parse(run.stdout);
    expect(fit.observations).toBe(450);
    for (const [name, truth] of [
      ['deltaG', 12],
      ['xb', 0.8],
      ['k0', 0.1],
    ] as const) {
      expect(Math.abs(fit[name].value - truth), name).toBeLessThan(3 * fit[name].stdErr);
    }
    const table = runCli(['pull', '--fit', file, '--nu', '1/2']);
    expect(table.stdout).toMatch(/ΔG‡\s+\d/);
  });

  it('bad input exits 2 with a message that names it', () => {
    const bad = (args: string[], pattern: RegExp) => {
      const run = runCli(args);
      expect(run.status, `${args.join(' ')}\n${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(pattern);
    };
    bad([...MODEL, '--rates', '1,-2'], /entry 2/);
    bad([...MODEL, '--rates', '1,abc'], /not a number/);
    bad([...MODEL], /--rates/);
    bad(
      ['pull', '--model', 'linear-cubic', '--dG', '8', '--xb', '0', '--k0', '1', '--rates', '1'],
      /xb/,
    );
    bad(
      ['pull', '--model', 'zipper', '--dG', '8', '--xb', '1', '--k0', '1', '--rates', '1'],
      /--model/,
    );
    bad(['pull', 'x^2', '--rates', '1'], /barrier/);
    bad(['pull', '--model', 'cusp', '--dG', '8', '--rates', '1'], /--xb/);
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'loading_rate,force\n1,2.5\n10,abc\n');
    bad(['pull', '--fit', csv], /line 3, column 2 \(force\)/);
    writeFileSync(csv, '1,2.5\n10,3,4\n');
    bad(['pull', '--fit', csv], /line 2: expected 2 columns/);
    bad(['pull', '--fit', join(dir, 'missing.csv')], /cannot read/);
  });
});
