import { KramersError, pointAt, type SourceSpan } from '../core/index.js';
import {
  binary,
  CONSTANT_VALUES,
  type ConstantName,
  call,
  constant,
  type ExprNode,
  INTERNAL_FUNCTIONS,
  isConstantName,
  isUserFunction,
  negate,
  num,
  type ParsedExpression,
  USER_FUNCTIONS,
  variable,
} from './ast.js';

/** Longest accepted source text; longer input is refused before any work is done. */
export const MAX_SOURCE_LENGTH = 10_000;
/** Deepest accepted nesting of parentheses, calls, signs and exponents (keeps recursion safe). */
export const MAX_NESTING_DEPTH = 200;
/**
 * Deepest accepted syntax tree. A flat sum a + b + c + … is a left-leaning chain as deep as it
 * is long, and every later walk over the tree (simplify, differentiate, compile) recurses along
 * it, so a long chain must be refused here rather than overflow the stack there.
 */
export const MAX_TREE_DEPTH = 1000;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The comparisons a region may use. */
export type Comparison = '<' | '<=' | '>' | '>=';
const PARAMETER_HINT = 'pass parameters separately, e.g. --param a=1';

export interface ParseOptions {
  /** Names that stay symbolic (default `['x']`). */
  readonly variables?: readonly string[];
  /** Named constants substituted as numbers while parsing. */
  readonly parameters?: Readonly<Record<string, number>> | ReadonlyMap<string, number>;
}

type Token =
  | {
      readonly kind: 'number';
      readonly value: number;
      readonly text: string;
      readonly span: SourceSpan;
    }
  | { readonly kind: 'name'; readonly text: string; readonly span: SourceSpan }
  | { readonly kind: 'op'; readonly text: '+' | '-' | '*' | '/' | '^'; readonly span: SourceSpan }
  /** A comparison: only a region (`parseRegion`) accepts one. */
  | { readonly kind: 'cmp'; readonly text: Comparison; readonly span: SourceSpan }
  | { readonly kind: '(' | ')' | ',' | 'end'; readonly text: string; readonly span: SourceSpan }
  /** A lexical error, kept as a token so that errors are reported in left-to-right order. */
  | {
      readonly kind: 'bad';
      readonly text: string;
      readonly span: SourceSpan;
      readonly message: string;
      readonly hint?: string;
    };

/**
 * Parses a potential such as `x^4/4 - a*x^2` into a syntax tree.
 *
 * Grammar (precedence climbing, loosest first):
 *
 *     sum     := product (('+' | '-') product)*
 *     product := signed (('*' | '/') signed)*
 *     signed  := ('-' | '+') signed | power
 *     power   := primary ('^' signed)?          right-associative, so 2^3^2 = 2^9
 *     primary := number | name | function '(' sum ')' | '(' sum ')'
 *
 * so that `-x^2` is −(x²) as in mathematics while `2^-1` still reads as 2^(−1).
 * Parameters are replaced by their values here; the tree never holds a free name other than the
 * variables. Names are looked up in Maps only, so `constructor` or `__proto__` are simply unknown.
 *
 * @throws KramersError `parse_error` or `unknown_name` (message has column and a caret line),
 *   `invalid_parameter` for a bad parameter name or value.
 */
export function parseExpression(source: string, options: ParseOptions = {}): ParsedExpression {
  if (typeof source !== 'string') {
    throw new KramersError(
      'invalid_parameter',
      `expression must be a string; got ${typeof source}`,
      {
        issues: [{ path: 'expression', message: 'expected a string' }],
      },
    );
  }
  const variables = checkVariables(options.variables ?? ['x']);
  const parameters = checkParameters(options.parameters, variables);
  if (source.length > MAX_SOURCE_LENGTH) {
    throw new KramersError(
      'parse_error',
      `Expression is too long: ${source.length} characters, the limit is ${MAX_SOURCE_LENGTH}`,
      {
        issues: [{ path: 'expression', message: 'expression too long' }],
        hint: 'define a shorter expression or pass a JavaScript function through the library API',
      },
    );
  }
  const parser = new Parser(source, tokenize(source), variables, parameters);
  const ast = parser.parseAll();
  return { source, ast, usedParameters: parser.usedParameters };
}

