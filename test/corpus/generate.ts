/**
 * The bad-input corpus (issue 14, item 8): expressions and option values through every command,
 * generated from a fixed seed so that every run tries the same cases. About half are plainly bad
 * (malformed expressions, numbers that are not numbers, counts past any limit, paths that cannot
 * be written), the rest are ordinary or awkward problems that must give finite numbers. The
 * runner (`runner.mjs`) puts each case through `main(args, io)` of the built CLI.
 *
 * `<tmp>` in an argument stands for a scratch directory the runner creates (with `bad.csv`,
 * `fit.csv` and `garbage.json` in it); nothing is written outside it.
 */

export interface CorpusCase {
  readonly id: number;
  readonly args: readonly string[];
}

/** mulberry32: a small seeded generator, enough to pick cases reproducibly. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick, chance: (p: number) => next() < p };
}

type Random = ReturnType<typeof generator>;

/** Potentials a user might bring: textbook landscapes with random coefficients. */
const TEMPLATES: readonly ((r: Random) => string)[] = [
  (r) => `x^4/4 - ${r.pick(['x^2/2', '0.5*x^2', '2*x^2', 'x^2'])}`,
  (r) => `x^3/3 - ${r.pick(['1', '0.1', '0.01', '4', '0'])}*x`,
  (r) => `-exp(-(x-${r.pick(['1', '2', '0.5'])})^2) - exp(-(x+${r.pick(['1', '2', '0.5'])})^2)`,
  (r) => `-${r.pick(['1', '3', '0.2'])}*exp(-x^2)`,
  (r) =>
    `${r.pick(['1', '5', '20'])}*(1-exp(-${r.pick(['1', '2', '0.5'])}*(x-1)))^2 - ${r.pick(['1', '5', '20'])}`,
  () => '4*(x^-12 - x^-6)',
  (r) => `-1/(1+x^2)${r.pick(['', ' + 0.1*x', ' - 0.01*x'])}`,
  (r) => `-cos(x) - ${r.pick(['0.5', '0.1', '0.9', '1.5'])}*x`,
  (r) => `x^2 + ${r.pick(['sin(100*x)/100', 'sin(10*x)/10', '0.1*cos(3*x)'])}`,
  (r) => `(x^2-1)^2${r.pick(['', ' + 0.2*x', ' - 0.5*x'])}`,
  (r) => `${r.pick(['a', 'b'])}*x^4 - x^2`,
  () => '-x^2/2 + x^4/4 - 0.1*x^3',
  () => 'x^6 - 3*x^4 + 2*x^2',
  () => 'tanh(x)^2 - 0.5*exp(-x^2)',
  () => 'x^4/4 - x^2/2 - 0.05*x*cos(0.1*t)',
  () => 'log(1+x^2) - exp(-4*x^2)',
  () => 'abs(x) - 2*exp(-x^2)',
  () => 'x^2/2 + 1e-9*x^4',
  () => '1e6*(x^4/4 - x^2/2)',
  () => '1e-6*(x^4/4 - x^2/2)',
];

/** Texts that are not expressions, or are expressions no one should be able to run. */
const ADVERSARIAL: readonly string[] = [
  '',
  ' ',
  'x^4/4 - * x',
  '(x^2',
  'x^2)',
  'x=1',
  'constructor',
  '__proto__',
  'process.exit(1)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an injection attempt, as text
  '`${process.exit(1)}`',
  'this',
  'require("fs")',
  'x;1',
  'x^x^x^x',
  '1/0',
  '0*x',
  'x/0',
  'log(0*x)',
  'sqrt(-1-x^2)',
  'exp(1000*x^2)',
  'exp(exp(exp(x)))',
  '1e308*x^2',
  '1e999*x',
  'x^1e9',
  'x^-1e9',
  'x^0.5',
  '(-x)^0.5',
  'sin(x)',
  'x',
  '-x^2',
  'x^3',
  'NaN',
  'Infinity*x',
  'x^2 + NaN',
  'x²',
  'x^4/4 – x^2/2',
  'x**4',
  'x^^2',
  '2x',
  'x(1)',
  'sin x',
  'sin()',
  'foo(x)',
  'pi*x^2 - e',
  't*x^2',
  'x^4/4 - x^2/2 + 0*t',
  '((((((((((x))))))))))^2',
  `${'x+'.repeat(400)}x`,
  '1,5*x^2',
  '0x10*x^2',
  'abs(x)^0.5 - 1/(1+x^2)',
  '-log(x)',
  'log(x)',
  'x*log(x)',
  'tan(x)',
  'atan(x)^2 - exp(-x^2)',
  'cosh(x) - 2*x^2',
  'sinh(x)',
];

