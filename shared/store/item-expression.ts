/**
 * Evaluates the DynamoDB condition and filter expressions the store's callers write, for the
 * in-memory store (shared/store/memory-state-store.ts). Only the forms the project uses:
 * comparisons (`=`, `<>`, `<`, `<=`, `>`, `>=`) between an attribute (`#name` or a plain
 * name) and a value (`:value`), `attribute_exists(…)`, `attribute_not_exists(…)`, joined
 * by AND or OR (no parentheses, AND binding tighter, as in DynamoDB's grammar:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html).
 * Anything else throws, so a new form fails its unit test instead of matching wrongly.
 */
export interface ItemExpression {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

const COMPARISON = /^(\S+)\s*(=|<>|<=|>=|<|>)\s*(\S+)$/;
const FUNCTION = /^(attribute_exists|attribute_not_exists)\(\s*(\S+?)\s*\)$/;

export function matchesExpression(item: Record<string, unknown> | undefined, expr: ItemExpression): boolean {
  return expr.expression.split(/\s+OR\s+/).some((alternative) => alternative.split(/\s+AND\s+/).every((term) => matchesTerm(item, term.trim(), expr)));
}

function matchesTerm(item: Record<string, unknown> | undefined, term: string, expr: ItemExpression): boolean {
  const fn = FUNCTION.exec(term);
  if (fn) {
    const present = item !== undefined && attributeOf(item, fn[2]!, expr) !== undefined;
    return fn[1] === 'attribute_exists' ? present : !present;
  }
  const cmp = COMPARISON.exec(term);
  if (!cmp) throw new Error(`unsupported expression term: ${term}`);
  const left = operand(item, cmp[1]!, expr);
  const right = operand(item, cmp[3]!, expr);
  // A comparison with a missing attribute, or across types, is false in DynamoDB.
  if (left === undefined || right === undefined || typeof left !== typeof right) return false;
  if (typeof left !== 'string' && typeof left !== 'number') return cmp[2] === '=' ? JSON.stringify(left) === JSON.stringify(right) : false;
  const [a, b] = [left, right as typeof left];
  switch (cmp[2]) {
    case '=':
      return a === b;
    case '<>':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

function operand(item: Record<string, unknown> | undefined, token: string, expr: ItemExpression): unknown {
  if (token.startsWith(':')) {
    if (!expr.values || !(token in expr.values)) throw new Error(`expression value ${token} is not defined`);
    return expr.values[token];
  }
  return item === undefined ? undefined : attributeOf(item, token, expr);
}

function attributeOf(item: Record<string, unknown>, token: string, expr: ItemExpression): unknown {
  const name = token.startsWith('#') ? expr.names?.[token] : token;
  if (name === undefined) throw new Error(`expression name ${token} is not defined`);
  return item[name];
}
