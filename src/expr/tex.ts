import type { ExprNode, FunctionName } from './ast.js';

/**
 * Binding strength of a printed node, loosest first. Mirrors the parser: a sign binds looser
 * than ^ (so −x² prints as -x^2) but tighter than * and /.
 */
const SUM = 1;
const PRODUCT = 2;
const SIGNED = 3;
const POWER = 4;
const ATOM = 5;

function precedence(node: ExprNode): number {
  switch (node.kind) {
    case 'num':
      return node.value < 0 || Object.is(node.value, -0) ? SIGNED : ATOM;
    case 'var':
    case 'const':
    case 'call':
      return ATOM;
    case 'unary':
      return SIGNED;
    case 'binary':
      return node.op === '+' || node.op === '-' ? SUM : node.op === '^' ? POWER : PRODUCT;
  }
}

/**
 * Whether the printed node begins with a minus sign. A sign right after an operator reads badly
 * (x - -2*y), so such right operands are parenthesised.
 */
function isSigned(node: ExprNode, tex = false): boolean {
  if (precedence(node) === SIGNED) return true;
  // In TeX a quotient is a \frac, which begins with no sign.
  const leading = node.kind === 'binary' && (node.op === '*' || (node.op === '/' && !tex));
  return leading && isSigned(node.left, tex);
}

// ---------------------------------------------------------------------------------------------
// Plain text

function formatPlainNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * Prints a tree as plain text that `parseExpression` reads back to the same tree: parentheses
 * exactly where precedence or associativity demands them, numbers in shortest round-trip form.
 * (Derivative trees may contain the internal `sign(u)`, which prints but does not parse.)
 */
export function toText(ast: ExprNode): string {
  const wrap = (node: ExprNode, needed: boolean): string =>
    needed ? `(${toText(node)})` : toText(node);
  switch (ast.kind) {
    case 'num':
      return formatPlainNumber(ast.value);
    case 'var':
    case 'const':
      return ast.name;
    case 'call':
      return `${ast.fn}(${toText(ast.arg)})`;
    case 'unary':
      return `-${wrap(ast.arg, precedence(ast.arg) < POWER)}`;
    case 'binary': {
      const { op, left, right } = ast;
      if (op === '^') {
        // Right-associative: the base needs parentheses unless atomic; the exponent may be a
        // power or a signed term (2^-1) but we parenthesise signs for readability.
        return `${wrap(left, precedence(left) < ATOM)}^${wrap(right, precedence(right) < POWER)}`;
      }
      const level = op === '+' || op === '-' ? SUM : PRODUCT;
      // Left-associative: the right operand needs parentheses at equal precedence.
      const l = wrap(left, precedence(left) < level);
      const r = wrap(right, precedence(right) <= level || isSigned(right));
      return level === SUM ? `${l} ${op} ${r}` : `${l}${op}${r}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// TeX

const TEX_FUNCTIONS: ReadonlyMap<FunctionName, string> = new Map<FunctionName, string>([
  ['sin', '\\sin'],
  ['cos', '\\cos'],
  ['tan', '\\tan'],
  ['log', '\\ln'],
  ['sinh', '\\sinh'],
  ['cosh', '\\cosh'],
  ['tanh', '\\tanh'],
  ['atan', '\\arctan'],
  ['sign', '\\operatorname{sign}'],
]);

/** 1e-7 → 1 \times 10^{-7}; other numbers as JavaScript prints them. */
function formatTexNumber(value: number): string {
  const text = formatPlainNumber(value);
  const match = /^(-?[\d.]+)e([+-])(\d+)$/.exec(text);
  if (!match) return text;
  const exponent = match[2] === '-' ? `-${match[3]}` : match[3];
  return `${match[1]} \\times 10^{${exponent}}`;
}

function parens(tex: string): string {
  return `\\left(${tex}\\right)`;
}

/** Whether a product a·b may be written by juxtaposition (2x, 2\sin x) rather than with \cdot. */
function juxtaposable(left: ExprNode, right: ExprNode): boolean {
  if (left.kind !== 'num' || precedence(left) !== ATOM) return false;
  let first = right;
  while (first.kind === 'binary' && (first.op === '^' || first.op === '*')) first = first.left;
  return first.kind === 'var' || first.kind === 'const' || first.kind === 'call';
}

/**
 * Renders a tree as TeX for KaTeX display: \frac for division, x^{4}, \sin\left(x\right),
 * e^{u} for exp(u), \sqrt{u}, \left|u\right|, \pi; parentheses only where precedence needs them.
 */
export function toTex(ast: ExprNode): string {
  const wrap = (node: ExprNode, needed: boolean): string =>
    needed ? parens(toTex(node)) : toTex(node);
  switch (ast.kind) {
    case 'num':
      return formatTexNumber(ast.value);
    case 'var':
      return ast.name;
    case 'const':
      return ast.name === 'pi' ? '\\pi' : 'e';
    case 'call': {
      const arg = toTex(ast.arg);
      if (ast.fn === 'exp') return `e^{${arg}}`;
      if (ast.fn === 'sqrt') return `\\sqrt{${arg}}`;
      if (ast.fn === 'abs') return `\\left|${arg}\\right|`;
      return `${TEX_FUNCTIONS.get(ast.fn) ?? `\\operatorname{${ast.fn}}`}${parens(arg)}`;
    }
    case 'unary':
      return `-${wrap(ast.arg, precedence(ast.arg) < PRODUCT || isSigned(ast.arg, true))}`;
    case 'binary': {
      const { op, left, right } = ast;
      switch (op) {
        case '/':
          return `\\frac{${toTex(left)}}{${toTex(right)}}`;
        case '^': {
          // A call as base is parenthesised too: \sin\left(x\right)^{2} reads ambiguously.
          const atomicBase =
            left.kind === 'var' ||
            left.kind === 'const' ||
            (left.kind === 'num' && precedence(left) === ATOM) ||
            (left.kind === 'call' && (left.fn === 'sqrt' || left.fn === 'abs'));
          return `${wrap(left, !atomicBase)}^{${toTex(right)}}`;
        }
        case '*': {
          const l = wrap(left, precedence(left) < PRODUCT);
          const r = wrap(right, precedence(right) < PRODUCT || isSigned(right, true));
          return juxtaposable(left, right) ? `${l} ${r}` : `${l} \\cdot ${r}`;
        }
        default: {
          const l = toTex(left);
          const r = wrap(right, precedence(right) <= SUM || isSigned(right, true));
          return `${l} ${op} ${r}`;
        }
      }
    }
  }
}
