/**
 * The escape hatch: a regular expression in a rule. Rule files come from users, so a pattern must never be able
 * to hang the engine. Patterns run on RE2 (re2js), whose matching time is linear in the text whatever the
 * pattern; in addition, shapes that backtrack catastrophically in ordinary engines — a quantified group that
 * itself contains a quantifier, like (a+)+ — are refused, so that a rule means the same in any tool.
 */
import { RE2JS } from 're2js';

/**
 * A compiled pattern. RE2 in JavaScript is linear but slow (tens of times slower than the built-in engine), so
 * `literals` — words one of which any match must contain — let most sentences be skipped without running it.
 */
export interface SafePattern {
  re: RE2JS;
  /**
   * What any match must contain, to test before running RE2 (see mayMatch): for some top-level alternative, one
   * string of each of its sets. Strings are lowercase with whitespace runs written as one space. Undefined when
   * nothing can be worked out.
   */
  literals: string[][][] | undefined;
}

/**
 * Whether a window could hold a match, from the strings every match contains. `text` is the window in lowercase
 * with each run of whitespace written as one space (see normalizeForLiterals).
 */
export function mayMatch(literals: string[][][], text: string): boolean {
  return literals.some((sets) => sets.every((set) => set.some((l) => text.includes(l))));
}

/** The form of a text that `literals` are looked up in. */
export function normalizeForLiterals(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}

/** Compiles a rule's pattern, or returns the reason it is refused. */
export function compilePattern(source: string): SafePattern | string {
  const nested = nestedQuantifier(source);
  if (nested) {
    return `pattern ${JSON.stringify(source)} nests a quantifier inside a quantified group (${nested}), which can backtrack catastrophically; rewrite it without the outer repetition or use words with all/near`;
  }
  try {
    return { re: RE2JS.compile(source, RE2JS.CASE_INSENSITIVE), literals: literalFilter(source) };
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

/**
 * Strings one of which every match must contain, read from the pattern's syntax. For each top-level
 * alternative, the required parts of its sequence are found — runs of plain characters, and groups whose own
 * alternatives all have such parts — and the most selective is kept: `\\bre-?identif(y|ies)\\b` → ["identif"],
 * `\\bretain(?:s|ed)?\\b|\\bkept\\b` → ["retain", "kept"]. Undefined when some alternative has none (then the
 * pattern always runs).
 */
export function requiredLiterals(source: string): string[] | undefined {
  const out: string[] = [];
  for (const alternative of splitTopLevel(source, '|')) {
    const literals = sequenceLiterals(alternative);
    if (!literals) return undefined;
    out.push(...literals);
  }
  return out.length ? out : undefined;
}

/**
 * Everything the pattern's matches must contain: per top-level alternative, every requirement of its sequence
 * (not only the most selective one), so that "use the services of" needs "use…" and "the services of" both.
 */
export function literalFilter(source: string): string[][][] | undefined {
  const alternatives: string[][][] = [];
  for (const alternative of splitTopLevel(source, '|')) {
    const sets = sequenceCandidates(alternative);
    if (!sets || sets.length === 0) return undefined;
    alternatives.push(sets);
  }
  return alternatives;
}

const META = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);

function sequenceLiterals(sequence: string): string[] | undefined {
  const candidates = sequenceCandidates(sequence);
  if (!candidates || candidates.length === 0) return undefined;
  // The most selective requirement: the one whose shortest string is longest.
  const shortest = (c: string[]) => Math.min(...c.map((x) => x.length));
  return candidates.reduce((best, c) => (shortest(c) > shortest(best) ? c : best));
}

/**
 * The requirements of one sequence (no top-level `|`): sets of strings, one of each set being in every match.
 * Whitespace (`\s`, `\s+`, a space) joins the words around it into one string, written as one space.
 */
function sequenceCandidates(sequence: string): string[][] | undefined {
  const candidates: string[][] = [];
  let run = '';
  const flush = () => {
    if (run.trim().length >= 3) candidates.push([run.toLowerCase()]);
    run = '';
  };
  const space = () => {
    if (!run.endsWith(' ')) run += ' ';
  };
  let i = 0;
  while (i < sequence.length) {
    const ch = sequence[i]!;
    if (ch === '(') {
      const close = matchingParen(sequence.slice(i)) + i;
      if (close < i) return undefined;
      const group = sequence.slice(i, close + 1);
      i = close + 1;
      flush();
      const optional = isOptional(sequence, i);
      i = skipQuantifier(sequence, i);
      if (optional || (group.startsWith('(?') && !group.startsWith('(?:'))) continue; // lookaround, flags, names
      const inner = requiredLiterals(group.slice(group.startsWith('(?:') ? 3 : 1, -1));
      if (inner) candidates.push(inner);
      continue;
    }
    if (ch === '[' || ch === '.' || ch === '^' || ch === '$') {
      flush();
      i = skipQuantifier(sequence, ch === '[' ? skipClass(sequence, i) : i + 1);
      continue;
    }
    // Whitespace, once or more: one space in the normalized text ("\s*" and "\s?" may be nothing: they end the run).
    if ((ch === '\\' && sequence[i + 1] === 's') || ch === ' ') {
      const after = i + (ch === ' ' ? 1 : 2);
      if (isOptional(sequence, after)) {
        flush();
        i = skipQuantifier(sequence, after);
      } else {
        space();
        i = sequence[after] === '+' ? skipQuantifier(sequence, after) : after;
      }
      continue;
    }
    let literal: string | undefined = ch;
    let width = 1;
    if (ch === '\\') {
      const next = sequence[i + 1] ?? '';
      literal = /[a-zA-Z0-9]/.test(next) ? undefined : next; // \b \s \w \d are not text; \. \- are
      width = 2;
    } else if (META.has(ch)) {
      return undefined; // a stray quantifier or brace: do not guess
    }
    const after = i + width;
    if (literal === undefined) {
      flush();
      i = skipQuantifier(sequence, after);
      continue;
    }
    if (isOptional(sequence, after)) {
      flush();
      i = skipQuantifier(sequence, after);
      continue;
    }
    run += literal;
    if (sequence[after] === '+' || sequence[after] === '{') {
      flush(); // "a+" or "a{2,}": the character is there, what follows it may not be adjacent
      i = skipQuantifier(sequence, after);
      continue;
    }
    i = after;
  }
  flush();
  return candidates;
}

function skipQuantifier(source: string, i: number): number {
  let j = i;
  if (source[j] === '{') {
    const close = source.indexOf('}', j);
    j = close < 0 ? j + 1 : close + 1;
  } else if (source[j] === '?' || source[j] === '*' || source[j] === '+') j++;
  if (source[j] === '?' || source[j] === '+') j++; // lazy or possessive
  return j;
}

function isOptional(source: string, i: number): boolean {
  return source[i] === '?' || source[i] === '*' || /^\{0/.test(source.slice(i, i + 3));
}

function matchingParen(source: string): number {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') i++;
    else if (ch === '[') i = skipClass(source, i) - 1;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(source: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') i++;
    else if (ch === '[') i = skipClass(source, i) - 1;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === separator && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}
