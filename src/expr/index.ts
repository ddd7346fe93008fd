export {
  type BinaryNode,
  type BinaryOperator,
  type CallNode,
  type ConstantName,
  type ConstNode,
  countNodes,
  type ExprNode,
  type FunctionName,
  INTERNAL_FUNCTIONS,
  type NumNode,
  type ParsedExpression,
  sameTree,
  type UnaryNode,
  USER_FUNCTIONS,
  type UserFunctionName,
  type VarNode,
} from './ast.js';
export {
  compile,
  compileCombined,
  compileMany,
  compileScalar,
  compileVector,
  type GeneratedSource,
  generateSource,
  generateVectorSource,
  MAX_EXPANDED_POWER,
  type VectorFunction,
} from './compile.js';
export { differentiate } from './differentiate.js';
export {
  DEFAULT_STEPS,
  type DerivativeOrder,
  type NumericalDerivative,
  numericalDerivative,
  potentialFromFunction,
  type SuppliedDerivatives,
} from './numericalDerivative.js';
export {
  type Comparison,
  MAX_NESTING_DEPTH,
  MAX_SOURCE_LENGTH,
  MAX_TREE_DEPTH,
  namesIn,
  type ParsedRegion,
  type ParseOptions,
  parseExpression,
  parseRegion,
  type RegionCondition,
} from './parse.js';
export {
  type ExpressionPotential,
  type ExpressionPotentialOptions,
  potentialFromExpression,
  type TimeDependentPotential,
  timeDependentPotentialFromExpression,
} from './potential.js';
export {
  type CompiledRegion,
  DEFAULT_COORDINATES,
  type ExpressionPotentialND,
  type ExpressionPotentialNDOptions,
  type FunctionPotentialNDOptions,
  potentialFromExpressionND,
  potentialNDFromFunction,
  regionFromExpression,
} from './potentialND.js';
export { simplify } from './simplify.js';
export { toTex, toText } from './tex.js';
