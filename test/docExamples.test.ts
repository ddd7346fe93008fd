import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as kramers from '../src/index.js';

/**
 * Every TSDoc `@example` of the form `expression; // => number` runs as a test against the public
 * entry (CONTRIBUTING.md, checklist step 5), so a documented number cannot drift from what the
 * code returns.
 */
const srcDir = fileURLToPath(new URL('../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

interface Example {
  where: string;
  code: string;
  expected: number;
}

function examples(): Example[] {
  const found: Example[] = [];
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, 'utf8');
    for (const block of text.matchAll(/@example\n((?:\s*\*(?!\/).*\n)+)/g)) {
      const body = block[1]!.replace(/^\s*\* ?/gm, '');
      for (const m of body.matchAll(/([^;]+);\s*\/\/ => ([-+]?[\d.]+(?:e[-+]?\d+)?)/g)) {
        found.push({ where: relative(srcDir, file), code: m[1]!.trim(), expected: Number(m[2]) });
      }
    }
  }
  return found;
}

const all = examples();

describe('TSDoc examples', () => {
  it('finds the documented examples', () => {
    expect(all.length).toBeGreaterThanOrEqual(5);
  });
  it.each(all)('$where: $code', ({ code, expected }) => {
    // Our own source text, evaluated with the public exports in scope (never user input).
    const names = Object.keys(kramers);
    const run = new Function(...names, `return (${code});`);
    const actual = run(...names.map((n) => (kramers as Record<string, unknown>)[n])) as number;
    // Documented values carry 16–17 significant digits of the same double-precision formula.
    expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-14 * Math.abs(expected));
  });
});
