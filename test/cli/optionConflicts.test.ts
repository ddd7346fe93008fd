import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

/** A refusal before any work: exit 2 and the message on standard error. */
function refused(args: readonly string[], message: RegExp): void {
  const run = runCli(args);
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stdout).toBe('');
}

describe('options that do not apply, or contradict each other, are refused (exit 2)', () => {
  it.each([
    [['--method', 'ams', '--walkers', '50'], /--walkers is an option of --method direct/],
    [['--method', 'ams', '--tmax', '4'], /--tmax is an option of --method direct/],
    [['--ams', '--extrapolate'], /--extrapolate is an option of --method direct/],
    [['--method', 'ams', '--trajectories', '3'], /--trajectories is an option of --method tr/],
    [['--method', 'ams', '--checkpoint', 'ck.json'], /--checkpoint is an option of --method di/],
    [['--replicas', '20'], /--replicas is an option of --method ams; --method direct/],
    [['--runs', '3'], /--runs is an option of --method ams/],
    [['--method', 'transitions', '--walkers', '5'], /--walkers is an option of --method direct/],
  ])('simulate %j', (extra, message) => refused(['simulate', ...extra], message));

  // The same refusals in several coordinates and with --drift: those branches returned before the
  // check and ran with the option dropped (audit N, item 2). Each is refused before any walker.
  const nd = ['simulate', 'x^4/4-x^2/2+y^2', '--domain=-2:2,-2:2'];
  it.each([
    [['--ams', '--tmax', '5'], /--tmax is an option of --method direct; --method ams does not/],
    [['--ams', '--walkers', '7'], /--walkers is an option of --method direct; --method ams/],
    [['--ams', '--trajectories', '3'], /--trajectories is .* transitions; transition counting/],
    [['--ams', '--core-width', '0.1'], /--core-width is an option of --method transitions; tr/],
    [['--replicas', '3'], /--replicas is an option of --method ams; --method direct does not/],
    [['--runs', '3'], /--runs is an option of --method ams; --method direct does not read it/],
    [['--duration', '100'], /--duration is .* transitions; transition counting covers one/],
    [['--burn-in', '1'], /--burn-in is an option of --method transitions; transition counting/],
  ])('simulate in two coordinates %j', (extra, message) => refused([...nd, ...extra], message));

  const drift = [
    'simulate',
    '--drift',
    'x - x^3, -y',
    '--domain=-2:2,-2:2',
    '--from-x=-1,0',
    '--to-region',
    'x >= 1',
  ];
  it.each([
    [['--trajectories', '3'], /--trajectories is .* transitions; --drift runs walkers \(--method/],
    [['--runs', '3'], /--runs is an option of --method ams; --drift runs walkers/],
    [['--replicas', '3'], /--replicas is an option of --method ams; --drift runs walkers/],
    [['--core-width', '0.1'], /--core-width is an option of --method transitions; --drift/],
  ])('simulate --drift %j', (extra, message) => refused([...drift, ...extra], message));

  it('in two coordinates, AMS with its own options still runs', () => {
    const run = runCli([...nd, '--ams', '--replicas', '20', '--runs', '2', '--D', '0.3', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.replicas).toBe(20);
  });

  it("a method's own options and the defaults of the others still run", () => {
    const run = runCli(['simulate', '--method', 'ams', '--replicas', '50', '--runs', '2']);
    expect(run.status, run.stderr).toBe(0);
    const direct = runCli(['simulate', '--D', '0.25', '--walkers', '32', '--tmax', '100']);
    expect(direct.status, direct.stderr).toBe(0);
  });

  it.each(['0', '-1', '2', '1e-3'])(
    'rate --tolerance %s in x alone (several coordinates only)',
    (t) =>
      refused(['rate', '--tolerance', t], /--tolerance is for a potential in several coordinates/),
  );

  it.each(['0', '-1', '1', '2'])('a tolerance outside (0, 1) is refused: %s', (t) => {
    const nd = ['rate', 'x^4/4-x^2/2+y^2', '--domain=-2:2,-2:2', '--tolerance', t];
    refused(nd, /--tolerance must be a relative tolerance in \(0, 1\)/);
    refused(['turnover', '--exact', '--tolerance', t], /relative tolerance in \(0, 1\)/);
  });

  it('ratio: one form at a time, and a barrier is ≥ 0', () => {
    refused(
      ['ratio', '--deltaU', '20', '--D0', '1', '--D1', '2', '--deltaU0', '3', '--deltaU1', '4'],
      /ratio takes one form: .*--deltaU0, --deltaU1 \(barrier change\) were both given/,
    );
    refused(['ratio', '--deltaU', '-5', '--D0', '1', '--D1', '2'], /--deltaU is a barrier height/);
    refused(['ratio', '--D', '1', '--deltaU0', '-3', '--deltaU1', '4'], /--deltaU0 .* ≥ 0/);
    // ΔU = 0 is a flat barrier, not an error: the ratio is exp(0) = 1.
    const flat = runCli(['ratio', '--deltaU', '0', '--D0', '1', '--D1', '2', '--json']);
    expect(flat.status).toBe(0);
    expect(JSON.parse(flat.stdout).ratio).toBe(1);
  });
});
