// The layer rule (CONTRIBUTING.md, "Floors") as a lint rule: imports point down only, each module
// is entered through its index, no file-level import loops, and the core imports nothing
// Node-specific.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';

/** The numerical floors (L0–L4): kernels and formulas that know nothing of problems or reports. */
const NUMERICS = [
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

/**
 * Which modules each module may import (its own files are always allowed). Above the numerics:
 * problem/ (a problem is prepared once) ← routes/ (one rate each, one result shape) ← studies/
 * (built from routes) ← scenarios/ (named physical problems) ← the door (index.ts) ← cli/.
 */
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
  // problem/ prepares N-D problems too: their landscape (saddles, connectivity) is multid's.
  problem: ['core', 'expr', 'landscape', 'multid'],
  routes: [
    'core',
    'expr',
    'exact1d',
    'spectral',
    'simulation',
    'landscape',
    'rates',
    'drive',
    // The N-D routes (Langer, harmonic TST, the exact 2-D MFPT) stand on multid's numerics.
    'multid',
    'problem',
  ],
  studies: [...NUMERICS, 'problem', 'routes'],
  scenarios: [...NUMERICS, 'problem', 'routes', 'studies'],
  // Sweeps: a spec, its points and their content keys; plain data, no knowledge of the commands.
  sweep: ['core'],
  // Adapters that run simulation jobs (and Klein–Kramers levels) in worker threads (Node) or Web
  // Workers (browser, no node:).
  node: ['core', 'simulation', 'spectral'],
  browser: ['core', 'simulation'],
  facade: [...NUMERICS, 'problem', 'routes', 'studies', 'scenarios', 'sweep', 'node', 'browser'],
  // The CLI enters the library through its two public entries: 'kramers' and 'kramers/node'.
  cli: ['facade', 'node'],
};
/** Modules that may use Node's built-in modules (everything else runs in browsers too). */
const NODE_ALLOWED = new Set(['node', 'cli']);
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The files that may sit at the top of src/: the door and the CLI's entry. */
const TOP_LEVEL = new Set(['index.ts', 'cli.ts']);

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

/** Relative imports of a file, resolved to paths under srcDir (comments stripped). */
function importsOf(file, srcDir) {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
  const out = [];
  for (const pattern of SPECIFIERS) {
    for (const match of text.matchAll(pattern)) {
      if (!match[1].startsWith('.')) continue;
      out.push(relative(srcDir, join(file, '..', match[1])).replace(/\.js$/, '.ts'));
    }
  }
  return out;
}

/**
 * Import loops between files (a loop inside one module is still a loop: it makes the order of
 * module evaluation matter). Depth-first search; each loop is reported once, as a path.
 */
export function findCycles(srcDir) {
  const graph = new Map();
  for (const file of listFiles(srcDir)) {
    graph.set(relative(srcDir, file), importsOf(file, srcDir));
  }
  const state = new Map();
  const cycles = [];
  const visit = (node, path) => {
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') {
        cycles.push([...path.slice(path.indexOf(next)), next].join(' → '));
      } else if (!state.has(next)) visit(next, [...path, next]);
    }
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node, [node]);
  return cycles;
}

/** Returns a list of violations (strings) for the tree rooted at `srcDir`. */
export function checkLayers(srcDir) {
  const violations = findCycles(srcDir).map((c) => `import loop: ${c}`);
  for (const file of listFiles(srcDir)) {
    const rel = relative(srcDir, file);
    if (!rel.includes(sep) && !TOP_LEVEL.has(rel)) {
      violations.push(
        `${rel}: only index.ts (the door) and cli.ts sit at the top of src/; put it in a floor (a module folder)`,
      );
      continue;
    }
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
 * The Lab talks to the library as any user would (CONTRIBUTING.md, Floors): through the package
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
