import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real redis-server for a test (never a mock of Redis or BullMQ): Debian's package, started on
 * a free loopback port with no persistence, stopped by `stop()`. `.ci/run` installs it.
 */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGKILL: as when a machine goes away) and waits for its exit. */
  stop(): Promise<void>;
}

const MISSING =
  'redis-server is not installed: these tests run a real Redis. Install it with ' +
  '`apt-get install -y redis-server` (Debian; .ci/run does this on CI).';

/** Whether redis-server can be run here. */
export function hasRedisServer(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return !probe.error && probe.status === 0;
}

/**
 * True when the Redis tests must be skipped: only where redis-server is genuinely absent, and
 * never on CI (`.ci/run` sets KRAMERS_REQUIRE_REDIS, as does `CI`), where its absence is a
 * broken set-up, not a reason to skip.
 */
export function skipWithoutRedis(): boolean {
  if (hasRedisServer()) return false;
  if (process.env['KRAMERS_REQUIRE_REDIS'] || process.env['CI']) throw new Error(MISSING);
  console.warn(`skipping the Redis tests: ${MISSING}`);
  return true;
}

/** Fails with a clear message when redis-server is not installed. */
export function requireRedisServer(): void {
  if (!hasRedisServer()) throw new Error(MISSING);
}

/** A TCP port on 127.0.0.1 that is free now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server answers PING (bounded: 10 s). */
async function waitForPing(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.setTimeout(500);
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
      socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server on port ${port} did not answer within 10 s`);
}

/**
 * Starts redis-server on `port` (default: a free one), loopback only, in its own temporary
 * directory (removed by `stop()`), nothing saved to disk.
 */
export async function startRedis(port?: number): Promise<RedisServer> {
  requireRedisServer();
  const chosen = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'kramers-redis-'));
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(chosen),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPing(chosen);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    port: chosen,
    url: `redis://127.0.0.1:${chosen}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
