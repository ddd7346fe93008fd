import type { SourceSpan } from '../core/index.js';

/**
 * Syntax tree of a potential expression. Trees are immutable and may share subtrees (the
 * differentiator reuses nodes), so every walker must treat them as DAGs and never mutate.
 * Parameters are not nodes: the parser substitutes their values as `num` leaves.
 */

/** Functions a user may write. A closed whitelist: nothing else is ever looked up or emitted. */
export const USER_FUNCTIONS = [
  'sin',
  'cos',
  'tan',
  'exp',
  'log',
  'sqrt',
  'abs',
  'sinh',
  'cosh',
  'tanh',
  'atan',
] as const;

/** Functions that only the differentiator produces: sign(u) is d|u|/du. */
export const INTERNAL_FUNCTIONS = ['sign'] as const;

export type UserFunctionName = (typeof USER_FUNCTIONS)[number];
export type FunctionName = UserFunctionName | (typeof INTERNAL_FUNCTIONS)[number];

export type ConstantName = 'pi' | 'e';
export type BinaryOperator = '+' | '-' | '*' | '/' | '^';
export type UnaryOperator = '-';

export interface NumNode {
  readonly kind: 'num';
  /** Always finite: the parser and the simplifier never create a non-finite literal. */
  readonly value: number;
  readonly span?: SourceSpan;
}

export interface VarNode {
  readonly kind: 'var';
  /** One of the variables the expression was parsed with (default: 'x'). */
  readonly name: string;
  readonly span?: SourceSpan;
}

export interface ConstNode {
  readonly kind: 'const';
  readonly name: ConstantName;
  readonly span?: SourceSpan;
}

export interface UnaryNode {
  readonly kind: 'unary';
  readonly op: UnaryOperator;
  readonly arg: ExprNode;
  readonly span?: SourceSpan;
}

export interface BinaryNode {
  readonly kind: 'binary';
  readonly op: BinaryOperator;
  readonly left: ExprNode;
  readonly right: ExprNode;
  readonly span?: SourceSpan;
}

export interface CallNode {
  readonly kind: 'call';
  readonly fn: FunctionName;
  readonly arg: ExprNode;
  readonly span?: SourceSpan;
}

export type ExprNode = NumNode | VarNode | ConstNode | UnaryNode | BinaryNode | CallNode;

/** What `parseExpression` returns. */
export interface ParsedExpression {
  readonly source: string;
  readonly ast: ExprNode;
  /** Parameter names the expression referred to, in order of first use. */
  readonly usedParameters: string[];
}

/** The numeric values of the named constants, as JavaScript evaluates them. */
export const CONSTANT_VALUES: ReadonlyMap<ConstantName, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);

/**
 * The single table that maps whitelisted names to implementations. `js` is the exact text the
 * compiler emits, so generated code can only ever call these Math members.
 */
export const FUNCTION_TABLE: ReadonlyMap<
  FunctionName,
  { readonly apply: (u: number) => number; readonly js: string }
> = new Map<FunctionName, { apply: (u: number) => number; js: string }>([
  ['sin', { apply: Math.sin, js: 'Math.sin' }],
  ['cos', { apply: Math.cos, js: 'Math.cos' }],
  ['tan', { apply: Math.tan, js: 'Math.tan' }],
  ['exp', { apply: Math.exp, js: 'Math.exp' }],
  ['log', { apply: Math.log, js: 'Math.log' }],
  ['sqrt', { apply: Math.sqrt, js: 'Math.sqrt' }],
  ['abs', { apply: Math.abs, js: 'Math.abs' }],
  ['sinh', { apply: Math.sinh, js: 'Math.sinh' }],
  ['cosh', { apply: Math.cosh, js: 'Math.cosh' }],
  ['tanh', { apply: Math.tanh, js: 'Math.tanh' }],
  ['atan', { apply: Math.atan, js: 'Math.atan' }],
  ['sign', { apply: Math.sign, js: 'Math.sign' }],
]);

const USER_FUNCTION_SET: ReadonlySet<string> = new Set(USER_FUNCTIONS);

/** True if `name` is a function a user may write (not the internal `sign`). */
export function isUserFunction(name: string): name is UserFunctionName {
  return USER_FUNCTION_SET.has(name);
}

/** True if `name` is any whitelisted function, including internal ones. */
export function isFunctionName(name: string): name is FunctionName {
  return FUNCTION_TABLE.has(name as FunctionName);
}

/** True if `name` is `pi` or `e`. */
export function isConstantName(name: string): name is ConstantName {
  return CONSTANT_VALUES.has(name as ConstantName);
}

/** A numeric leaf. */
export function num(value: number, span?: SourceSpan): NumNode {
  return span ? { kind: 'num', value, span } : { kind: 'num', value };
}

/** A variable leaf. */
export function variable(name: string, span?: SourceSpan): VarNode {
  return span ? { kind: 'var', name, span } : { kind: 'var', name };
}

/** A named-constant leaf (`pi` or `e`). */
export function constant(name: ConstantName, span?: SourceSpan): ConstNode {
  return span ? { kind: 'const', name, span } : { kind: 'const', name };
}

/** Negation −arg. */
export function negate(arg: ExprNode, span?: SourceSpan): UnaryNode {
  return span ? { kind: 'unary', op: '-', arg, span } : { kind: 'unary', op: '-', arg };
}

/** A binary operation. */
export function binary(
  op: BinaryOperator,
  left: ExprNode,
  right: ExprNode,
  span?: SourceSpan,
): BinaryNode {
  return span ? { kind: 'binary', op, left, right, span } : { kind: 'binary', op, left, right };
}

/** A call of a whitelisted function. */
export function call(fn: FunctionName, arg: ExprNode, span?: SourceSpan): CallNode {
  return span ? { kind: 'call', fn, arg, span } : { kind: 'call', fn, arg };
}

/** The value of a leaf that does not depend on any variable (`num` or `const`), else undefined. */
export function constantValue(node: ExprNode): number | undefined {
  if (node.kind === 'num') return node.value;
  if (node.kind === 'const') return CONSTANT_VALUES.get(node.name);
  return undefined;
}

/** Structural equality that ignores source spans (and treats 0 and −0 as different). */
export function sameTree(a: ExprNode, b: ExprNode): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'num':
      return b.kind === 'num' && Object.is(a.value, b.value);
    case 'var':
      return b.kind === 'var' && a.name === b.name;
    case 'const':
      return b.kind === 'const' && a.name === b.name;
    case 'unary':
      return b.kind === 'unary' && a.op === b.op && sameTree(a.arg, b.arg);
    case 'binary':
      return (
        b.kind === 'binary' &&
        a.op === b.op &&
        sameTree(a.left, b.left) &&
        sameTree(a.right, b.right)
      );
    case 'call':
      return b.kind === 'call' && a.fn === b.fn && sameTree(a.arg, b.arg);
  }
}

/** Number of distinct nodes (shared subtrees counted once): a measure of derivative growth. */
export function countNodes(root: ExprNode): number {
  const seen = new Set<ExprNode>();
  const stack: ExprNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.kind === 'unary' || node.kind === 'call') stack.push(node.arg);
    else if (node.kind === 'binary') stack.push(node.left, node.right);
  }
  return seen.size;
}
