// The layer rule of ../shared/architecture.md as a lint rule: imports point down only, each
// module is entered through its index, and the core imports nothing Node-specific.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';

/** Every module below the facade (L0–L4). */
const BELOW_FACADE = [
  'core',
  'expr',
  'exact1d',
  'spectral',
  'simulation',
  'landscape',
  'units',
  'rates',
  'drive',
  'multid',
];

/** Which modules each module may import (its own files are always allowed). */
export const ALLOWED = {
  core: [],
  expr: ['core'],
  exact1d: ['core'],
  spectral: ['core'],
  simulation: ['core'],
  landscape: ['core', 'exact1d'],
  units: ['core', 'expr'],
  rates: ['core', 'landscape'],
  drive: ['core', 'landscape', 'rates', 'exact1d'],
  multid: ['core', 'exact1d', 'spectral', 'landscape', 'rates'],
  node: BELOW_FACADE,
  // Browser-only adapters (Web Workers): below the facade like node/, but no node: imports.
  browser: BELOW_FACADE,
  facade: BELOW_FACADE,
  // The CLI enters the library through its two public entries: 'kramers' and 'kramers/node'.
  cli: ['facade', 'node'],
};
/** Modules that may use Node's built-in modules (everything else runs in browsers too). */
const NODE_ALLOWED = new Set(['node', 'cli']);
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The module a file under src/ belongs to. */
export function moduleOf(relPath) {
  const parts = relPath.split(/[\\/]/);
  if (parts.length === 1) return parts[0] === 'cli.ts' ? 'cli' : 'facade';
  return parts[0];
}

function listFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else if (/\.(ts|mts|js|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

const SPECIFIERS = [
  /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Returns a list of violations (strings) for the tree rooted at `srcDir`. */
export function checkLayers(srcDir) {
  const violations = [];
  for (const file of listFiles(srcDir)) {
    const rel = relative(srcDir, file);
    const from = moduleOf(rel);
    if (!(from in ALLOWED)) {
      violations.push(`${rel}: module '${from}' is not in the layer table (scripts/layers.mjs)`);
      continue;
    }
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
    for (const pattern of SPECIFIERS) {
      for (const match of text.matchAll(pattern)) {
        const spec = match[1];
        if (BUILTINS.has(spec)) {
          if (!NODE_ALLOWED.has(from)) {
            violations.push(
              `${rel}: imports '${spec}', but ${from}/ must run in browsers too (Node-only code lives in src/node/)`,
            );
          }
          continue;
        }
        if (!spec.startsWith('.')) continue; // a package: checked by the lockfile, not here
        const target = relative(srcDir, join(file, '..', spec));
        if (target.startsWith('..')) {
          violations.push(`${rel}: imports '${spec}' from outside src/`);
          continue;
        }
        const to = moduleOf(target);
        if (to === from) continue;
        if (!ALLOWED[from].includes(to)) {
          violations.push(
            `${rel}: ${from}/ may not import ${to}/ ('${spec}'); allowed: ${ALLOWED[from].join(', ') || 'nothing'}`,
          );
          continue;
        }
        const door = to === 'facade' ? 'index.js' : `${to}${sep}index.js`;
        if (target !== door && target !== door.replace(/\.js$/, '.ts')) {
          violations.push(
            `${rel}: imports '${spec}': enter ${to}/ through its index (${door.split(sep).join('/')})`,
          );
        }
      }
    }
  }
  return violations;
}

/** What the Lab (web/) may import besides its own files: the package's public entries only. */
export const WEB_ALLOWED = [
  'kramers',
  'kramers/browser',
  'kramers/browser/worker?worker',
  'katex',
  'katex/dist/katex.min.css',
  'uplot',
  'uplot/dist/uPlot.min.css',
];

/**
 * The Lab talks to the library as any user would (architecture.md, L6): through the package
 * entries, never through a path into src/ or dist/. Its build config (vite.config.ts) is exempt.
 */
export function checkWeb(webDir) {
  const violations = [];
  for (const file of listFiles(webDir)) {
    const rel = relative(webDir, file);
    if (rel === 'vite.config.ts') continue;
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
    for (const pattern of SPECIFIERS) {
      for (const match of text.matchAll(pattern)) {
        const spec = match[1];
        if (spec.startsWith('.')) {
          if (relative(webDir, join(file, '..', spec)).startsWith('..')) {
            violations.push(
              `web/${rel}: imports '${spec}' from outside web/: use the package entries`,
            );
          }
          continue;
        }
        if (!WEB_ALLOWED.includes(spec)) {
          violations.push(
            `web/${rel}: imports '${spec}'; the Lab may import only ${WEB_ALLOWED.join(', ')}`,
          );
        }
      }
    }
  }
  return violations;
}