const TOKENS = [
  'x',
  'x',
  '1',
  '2',
  '0.5',
  '1e308',
  '+',
  '-',
  '*',
  '/',
  '^',
  '(',
  ')',
  'sin(',
  'exp(',
  'log(',
  'sqrt(',
  'abs(',
  'pi',
  'e',
  ' ',
  '.',
  ',',
  '!',
  '$',
  'ä',
];

/** A random sequence of tokens: mostly malformed, now and then a valid expression. */
function tokenSoup(r: Random): string {
  const n = 1 + Math.floor(r.next() * 9);
  let text = '';
  for (let i = 0; i < n; i++) text += r.pick(TOKENS);
  return text;
}

const NUMBERS = ['1', '2', '0.5', '3', '10', '100', '0.001', '1e3', '1e-8', '1e308', '0'];
const FUNCTIONS = ['sin', 'cos', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'cosh', 'atan'];

/** A random well-formed expression tree, printed with parentheses. */
function randomTree(r: Random, depth: number): string {
  if (depth === 0 || r.chance(0.25)) return r.chance(0.6) ? 'x' : r.pick(NUMBERS);
  const kind = r.next();
  if (kind < 0.45) {
    const op = r.pick(['+', '-', '*', '/']);
    return `(${randomTree(r, depth - 1)} ${op} ${randomTree(r, depth - 1)})`;
  }
  if (kind < 0.65) {
    return `(${randomTree(r, depth - 1)})^${r.pick(['2', '3', '4', '-1', '-2', '0.5', '12', '100'])}`;
  }
  if (kind < 0.75) return `-(${randomTree(r, depth - 1)})`;
  return `${r.pick(FUNCTIONS)}(${randomTree(r, depth - 1)})`;
}

/** A potential a user might bring: a textbook landscape, now and then a random formula. */
function goodExpression(r: Random): string {
  return r.chance(0.8) ? r.pick(TEMPLATES)(r) : randomTree(r, 3);
}

/** Anything at all: random formulas, adversarial texts, token soup. */
function expression(r: Random): string {
  const kind = r.next();
  if (kind < 0.35) return randomTree(r, 3);
  if (kind < 0.75) return r.pick(ADVERSARIAL);
  return tokenSoup(r);
}

/**
 * Option values by kind: `good` ones a user would give (some of them large or awkward), `bad`
 * ones that must be refused with a message (not numbers, out of range, past any limit).
 */
