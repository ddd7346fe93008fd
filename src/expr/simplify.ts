import {
  type BinaryNode,
  binary,
  call,
  constantValue,
  type ExprNode,
  FUNCTION_TABLE,
  negate,
  num,
} from './ast.js';

/**
 * Light algebraic simplification, so that symbolic derivatives stay small. Every rule preserves
 * the value for all finite inputs, and numbers are folded only when the result is finite:
 *
 * - constant folding of operations and calls whose operands are numbers, `pi` or `e`;
 * - u+0, 0+u, u−0, 0−u → −u, u·1, 1·u, u/1, u^1 → u, u^0 → 1 (JavaScript's pow(u, 0) is 1 even
 *   for NaN, so this is exact);
 * - −(−u) → u, −(c) → (−c), u + (−v) → u − v, u − (−v) → u + v;
 * - numeric factors are moved to the front and combined: c·(d·u) → (cd)·u, (c·u)·d → (cd)·u.
 *
 * u·0 is *not* rewritten to 0 unless u is a number: u may be infinite or NaN where the product is
 * NaN. (The differentiator avoids creating such terms in the first place.)
 *
 * Nodes that do not change are returned as they are (keeping source spans); shared subtrees are
 * simplified once.
 */
export function simplify(ast: ExprNode): ExprNode {
  const memo = new Map<ExprNode, ExprNode>();
  const visit = (node: ExprNode): ExprNode => {
    const known = memo.get(node);
    if (known) return known;
    const result = simplifyNode(node, visit);
    memo.set(node, result);
    return result;
  };
  return visit(ast);
}

function isNumber(node: ExprNode, value: number): boolean {
  return node.kind === 'num' && node.value === value;
}

function finiteOr(value: number, otherwise: () => ExprNode): ExprNode {
  return Number.isFinite(value) ? num(value) : otherwise();
}

function apply(op: BinaryNode['op'], a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '^':
      return a ** b;
  }
}

function simplifyNode(node: ExprNode, visit: (node: ExprNode) => ExprNode): ExprNode {
  switch (node.kind) {
    case 'num':
    case 'var':
    case 'const':
      return node;
    case 'unary': {
      const arg = visit(node.arg);
      const rebuilt = arg === node.arg ? node : negate(arg);
      return simplifyNegation(arg, rebuilt);
    }
    case 'call': {
      const arg = visit(node.arg);
      const value = constantValue(arg);
      const rebuilt = arg === node.arg ? node : call(node.fn, arg);
      const fn = FUNCTION_TABLE.get(node.fn);
      if (value === undefined || fn === undefined) return rebuilt;
      return finiteOr(fn.apply(value), () => rebuilt);
    }
    case 'binary': {
      const left = visit(node.left);
      const right = visit(node.right);
      const rebuilt =
        left === node.left && right === node.right ? node : binary(node.op, left, right);
      return simplifyBinary(rebuilt, left, right);
    }
  }
}

function simplifyNegation(arg: ExprNode, rebuilt: ExprNode): ExprNode {
  if (arg.kind === 'num') return num(-arg.value);
  if (arg.kind === 'unary') return arg.arg;
  // −(c·u) → (−c)·u keeps the sign with the numeric factor.
  if (arg.kind === 'binary' && arg.op === '*' && arg.left.kind === 'num') {
    return binary('*', num(-arg.left.value), arg.right);
  }
  return rebuilt;
}

function simplifyBinary(node: BinaryNode, left: ExprNode, right: ExprNode): ExprNode {
  const a = constantValue(left);
  const b = constantValue(right);
  if (a !== undefined && b !== undefined) {
    const folded = apply(node.op, a, b);
    if (Number.isFinite(folded)) return num(folded);
    return node;
  }
  switch (node.op) {
    case '+':
      if (isNumber(left, 0)) return right;
      if (isNumber(right, 0)) return left;
      if (right.kind === 'num' && right.value < 0) return binary('-', left, num(-right.value));
      if (right.kind === 'unary') return binary('-', left, right.arg);
      if (hasNegativeFactor(right)) return binary('-', left, flipFactor(right));
      return node;
    case '-':
      if (isNumber(right, 0)) return left;
      if (isNumber(left, 0)) return simplifyNegation(right, negate(right));
      if (right.kind === 'num' && right.value < 0) return binary('+', left, num(-right.value));
      if (right.kind === 'unary') return binary('+', left, right.arg);
      if (hasNegativeFactor(right)) return binary('+', left, flipFactor(right));
      return node;
    case '*':
      return simplifyProduct(node, left, right);
    case '/':
      if (isNumber(right, 1)) return left;
      if (isNumber(right, -1)) return simplifyNegation(left, negate(left));
      // (c·u)/d → (c/d)·u: keeps 4·x³/4 from surviving as such in derivatives.
      if (
        right.kind === 'num' &&
        left.kind === 'binary' &&
        left.op === '*' &&
        left.left.kind === 'num'
      ) {
        const c = left.left.value / right.value;
        if (c === 1) return left.right;
        if (Number.isFinite(c) && c !== 0) return binary('*', num(c), left.right);
      }
      return node;
    case '^':
      if (isNumber(right, 1)) return left;
      if (isNumber(right, 0)) return num(1);
      return node;
  }
}

/** c·u with a negative number c. */
function hasNegativeFactor(node: ExprNode): node is BinaryNode {
  return (
    node.kind === 'binary' && node.op === '*' && node.left.kind === 'num' && node.left.value < 0
  );
}

/** c·u → |c|·u for a negative number c (so that a + (−2)·u prints as a − 2·u). */
function flipFactor(node: BinaryNode): ExprNode {
  const c = -(node.left as { value: number }).value;
  return c === 1 ? node.right : binary('*', num(c), node.right);
}

/** Splits c·u into [c, u] when the left factor is a number; u alone gives [1, u]. */
function numericFactor(node: ExprNode): [number, ExprNode | undefined] {
  if (node.kind === 'num') return [node.value, undefined];
  if (node.kind === 'binary' && node.op === '*' && node.left.kind === 'num') {
    return [node.left.value, node.right];
  }
  if (node.kind === 'unary') {
    const [c, rest] = numericFactor(node.arg);
    return [-c, rest];
  }
  return [1, node];
}

function simplifyProduct(node: BinaryNode, left: ExprNode, right: ExprNode): ExprNode {
  if (isNumber(left, 1)) return right;
  if (isNumber(right, 1)) return left;
  const [c1, u1] = numericFactor(left);
  const [c2, u2] = numericFactor(right);
  if ((c1 === 1 && c2 === 1) || (u1 === undefined && u2 === undefined)) return node;
  // Already in canonical form c·u.
  if (left.kind === 'num' && u1 === undefined && u2 === right) return node;
  const c = c1 * c2;
  if (!Number.isFinite(c)) return node;
  let rest: ExprNode;
  if (u1 && u2) rest = u1 === left && u2 === right ? node : binary('*', u1, u2);
  else rest = (u1 ?? u2)!;
  if (c === 1) return rest;
  if (c === -1) return simplifyNegation(rest, negate(rest));
  return binary('*', num(c), rest);
}
