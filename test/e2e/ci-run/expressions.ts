/**
 * The `${{ … }}` expressions of GitHub Actions, as far as the recipes and action.yml use
 * them: context paths (`github.event.pull_request.number`, `steps.run.outputs.exit-code`),
 * string, boolean and null literals, `==`, `!=`, `&&`, `||`, `!`, parentheses and the
 * status functions. Comparisons are GitHub's loose ones for strings and numbers.
 */
export interface ExpressionContext {
  contexts: Record<string, unknown>;
  /** The job's status so far: `success()` / `failure()`. */
  failed: boolean;
}

const TOKENS = /\s*(?:'((?:[^']|'')*)'|(==|!=|&&|\|\||!|\(|\))|([A-Za-z_][\w-]*(?:\.[\w*-]+)*))/y;

type Token = { literal: string } | { op: string } | { path: string };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  TOKENS.lastIndex = 0;
  while (TOKENS.lastIndex < expression.trimEnd().length) {
    const match = TOKENS.exec(expression);
    if (match === null) throw new Error(`cannot read the expression ${expression}`);
    if (match[1] !== undefined) tokens.push({ literal: match[1].replace(/''/g, "'") });
    else if (match[2] !== undefined) tokens.push({ op: match[2] });
    else tokens.push({ path: match[3]! });
  }
  return tokens;
}

export function evaluate(expression: string, ctx: ExpressionContext): unknown {
  const tokens = tokenize(expression);
  let at = 0;
  const peek = () => tokens[at];
  const isOp = (op: string) => {
    const t = peek();
    return t !== undefined && 'op' in t && t.op === op;
  };
  const functions: Record<string, () => boolean> = {
    always: () => true,
    success: () => !ctx.failed,
    failure: () => ctx.failed,
    cancelled: () => false,
  };
  const primary = (): unknown => {
    const t = tokens[at++];
    if (t === undefined) throw new Error(`unexpected end of ${expression}`);
    if ('literal' in t) return t.literal;
    if ('op' in t && t.op === '!') return !truthy(primary());
    if ('op' in t && t.op === '(') {
      const value = or();
      at++; // ')'
      return value;
    }
    if (!('path' in t)) throw new Error(`unexpected ${t.op} in ${expression}`);
    if (isOp('(')) {
      at += 2; // '(' ')'
      const fn = functions[t.path];
      if (fn === undefined) throw new Error(`unknown function ${t.path}`);
      return fn();
    }
    if (t.path === 'true' || t.path === 'false') return t.path === 'true';
    if (t.path === 'null') return null;
    return t.path.split('.').reduce<unknown>((value, key) => {
      if (value === null || typeof value !== 'object') return undefined;
      return (value as Record<string, unknown>)[key];
    }, ctx.contexts);
  };
  const comparison = (): unknown => {
    const left = primary();
    if (isOp('==') || isOp('!=')) {
      const equal = (peek() as { op: string }).op === '==';
      at++;
      const same = loose(left) === loose(primary());
      return equal ? same : !same;
    }
    return left;
  };
  const and = (): unknown => {
    let value = comparison();
    while (isOp('&&')) {
      at++;
      const right = comparison();
      value = truthy(value) ? right : value;
    }
    return value;
  };
  const or = (): unknown => {
    let value = and();
    while (isOp('||')) {
      at++;
      const right = and();
      value = truthy(value) ? value : right;
    }
    return value;
  };
  return or();
}

const truthy = (value: unknown) =>
  value !== undefined && value !== null && value !== false && value !== '' && value !== 0;
const loose = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value).toLowerCase()
    : value === undefined || value === null
      ? ''
      : JSON.stringify(value);

/** A string with `${{ … }}` parts replaced by their values. */
export function interpolate(text: string, ctx: ExpressionContext): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => {
    const value = evaluate(expression.trim(), ctx);
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return JSON.stringify(value);
  });
}

/** A step's or job's `if:`: an expression with or without `${{ }}`; default `success()`. */
export function condition(text: unknown, ctx: ExpressionContext): boolean {
  if (text === undefined) return !ctx.failed;
  const expression = (typeof text === 'string' ? text : JSON.stringify(text)).replace(
    /^\s*\$\{\{([\s\S]*)\}\}\s*$/,
    '$1',
  );
  const usesStatus = /\b(always|success|failure|cancelled)\s*\(/.test(expression);
  const value = truthy(evaluate(expression, ctx));
  return usesStatus ? value : value && !ctx.failed;
}
