import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

// Every row: clear message on stderr, exit code 2, no stack trace, no NaN, no hang (30 s limit).
const BAD_INPUT: [string, string[], RegExp][] = [
  [
    'malformed expression points at the character',
    ['analyze', 'x^4/4 - * x'],
    /column 9[\s\S]*\n {2}x\^4\/4 - \* x\n {10}\^/,
  ],
  ['unexpected end', ['analyze', 'x^4/4 -'], /end of (the )?expression/i],
  ['unbalanced parenthesis', ['analyze', '(x^2'], /\(/],
  ['unknown name', ['analyze', 'a*x^2'], /[Uu]nknown name 'a'/],
  ['unknown function', ['analyze', 'foo(x)'], /[Uu]nknown/],
  ['constructor', ['analyze', 'constructor'], /[Uu]nknown name 'constructor'/],
  ['__proto__', ['analyze', '__proto__'], /[Uu]nknown name '__proto__'/],
  ['process.exit()', ['analyze', 'process.exit()'], /process|'\.'/],
  ['this', ['analyze', 'this'], /[Uu]nknown name 'this'/],
  ['assignment x=1', ['analyze', 'x=1'], /'='/],
  ['D = 0', ['analyze', '--D', '0'], /D must be a finite positive number/],
  ['D < 0', ['analyze', '--D', '-1'], /D must be a finite positive number/],
  ['D not a number', ['analyze', '--D', 'abc'], /--D: 'abc' is not a number/],
  ['D = NaN', ['analyze', '--D', 'NaN'], /--D: 'NaN' is not a number/],
  ['D = Infinity', ['analyze', '--D', 'Infinity'], /not a number/],
  ['D overflowing', ['analyze', '--D', '1e999'], /D must be a finite positive number/],
  // γ = 0 is explained (no friction, no noise: no escape), not only refused.
  ['gamma = 0', ['analyze', '--gamma', '0'], /gamma = 0: without friction there is no noise/],
  ['mass < 0', ['analyze', '--mass', '-2'], /mass must be a finite positive number/],
  ['empty domain', ['analyze', '--domain', '1:1'], /empty/],
  ['inverted domain', ['analyze', '--domain', '3:-3'], /inverted/],
  ['unreadable domain', ['analyze', '--domain', 'a:b'], /write it as a:b/],
  ['no well in the domain', ['analyze', 'x^2', '--domain', '1:2'], /no well/],
  ['no well at all', ['analyze', 'x'], /no well/],
  ['unbounded below, no domain', ['analyze', '-x^2'], /unbounded below/],
  ['periodic without a domain', ['analyze', '-cos(x) - 0.5*x'], /periodic/],
  ['undefined potential', ['analyze', 'log(x)'], /undefined \(not a number\) at x = -1/],
  ['bad parameter', ['analyze', 'a*x^4 - x^2', '--param', 'a'], /name=value/],
  ['parameter value not a number', ['analyze', 'a*x^4 - x^2', '--param', 'a=x'], /not a number/],
  ['parameter named like the variable', ['analyze', 'x^4 - x^2', '--param', 'x=1'], /x/],
  ['expression given twice', ['analyze', 'x^2', '--expr', 'x^4'], /once/],
  ['unknown option', ['analyze', '--temperature', '3'], /unknown option/],
  ['unknown command', ['analyse'], /unknown command/],
];

describe('bad input: exit code 2 and a clear message', () => {
  it.each(BAD_INPUT)('%s', (_what, args, message) => {
    const run = runCli(args);
    expect(run.status, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\bat .+\.js:\d+/); // no stack trace
    expect(run.stdout + run.stderr).not.toMatch(/\bNaN\b(?!')/);
  });

  it('--json also gets the error as a JSON object with code and issues', () => {
    const run = runCli(['analyze', 'x^4/4 - * x', '--json']);
    expect(run.status).toBe(2);
    const { error } = JSON.parse(run.stdout);
    expect(error.code).toBe('parse_error');
    expect(error.issues[0].span).toEqual({ start: 8, end: 9 });
  });
});
