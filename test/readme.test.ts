import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import * as kramersBrowser from '../src/browser/index.js';
import * as kramers from '../src/index.js';
import { type CliRun, runCliAsync } from './cli/run.js';

/**
 * The house rule "every README example is executed by a test, so it stays true", as a test: each
 * fenced block of README.md is run. ```text blocks that start with `$ npx kramers …` are spawned as
 * `node dist/cli.js …` and their output compared line by line (a line `...` stands for any lines;
 * trailing spaces do not count; every printed number must match as printed). ```sh lines that are
 * `npx kramers …` commands must exit 0 (or the code the README gives). ```ts blocks are
 * type-checked against the package's published types and, where Node can run them, run with the
 * values their comments state checked.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/**
 * Commands too slow for every `npm test` (each alone would take most of this file's ~60 s budget;
 * times measured on the 2-core machine): listed with their reason, never silently dropped.
 */
const SLOW: Readonly<Record<string, string>> = {
  'simulate --method ams --D 0.00625 --replicas 500 --runs 10':
    '22 s alone, 55 s beside other tests: 10 adaptive-multilevel-splitting runs × 500 replicas, 4.7e8 steps',
  'pull --model linear-cubic --dG 8 --xb 1 --k0 1 --rates 1,30,100,1000 --simulate':
    '47–52 s: Langevin walkers pulled at four loading rates',
  'turnover --exact --simulate --walkers 8000 --plot docs/turnover.png --yes':
    '5–10 min: the figure command, 8000 walkers per friction and the exact curve at weak friction',
  'analyze x^4/4 - x^2/2 + y^2/2 --drift -(x^3 - x) - y, (x^3 - x) - y --domain -2:2,-1.5:1.5':
    '12–25 s: gMAM on the paths spiralling out of two stable foci; test/cli/drift.test.ts runs the same analysis with --json and checks its numbers',
};
/** `KRAMERS_README_SLOW=1 npx vitest run test/readme.test.ts` runs the slow commands as well. */
const runSlow = process.env['KRAMERS_README_SLOW'] === '1';

/** Set-up lines of the README that this test does not run. */
const NOT_RUN: Readonly<Record<string, string>> = {
  "redis-server --port 6379 --save ''":
    'set-up: a Redis server for the queue example; test/cli/sweepQueue.test.ts runs the same on a free port',
  'npx kramers worker --queue redis://127.0.0.1:6379 --concurrency 1':
    'runs until stopped, against the Redis above; test/cli/sweepQueue.test.ts runs two of these',
  'npx kramers sweep docs/sweep.json --queue redis://127.0.0.1:6379 --out sweep.jsonl':
    'needs the Redis and workers above; test/cli/sweepQueue.test.ts checks the queue against the local run',
  'npm ci && npm start':
    'set-up: reinstalls node_modules under the running suite and starts the Lab server, which runs until stopped',
  'npm test': 'set-up: runs the build, lint, typecheck and this very suite',
};

/** Exit codes the README states in its prose for a block that does not show them. */
const DOCUMENTED_EXIT: Readonly<Record<string, number>> = {
  // "The figure's command … exits 3: at γ ≤ 0.022 the exact column stops at its work cap".
  'turnover --exact --simulate --walkers 8000 --plot docs/turnover.png --yes': 3,
};

/**
 * Comments in a runnable ```ts block that state values in words, each with its check. A comment
 * that is a bare number is checked by itself (`expr; // 0.0015…`); any other comment with a digit
 * must be listed here, so no stated value goes unchecked.
 */
const CLAIMS: Readonly<Record<string, (scope: Record<string, unknown>) => void>> = {
  'wells at ±1, barrier at 0, ΔU = 1': (scope) => {
    const landscape = scope['landscape'] as kramers.Landscape;
    expect(landscape.wells.map((w) => w.x)).toEqual([
      expect.closeTo(-1, 12),
      expect.closeTo(1, 12),
    ]);
    expect(landscape.barriers.map((b) => b.x)).toEqual([expect.closeTo(0, 12)]);
    expect(landscape.transitions.map((t) => t.deltaU)).toEqual([
      expect.closeTo(1, 12),
      expect.closeTo(1, 12),
    ]);
  },
};

