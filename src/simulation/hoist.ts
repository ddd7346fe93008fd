import type { ExpressionProgram, ProgramOperand, ProgramStep } from '../core/index.js';
import { KramersError } from '../core/index.js';

/**
 * Loop-invariant code motion for a driven force U′(x, t): the steps of its program that do not
 * read x (v0) — cos(Ωt), a ramp's r·t, their constant factors — have the same value for every
 * walker at one time point, and in a stochastic Heun step the predictor's force at t_{n+1} and
 * the next step's force at t_n are taken at the same time. So the kernels compute those steps once
 * per time point (the "clock" of a step) and the rest of the force reads them. Same steps, same
 * operands, same operations in the same order: the same doubles as evaluating the whole program
 * at every force call, bit for bit (IEEE 754 arithmetic and the host's Math are deterministic for
 * equal arguments; nothing is reassociated). bench/README.md has what it buys.
 */

/** Which steps of a program of (x, t) read no x: clock[i]. An untimed program hoists nothing. */
export function clockSteps(program: ExpressionProgram): boolean[] {
  const clock: boolean[] = [];
  if (program.variables !== 2) return program.steps.map(() => false);
  const readsX = (o: ProgramOperand) => ('v' in o ? o.v === 0 : 't' in o ? !clock[o.t] : false);
  for (const step of program.steps) {
    clock.push(!(readsX(step.a) || ('b' in step && readsX(step.b))));
  }
  return clock;
}

/** The clock steps read by the rest of the force (or as its result): what a force call needs. */
export function clockFrontier(program: ExpressionProgram, clock: readonly boolean[]): number[] {
  const used = new Set<number>();
  const see = (o: ProgramOperand) => {
    if ('t' in o && clock[o.t]) used.add(o.t);
  };
  program.steps.forEach((step, i) => {
    if (clock[i]) return;
    see(step.a);
    if ('b' in step) see(step.b);
  });
  program.results.forEach(see);
  return [...used].sort((a, b) => a - b);
}

/** A finite double as a JavaScript literal that reads back as the same double (−0 too). */
function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) {
    throw new KramersError('not_finite', `force program constant is not finite: ${value}`);
  }
  return Object.is(value, -0) ? '(-0)' : `(${String(value)})`;
}

/** Math functions by program name: the expression whitelist's `js` names (expr/ast.ts). */
const JS_FUNCTIONS: ReadonlyMap<string, string> = new Map(
  ['sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'abs', 'sinh', 'cosh', 'tanh', 'atan', 'sign'].map(
    (name) => [name, `Math.${name}`],
  ),
);

/** One step as JavaScript, as expr's generateSource writes it (`a op b`, `-a`, `Math.f(a)`). */
function stepJs(step: ProgramStep, operand: (o: ProgramOperand) => string): string {
  switch (step.op) {
    case 'neg':
      return `-${operand(step.a)}`;
    case 'call': {
      const fn = JS_FUNCTIONS.get(step.fn);
      if (fn === undefined) throw new KramersError('invalid_parameter', 'force program: bad call');
      return `${fn}(${operand(step.a)})`;
    }
    case 'pow':
      return `Math.pow(${operand(step.a)}, ${operand(step.b)})`;
    case '+':
    case '-':
    case '*':
    case '/':
      return `${operand(step.a)} ${step.op} ${operand(step.b)}`;
    default:
      throw new KramersError('invalid_parameter', 'force program: operation not allowed');
  }
}

/** JavaScript of a force U′(x, t) whose clock steps are computed apart (kernel.ts inlines it). */
export interface ClockedForceSource {
  /** `let h0 = 0.0, …;`: a variable per clock step, declared in the kernel's loop function. */
  readonly declarations: string;
  /** Statements that set `now` = the time and every clock variable: `timeExpression` → now. */
  readonly clock: (timeExpression: string) => string;
  /** The force's parameters: x, t and the clock steps it reads. */
  readonly params: readonly string[];
  /** Its body: the steps that read x, then `return`. */
  readonly body: string;
  /** The arguments of a call at position `x` after `clock` ran. */
  readonly call: (x: string) => string;
}

/**
 * The JavaScript engine's form of a program checked by wasmKernel.ts's `checkProgram` (whitelisted
 * operations, finite constants, operands in range): clock steps as statements on `now`, the rest
 * as the force function. Generated from plain data only; no text of the user's is copied.
 */
export function clockedForceSource(program: ExpressionProgram): ClockedForceSource {
  const clock = clockSteps(program);
  const frontier = clockFrontier(program, clock);
  const operand = (o: ProgramOperand) =>
    'c' in o ? numberLiteral(o.c) : 'v' in o ? `v${o.v}` : `${clock[o.t] ? 'h' : 't'}${o.t}`;
  // A clock step reads no x, so its only variable is t: `now` in the kernel's loop.
  const clockOperand = (o: ProgramOperand) => ('v' in o ? 'now' : operand(o));
  const clockIndices = program.steps.map((_, i) => i).filter((i) => clock[i]);
  const hoisted = frontier.map((i) => `h${i}`);
  const lines = program.steps.flatMap((step, i) =>
    clock[i] ? [] : [`const t${i} = ${stepJs(step, operand)};`],
  );
  return {
    declarations: clockIndices.length
      ? `let ${clockIndices.map((i) => `h${i} = 0.0`).join(', ')};`
      : '',
    clock: (time) =>
      [
        `now = ${time};`,
        ...clockIndices.map((i) => `h${i} = ${stepJs(program.steps[i]!, clockOperand)};`),
      ].join(' '),
    params: ['v0', 'v1', ...hoisted],
    body: [...lines, `return ${operand(program.results[0]!)};`].join('\n'),
    call: (x) => [x, 'now', ...hoisted].join(', '),
  };
}
