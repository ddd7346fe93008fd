import { describe, expect, it } from 'vitest';
import { argvOf, runCli } from './run.js';

describe('kramers preset', () => {
  it('list names every preset with its field and parameters', () => {
    const run = runCli(['preset', 'list']);
    expect(run.status).toBe(0);
    for (const name of [
      'reaction',
      'neel-brown',
      'josephson',
      'tipping',
      'gene-switch',
      'toggle-switch',
      'memory-bit',
      'protein',
      'neuron',
      'morris-lecar',
    ]) {
      expect(run.stdout).toContain(name);
    }
    expect(run.stdout).toContain('dG=50kJ/mol');
    const json = JSON.parse(runCli(['preset', 'list', '--json']).stdout) as {
      presets: { name: string; parameters: unknown[] }[];
    };
    expect(json.presets).toHaveLength(10);
  });

  it('values carry units; the answer carries units; the reduced problem runs in `kramers rate`', () => {
    const run = runCli([
      'preset',
      'reaction',
      '--set',
      'dG=12kcal/mol',
      '--set',
      'T=298.15K',
      '--json',
    ]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as {
      parameters: Record<string, { value: number; text: string }>;
      results: { name: string; value: number; unit: string; text: string }[];
      problem: { potential: string; units: { time: number } };
      command: string;
    };
    // 12 kcal/mol is 12 × 4.184 = 50.208 kJ/mol exactly: all five digits of the value given.
    expect(report.parameters['dG']!.text).toBe('50.208 kJ/mol');
    expect(report.parameters['T']!.value).toBeCloseTo(298.15, 10);
    const exact = report.results.find((r) => r.name === 'exact')!;
    expect(exact.unit).toBe('1/s');
    expect(exact.text).toMatch(/ 1\/s$/);
    // The printed command reproduces the reduced rate: its exact k times the time unit's inverse.
    const again = runCli([...argvOf(report.command).slice(1), '--method', 'exact', '--json']);
    expect(again.status).toBe(0);
    const reduced = JSON.parse(again.stdout) as { methods: { exact: { rate: number } } };
    const table = runCli(['preset', 'reaction', '--set', 'dG=12kcal/mol', '--set', 'T=298.15K']);
    expect(table.stdout).toContain(report.command);
    // Same route, same numbers: the exact rate in 1/s is the reduced one over the time unit.
    expect(
      Math.abs(reduced.methods.exact.rate / report.problem.units.time / exact.value - 1),
    ).toBeLessThan(1e-9);
  });

  it('the reduced command prints the intended numbers, not conversion noise, and reproduces them', () => {
    // Δ = 20 comes back from ΔU/k_BT as b = 20.000000000000004, and the default bias 9 µA/10 µA
    // as i = 0.9000000000000001: both were printed so. A computed value keeps all its digits.
    const cases: [string[], RegExp][] = [
      [['memory-bit', '--set', 'Delta=20'], /--param b=20 /],
      [['josephson'], /--param i=0\.9 /],
      [['memory-bit'], /--param b=38\.681727071833606 /],
    ];
    for (const [args, printed] of cases) {
      const run = runCli(['preset', ...args, '--json']);
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout) as {
        command: string;
        problem: { parameters: Record<string, number>; D: number };
      };
      expect(report.command).toMatch(printed);
      expect(report.command).not.toMatch(/\d(0{6}|9{6})\d/);
      // The report's problem carries the same numbers as its line (test/scenarios/catalogue runs
      // every preset's line against the library on that problem, to the last bit).
      for (const [name, value] of Object.entries(report.problem.parameters)) {
        expect(report.command).toContain(`--param ${name}=${String(value)} `);
      }
      expect(report.command).toContain(`--D ${String(report.problem.D)} `);
    }
    // Run, the tidy line gives the report's exact rate: 1e-9 relative is far above the 1e-16 the
    // tidied b moves it by and far below any digit the report prints.
    const run = runCli(['preset', 'memory-bit', '--set', 'Delta=20', '--json']);
    const report = JSON.parse(run.stdout) as {
      command: string;
      problem: { units: { time: number } };
      results: { name: string; value: number }[];
    };
    const again = runCli([...argvOf(report.command).slice(1), '--method', 'exact', '--json']);
    expect(again.status, again.stderr).toBe(0);
    const reduced = JSON.parse(again.stdout) as { methods: { exact: { rate: number } } };
    const exact = report.results.find((r) => r.name === 'exact')!.value;
    expect(
      Math.abs(reduced.methods.exact.rate / report.problem.units.time / exact - 1),
    ).toBeLessThan(1e-9);
  });

  it('the customary reduced parameter: sigma for Néel–Brown, i for a junction', () => {
    const nb = JSON.parse(
      runCli(['preset', 'neel-brown', '--set', 'sigma=20', '--json']).stdout,
    ) as {
      results: { name: string; value: number }[];
    };
    expect(nb.results.find((r) => r.name === 'sigma')!.value).toBeCloseTo(20, 10);
    const jj = runCli(['preset', 'josephson', '--set', 'i=0.95']);
    expect(jj.status).toBe(0);
    expect(jj.stdout).toMatch(/bias i = I\/I_c\s+0\.95/);
    expect(jj.stdout).toContain('uA');
  });

  it('a sampling interval of many relaxation times is refused before work, not run for hours', () => {
    // lag = 1000 yr with τ = 1 yr: ~7e8 Euler–Maruyama steps per series before the cap (this hung).
    const started = Date.now();
    const run = runCli(['preset', 'tipping', '--set', 'lag=1000yr']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/simulated indicators would take .* steps.*relaxation times/);
    expect(run.stderr).toMatch(/hint: sample more often/);
    expect(Date.now() - started).toBeLessThan(30_000);
    // A lag of a few relaxation times still runs.
    expect(runCli(['preset', 'tipping', '--set', 'lag=2yr']).status).toBe(0);
  });

  it('the exit code follows the report’s retcode: an unconverged exact rate exits 3', () => {
    // Δ = 1e5: the MFPT quadrature cannot reach its 1e-10 tolerance (rounding of U/D ~ 1e5 alone
    // costs ~2e-10), so the exact route says not_converged; before, this was a misuse error.
    const run = runCli(['preset', 'memory-bit', '--set', 'Delta=1e5', '--json']);
    expect(run.status).toBe(3);
    const report = JSON.parse(run.stdout) as { retcode: string; warnings: string[] };
    expect(Object.keys(report).slice(0, 2)).toEqual(['retcode', 'warnings']);
    expect(report.retcode).toBe('not_converged');
    expect(report.warnings.join(' ')).toMatch(/not converged/);
    const text = runCli(['preset', 'memory-bit', '--set', 'Delta=1e5']);
    expect(text.status).toBe(3);
    expect(text.stdout).toContain('retcode: not_converged');
    expect(runCli(['preset', 'memory-bit']).status).toBe(0);
  });

  it('numbers past double range print from their logs; a missing one as —, never NaN/Infinity', () => {
    // Text: the collapse time e^{4714}·τ in years, and the driver table's columns likewise.
    const tipping = runCli(['preset', 'tipping', '--set', 'D=1e-4']);
    expect(tipping.status).toBe(0);
    expect(tipping.stdout + tipping.stderr).not.toMatch(/NaN|Infinity| {2}∞/);
    expect(tipping.stdout).toMatch(/mean time to collapse \(exact\)\s+\d\.\d+e\+2047 yr/);
    // JSON: the unconverged exact rate is null with its outcome, the Kramers one a log; exit 3.
    const neuron = runCli(['preset', 'neuron', '--set', 'sigma=0.01mV', '--json']);
    expect(neuron.status).toBe(3);
    expect(neuron.stdout).not.toMatch(/NaN|Infinity/);
    const report = JSON.parse(neuron.stdout) as {
      retcode: string;
      results: { name: string; value: number | null; log10Value?: number; text: string }[];
    };
    expect(report.retcode).toBe('not_converged');
    const byName = new Map(report.results.map((r) => [r.name, r]));
    expect(byName.get('rate')).toMatchObject({ value: null, text: '—' });
    expect(byName.get('rateKramers')!.value).toBeNull();
    expect(byName.get('rateKramers')!.log10Value).toBeLessThan(-57000);
    expect(byName.get('rateKramers')!.text).toMatch(/e-5743\d Hz$/);
  });

  it.each([
    [
      'a temperature in kJ/mol names both units',
      ['preset', 'reaction', '--set', 'T=5kJ/mol'],
      /T = 5kJ\/mol.*kJ\/mol.*\(K\)/,
    ],
    [
      'a bare number where a unit is needed',
      ['preset', 'reaction', '--set', 'T=300'],
      /pure number.*\(K\)/,
    ],
    ['an unknown unit', ['preset', 'reaction', '--set', 'eta=3furlong'], /unknown unit 'furlong'/],
    ['an unknown parameter', ['preset', 'reaction', '--set', 'X=1'], /no parameter 'X'.*dG/],
    ['an unknown preset', ['preset', 'nope'], /no preset named 'nope'/],
    ['a malformed --set', ['preset', 'reaction', '--set', 'T'], /name=value/],
    ['a bias above I_c', ['preset', 'josephson', '--set', 'I=20uA'], /\[0, I_c\)/],
    ['a driver past the fold', ['preset', 'tipping', '--set', 'c=1.2'], /fold/],
  ])('%s: exit 2 with a message', (_name, args, message) => {
    const run = runCli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
