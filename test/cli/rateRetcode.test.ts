import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

describe('kramers rate: the exit code follows the retcode of the answers asked for', () => {
  it('exit 3 and retcode not_applicable when no method asked for applies', () => {
    // D = 3: 1 − D(c_a + c_s) = 1 − 3·3/2 < 0, so the finite-barrier correction does not apply.
    const json = runCli(['rate', '--D', '3', '--method', 'corrected', '--json']);
    expect(json.status).toBe(3);
    expect((JSON.parse(json.stdout) as { retcode: string }).retcode).toBe('not_applicable');
    // A quartic barrier top: no Kramers prefactor; the table still prints, and says why.
    const flat = runCli(['rate', 'x^6-x^4', '--D', '0.02', '--method', 'kramers']);
    expect(flat.status).toBe(3);
    expect(flat.stdout).toMatch(/not applicable/);
  });

  it('exit 0 when one of the methods asked for gives an answer', () => {
    // D = 0.3: the corrected formula is past its anharmonicity limit, the leading order is not.
    expect(runCli(['rate', '--D', '0.3', '--method', 'corrected,kramers']).status).toBe(0);
  });
});