interface Block {
  readonly lang: string;
  /** README line of the opening fence (1-based). */
  readonly line: number;
  readonly body: readonly string[];
}

function fencedBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    if (i >= lines.length) throw new Error(`README.md:${start + 1}: unclosed code fence`);
    blocks.push({ lang: open[1]!, line: start + 1, body });
  }
  return blocks;
}

/**
 * The words of a POSIX shell command line: double quotes (with \" \\ \$ \` escapes), single
 * quotes, backslash escapes and a trailing # comment. Anything that would make the shell do more
 * than split words (expansions, globs, pipes, redirections, &&) is an error, so a README line is
 * never run differently from how a shell would run it.
 */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} in shell line: ${line}`);
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) fail('unclosed single quote');
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
      for (i++; ; i++) {
        if (i >= line.length) fail('unclosed double quote');
        const d = line[i]!;
        if (d === '"') break;
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
          word += line[++i];
        } else if (d === '$' || d === '`') {
          fail(`unsupported expansion '${d}'`);
        } else {
          word += d;
        }
      }
      i++;
    } else if (c === '\\') {
      if (i + 1 >= line.length) fail('trailing backslash');
      word += line[i + 1];
      inWord = true;
      i += 2;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === '#' && !inWord) {
      break;
    } else if ('|&;<>()$`*?[]{}'.includes(c) || (c === '~' && !inWord)) {
      fail(`unsupported shell syntax '${c}'`);
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** A line without trailing spaces. */
const trimEnd = (line: string) => line.replace(/\s+$/, '');

/**
 * Compares output with a README block in which a line `...` stands for any lines (none included).
 * Returns the output as the block would show it: equal to the block's text exactly when the output
 * matches, otherwise aligned with it segment by segment, so that the test's diff points at the
 * lines that differ.
 */
function alignOutput(expected: readonly string[], output: string): string {
  const want = expected.map(trimEnd);
  const got = output.replace(/\n$/, '').split('\n').map(trimEnd);
  const segments: string[][] = [[]];
  for (const line of want) {
    if (line === '...') segments.push([]);
    else segments.at(-1)!.push(line);
  }
  const equalAt = (segment: readonly string[], at: number) =>
    segment.filter((line, k) => got[at + k] === line).length;
  const shown: string[][] = [];
  let pos = 0;
  segments.forEach((segment, s) => {
    const first = s === 0;
    const last = s === segments.length - 1;
    let at: number;
    if (first && last) {
      // No `...`: the whole output.
      shown.push(got);
      return;
    }
    if (first) {
      at = 0;
    } else if (last) {
      at = Math.max(pos, got.length - segment.length);
    } else {
      // The leftmost place where the segment matches leaves the most room for what follows; when
      // it matches nowhere, show the place where most of its lines agree.
      at = -1;
      let best = -1;
      for (let j = pos; j <= Math.max(pos, got.length - segment.length); j++) {
        const equal = equalAt(segment, j);
        if (equal === segment.length) {
          at = j;
          break;
        }
        if (equal > best) [best, at] = [equal, j];
      }
    }
    const end = last ? got.length : at + segment.length;
    shown.push(got.slice(at, end));
    pos = end;
  });
  return shown.flatMap((lines, s) => (s === 0 ? lines : ['...', ...lines])).join('\n');
}

/** The exit code a shown output implies: 2 for bad input (`kramers: error:`), 3 for a numerical
 * non-success (`retcode: not_converged` …), 0 otherwise (options.ts: EXIT_USAGE, EXIT_NUMERICAL). */
function impliedExit(shown: readonly string[]): number {
  if (shown.some((line) => line.startsWith('kramers: error:'))) return 2;
  const retcode = shown.find((line) => line.startsWith('retcode:'));
  if (retcode !== undefined && trimEnd(retcode) !== 'retcode: success') return 3;
  return 0;
}

/** Runs at most as many commands at once as there are cores (the numbers do not depend on it). */
const slots = { free: Math.max(2, availableParallelism()), waiting: [] as (() => void)[] };
async function limited<T>(task: () => Promise<T>): Promise<T> {
  if (slots.free === 0) await new Promise<void>((resolve) => slots.waiting.push(resolve));
  else slots.free--;
  try {
    return await task();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

/**
 * A `--plot` or `--out` path goes to a temporary folder: a test never rewrites the README's
 * figures or leaves a sweep's store in the checkout (where the next run would resume it). Output
 * that names the folder is shown as the README names the file.
 */
const plotDir = mkdtempSync(join(tmpdir(), 'kramers-readme-'));
afterAll(() => rmSync(plotDir, { recursive: true, force: true }));
async function run(args: readonly string[], timeoutMs: number): Promise<CliRun> {
  const redirected = args.map((arg, k) =>
    args[k - 1] === '--plot' || args[k - 1] === '--out'
      ? join(plotDir, `${k}-${arg.replace(/^.*\//, '')}`)
      : arg,
  );
  // No `progress:` lines: a command that runs past KRAMERS_PROGRESS_SECONDS (5 s) on a pipe
  // prints one, and on a loaded machine the README's 60-point sweep took 23 s (the README shows
  // what a terminal shows, where progress is a bar that is cleared).
  const env = { KRAMERS_PROGRESS_SECONDS: '86400' };
  const result = await limited(() => runCliAsync(redirected, { cwd: root, timeoutMs, env }));
  const shown = (text: string) =>
    redirected.reduce((t, arg, k) => (arg === args[k] ? t : t.replaceAll(arg, args[k]!)), text);
  return { ...result, stdout: shown(result.stdout), stderr: shown(result.stderr) };
}

const blocks = fencedBlocks(readme);

describe('README test machinery', () => {
  it('splits shell words as a shell would, and refuses what a shell would do more with', () => {
    expect(shellWords(`npx kramers preset reaction --set 'eta=10mPa*s'`)).toEqual([
      'npx',
      'kramers',
      'preset',
      'reaction',
      '--set',
      'eta=10mPa*s',
    ]);
    expect(shellWords('analyze "x^4/4 - (x" --D 0.1')).toEqual([
      'analyze',
      'x^4/4 - (x',
      '--D',
      '0.1',
    ]);
    expect(shellWords('a "b\\"c"\'d e\' f\\ g  # a comment')).toEqual(['a', 'b"cd e', 'f g']);
    for (const line of ['a | b', 'a && b', 'a "$HOME"', 'a *.csv', 'a > out', 'a "open']) {
      expect(() => shellWords(line), line).toThrow();
    }
  });

  it('matches `...` against any lines, ignores trailing spaces, and nothing else', () => {
    const matches = (block: string[], output: string) =>
      alignOutput(block, output) === block.map(trimEnd).join('\n');
    expect(matches(['a', '...', 'c'], 'a\nb\nb2\nc\n')).toBe(true);
    expect(matches(['a', '...', 'c'], 'a\nc\n')).toBe(true);
    expect(matches(['a  ', '...'], 'a\nb\n')).toBe(true);
    expect(matches(['...', 'x', '...', 'y'], 'x\ny\nx\ny\n')).toBe(true);
    expect(matches(['a', 'b'], 'a\nb\nc\n')).toBe(false);
    expect(matches(['a', 'b'], 'a\n\nb\n')).toBe(false);
    expect(matches(['...', 'c'], 'c\nd\n')).toBe(false);
    expect(matches(['k = 0.00151657'], 'k = 0.00151658\n')).toBe(false);
    expect(alignOutput(['a', '...', 'k = 1', 'z'], 'a\nb\nk = 2\nz\n')).toBe('a\n...\nk = 2\nz');
  });

  it('reads a stated number digit for digit', () => {
    expect(scientific('0.0015165709051696142')).toBe('1.5165709051696142e-3');
    expect(scientific('1000')).toBe('1.000e+3');
    expect(scientific('-2.5e-3')).toBe('-2.5e-3');
    expect(scientific('22026.46579')).toBe((22026.465794806718).toExponential(9));
    expect(scientific('0')).toBe((0).toExponential(0));
  });
});

interface CliExample {
  readonly where: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly shown: readonly string[] | null;
}

function cliArgs(words: readonly string[], line: string): string[] {
  if (words[0] !== 'npx' || words[1] !== 'kramers')
    throw new Error(`not a kramers command: ${line}`);
  return words.slice(2);
}

const textExamples: CliExample[] = blocks
  .filter((b) => b.lang === 'text')
  .map((b) => {
    const first = b.body[0] ?? '';
    if (!first.startsWith('$ npx kramers')) {
      throw new Error(`README.md:${b.line}: a text block that is not a '$ npx kramers …' example`);
    }
    const args = cliArgs(shellWords(first.slice(2)), first);
    return { where: `README.md:${b.line + 1}`, command: first, args, shown: b.body.slice(1) };
  });

interface ShellLine {
  readonly where: string;
  readonly command: string;
  readonly args: readonly string[] | null;
}

const shLines: ShellLine[] = blocks
  .filter((b) => b.lang === 'sh')
  .flatMap((b) =>
    b.body.flatMap((line, k): ShellLine[] => {
      // The line without its trailing comment names it; the words are the shell's own split.
      const command = trimEnd(line.replace(/\s+#.*$/, ''));
      if (command === '') return [];
      const where = `README.md:${b.line + 1 + k}`;
      if (Object.hasOwn(NOT_RUN, command)) return [{ where, command, args: null }];
      return [{ where, command, args: cliArgs(shellWords(line), line) }];
    }),
  );

const slowReason = (args: readonly string[]) => SLOW[args.join(' ')];

describe('README.md', () => {
  it('has only blocks of the kinds this test runs, and the expected number of each', () => {
    const kinds = blocks.map((b) => b.lang);
    expect(kinds.filter((k) => !['text', 'sh', 'ts'].includes(k))).toEqual([]);
    expect(textExamples.length).toBeGreaterThanOrEqual(20);
    expect(shLines.filter((l) => l.args !== null).length).toBeGreaterThanOrEqual(3);
    expect(kinds.filter((k) => k === 'ts').length).toBeGreaterThanOrEqual(3);
  });

  it('lists only slow, set-up and exit-code commands that the README still has', () => {
    const commands = [...textExamples, ...shLines].map((e) =>
      e.args ? e.args.join(' ') : e.command,
    );
    for (const listed of [
      ...Object.keys(SLOW),
      ...Object.keys(NOT_RUN),
      ...Object.keys(DOCUMENTED_EXIT),
    ]) {
      expect(commands, listed).toContain(listed);
    }
  });
});

describe.concurrent('README.md: CLI output blocks', () => {
  for (const example of textExamples) {
    const reason = slowReason(example.args);
    const title = `${example.where} ${example.command}`;
    if (reason && !runSlow) {
      it.skip(`${title} — slow, ${reason} (KRAMERS_README_SLOW=1 runs it)`, () => {});
      continue;
    }
    it(title, { timeout: reason ? 600_000 : 120_000 }, async ({ expect }) => {
      const result = await run(example.args, reason ? 590_000 : 110_000);
      const shown = example.shown!;
      // What the README shows is what a terminal shows: stdout, then stderr (only the error
      // examples write to stderr, and they write nothing to stdout). No shown output varies from
      // run to run, so the match has no exceptions: the CLI prints no timings (its progress bar
      // goes to a terminal only), the simulations have fixed seeds, and their numbers do not
      // depend on the worker count (checked with --workers 1 and 3).
      const output = result.stdout + result.stderr;
      expect(alignOutput(shown, output), `${example.command}\n${output}`).toBe(
        shown.map(trimEnd).join('\n'),
      );
      const exit = DOCUMENTED_EXIT[example.args.join(' ')] ?? impliedExit(shown);
      expect(result.status, 'exit code').toBe(exit);
    });
  }
});

describe.concurrent('README.md: shell commands', () => {
  for (const line of shLines) {
    const title = `${line.where} ${line.command}`;
    if (line.args === null) {
      it.skip(`${title} — not run: ${NOT_RUN[line.command]}`, () => {});
      continue;
    }
    const args = line.args;
    const reason = slowReason(args);
    if (reason && !runSlow) {
      it.skip(`${title} — slow, ${reason} (KRAMERS_README_SLOW=1 runs it)`, () => {});
      continue;
    }
    it(title, { timeout: reason ? 600_000 : 120_000 }, async ({ expect }) => {
      const result = await run(args, reason ? 590_000 : 110_000);
      expect(result.status, result.stderr).toBe(DOCUMENTED_EXIT[args.join(' ')] ?? 0);
      if (args.includes('--json')) expect(() => JSON.parse(result.stdout)).not.toThrow();
    });
  }
});

/** The package entries the README's ts blocks import, as the sources that build them. */
const entries: Readonly<Record<string, Record<string, unknown>>> = {
  kramers: kramers,
  'kramers/browser': kramersBrowser,
};

interface TsExample {
  readonly where: string;
  readonly code: string;
  readonly imports: readonly { names: string[]; from: string }[];
  /** Why Node cannot run it, or null. */
  readonly browserOnly: string | null;
}

const tsExamples: TsExample[] = blocks
  .filter((b) => b.lang === 'ts')
  .map((b) => {
    const code = b.body.join('\n');
    const imports = [...code.matchAll(/^import\s*\{([^}]*)\}\s*from\s*'([^']+)';?$/gm)].map(
      (m) => ({
        names: m[1]!
          .split(',')
          .map((n) => n.trim())
          .filter((n) => n !== ''),
        from: m[2]!,
      }),
    );
    const uses = [/\bnavigator\b/, /\bnew Worker\b/, /\bwindow\b/, /\bdocument\b/]
      .map((re) => re.exec(code)?.[0])
      .filter((u) => u !== undefined);
    const browserOnly = uses.length > 0 ? `browser-only (${uses.join(', ')}; Web Workers)` : null;
    return { where: `README.md:${b.line + 1}`, code, imports, browserOnly };
  });

/**
 * A runnable block as an async function body: its imports become destructuring from the entry
 * modules, `expr; // number` lines become checks of the stated number, and the top-level names
 * are returned for the worded claims.
 */
function runnable(example: TsExample): { body: string; stated: string[]; claims: string[] } {
  const stated: string[] = [];
  const claims: string[] = [];
  const names: string[] = [];
  const lines = example.code.split('\n').map((line) => {
    const imported = /^import\s*\{([^}]*)\}\s*from\s*'([^']+)';?$/.exec(line);
    if (imported) {
      const destructured = imported[1]!.replace(/\bas\b/g, ':');
      return `const {${destructured}} = __entries[${JSON.stringify(imported[2])}];`;
    }
    const declared = /^(?:const|let)\s+([A-Za-z_$][\w$]*)\s*=/.exec(line);
    if (declared) names.push(declared[1]!);
    const number = /^(\s*)(.+?);\s*\/\/\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*$/i.exec(line);
    if (number) {
      stated.push(number[3]!);
      const statement = number[2]!;
      const decl = /^(?:const|let)\s+([A-Za-z_$][\w$]*)\s*=/.exec(statement);
      return decl
        ? `${number[1]}${statement}; __check(${stated.length - 1}, ${decl[1]});`
        : `${number[1]}__check(${stated.length - 1}, ${statement});`;
    }
    const comment = /\/\/\s*(.*)$/.exec(line);
    if (comment && /\d/.test(comment[1]!)) claims.push(trimEnd(comment[1]!));
    return line;
  });
  const source = `${lines.join('\n')}\nreturn { ${names.join(', ')} };`;
  // Type annotations, if a block has any, are stripped as tsc would; nothing else changes.
  const body = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
  return { body: body.replace(/^export \{\};$/m, ''), stated, claims };
}

