import { describe, expect, it } from 'vitest';
import { parseRuptureForcesCsv } from '../../src/index.js';

describe('parseRuptureForcesCsv', () => {
  it('reads pairs with a header, comments, blank lines, CRLF, tabs and semicolons', () => {
    const text =
      'loading_rate,force\r\n# pulled on Monday\r\n1,2.5\r\n\r\n10\t3.25\n1e2; 4 # fast\n';
    expect(parseRuptureForcesCsv(text)).toEqual([
      { loadingRate: 1, force: 2.5 },
      { loadingRate: 10, force: 3.25 },
      { loadingRate: 100, force: 4 },
    ]);
  });
  it('names the file, line and column of a bad entry', () => {
    expect(() => parseRuptureForcesCsv('r,F\n1,2\n3,x\n', 'runs.csv')).toThrow(
      /runs\.csv line 3, column 2 \(force\): 'x' is not a number/,
    );
    expect(() => parseRuptureForcesCsv('1,2\n-3,4\n', 'runs.csv')).toThrow(
      /line 2, column 1 \(loading_rate\): -3 must be > 0/,
    );
    expect(() => parseRuptureForcesCsv('1,2,3\n')).toThrow(/line 1: expected 2 columns/);
    expect(() => parseRuptureForcesCsv('r,F\n# nothing\n')).toThrow(/no data lines/);
    // a header only counts before the first data line: a word later is an error, not a header
    expect(() => parseRuptureForcesCsv('1,2\nrate,force\n')).toThrow(/line 2, column 1/);
  });
});