function checkVariables(variables: readonly string[]): ReadonlySet<string> {
  const result = new Set<string>();
  for (const name of variables) {
    if (
      typeof name !== 'string' ||
      !IDENTIFIER.test(name) ||
      isReserved(name) ||
      result.has(name)
    ) {
      throw new KramersError(
        'invalid_parameter',
        `variable name '${String(name)}' must be a new identifier, not a function, pi or e`,
        { issues: [{ path: 'variables', message: `bad variable name '${String(name)}'` }] },
      );
    }
    result.add(name);
  }
  return result;
}

function isReserved(name: string): boolean {
  return (
    isConstantName(name) ||
    isUserFunction(name) ||
    (INTERNAL_FUNCTIONS as readonly string[]).includes(name)
  );
}

function checkParameters(
  parameters: ParseOptions['parameters'],
  variables: ReadonlySet<string>,
): ReadonlyMap<string, number> {
  const result = new Map<string, number>();
  if (parameters === undefined) return result;
  // Object.entries reads own enumerable keys only, so nothing inherited can sneak in.
  const entries: Iterable<[string, unknown]> =
    parameters instanceof Map ? parameters.entries() : Object.entries(parameters);
  for (const [name, value] of entries) {
    if (typeof name !== 'string' || !IDENTIFIER.test(name)) {
      throw invalidParameter(
        name,
        `parameter name '${String(name)}' is not an identifier`,
        'use letters, digits and _ and start with a letter, e.g. a or k_2',
      );
    }
    if (variables.has(name) || isReserved(name)) {
      throw invalidParameter(
        name,
        `parameter name '${name}' clashes with a ${variables.has(name) ? 'variable' : 'built-in name'}`,
        'choose another name',
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw invalidParameter(
        name,
        `parameter ${name} must be a finite number; got ${String(value)}`,
      );
    }
    result.set(name, value);
  }
  return result;
}

function invalidParameter(name: string, message: string, hint?: string): KramersError {
  return new KramersError('invalid_parameter', message, {
    issues: [{ path: String(name), message }],
    ...(hint ? { hint } : {}),
  });
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isNameStart(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
}

function isNamePart(c: string | undefined): boolean {
  return isNameStart(c) || isDigit(c);
}

/** Hints for characters people plausibly type, keyed by the character. */
const CHARACTER_HINTS: ReadonlyMap<string, string> = new Map([
  [
    '=',
    "write only the right-hand side, e.g. x^4/4 - x^2/2 (an expression has no '='; a region is written x >= 1)",
  ],
  [';', 'write a single expression'],
  ['−', "use the ASCII minus sign '-'"],
  ['×', "use '*' for multiplication"],
  ['·', "use '*' for multiplication"],
  ['÷', "use '/' for division"],
  ['[', "use round parentheses '(' and ')'"],
  [']', "use round parentheses '(' and ')'"],
  ['{', "use round parentheses '(' and ')'"],
  ['}', "use round parentheses '(' and ')'"],
  ['|', 'write abs(u) for the absolute value'],
  ['!', 'there is no factorial; write the product out'],
  ['%', 'there is no remainder operator'],
]);

/** Splits the source into tokens; a lexical error becomes a `bad` token where it stands. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    let token: Token;
    if (isDigit(c) || (c === '.' && isDigit(source[i + 1]))) {
      token = readNumber(source, i);
    } else if (isNameStart(c)) {
      let end = i;
      while (isNamePart(source[end])) end++;
      token = { kind: 'name', text: source.slice(i, end), span: { start: i, end } };
    } else {
      token = readSymbol(source, i, tokens[tokens.length - 1]);
    }
    tokens.push(token);
    i = token.span.end;
  }
  tokens.push({ kind: 'end', text: '', span: { start: source.length, end: source.length + 1 } });
  return tokens;
}

/** Reads an operator, parenthesis, comma or comparison at `start`, or makes a `bad` token. */
function readSymbol(source: string, start: number, previous: Token | undefined): Token {
  const c = source[start]!;
  const span = { start, end: start + 1 };
  switch (c) {
    case '*':
      if (source[start + 1] === '*') {
        return {
          kind: 'bad',
          text: '**',
          span: { start, end: start + 2 },
          message: "Unexpected '**'",
          hint: 'use ^ for powers, e.g. x^4',
        };
      }
      return { kind: 'op', text: c, span };
    case '+':
    case '-':
    case '/':
    case '^':
      return { kind: 'op', text: c, span };
    case '(':
    case ')':
    case ',':
      return { kind: c, text: c, span };
    case '<':
    case '>': {
      const text = (source[start + 1] === '=' ? `${c}=` : c) as Comparison;
      return { kind: 'cmp', text, span: { start, end: start + text.length } };
    }
    case '.': {
      const afterName = previous?.kind === 'name' && previous.span.end === start;
      return {
        kind: 'bad',
        text: c,
        span,
        message: "Unexpected '.'",
        hint: afterName
          ? 'names cannot contain a dot: there are no properties or methods, only x, pi, e, parameters and functions'
          : 'write numbers as 0.5 or .5',
      };
    }
    default:
      return unexpectedCharacter(source, start);
  }
}

/** A `bad` token for a character no expression contains, with a hint for the usual slips. */
function unexpectedCharacter(source: string, start: number): Token {
  // Report a whole surrogate pair as one character.
  const code = source.codePointAt(start)!;
  const char = String.fromCodePoint(code);
  const shown = code < 0x20 || code === 0x7f ? `\\u{${code.toString(16)}}` : char;
  const hint = CHARACTER_HINTS.get(char);
  return {
    kind: 'bad',
    text: char,
    span: { start, end: start + char.length },
    message: `Unexpected character '${shown}'`,
    hint:
      hint ?? 'an expression may contain numbers, names, + - * / ^, parentheses and function calls',
  };
}

/** Reads `12`, `2.5`, `.5`, `2.`, `1e-3`, `1.5E+4`; a malformed tail makes a `bad` token. */
function readNumber(source: string, start: number): Token {
  let i = start;
  while (isDigit(source[i])) i++;
  if (source[i] === '.') {
    i++;
    while (isDigit(source[i])) i++;
  }
  if (source[i] === 'e' || source[i] === 'E') {
    const sign = source[i + 1] === '+' || source[i + 1] === '-' ? 1 : 0;
    if (isDigit(source[i + 1 + sign])) {
      i += 1 + sign;
      while (isDigit(source[i])) i++;
    } else if (!isNamePart(source[i + 1])) {
      // `1e`, `1e+`, `1e)`: an exponent was begun but has no digits. (`2exp(x)` falls through to
      // the implicit-multiplication error, which is the more useful message there.)
      const end = i + 1 + sign;
      return {
        kind: 'bad',
        text: source.slice(start, end),
        span: { start, end },
        message: `Malformed number '${source.slice(start, end)}'`,
        hint: 'an exponent needs digits, e.g. 1e-3; to multiply by e write 2*e',
      };
    }
  }
  if (source[i] === '.' || (source[i - 1] === '.' && isDigit(source[i]))) {
    // `1.2.3`: swallow the rest of the digit run so the caret covers the whole thing.
    let end = i;
    while (isDigit(source[end]) || source[end] === '.') end++;
    return {
      kind: 'bad',
      text: source.slice(start, end),
      span: { start, end },
      message: `Malformed number '${source.slice(start, end)}'`,
      hint: 'a number has at most one decimal point, e.g. 1.25',
    };
  }
  const text = source.slice(start, i);
  const value = Number(text);
  if (!Number.isFinite(value)) {
    return {
      kind: 'bad',
      text,
      span: { start, end: i },
      message: `Number '${text}' is too large`,
      hint: 'numbers must be finite double-precision values (below about 1.8e308)',
    };
  }
  return { kind: 'number', value, text, span: { start, end: i } };
}

// ---------------------------------------------------------------------------------------------
// Parser

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of expression';
    case 'number':
      return `number '${token.text}'`;
    case 'name':
      return `name '${token.text}'`;
    default:
      return `'${token.text}'`;
  }
}

