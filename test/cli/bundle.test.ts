import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A copy of dist/ (the Lab left out) and package.json in a folder of the repository, so that Node
 * finds the packages in its node_modules and cli/version.js its ../../package.json: the bundle and the
 * launcher are tested on the copy, and the dist/ every other test spawns is never touched.
 */
function copyOfDist() {
  const top = mkdtempSync(join(root, 'tmp-bundle-'));
  const dir = join(top, 'dist');
  // The times kept: the launcher compares the bundle's with its entry's.
  cpSync(join(root, 'dist'), dir, {
    recursive: true,
    preserveTimestamps: true,
    filter: (path) => !path.startsWith(join(root, 'dist', 'lab')),
  });
  cpSync(join(root, 'package.json'), join(top, 'package.json'));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(dir, 'cli.js'), ...args], {
      encoding: 'utf8' as const,
      timeout: 90_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
  return { dir, run };
}

describe('dist/cli.js: the CLI from its bundle (scripts/bundle-cli.mjs)', () => {
  it('runs from the bundle, which needs none of the modules it was made of', () => {
    const { dir, run } = copyOfDist();
    try {
      // Without the bundle's sources the modules' route cannot start: only the bundle can answer.
      rmSync(join(dir, 'cli', 'main.js'));
      const version = run('--version');
      expect(version.stderr).toBe('');
      expect(version.status).toBe(0);
      expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
      // A command that loads a lazy chunk and the walkers' worker files from the bundle's place:
      // the chunk imports from the bundle's entry, which deadlocked (exit 13) while the entry
      // awaited at the top level.
      const sim = run('simulate', 'x^4/4 - x^2/2', '--D', '0.2', '--walkers', '20', '--json');
      expect(sim.status).toBe(0);
      expect(JSON.parse(sim.stdout).retcode).toBe('success');
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });

  it('a bundle older than its entry (tsc run alone) is not used: the modules run', () => {
    const { dir, run } = copyOfDist();
    try {
      const bundle = join(dir, 'cli', 'bundle.js');
      writeFileSync(bundle, "throw new Error('the stale bundle ran');\n");
      const old = new Date(Date.now() - 3600_000);
      utimesSync(bundle, old, old);
      const version = run('--version');
      expect(version.stderr).toBe('');
      expect(version.status).toBe(0);
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });
});
