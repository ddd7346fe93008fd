import { describe, expect, it } from 'vitest';
import { methodCatalogue, methodInfo } from '../../src/index.js';
import { runCli } from './run.js';

interface Listed {
  key: string;
  label: string;
  definition: string;
  regime: string;
  reference: string;
  dynamics: string;
}

describe('kramers methods', () => {
  it('--json lists the catalogue: key, label, definition, regime, reference, dynamics', () => {
    const run = runCli(['methods', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const { methods } = JSON.parse(run.stdout) as { methods: Listed[] };
    expect(methods.map((m) => m.key)).toEqual(methodCatalogue().map((m) => m.key));
    for (const m of methods) {
      for (const field of ['label', 'definition', 'regime', 'reference', 'dynamics'] as const) {
        expect(m[field], `${m.key}.${field}`).toBe(methodInfo(m.key)![field]);
      }
    }
  });

  it('covers every key that rate --json and turnover --json report', () => {
    const listed = new Set(
      (JSON.parse(runCli(['methods', '--json']).stdout) as { methods: Listed[] }).methods.map(
        (m) => m.key,
      ),
    );
    const keys: string[] = [];
    for (const args of [
      ['rate', '--json', '--D', '0.1'],
      ['rate', '--json', '--D', '0.1', '--dynamics', 'underdamped'],
      ['rate', '--json', '--D', '0.1', '--simulate', '--walkers', '100', '--workers', '1'],
    ]) {
      const run = runCli(args);
      expect(run.status, run.stderr).toBe(0);
      keys.push(...Object.keys(JSON.parse(run.stdout).methods));
    }
    const sweep = runCli([
      'turnover',
      '--json',
      '--D',
      '0.1',
      '--points',
      '1',
      '--gamma-min',
      '1',
      '--gamma-max',
      '1',
      '--exact',
      '--simulate',
      '--walkers',
      '200',
      '--well-to-well',
      '--workers',
      '1',
    ]);
    expect(sweep.status, sweep.stderr).toBe(0);
    keys.push(...Object.keys(JSON.parse(sweep.stdout).rows[0].rates));
    expect(keys).toEqual(expect.arrayContaining(['kleinKramers', 'relaxation', 'simulation']));
    for (const key of keys) expect(listed.has(key), key).toBe(true);
  }, 60_000);

  it('the tables read their labels from the catalogue', () => {
    const listing = runCli(['methods', '--dynamics', 'underdamped']).stdout;
    expect(listing).toContain(methodInfo('melnikovMeshkov')!.label);
    expect(listing).not.toMatch(/^\s+spectral\s/m);
    const rate = runCli(['rate', '--D', '0.1']).stdout;
    for (const key of ['kramers', 'corrected', 'exact', 'spectral']) {
      expect(rate).toContain(`${methodInfo(key)!.label} [${key}]`);
    }
    const sweep = runCli(['turnover', '--points', '3']).stdout;
    expect(sweep).toContain(methodInfo('melnikovMeshkov')!.short);
    expect(sweep).toContain(methodInfo('melnikovMeshkov')!.definition);
  });
});

describe('exit codes follow the report retcode', () => {
  it('an unconverged exact column exits 3 because its retcode says so', () => {
    // 1e-12 is below what the Klein–Kramers ladder reaches (its Richardson remainder is ~1e-8):
    // the route says not_converged, the report says so, and the exit code follows.
    const run = runCli([
      'turnover',
      '--gamma-min',
      '1',
      '--gamma-max',
      '1',
      '--points',
      '1',
      '--exact',
      '--tolerance',
      '1e-12',
      '--json',
    ]);
    expect(run.status).toBe(3);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report).slice(0, 2)).toEqual(['retcode', 'warnings']);
    expect(report.retcode).toBe('not_converged');
    expect(report.rows[0].retcodes.kleinKramers).toBe('not_converged');
  });

  it('every --json report opens with retcode and warnings', () => {
    for (const args of [
      ['analyze', '--json'],
      ['rate', '--json'],
      ['spectrum', '--json'],
      ['turnover', '--json', '--points', '2'],
      // 5 levels: 3 leave no two on either side of the largest η (a maximum with no ±, exit 3).
      ['resonance', '--json', '--amplitude', '0.01', '--omega', '0.05', '--points', '5'],
      ['pull', '--json', '--model', 'bell', '--dG', '8', '--xb', '1', '--k0', '1', '--rates', '1'],
      ['simulate', '--json', '--D', '0.25', '--walkers', '50', '--workers', '1'],
      ['ratio', '--json', '--deltaU', '20', '--D0', '1', '--D1', '2'],
      ['preset', 'reaction', '--json'],
    ]) {
      const run = runCli(args);
      expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      expect(Object.keys(JSON.parse(run.stdout)).slice(0, 2), args[0]).toEqual([
        'retcode',
        'warnings',
      ]);
    }
  }, 60_000);
});
