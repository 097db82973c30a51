/**
 * Joining the wrapped lines of one paragraph, and mending words hyphenated across a line end. Shared by the PDF
 * reader (pdf-layout.ts) and the plain-text reader (text.ts): a hard-wrapped text file has the same problem as a
 * PDF's lines.
 */

/** U+00AD: marks where a word may be split; at a line end, the word was split there. */
export const SOFT_HYPHEN = '\u00AD';

/**
 * Words that are common free-standing first halves of hyphenated compounds ("third-party", "non-exclusive",
 * "self-insured", "co-operation", "cross-border", "long-term", "short-term", "well-being", "half-day",
 * "full-time", "real-time", "opt-in"). When a line ends with one of these plus a hyphen, the hyphen is
 * almost always part of the compound, not a hyphenation point, so it is kept: "third-" + "party" →
 * "third-party". Ordinary words ("reten-" + "tion") lose the hyphen.
 */
const COMPOUND_PREFIXES: ReadonlySet<string> = new Set([
  'third',
  'non',
  'self',
  'co',
  'cross',
  'long',
  'short',
  'well',
  'half',
  'full',
  'real',
  'opt',
]);

/**
 * Endings that make a single word out of one of the prefixes above ("short-" + "age" → "shortage", "well-" +
 * "ness" → "wellness", "cross-" + "ing" → "crossing"). With these the hyphen is a hyphenation point after all.
 */
const WORD_SUFFIXES = /^(?:s|es|ed|er|ers|est|ing|ly|ness|ish|age|ages|ful|ward|wards)\b/;

/** A hyphen at the end of a line, after a letter: "reten-", "third-" (but not "—", " -" or "2-"). */
const LINE_END_HYPHEN = /(\p{L})[-\u2010]$/u;

/**
 * How two consecutive lines of one paragraph meet: how many characters the first loses at its end (a hyphen
 * that only split a word) and what goes between them.
 *
 * - A line ending in a soft hyphen: the word was split there → join without hyphen or space.
 * - A line ending in a hyphen after a letter, next line starting with a lowercase letter: a word hyphenated
 *   across the line end. The hyphen is dropped ("reten-" + "tion" → "retention") unless the part before it
 *   is already a compound ("end-to-" + "end"), or is a common free-standing prefix word (see
 *   `COMPOUND_PREFIXES`, "third-" + "party" → "third-party") not followed by a word suffix, or the document
 *   prints the hyphenated word elsewhere (`compounds`, see hyphenatedWords).
 * - A hyphen before an uppercase letter or digit ("Non-" + "Disclosure", "COVID-" + "19") is kept, with no space.
 * - Anything else: joined with one space.
 *
 * Only the end of `left` is read, so joining a paragraph line by line stays linear in its length.
 */
function seam(left: string, right: string, compounds: ReadonlySet<string>): { drop: number; glue: string } {
  if (left.endsWith(SOFT_HYPHEN)) return { drop: 1, glue: '' };
  if (!LINE_END_HYPHEN.test(left.slice(-2))) return { drop: 0, glue: ' ' };
  const first = right.charAt(0);
  const startsLower = first !== first.toUpperCase() && first === first.toLowerCase();
  if (!startsLower) {
    // "Non-" + "Disclosure", "COVID-" + "19": a compound; a space would be wrong too.
    return { drop: 0, glue: /[\p{L}\p{N}]/u.test(first) ? '' : ' ' };
  }
  return { drop: keepsHyphen(left, right, compounds) ? 0 : 1, glue: '' };
}

/** Joins two consecutive lines of one paragraph (see `seam` for the rule at the line end). */
export function joinLines(left: string, right: string, compounds: ReadonlySet<string> = new Set()): string {
  return joinParagraph([left, right], compounds);
}

/** Joins the lines of one paragraph, each pair as `joinLines` would, in time linear in the paragraph's length. */
export function joinParagraph(lines: readonly string[], compounds: ReadonlySet<string> = new Set()): string {
  const parts: string[] = [];
  let previous = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (previous !== '') {
      const { drop, glue } = seam(previous, line, compounds);
      if (drop) parts[parts.length - 1] = previous.slice(0, -drop);
      parts.push(glue);
    }
    parts.push(line);
    previous = line;
  }
  return parts.join('');
}

/** Whether a line-end hyphen before a lowercase continuation belongs to a compound (see `seam`). */
function keepsHyphen(left: string, right: string, compounds: ReadonlySet<string>): boolean {
  // The word before the hyphen, e.g. "third" in "a third-" or "end-to" in "an end-to-".
  const word = wordBefore(left, left.length - 1).toLowerCase();
  if (word.includes('-')) return true; // already a compound: "end-to-" + "end", "state-of-the-" + "art"
  // The document prints the word with its hyphen elsewhere ("De-identified Data"): keep it here too.
  const next = (right.match(/^[\p{L}]+/u)?.[0] ?? '').toLowerCase();
  if (compounds.has(`${word}-${next}`)) return true;
  if (!COMPOUND_PREFIXES.has(word.replace(/^['’]+/, ''))) return false;
  return !WORD_SUFFIXES.test(right);
}

const WORD_PART = /[\p{L}\p{N}'’-]/u;

/** The run of letters, digits, apostrophes and hyphens that ends at `end` (read backwards: no regex rescans). */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && WORD_PART.test(text[start - 1]!)) start--;
  return text.slice(start, end);
}

/**
 * The hyphenated words a document prints ("de-identified", "opt-in"), lowercase: a hyphen at a line end that
 * would make one of them is kept (see `seam`). Each line is split into runs of letters and hyphens first, so a
 * long run of letters costs linear time (a single regular expression for the whole shape backtracks on it).
 */
export function hyphenatedWords(lines: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const line of lines) {
    for (const run of line.split(/[^\p{L}-]+/u)) {
      if (!run.includes('-')) continue;
      // "de-identified", but not the "-" of "--" or of a leading or trailing hyphen.
      let words: string[] = [];
      for (const part of [...run.split('-'), '']) {
        if (part) {
          words.push(part);
          continue;
        }
        if (words.length >= 2) out.add(words.join('-').toLowerCase());
        words = [];
      }
    }
  }
  return out;
}
