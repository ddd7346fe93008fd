import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type LabServer, serveLab } from '../../dist/node/index.js';

/** Debian's chromium (installed by .ci/run); playwright-core downloads no browser. */
export const CHROMIUM = process.env['KRAMERS_CHROMIUM'] ?? '/usr/bin/chromium';

/** Screenshots and measurements of the browser tests (gitignored). */
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no chromium at ${CHROMIUM}: install it (apt-get install -y chromium, as .ci/run does) or set KRAMERS_CHROMIUM`,
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  // Flags from docs/stack.md: no sandbox (root in CI), no GPU, and no background traffic so
  // that the test can assert the page alone makes no external requests.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The Lab served on a free port and one Chromium, shared by the tests of one file. */
export interface LabSession {
  browser: Browser;
  server: LabServer;
}

/**
 * Starts the Lab and Chromium before a file's tests and closes both after them; the fields are
 * filled in `beforeAll`, so read them inside tests only.
 */
export function labSession(): LabSession {
  const lab = {} as LabSession;
  beforeAll(async () => {
    lab.server = await serveLab({ port: 0 });
    lab.browser = await launch();
  }, 180_000);
  afterAll(async () => {
    await lab.browser?.close();
    await lab.server?.close();
  });
  return lab;
}
