import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM script without type declarations
import { checkLayers, checkWeb } from '../../scripts/layers.mjs';

const check = checkLayers as (dir: string) => string[];
const checkLab = checkWeb as (dir: string) => string[];
const scratch = mkdtempSync(join(tmpdir(), 'kramers-layers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(scratch, 'src-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('layer rule (scripts/layers.mjs)', () => {
  it('passes on the real source tree', () => {
    expect(check(fileURLToPath(new URL('../../src', import.meta.url)))).toEqual([]);
  });

  it('rejects rates/ importing exact1d/ (independent routes)', () => {
    const root = tree({
      'rates/index.ts': "import { brentRoot } from '../exact1d/index.js';\n",
      'exact1d/index.ts': 'export const brentRoot = 1;\n',
    });
    expect(check(root).join('\n')).toMatch(/rates\/ may not import exact1d\//);
  });

  it('rejects an upward import and a Node built-in in the core', () => {
    const root = tree({
      'core/index.ts':
        "import { x } from '../rates/index.js';\nimport { readFileSync } from 'node:fs';\n",
      'rates/index.ts': 'export const x = 1;\n',
    });
    const violations = check(root).join('\n');
    expect(violations).toMatch(/core\/ may not import rates\//);
    expect(violations).toMatch(/imports 'node:fs'/);
  });

  it('requires entering a module through its index', () => {
    const root = tree({
      'rates/index.ts': "export { a } from '../landscape/landscape.js';\n",
      'landscape/landscape.ts': 'export const a = 1;\n',
    });
    expect(check(root).join('\n')).toMatch(/through its index/);
  });

  it('lets the CLI import only the public entry', () => {
    const root = tree({
      'cli/main.ts': "import { a } from '../rates/index.js';\nimport { b } from '../index.js';\n",
      'rates/index.ts': 'export const a = 1;\n',
      'index.ts': 'export const b = 1;\n',
    });
    const violations = check(root);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/cli\/ may not import rates\//);
  });

  it('keeps browser/ free of Node built-ins and of the facade', () => {
    const root = tree({
      'browser/index.ts':
        "import { a } from '../index.js';\nimport { Worker } from 'node:worker_threads';\n",
      'index.ts': 'export const a = 1;\n',
    });
    const violations = check(root).join('\n');
    expect(violations).toMatch(/browser\/ may not import facade\//);
    expect(violations).toMatch(/imports 'node:worker_threads'/);
  });

  it('keeps routes below studies and studies below the door', () => {
    const root = tree({
      'routes/index.ts': "import { rate } from '../studies/index.js';\n",
      'studies/index.ts':
        "import { ROUTES } from '../routes/index.js';\nexport const rate = ROUTES;\n",
      'problem/index.ts': "import { x } from '../routes/index.js';\n",
    });
    const violations = check(root).join('\n');
    expect(violations).toMatch(/routes\/ may not import studies\//);
    expect(violations).toMatch(/problem\/ may not import routes\//);
    expect(violations).not.toMatch(/studies\/ may not import routes\//);
  });

  it('finds import loops, even inside one module and through type-only imports', () => {
    const root = tree({
      'routes/a.ts': "import type { B } from './b.js';\nexport type A = B;\n",
      'routes/b.ts': "import { c } from './c.js';\nexport type B = number;\n",
      'routes/c.ts': "import type { A } from './a.js';\nexport const c = 1;\n",
      'routes/index.ts': "export { c } from './c.js';\n",
    });
    const loops = check(root).filter((v) => v.startsWith('import loop'));
    expect(loops).toHaveLength(1);
    expect(loops[0]).toMatch(/routes\/a\.ts → routes\/b\.ts → routes\/c\.ts → routes\/a\.ts/);
  });

  it('keeps the top of src/ to the door and the CLI entry (logic lives in a floor)', () => {
    const root = tree({
      'index.ts': "export { turnover } from './turnover.js';\n",
      'turnover.ts': 'export const turnover = 1;\n',
      'cli.ts': '',
    });
    const violations = check(root);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(/turnover\.ts: only index\.ts \(the door\) and cli\.ts/);
  });

  it('lets the Lab (web/) import only the package entries', () => {
    expect(checkLab(fileURLToPath(new URL('../../web', import.meta.url)))).toEqual([]);
    const root = tree({
      'src/main.ts':
        "import { rate } from 'kramers';\nimport { x } from '../../src/rates/index.js';\nimport { y } from 'kramers/dist/rates/index.js';\nimport { z } from './local.js';\n",
      'src/local.ts': 'export const z = 1;\n',
    });
    const violations = checkLab(root);
    expect(violations).toHaveLength(2);
    expect(violations[0]).toMatch(/from outside web\//);
    expect(violations[1]).toMatch(/may import only kramers, kramers\/browser/);
  });
});
