import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KramersError } from '../core/index.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

/** The built Lab (dist/lab), next to this file's dist/node/. */
export const LAB_DIRECTORY = fileURLToPath(new URL('../lab/', import.meta.url));

export interface LabServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface LabServerOptions {
  /** TCP port; 0 picks a free one. Default 5177. */
  readonly port?: number;
  /** Folder holding the built Lab; default {@link LAB_DIRECTORY}. */
  readonly root?: string;
}

/**
 * Serves the built Lab as static files on 127.0.0.1 only (loopback: nothing is reachable from
 * other machines). No framework: GET/HEAD of files under `root`, `/` is index.html, anything
 * outside the folder is 404.
 */
export async function serveLab(options: LabServerOptions = {}): Promise<LabServer> {
  const root = options.root ?? LAB_DIRECTORY;
  const port = options.port ?? 5177;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new KramersError(
      'invalid_parameter',
      `port must be a whole number from 0 to 65535; got ${port}`,
      {
        issues: [{ path: 'port', message: 'out of range' }],
      },
    );
  }
  if (!existsSync(join(root, 'index.html'))) {
    throw new KramersError(
      'usage',
      `the Lab is not built: ${join(root, 'index.html')} is missing`,
      {
        hint: 'run `npm run build:lab` (or `npm start`, which builds it) in the kramers folder',
      },
    );
  }
  const server: Server = createServer(async (request, response) => {
    const send = (code: number, text: string) => {
      response.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(text);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(405, 'method not allowed');
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      return send(400, 'bad request');
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(normalize(root.endsWith(sep) ? root : root + sep))) {
      return send(404, 'not found');
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) return send(404, 'not found');
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-cache',
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      send(404, 'not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new KramersError('usage', `port ${port} on 127.0.0.1 is in use`, {
              hint: 'choose another with --port, or --port 0 for any free port',
            })
          : error,
      );
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
