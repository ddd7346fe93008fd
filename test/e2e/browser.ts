import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

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
