// A throwaway redis-server on loopback for the sweep benchmarks (bench/sweep.mjs,
// bench/sweepStart.mjs): a free port, no persistence, its files in `dir`, stopped after `work`.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 at the time of asking. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs `work(url)` against a fresh redis-server, then stops the server (and waits for it). */
export async function withRedis(dir, work) {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
  const redis = spawn('redis-server', [...args, '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  await new Promise((r) => setTimeout(r, 500));
  try {
    return await work(`redis://127.0.0.1:${port}`);
  } finally {
    redis.kill('SIGTERM');
    await new Promise((r) => redis.once('close', r));
  }
}
