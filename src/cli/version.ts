import { readFileSync } from 'node:fs';

/**
 * The package version, read from package.json beside dist/ (or src/): a sweep point's key holds
 * it, so that a result computed by another version of kramers is never taken for this one's.
 */
export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