const VALUES = {
  real: {
    good: ['0.05', '0.1', '1', '2', '0.5', '1e-6', '1e6', '.5', '5.', ' 2 '],
    bad: [
      '0',
      '-1',
      '-0',
      '1e-300',
      '1e308',
      '1e999',
      'NaN',
      'Infinity',
      'abc',
      '',
      '1,5',
      '0x10',
      '1e',
      '∞',
    ],
  },
  noise: {
    good: ['0.05', '0.1', '0.25', '1', '1e-3', '5', '0.02'],
    bad: ['1e-6', '1e308', '0', '-0.1', 'abc', '1e-320', 'NaN', ''],
  },
  count: {
    good: ['1', '2', '3', '5', '10', '16'],
    bad: [
      '0',
      '2.5',
      '-3',
      '1e12',
      '4294967296',
      '1e9',
      'abc',
      '',
      '4096',
      '65536',
      '99999999999999999999',
      '1e308',
    ],
  },
  seed: {
    good: ['0', '1', '42', '4294967295'],
    bad: ['4294967296', '-1', '1.5', '1e20', 'abc'],
  },
  workers: { good: ['1', '2'], bad: ['0', '-1', '1e12', 'abc', '1.5', '100000'] },
  plot: {
    good: ['<tmp>/a.svg', '<tmp>/a.png'],
    bad: [
      '/no/such/dir/x.svg',
      '<tmp>/a.txt',
      '<tmp>',
      '/',
      '',
      '<tmp>/deep/no/x.png',
      '<tmp>/noext',
      '/proc/x.svg',
    ],
  },
  domain: {
    good: ['-2:2', '-4:8', '0.1:5', '0.8:5', '-3:3', '-1e6:1e6', '-10:10'],
    bad: [
      '1:1',
      '3:-3',
      'a:b',
      '-1e308:1e308',
      '-1e999:1',
      '0:1e-300',
      '-inf:inf',
      'NaN:1',
      ':',
      '1',
      '-2:2:3',
      '-1e-9:1e-9',
    ],
  },
  target: { good: ['0', '1', '-inf', '+inf'], bad: ['2', 'inf', '-1', 'abc', '1.5', '99'] },
  position: { good: ['0', '1', '-1', '0.5', '-2', '3'], bad: ['1e308', 'NaN', 'abc', '1e999', ''] },
  param: {
    good: ['a=1', 'b=2', 'a=0.5'],
    bad: ['a', '=1', 'a=abc', 'x=1', 'pi=3', 'a=1e999', 'constructor=1', 'a=-1e308'],
  },
  dt: {
    good: ['1e-3', '1e-4', '0.01', '0.005'],
    bad: ['0.1', '1', '0', '-1e-3', '1e-12', '1e-300', 'abc', '1e308'],
  },
  time: {
    good: ['1', '10', '100', '1e3'],
    bad: ['1e4', '0', '-1', '1e-9', '1e12', '1e308', 'abc'],
  },
  gamma: {
    good: ['0.1', '1', '10', '0.5', '2'],
    bad: ['0.01', '1e-9', '1e-6', '1e308', '0', '-1', 'abc', '1e6'],
  },
} as const;

type ValueKind = keyof typeof VALUES;

/** An option and the kind of value it takes (null: a flag; a list: `good` and `bad` choices). */
type OptionSpec = readonly [
  string,
  ValueKind | { readonly good: readonly string[]; readonly bad: readonly string[] } | null,
];

const PROBLEM: readonly OptionSpec[] = [
  ['--D', 'noise'],
  ['--gamma', 'gamma'],
  ['--mass', 'real'],
  ['--domain', 'domain'],
  ['--param', 'param'],
  ['--json', null],
];

const PASSAGE: readonly OptionSpec[] = [
  ['--from', 'target'],
  ['--from-x', 'position'],
  ['--to', 'target'],
  ['--to-x', 'position'],
];

const list = (good: readonly string[], bad: readonly string[]) => ({ good, bad });

/** The walker options of every simulation method. */
const WALK: readonly OptionSpec[] = [
  ['--dt', 'dt'],
  ['--seed', 'seed'],
  ['--workers', 'workers'],
  ['--dynamics', list(['overdamped', 'underdamped'], ['inertial', ''])],
];

/**
 * Every command with its options. `base` gives what each case of the command starts with (small
 * sizes, so that a success is quick; a method); `expr` says whether it takes a potential.
 */
