import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestMtime(path) : stat.mtimeMs);
  }
  return newest;
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * CLI tests spawn dist/cli.js and the browser tests load dist/lab: rebuild each first when its
 * sources are newer than the build.
 */
export default function setup(): void {
  let built = 0;
  try {
    built = statSync(join(root, 'dist', 'cli.js')).mtimeMs;
  } catch {
    built = 0;
  }
  if (built < newestMtime(join(root, 'src'))) {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  }
  const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'web')));
  if (mtime(join(root, 'dist', 'lab', 'index.html')) < sources) {
    execFileSync('npm', ['run', '--silent', 'build:lab'], { cwd: root, stdio: 'inherit' });
  }
}