class Parser {
  readonly usedParameters: string[] = [];
  private position = 0;
  private depth = 0;
  private readonly treeDepth = new Map<ExprNode, number>();

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
    private readonly variables: ReadonlySet<string>,
    private readonly parameters: ReadonlyMap<string, number>,
    private readonly regions = false,
  ) {}

  parseAll(): ExprNode {
    if (this.peek().kind === 'end') {
      throw this.error(
        'parse_error',
        'Empty expression',
        this.peek().span,
        'write a potential, e.g. x^4/4 - x^2/2',
      );
    }
    const ast = this.parseSum();
    const next = this.peek();
    if (next.kind !== 'end') throw this.unexpectedAfterOperand(next, undefined);
    return ast;
  }

  /**
   * A region: comparisons joined by commas (all must hold), `sum cmp sum (',' sum cmp sum)*`.
   * Each becomes g ≥ 0 (or g > 0) with g = left − right for > and ≥, right − left for < and ≤.
   */
  parseConditions(): RegionCondition[] {
    const conditions: RegionCondition[] = [];
    for (;;) {
      if (this.peek().kind === 'end') {
        throw this.error(
          'parse_error',
          conditions.length === 0 ? 'Empty region' : 'Unexpected end of region',
          this.peek().span,
          'write a comparison, e.g. x >= 1',
        );
      }
      const left = this.parseSum();
      const cmp = this.peek();
      if (cmp.kind !== 'cmp') {
        if (cmp.kind === 'end' || cmp.kind === ',') {
          throw this.error(
            'parse_error',
            'A region needs a comparison',
            cmp.span,
            'write e.g. x >= 1 (the region where the condition holds)',
          );
        }
        throw this.unexpectedAfterOperand(cmp, undefined);
      }
      this.advance();
      const right = this.parseSum();
      const upper = cmp.text === '>' || cmp.text === '>=';
      conditions.push({
        ast: upper ? binary('-', left, right) : binary('-', right, left),
        strict: cmp.text === '>' || cmp.text === '<',
        text: this.source.slice(
          left.span?.start ?? cmp.span.start,
          right.span?.end ?? cmp.span.end,
        ),
      });
      const next = this.peek();
      if (next.kind === 'end') return conditions;
      if (next.kind !== ',') throw this.unexpectedAfterOperand(next, undefined);
      this.advance();
    }
  }

  private peek(): Token {
    return this.tokens[this.position]!;
  }

  private advance(): Token {
    const token = this.tokens[this.position]!;
    if (token.kind !== 'end') this.position++;
    return token;
  }

  private enter(span: SourceSpan): void {
    if (++this.depth > MAX_NESTING_DEPTH) {
      throw this.error(
        'parse_error',
        `Expression is nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`,
        span,
        'simplify the expression',
      );
    }
  }

  private leave(): void {
    this.depth--;
  }

  /** Records the depth of a new composite node and refuses trees deeper than MAX_TREE_DEPTH. */
  private checked<T extends ExprNode>(node: T, at: SourceSpan, ...children: ExprNode[]): T {
    let depth = 1;
    for (const child of children) depth = Math.max(depth, 1 + (this.treeDepth.get(child) ?? 1));
    if (depth > MAX_TREE_DEPTH) {
      throw this.error(
        'parse_error',
        `Expression is too deep (more than ${MAX_TREE_DEPTH} chained operations)`,
        at,
        'group terms with parentheses, e.g. (a + b) + (c + d), or pass a JavaScript function',
      );
    }
    this.treeDepth.set(node, depth);
    return node;
  }

  private parseSum(): ExprNode {
    let left = this.parseProduct();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'op' || (token.text !== '+' && token.text !== '-')) return left;
      this.advance();
      const right = this.parseProduct();
      left = this.checked(
        binary(token.text, left, right, join(left, right)),
        token.span,
        left,
        right,
      );
    }
  }

  private parseProduct(): ExprNode {
    let left = this.parseSigned();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'op' || (token.text !== '*' && token.text !== '/')) return left;
      this.advance();
      const right = this.parseSigned();
      left = this.checked(
        binary(token.text, left, right, join(left, right)),
        token.span,
        left,
        right,
      );
    }
  }

  private parseSigned(): ExprNode {
    const token = this.peek();
    if (token.kind === 'op' && (token.text === '-' || token.text === '+')) {
      this.advance();
      this.enter(token.span);
      const arg = this.parseSigned();
      this.leave();
      const span = { start: token.span.start, end: arg.span?.end ?? token.span.end };
      return token.text === '-' ? this.checked(negate(arg, span), token.span, arg) : arg;
    }
    return this.parsePower();
  }

  private parsePower(): ExprNode {
    const base = this.parsePrimary();
    const token = this.peek();
    if (token.kind !== 'op' || token.text !== '^') return base;
    this.advance();
    this.enter(token.span);
    const exponent = this.parseSigned();
    this.leave();
    return this.checked(
      binary('^', base, exponent, join(base, exponent)),
      token.span,
      base,
      exponent,
    );
  }

  private parsePrimary(): ExprNode {
    const token = this.advance();
    switch (token.kind) {
      case 'number':
        return num(token.value, token.span);
      case 'name':
        return this.parseName(token);
      case '(': {
        this.enter(token.span);
        if (this.peek().kind === ')') {
          throw this.error(
            'parse_error',
            'Empty parentheses',
            token.span,
            'put an expression inside ( )',
          );
        }
        const inner = this.parseSum();
        this.expectClosing(token, undefined);
        this.leave();
        return inner;
      }
      case 'bad':
        throw this.error('parse_error', token.message, token.span, token.hint);
      case 'end':
        throw this.error(
          'parse_error',
          'Unexpected end of expression',
          token.span,
          'the expression is incomplete',
        );
      case ')':
        throw this.error(
          'parse_error',
          "Unexpected ')'",
          token.span,
          'an operand is missing before it',
        );
      case ',':
        throw this.error(
          'parse_error',
          "Unexpected ','",
          token.span,
          'functions take exactly one argument; there are no lists',
        );
      case 'cmp':
        throw this.error(
          'parse_error',
          `Unexpected '${token.text}'`,
          token.span,
          'an operand is missing before the comparison',
        );
      case 'op':
        throw this.error(
          'parse_error',
          `Unexpected '${token.text}'`,
          token.span,
          token.text === '*' || token.text === '/' || token.text === '^'
            ? `an operand is missing before '${token.text}'`
            : undefined,
        );
    }
  }

  private parseName(token: Token & { kind: 'name' }): ExprNode {
    const name = token.text;
    const next = this.peek();
    if (this.variables.has(name) || isConstantName(name) || this.parameters.has(name)) {
      if (next.kind === '(') {
        throw this.error(
          'parse_error',
          `'${name}' is not a function`,
          next.span,
          `write ${name}*(...) to multiply`,
        );
      }
      if (this.variables.has(name)) return variable(name, token.span);
      const parameter = this.parameters.get(name);
      if (parameter !== undefined) {
        if (!this.usedParameters.includes(name)) this.usedParameters.push(name);
        return num(parameter, token.span);
      }
      return constant(name as ConstantName, token.span);
    }
    if (isUserFunction(name)) {
      if (next.kind !== '(') {
        throw this.error(
          'parse_error',
          `Function '${name}' needs parentheses`,
          token.span,
          `write ${name}(x), e.g. ${name}(2*x)`,
        );
      }
      const open = this.advance();
      this.enter(open.span);
      if (this.peek().kind === ')') {
        throw this.error(
          'parse_error',
          `${name}() needs an argument`,
          this.peek().span,
          `write ${name}(x)`,
        );
      }
      const arg = this.parseSum();
      const close = this.expectClosing(open, name);
      this.leave();
      return this.checked(
        call(name, arg, { start: token.span.start, end: close.span.end }),
        token.span,
        arg,
      );
    }
    throw this.unknownName(token, next.kind === '(');
  }

  /** After the contents of `open`, require `)`; otherwise explain what is there instead. */
  private expectClosing(open: Token, fn: string | undefined): Token {
    const token = this.peek();
    if (token.kind === ')') return this.advance();
    if (token.kind === 'end') {
      throw this.error('parse_error', "Unclosed '('", open.span, "add the matching ')'");
    }
    if (token.kind === ',') {
      throw this.error(
        'parse_error',
        fn ? `${fn}() takes exactly one argument` : "Unexpected ','",
        token.span,
        'all functions take exactly one argument; there are no lists',
      );
    }
    throw this.unexpectedAfterOperand(token, open);
  }

  /** A token that cannot follow a complete operand: an operator is missing, or a ')' is extra. */
  private unexpectedAfterOperand(token: Token, open: Token | undefined): KramersError {
    if (token.kind === ')' && open === undefined) {
      return this.error(
        'parse_error',
        "Unmatched ')'",
        token.span,
        "remove it or add the matching '('",
      );
    }
    if (token.kind === 'number' || token.kind === 'name' || token.kind === '(') {
      const previous = this.tokens[this.position - 1];
      const left = previous?.kind === ')' ? '(...)' : (previous?.text ?? '2');
      const right = token.kind === '(' ? '(...)' : token.text;
      return this.error(
        'parse_error',
        `Missing operator before ${describe(token)}`,
        token.span,
        `multiplication must be explicit: write ${left}*${right}`,
      );
    }
    if (token.kind === 'bad')
      return this.error('parse_error', token.message, token.span, token.hint);
    if (token.kind === 'cmp') {
      return this.error(
        'parse_error',
        `Unexpected '${token.text}'`,
        token.span,
        this.regions
          ? 'a region is one comparison per condition, e.g. x >= 1 or x >= 1, y < 0'
          : 'a comparison describes a region (e.g. --to-region "x >= 1"), not a potential',
      );
    }
    if (token.kind === ',') {
      return this.error(
        'parse_error',
        "Unexpected ','",
        token.span,
        'there are no lists; write a single expression',
      );
    }
    return this.error('parse_error', `Unexpected ${describe(token)}`, token.span, undefined);
  }

  private unknownName(token: Token, calledLikeFunction: boolean): KramersError {
    const known = [
      ...this.variables,
      ...CONSTANT_VALUES.keys(),
      ...USER_FUNCTIONS,
      ...this.parameters.keys(),
    ];
    const lower = token.text.toLowerCase();
    const similar = known.find((name) => name.toLowerCase() === lower);
    const what = calledLikeFunction ? 'function' : 'name';
    // `t` is time where a potential may depend on it; elsewhere say where, not just "unknown".
    const time =
      token.text === 't' && !calledLikeFunction
        ? 't (time) may appear only in simulate (simulate(): U(x, t) is simulated as given); resonance adds its own drive A·φ(x)·cos(Ωt) through --amplitude and --omega; the other commands analyse a static landscape (or pass t as a parameter, e.g. --param t=1)'
        : null;
    return this.error(
      'unknown_name',
      `Unknown ${what} '${token.text}'. Known names: ${known.join(', ')}`,
      token.span,
      time ?? (similar ? `did you mean '${similar}'? Names are case-sensitive` : PARAMETER_HINT),
      `unknown ${what} '${token.text}'`,
    );
  }

  private error(
    code: 'parse_error' | 'unknown_name',
    what: string,
    span: SourceSpan,
    hint: string | undefined,
    issue: string = what,
  ): KramersError {
    // Put the location after the first sentence, before any list of known names.
    const stop = what.indexOf('. ');
    const head = stop >= 0 ? what.slice(0, stop) : what;
    const tail = stop >= 0 ? what.slice(stop) : '';
    const message = `${head} at column ${span.start + 1}${tail}\n${pointAt(this.source, span)}`;
    return new KramersError(code, message, {
      issues: [{ message: issue, path: 'expression', span }],
      ...(hint ? { hint } : {}),
    });
  }
}

