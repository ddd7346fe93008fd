import { KramersError } from '../core/index.js';
import type { RuptureObservation } from '../drive/index.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Rupture forces from CSV text: one `loading_rate,force` pair per line; a header line, blank
 * lines and `#` comments are allowed. A malformed line is an error naming its line and column.
 */
export function parseRuptureForcesCsv(text: string, name = 'data'): RuptureObservation[] {
  const out: RuptureObservation[] = [];
  const lines = text.split(/\r?\n/);
  let sawData = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const cells = line.split(/\s*[,;\t]\s*/);
    const where = `${name} line ${i + 1}`;
    if (!sawData && !cells.some((c) => NUMBER.test(c))) {
      sawData = true; // a header
      continue;
    }
    sawData = true;
    if (cells.length !== 2) {
      throw new KramersError(
        'invalid_parameter',
        `${where}: expected 2 columns (loading_rate,force), found ${cells.length}: '${lines[i]!.trim()}'`,
        {
          issues: [
            { path: `${name}:${i + 1}`, message: `expected 2 columns, found ${cells.length}` },
          ],
        },
      );
    }
    const values = cells.map((c, j) => {
      const column = j === 0 ? 'loading_rate' : 'force';
      if (!NUMBER.test(c)) {
        throw new KramersError(
          'invalid_parameter',
          `${where}, column ${j + 1} (${column}): '${c}' is not a number`,
          { issues: [{ path: `${name}:${i + 1}:${j + 1}`, message: `not a number: '${c}'` }] },
        );
      }
      const v = Number(c);
      if (!(v > 0)) {
        throw new KramersError(
          'invalid_parameter',
          `${where}, column ${j + 1} (${column}): ${c} must be > 0`,
          { issues: [{ path: `${name}:${i + 1}:${j + 1}`, message: 'must be > 0' }] },
        );
      }
      return v;
    });
    out.push({ loadingRate: values[0]!, force: values[1]! });
  }
  if (out.length === 0) {
    throw new KramersError(
      'invalid_parameter',
      `${name}: no data lines (expected loading_rate,force)`,
      {
        issues: [{ path: name, message: 'empty' }],
      },
    );
  }
  return out;
}