/**
 * A printed number in the form of `toExponential`, keeping every digit it prints (trailing zeros
 * too): '0.0015165709051696142' → '1.5165709051696142e-3'. Compared as text, not as a double, so
 * that a 17th digit counts even where two decimals round to the same double.
 */
function scientific(printed: string): string {
  const m = /^([-+]?)(\d*)\.?(\d*)(?:e([-+]?\d+))?$/i.exec(printed)!;
  const all = m[2]! + m[3]!;
  const zeros = /^0*/.exec(all)![0].length;
  const digits = all.slice(zeros) || '0';
  const exponent = digits === '0' ? 0 : m[2]!.length - 1 - zeros + Number(m[4] ?? 0);
  const sign = m[1] === '-' && digits !== '0' ? '-' : '';
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`;
}

type AsyncBody = (...args: unknown[]) => Promise<Record<string, unknown>>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => AsyncBody;

describe('README.md: TypeScript blocks', () => {
  it('finds the ts blocks and their imports', () => {
    expect(tsExamples.length).toBeGreaterThanOrEqual(3);
    for (const example of tsExamples) expect(example.imports.length).toBeGreaterThan(0);
  });

  it.each(tsExamples)('$where imports only names its entry exports', ({ imports }) => {
    for (const { names, from } of imports) {
      const entry = entries[from];
      expect(entry, `no entry '${from}' in this test's list`).toBeDefined();
      const missing = names.map((n) => n.split(/\s+as\s+/)[0]!).filter((n) => !(n in entry!));
      expect(missing, `not exported by '${from}'`).toEqual([]);
    }
  });

  it('type-checks every block against the built package types, as a user of kramers would', () => {
    // Each block is a module beside package.json, so `import … from 'kramers'` resolves through
    // the package's own "exports" to dist/*.d.ts (built by the global setup); DOM types for the
    // browser blocks.
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
    };
    const virtual = new Map(
      tsExamples.map((e) => [join(root, `README.md.${e.where.split(':')[1]}.mts`), e.code]),
    );
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
    host.readFile = (name) => virtual.get(name) ?? readFile.call(host, name);
    host.getSourceFile = (name, language, ...rest) => {
      const text = virtual.get(name);
      return text !== undefined
        ? ts.createSourceFile(name, text, language)
        : getSourceFile.call(host, name, language, ...rest);
    };
    const program = ts.createProgram([...virtual.keys()], options, host);
    const messages = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.formatDiagnostic(d, { ...host, getNewLine: () => '\n' }).trim());
    expect(messages).toEqual([]);
  });

  for (const example of tsExamples) {
    if (example.browserOnly) {
      it.skip(`${example.where} runs — ${example.browserOnly}: cannot run in Node`, () => {});
      continue;
    }
    it(`${example.where} runs and gives the values its comments state`, async () => {
      const { body, stated, claims } = runnable(example);
      const unchecked = claims.filter((c) => !Object.hasOwn(CLAIMS, c));
      expect(unchecked, 'comments stating values that this test has no check for').toEqual([]);
      const checked: number[] = [];
      const check = (index: number, actual: unknown) => {
        const printed = stated[index]!;
        expect(typeof actual, printed).toBe('number');
        const want = scientific(printed);
        const digits = want.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').length;
        // The value rounded to as many significant digits as the README prints.
        const got = (actual as number).toExponential(digits - 1);
        expect(got, `${actual} to the printed digits of ${printed}`).toBe(want);
        checked.push(index);
      };
      // Our own README text (like docExamples.test.ts with TSDoc), never user input.
      const scope = await new AsyncFunction('__entries', '__check', body)(entries, check);
      expect(checked.sort((a, b) => a - b)).toEqual(stated.map((_, k) => k));
      for (const claim of claims) CLAIMS[claim]!(scope);
    });
  }
});
