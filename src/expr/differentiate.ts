import { KramersError } from '../core/index.js';
import { binary, call, type ExprNode, type FunctionName, negate, num } from './ast.js';
import { simplify } from './simplify.js';

/**
 * Symbolic derivative d(ast)/d(variable), simplified.
 *
 * Rules: sum and difference term by term; product rule; quotient rule (u/v)′ = (u′v − uv′)/v²
 * (u′/v when v is constant); power rule (u^c)′ = c·u^(c−1)·u′ when the exponent does not depend on
 * the variable; general power (u^v)′ = u^v·(v′·ln u + v·u′/u); the chain rule f′(u)·u′ with
 * sin′ = cos, cos′ = −sin, tan′ = 1 + tan², exp′ = exp, log′(u) = 1/u, sqrt′(u) = 1/(2√u),
 * |u|′ = sign(u), sinh′ = cosh, cosh′ = sinh, tanh′ = 1 − tanh², atan′(u) = 1/(1 + u²), sign′ = 0
 * (almost everywhere).
 *
 * Terms whose derivative factor is exactly zero (a subtree free of the variable) are dropped
 * rather than multiplied by 0: d/dx[c·u] is c·u′ even where u′ alone would be infinite.
 * Shared subtrees are differentiated once, so repeated differentiation stays linear in tree size.
 */
export function differentiate(ast: ExprNode, variable = 'x'): ExprNode {
  const depends = new Map<ExprNode, boolean>();
  const dependsOnVariable = (node: ExprNode): boolean => {
    const known = depends.get(node);
    if (known !== undefined) return known;
    let result: boolean;
    switch (node.kind) {
      case 'num':
      case 'const':
        result = false;
        break;
      case 'var':
        result = node.name === variable;
        break;
      case 'unary':
      case 'call':
        result = dependsOnVariable(node.arg);
        break;
      case 'binary':
        result = dependsOnVariable(node.left) || dependsOnVariable(node.right);
        break;
    }
    depends.set(node, result);
    return result;
  };

  const memo = new Map<ExprNode, ExprNode | null>();
  /** The derivative, or null for an exact zero. */
  const d = (node: ExprNode): ExprNode | null => {
    if (memo.has(node)) return memo.get(node)!;
    let result = dependsOnVariable(node) ? derive(node, d) : null;
    // A derivative that folded to a literal 0 (as in d(x − x) = 1 − 1) is an exact zero too.
    if (result !== null && result.kind === 'num' && result.value === 0) result = null;
    memo.set(node, result);
    return result;
  };
  return simplify(d(ast) ?? num(0));
}

type Derive = (node: ExprNode) => ExprNode | null;

const ONE = num(1);
const TWO = num(2);

function add(a: ExprNode | null, b: ExprNode | null): ExprNode | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a.kind === 'num' && b.kind === 'num') return num(a.value + b.value);
  return binary('+', a, b);
}

function subtract(a: ExprNode | null, b: ExprNode | null): ExprNode | null {
  if (b === null) return a;
  if (a === null) return negate(b);
  if (a.kind === 'num' && b.kind === 'num') return num(a.value - b.value);
  return binary('-', a, b);
}

/** Product with an exact-zero factor: null (the term vanishes identically). */
function times(a: ExprNode | null, b: ExprNode | null): ExprNode | null {
  if (a === null || b === null) return null;
  return binary('*', a, b);
}

function square(u: ExprNode): ExprNode {
  return binary('^', u, TWO);
}

function derive(node: ExprNode, d: Derive): ExprNode | null {
  switch (node.kind) {
    case 'num':
    case 'const':
      return null;
    case 'var':
      return ONE;
    case 'unary': {
      const du = d(node.arg);
      return du === null ? null : negate(du);
    }
    case 'call': {
      const du = d(node.arg);
      return du === null ? null : chain(node.fn, node.arg, du);
    }
    case 'binary': {
      const { left: u, right: v } = node;
      const du = d(u);
      const dv = d(v);
      switch (node.op) {
        case '+':
          return add(du, dv);
        case '-':
          return subtract(du, dv);
        case '*':
          return add(times(du, v), times(u, dv));
        case '/':
          if (dv === null) return du === null ? null : binary('/', du, v);
          return binary('/', subtract(times(du, v), times(u, dv))!, square(v));
        case '^':
          if (dv === null) {
            // Power rule: c·u^(c−1)·u′.
            return times(times(v, binary('^', u, binary('-', v, ONE))), du);
          }
          // General power: u^v·(v′·ln u + v·u′/u).
          return times(
            node,
            add(times(dv, call('log', u)), du === null ? null : binary('/', times(v, du)!, u)),
          );
      }
    }
  }
  throw new KramersError('invalid_parameter', 'cannot differentiate an unknown node kind', {
    issues: [{ path: 'ast', message: 'unknown node kind' }],
  });
}

/** (f∘u)′ = f′(u)·u′ for the whitelisted functions, written as a quotient where f′ is one. */
function chain(fn: FunctionName, u: ExprNode, du: ExprNode): ExprNode | null {
  switch (fn) {
    case 'sin':
      return times(call('cos', u), du);
    case 'cos':
      return negate(times(call('sin', u), du)!);
    case 'tan':
      return times(binary('+', ONE, square(call('tan', u))), du);
    case 'exp':
      return times(call('exp', u), du);
    case 'log':
      return binary('/', du, u);
    case 'sqrt':
      return binary('/', du, binary('*', TWO, call('sqrt', u)));
    case 'abs':
      return times(call('sign', u), du);
    case 'sinh':
      return times(call('cosh', u), du);
    case 'cosh':
      return times(call('sinh', u), du);
    case 'tanh':
      return times(binary('-', ONE, square(call('tanh', u))), du);
    case 'atan':
      return binary('/', du, binary('+', ONE, square(u)));
    case 'sign':
      return null;
  }
  throw new KramersError(
    'invalid_parameter',
    `cannot differentiate unknown function '${String(fn)}'`,
    {
      issues: [{ path: 'ast', message: 'unknown function' }],
    },
  );
}
