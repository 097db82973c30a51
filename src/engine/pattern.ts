/**
 * The escape hatch: a regular expression in a rule. Rule files come from users, so a pattern must never be able
 * to hang the engine. Patterns run on RE2 (re2js), whose matching time is linear in the text whatever the
 * pattern; in addition, shapes that backtrack catastrophically in ordinary engines — a quantified group that
 * itself contains a quantifier, like (a+)+ — are refused, so that a rule means the same in any tool.
 */
import { RE2JS } from 're2js';

export type SafePattern = RE2JS;

/** Compiles a rule's pattern, or returns the reason it is refused. */
export function compilePattern(source: string): SafePattern | string {
  const nested = nestedQuantifier(source);
  if (nested) {
    return `pattern ${JSON.stringify(source)} nests a quantifier inside a quantified group (${nested}), which can backtrack catastrophically; rewrite it without the outer repetition or use words with all/near`;
  }
  try {
    return RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return `pattern ${JSON.stringify(source)} is not supported: ${why} (backreferences and lookaround are not allowed)`;
  }
}

/**
 * Finds a group that is repeated without bound (followed by *, + or {n,}) and contains a repetition itself.
 * A small scan over the pattern's syntax: escapes and character classes are skipped.
 */
function nestedQuantifier(source: string): string | undefined {
  const stack: { start: number; quantified: boolean }[] = [];
  let i = 0;
  let lastGroup: { start: number; quantified: boolean } | undefined;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '[') {
      i = skipClass(source, i);
      continue;
    }
    if (ch === '(') {
      stack.push({ start: i, quantified: false });
      i++;
      continue;
    }
    if (ch === ')') {
      lastGroup = stack.pop();
      i++;
      if (lastGroup && isUnbounded(source, i) && lastGroup.quantified) {
        return source.slice(lastGroup.start, i + 1);
      }
      // The group's own repetition makes its parent a repeated group too.
      if (lastGroup && (lastGroup.quantified || isQuantifier(source, i)) && stack.length) stack.at(-1)!.quantified = true;
      continue;
    }
    if (isQuantifier(source, i) && i > 0) {
      for (const g of stack) g.quantified = true;
    }
    i++;
  }
  return undefined;
}

/** `*`, `+` or `{n,}`: a repetition with no upper bound. A bounded `{0,3}` around a group is allowed. */
function isUnbounded(source: string, i: number): boolean {
  const ch = source[i];
  return ch === '*' || ch === '+' || (ch === '{' && /^\{\d+,\}/.test(source.slice(i, i + 12)));
}

function isQuantifier(source: string, i: number): boolean {
  const ch = source[i];
  return ch === '*' || ch === '+' || (ch === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i, i + 12)));
}

function skipClass(source: string, i: number): number {
  let j = i + 1;
  if (source[j] === '^') j++;
  if (source[j] === ']') j++;
  while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
  return j + 1;
}
