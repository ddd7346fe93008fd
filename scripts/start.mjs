// `npm start`: build the library and the Lab if they are missing or older than their sources,
// then serve the Lab on 127.0.0.1 and print its URL (the README's main job).
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

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
