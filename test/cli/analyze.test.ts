import { describe, expect, it } from 'vitest';
import { expectClose, readFixture } from '../support/fixtures.js';
import { runCli } from './run.js';

interface Case {
  id: string;
  expression: string;
  parameters: Record<string, number>;
  domain: [number, number] | null;
  D: number;
  gamma: number;
  mass: number;
  wells: { x: number; U: number; d2U: number }[];
  barriers: { x: number; U: number; d2U: number }[];
  transitions: {
    from: number;
    to: number | string;
    barrier: number;
    deltaU: number;
    arrheniusFactor: number;
    tst: number;
    kramers: number;
  }[];
}
const { cases } = readFixture<{ cases: Case[] }>('landscape_rates.json');

describe('kramers analyze (default: the seed double well at D = 0.05)', () => {
  it('prints x_a = ±1, x_s = 0, ΔU = 1/4, U″ = 2 and −1 and the Kramers rate √2/(2π)e^{−1/(4D)}', () => {
    const run = runCli(['analyze']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/U\(x\) = x\^4\/4 - x\^2\/2/);
    const kramers = (Math.SQRT2 / (2 * Math.PI)) * Math.exp(-1 / (4 * 0.05));
    expect(run.stdout).toContain(String(Number(kramers.toPrecision(6))));
    expect(run.stdout).toMatch(/^\s+0\s+-1\s+-0\.25\s+2\s/m);
    expect(run.stdout).toMatch(/^\s+1\s+1\s+-0\.25\s+2\s/m);
    expect(run.stdout).toMatch(/^\s+0\s+0\s+0\s+-1\s/m);
  });

  it('--json keeps the documented keys with the right numbers', () => {
    const run = runCli(['analyze', '--json', '--D', '0.025']);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.wells.map((w: { x: number }) => w.x)).toEqual([-1, 1]);
    expect(report.wells[0].U).toBe(-0.25);
    expect(report.wells[0].d2U).toBe(2);
    expect(report.barriers).toEqual([expect.objectContaining({ x: 0, U: 0, d2U: -1 })]);
    expect(report.transitions).toHaveLength(2);
    const t = report.transitions[0];
    expect(t).toMatchObject({ from: 0, to: 1, barrier: 0, deltaU: 0.25 });
    // test/fixtures/reference_cases.json: seed_double_well_rate at ε = 0.025.
    expectClose(t.rates.kramers, 1.02185743793879e-5, 1e-13, 'Kramers rate at D = 0.025');
    expectClose(t.arrheniusFactor, Math.exp(-10), 1e-14, 'Arrhenius factor');
    expect(typeof t.rates.tst).toBe('number');
    expect(Array.isArray(report.warnings)).toBe(true);
  });

  it.each(cases)('matches mpmath for $id', (c) => {
    const args = [
      'analyze',
      '--expr',
      c.expression,
      '--json',
      '--D',
      String(c.D),
      '--gamma',
      String(c.gamma),
      '--mass',
      String(c.mass),
    ];
    for (const [name, value] of Object.entries(c.parameters))
      args.push('--param', `${name}=${value}`);
    if (c.domain) args.push('--domain', `${c.domain[0]}:${c.domain[1]}`);
    const run = runCli(args);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.transitions).toHaveLength(c.transitions.length);
    c.transitions.forEach((ref, i) => {
      const t = report.transitions[i];
      expect([t.from, t.to, t.barrier]).toEqual([ref.from, ref.to, ref.barrier]);
      // Curvatures and ΔU are good to ~1e-12 (landscape test); the rates amplify a ΔU error δ by
      // δ/D ≤ 1e-10 at these D, so 1e-9 relative is a safe, still sharp tolerance.
      expectClose(t.rates.kramers, ref.kramers, 1e-9, `${c.id} Kramers ${i}`);
      expectClose(t.rates.tst, ref.tst, 1e-9, `${c.id} TST ${i}`);
      expectClose(t.arrheniusFactor, ref.arrheniusFactor, 1e-9, `${c.id} Arrhenius ${i}`);
    });
  });

  it('accepts an expression that starts with a minus sign, positionally or with --expr', () => {
    for (const args of [
      ['analyze', '-cos(x) - 0.5*x', '--domain', '-4:8', '--json'],
      ['analyze', '--domain', '-4:8', '-cos(x) - 0.5*x', '--json'],
      ['analyze', '--expr', '-cos(x) - 0.5*x', '--domain', '-4:8', '--json'],
      ['analyze', '--expr=-cos(x) - 0.5*x', '--domain=-4:8', '--json'],
    ]) {
      const run = runCli(args);
      expect(run.status, `${args.join(' ')}\n${run.stderr}`).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.wells).toHaveLength(2);
      expect(report.potential.expression).toBe('-cos(x) - 0.5*x');
    }
  });

  it('prints the escape to −∞ of a metastable well (x^3/3 − x)', () => {
    const run = runCli(['analyze', 'x^3/3 - x', '--D', '0.1']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\s+0\s+−∞\s+0\s+1\.3333333/m);
  });

  it('reports underflowing rates through their logarithm', () => {
    const run = runCli(['analyze', '--D', '1e-5', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const t = JSON.parse(run.stdout).transitions[0];
    expect(t.rates.kramers).toBe(0);
    expectClose(t.logRates.kramers, Math.log(Math.SQRT2 / (2 * Math.PI)) - 25_000, 1e-14, 'ln k');
    const table = runCli(['analyze', '--D', '1e-5']).stdout;
    // mpmath: √2/(2π)·e^{−25000} = 9.7788447e-10859
    expect(table).toMatch(/9\.77884e-10859/);
  });

  it('prints regime warnings', () => {
    const run = runCli(['analyze', '--D', '0.25']);
    expect(run.stdout).toMatch(/ΔU\/D = 1 < 5: Kramers asymptotics unreliable/);
  });
});

describe('kramers ratio', () => {
  it('noise doubling at ΔU = 20 D0 multiplies the rate by e^10', () => {
    const run = runCli(['ratio', '--deltaU', '20', '--D0', '1', '--D1', '2', '--json']);
    expect(run.status, run.stderr).toBe(0);
    expectClose(JSON.parse(run.stdout).ratio, 22026.4657948067, 1e-14, 'e^10');
    expect(runCli(['ratio', '--deltaU', '20', '--D0', '1', '--D1', '2']).stdout).toContain(
      '22026.46579',
    );
  });
  it('barrier change', () => {
    const run = runCli(['ratio', '--D', '1', '--deltaU0', '10', '--deltaU1', '12', '--json']);
    expectClose(JSON.parse(run.stdout).ratio, Math.exp(-2), 1e-14, 'e^-2');
  });
  it('incomplete arguments are a usage error', () => {
    const run = runCli(['ratio', '--deltaU', '20']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/ratio needs either/);
  });
});
