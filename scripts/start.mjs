// `npm start`: build the library and the Lab if they are missing or older than their sources,
// then serve the Lab on 127.0.0.1 and print its URL (the README's main job).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const starter = startedBy();

function newest(path) {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function builtAt(path) {
  return statSync(join(root, path), { throwIfNoEntry: false })?.mtimeMs ?? 0;
}

const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'web')));
if (builtAt('dist/cli.js') < newest(join(root, 'src'))) {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
if (builtAt('dist/lab/index.html') < sources) {
  execFileSync('npm', ['run', '--silent', 'build:lab'], { cwd: root, stdio: 'inherit' });
}
const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : Number(process.env.PORT ?? 5177);
const { serveLab } = await import('../dist/node/index.js');
const server = await serveLab({ port });
console.log(`kramers Lab: ${server.url}\n(serving on loopback only; Ctrl-C to stop)`);
const stop = () => server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
stopWithParent(starter, stop);

/** The parent of process `pid`, or null where it cannot be read. */
function parentOf(pid) {
  try {
    // Linux: field 4 of /proc/<pid>/stat, after the command name in parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    try {
      return Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }));
    } catch {
      return null;
    }
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * The processes that started this one: its parent and, when npm started it, npm too (the shell's
 * parent). Read when the script starts, before the URL is printed: read after it, a caller that
 * kills npm as soon as it sees the URL could leave this process already orphaned (parent 1), and it
 * would then watch init and never stop (seen under load in test/cli/lab.test.ts).
 */
function startedBy() {
  const parent = process.ppid;
  const watched = [parent];
  if (process.env.npm_lifecycle_event) {
    const npm = parentOf(parent);
    if (npm && npm > 1) watched.push(npm);
  }
  return { parent, watched };
}

/**
 * Stops the server when the process that started it is gone. Under `npm start` the chain is
 * npm → sh -c → node: killing npm (even with SIGTERM, which it passes only to the shell) left
 * this server orphaned and holding its port. So the server watches its parent and npm
 * (`startedBy`), twice a second.
 */
function stopWithParent({ parent, watched }, onGone) {
  const timer = setInterval(() => {
    if (process.ppid !== parent || !watched.every(alive)) {
      clearInterval(timer);
      console.log('kramers Lab: the process that started it is gone; stopping');
      onGone();
    }
  }, 500);
  timer.unref();
}
