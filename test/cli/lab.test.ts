import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { serveLab } from '../../src/node/index.js';
import { runCli } from './run.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** GET with the path sent as is (fetch would normalise `..` away). */
function get(url: string, path: string): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const children: ChildProcess[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'kramers-lab-'));
const groups: number[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
  for (const group of groups) {
    try {
      process.kill(-group, 'SIGTERM');
    } catch {
      // The group is gone: nothing was left running.
    }
  }
  rmSync(scratch, { recursive: true, force: true });
});

describe('kramers lab', () => {
  it('serves the built Lab on 127.0.0.1 at the printed URL until stopped', async () => {
    const child = spawn(process.execPath, [CLI, 'lab', '--port', '0'], { stdio: 'pipe' });
    children.push(child);
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c) => {
        out += String(c);
        const m = /kramers Lab: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const index = await get(url, '/');
    expect(index.status).toBe(200);
    expect(index.type).toMatch(/text\/html/);
    expect(index.body).toContain('kramers Lab');
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });

  it('refuses a port out of range with exit code 2', () => {
    const run = runCli(['lab', '--port', '70000']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/port must be a whole number from 0 to 65535/);
  });
});

/** The URL a starting server prints on its standard output. */
function printedUrl(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c) => {
      out += String(c);
      const m = /kramers Lab: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

/** Whether any process of the group (npm's, with the shell and the server it started) is alive. */
function groupState(group: number): string {
  try {
    process.kill(-group, 0);
    return `npm's process group ${group} still has a live process (the server did not stop)`;
  } catch {
    return `npm's process group ${group} is gone (another process listens on the port)`;
  }
}

/** Whether something accepts TCP connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start', () => {
  // npm runs the script as npm → sh -c → node: killing npm used to leave node serving (issue 14).
  it.each(['SIGTERM', 'SIGKILL'] as const)(
    'stops the Lab server when npm itself is killed (%s)',
    async (signal) => {
      // Its own process group: should the server outlive npm, afterAll still ends it.
      const npm = spawn('npm', ['start', '--silent', '--', '--port', '0'], {
        cwd: ROOT,
        stdio: 'pipe',
        detached: true,
      });
      groups.push(npm.pid!);
      const url = await printedUrl(npm);
      const port = Number(new URL(url).port);
      expect(await listening(port)).toBe(true);
      const exited = new Promise((resolve) => npm.on('exit', resolve));
      npm.kill(signal);
      await exited;
      // The server polls twice a second, so its port is free within a second or two on an idle
      // machine; the 30 s allowed here only guards against a server that never stops, and leaves
      // room for a loaded machine (this failed once at 5 s while another test file ran beside it).
      const deadline = Date.now() + 30_000;
      while ((await listening(port)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Should it fail, say whose port it is: a live process left in npm's group is our server
      // (it did not stop); an empty group means another process took the port after it stopped.
      const held = await listening(port);
      expect(held, held ? `port ${port} still listens; ${groupState(npm.pid!)}` : '').toBe(false);
    },
  );
});

describe('serveLab', () => {
  it('serves files under its folder only, loopback only, 404 for the rest', async () => {
    writeFileSync(join(scratch, 'index.html'), '<title>lab</title>');
    writeFileSync(join(scratch, 'a.js'), 'export {}');
    const server = await serveLab({ port: 0, root: scratch });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect((await get(server.url, '/a.js')).type).toMatch(/text\/javascript/);
      for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/missing.js']) {
        expect((await get(server.url, path)).status, path).toBe(404);
      }
    } finally {
      await server.close();
    }
  });

  it('says how to build the Lab when it is missing', async () => {
    await expect(serveLab({ port: 0, root: join(scratch, 'nothing') })).rejects.toMatchObject({
      message: expect.stringMatching(/the Lab is not built/),
      hint: expect.stringMatching(/npm run build:lab/),
    });
  });
});
