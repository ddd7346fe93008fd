import { differentiate, generateSource, parseExpression, simplify } from '../../src/expr/index.js';
import type { FunctionSource } from '../../src/simulation/index.js';

/** U and U′ of an expression as generated sources, the way the facade builds them. */
export function sourcesOf(expression: string): {
  potential: FunctionSource;
  force: FunctionSource;
} {
  const ast = simplify(parseExpression(expression).ast);
  return {
    potential: generateSource(ast, ['x']),
    force: generateSource(simplify(differentiate(ast, 'x')), ['x']),
  };
}

/**
 * Exact MFPTs for U = x⁴/4 − x²/2, D = 0.25, γ = 1 from x = −1
 * (test/fixtures/reference_cases.json).
 */
export const MFPT_TO_OTHER_WELL = 14.2777366365081;
export const MFPT_TO_BARRIER_TOP = 5.74343706804;
/** Same potential, D = 0.1: from −1 to the barrier top (reference_cases.json). */
export const MFPT_TO_BARRIER_TOP_D01 = 30.8213024727;