const COMMANDS: readonly {
  name: string;
  weight: number;
  expr: boolean;
  options: readonly OptionSpec[];
  base?: (r: Random) => string[];
}[] = [
  { name: 'analyze', weight: 16, expr: true, options: PROBLEM },
  {
    name: 'rate',
    weight: 14,
    expr: true,
    options: [
      ...PROBLEM,
      ...PASSAGE,
      ['--reflect-x', 'position'],
      ['--dynamics', list(['overdamped', 'underdamped'], ['both', ''])],
      ['--method', list(['all', 'kramers', 'exact,spectral', 'kleinKramers,tst'], ['nope', ''])],
      ['--simulate', null],
      ['--walkers', 'count'],
      ['--seed', 'seed'],
      ['--workers', 'workers'],
    ],
  },
  { name: 'spectrum', weight: 7, expr: true, options: [...PROBLEM, ['--n', 'count']] },
  {
    name: 'simulate',
    weight: 8,
    expr: true,
    base: (r) => ['--workers', '1', '--walkers', r.pick(VALUES.count.good)],
    options: [
      ...PROBLEM,
      ...PASSAGE,
      ...WALK,
      ['--walkers', 'count'],
      ['--tmax', 'time'],
      ['--extrapolate', null],
      [
        '--checkpoint',
        list(['<tmp>/ck.json'], ['/no/such/dir/ck.json', '<tmp>', '<tmp>/garbage.json', '']),
      ],
    ],
  },
  {
    name: 'simulate',
    weight: 5,
    expr: true,
    base: (r) => ['--method', 'ams', '--workers', '1', '--replicas', r.pick(['10', '20', '50'])],
    options: [...PROBLEM, ...PASSAGE, ...WALK, ['--replicas', 'count'], ['--runs', 'count']],
  },
  {
    name: 'simulate',
    weight: 5,
    expr: true,
    base: (r) => ['--method', 'transitions', '--workers', '1', '--duration', r.pick(['10', '100'])],
    options: [
      ...PROBLEM,
      ...WALK,
      ['--from', 'target'],
      ['--duration', 'time'],
      ['--trajectories', 'count'],
      ['--core-width', 'real'],
    ],
  },
  {
    name: 'turnover',
    weight: 8,
    expr: true,
    base: () => ['--workers', '1', '--points', '5'],
    options: [
      ['--D', 'noise'],
      ['--mass', 'real'],
      ['--domain', 'domain'],
      ['--json', null],
      ['--gamma-min', 'gamma'],
      ['--gamma-max', 'gamma'],
      ['--points', 'count'],
      ['--from', 'target'],
      ['--exact', null],
      ['--simulate', null],
      ['--walkers', 'count'],
      ['--seed', 'seed'],
      ['--dt', 'dt'],
      ['--simulate-gammas', list(['1', '0.5,2'], ['1,abc', '', '-1', '1e308'])],
      ['--well-to-well', null],
      ['--tolerance', list(['1e-3', '1e-2'], ['0', '-1', '1e-300', 'abc', '2'])],
      ['--plot', 'plot'],
    ],
  },
  {
    name: 'resonance',
    weight: 8,
    expr: true,
    base: (r) => [
      '--workers',
      '1',
      '--amplitude',
      r.pick(['0.02', '0.1', '0.05']),
      '--omega',
      r.pick(['0.05', '1', '0.01']),
    ],
    options: [
      ['--D', 'noise'],
      ['--gamma', 'gamma'],
      ['--domain', 'domain'],
      ['--json', null],
      ['--amplitude', list(['0.02'], ['0', '-1', '1e308', 'abc', '5'])],
      ['--omega', list(['0.05'], ['0', '-1', '1e-9', '1e9', 'abc'])],
      ['--coupling', list(['x', 'x^2', 'sin(x)'], ['', '(', 'y', 'x*t'])],
      ['--D-min', 'noise'],
      ['--D-max', 'noise'],
      ['--points', 'count'],
      ['--simulate', null],
      ['--periods', list(['4', '8', '16'], ['0', '3', '4096', '1e12', 'abc', '2.5'])],
      ['--trajectories', 'count'],
      ['--seed', 'seed'],
      ['--plot', 'plot'],
    ],
  },
  {
    name: 'pull',
    weight: 8,
    expr: true,
    base: (r) =>
      r.chance(0.5)
        ? [
            '--model',
            r.pick(['cusp', 'linear-cubic', 'bell']),
            '--dG',
            r.pick(['8', '20', '5']),
            '--xb',
            r.pick(['1', '0.5']),
            '--k0',
            r.pick(['1', '1e-3']),
            '--rates',
            r.pick(['1,10', '100', '1000']),
            '--workers',
            '1',
          ]
        : ['--rates', r.pick(['1,10', '100', '0.01']), '--workers', '1'],
    options: [
      ['--D', 'noise'],
      ['--gamma', 'gamma'],
      ['--json', null],
      ['--model', list(['cusp', 'bell'], ['spring', ''])],
      ['--dG', list(['8'], ['1e6', '0', '-1', 'abc', '1e-3'])],
      ['--xb', list(['1'], ['0', '1e9', '-1'])],
      ['--k0', list(['1'], ['0', '1e300', '-1'])],
      ['--rates', list(['1,10', '30'], ['0', '1,-1', 'a,b', '1e308', '', '1e-300'])],
      ['--nu', list(['0.5', '2/3', '1', '1/2'], ['0', '2', 'abc'])],
      ['--route', list(['mfpt', 'kramers'], ['exact'])],
      ['--min-barrier', 'real'],
      ['--from', 'target'],
      ['--broken-x', 'position'],
      ['--simulate', null],
      ['--walkers', 'count'],
      ['--seed', 'seed'],
      ['--dt', 'dt'],
      ['--fit', list(['<tmp>/fit.csv'], ['<tmp>/bad.csv', '/no/such.csv', '<tmp>', ''])],
      ['--plot', 'plot'],
    ],
  },
  {
    name: 'ratio',
    weight: 4,
    expr: false,
    options: [
      ['--deltaU', 'real'],
      ['--D0', 'noise'],
      ['--D1', 'noise'],
      ['--D', 'noise'],
      ['--deltaU0', 'real'],
      ['--deltaU1', 'real'],
      ['--json', null],
    ],
  },
  {
    name: 'preset',
    weight: 7,
    expr: false,
    base: (r) => [
      r.pick([
        'list',
        'reaction',
        'neel-brown',
        'josephson',
        'tipping',
        'gene-switch',
        'memory-bit',
        'protein',
        'nope',
        '',
      ]),
    ],
    options: [
      [
        '--set',
        list(
          [
            'T=300K',
            'T=350K',
            'd=10nm',
            'I=9.5uA',
            'i=0.9',
            'mu=0.3',
            'sigma=20',
            'Delta=40',
            'F=5pN',
            'dG=60kJ/mol',
            'eta=2mPa*s',
          ],
          [
            'T=0K',
            'T=-5K',
            'T=1e9K',
            'd=1e6nm',
            'd=1e-6nm',
            'd=0nm',
            'K=1e9J/m^3',
            'dG=1e6kJ/mol',
            'dG=0kJ/mol',
            'eta=1e9mPa*s',
            'I=1e9uA',
            'i=0.999999',
            'c=0',
            'mu=-1',
            'sigma=1e6',
            'Delta=1e5',
            'T=300',
            'T=abc',
            'T=300m',
            'nope=1',
            'F=1e9pN',
            'a=1e9',
            'tret=0s',
          ],
        ),
      ],
      ['--json', null],
    ],
  },
  {
    name: 'methods',
    weight: 2,
    expr: false,
    options: [
      ['--dynamics', list(['overdamped', 'underdamped'], ['neither', ''])],
      ['--json', null],
    ],
  },
];