/** One condition of a region: g(x) ≥ 0 (or > 0 when strict). */
export interface RegionCondition {
  readonly ast: ExprNode;
  readonly strict: boolean;
  /** The condition as written. */
  readonly text: string;
}

/** A region of coordinate space written as comparisons, e.g. `x >= 1` or `x > 0, y < 0.5`. */
export interface ParsedRegion {
  readonly source: string;
  /** All must hold. */
  readonly conditions: readonly RegionCondition[];
}

/**
 * Parses a region such as `x >= 1` or `x^2 + y^2 < 0.25, x > 0` (comparisons joined by commas,
 * all of which must hold) in the given variables. The sides are ordinary expressions, so a region
 * is compiled from checked trees like a potential.
 *
 * @throws KramersError `parse_error` / `unknown_name` with a caret, as `parseExpression`.
 */
export function parseRegion(source: string, options: ParseOptions = {}): ParsedRegion {
  if (typeof source !== 'string') {
    throw new KramersError('invalid_parameter', `region must be a string; got ${typeof source}`);
  }
  const variables = checkVariables(options.variables ?? ['x']);
  const parameters = checkParameters(options.parameters, variables);
  if (source.length > MAX_SOURCE_LENGTH) {
    throw new KramersError('parse_error', `Region is too long: ${source.length} characters`);
  }
  const parser = new Parser(source, tokenize(source), variables, parameters, true);
  return { source, conditions: parser.parseConditions() };
}

/**
 * The names an expression uses that are not functions or the constants pi and e, in order of
 * first use: how a caller tells a potential in x from one in x and y before parsing it.
 */
export function namesIn(source: string): string[] {
  if (typeof source !== 'string' || source.length > MAX_SOURCE_LENGTH) return [];
  const names: string[] = [];
  for (const token of tokenize(source)) {
    if (token.kind !== 'name' || isReserved(token.text) || names.includes(token.text)) continue;
    names.push(token.text);
  }
  return names;
}

function join(left: ExprNode, right: ExprNode): SourceSpan | undefined {
  if (!left.span || !right.span) return undefined;
  return { start: left.span.start, end: right.span.end };
}
