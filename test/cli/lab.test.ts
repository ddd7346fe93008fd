import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { serveLab } from '../../src/node/index.js';
import { runCli } from './run.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

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
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
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