/** A value of the option's kind: a bad one when `bad`, else a good one. */
function valueFor(r: Random, kind: OptionSpec[1], bad: boolean): string | null {
  if (kind === null) return null;
  const pools = typeof kind === 'string' ? VALUES[kind] : kind;
  return r.pick(bad && pools.bad.length > 0 ? pools.bad : pools.good);
}

function pickCommand(r: Random) {
  const total = COMMANDS.reduce((s, c) => s + c.weight, 0);
  let at = r.next() * total;
  for (const c of COMMANDS) {
    at -= c.weight;
    if (at < 0) return c;
  }
  return COMMANDS[0]!;
}

/**
 * The corpus: `count` cases from `seed`. Each is a command, for most an expression (as an
 * argument, or as `--expr=` when it starts with a minus sign), and up to four options. About half
 * the cases carry exactly one bad ingredient (the expression or one option value), so that each
 * refusal is met on its own, behind otherwise ordinary input; the rest are good input throughout.
 */
export function generateCorpus(seed = 14, count = 640): CorpusCase[] {
  const r = generator(seed);
  const cases: CorpusCase[] = [];
  for (let id = 0; id < count; id++) {
    const command = pickCommand(r);
    const args = [command.name, ...(command.base?.(r) ?? [])];
    const extra = Math.floor(r.next() * 5);
    // Where the one bad ingredient goes: -1 the expression, k the k-th option, none at all.
    const badAt = r.chance(0.5) ? Math.floor(r.next() * (extra + 1)) - 1 : Number.NaN;
    if (command.expr && (badAt === -1 || r.chance(0.85))) {
      const text = badAt === -1 ? expression(r) : goodExpression(r);
      // A leading minus sign goes either way a user would write it: bare or as --expr=.
      args.push(text.startsWith('-') && r.chance(0.5) ? `--expr=${text}` : text);
    }
    for (let k = 0; k < extra; k++) {
      const [name, kind] = r.pick(command.options);
      const value = valueFor(r, kind, k === badAt);
      args.push(name);
      if (value !== null) args.push(value);
    }
    cases.push({ id, args });
  }
  return cases;
}
