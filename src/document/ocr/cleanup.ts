/**
 * A small, conservative clean-up of OCR text, so that common OCR confusions don't hide a clause from the rules:
 *
 * - "1", "|" or "0" between letters: "de1ete" → "delete", "RETENT1ON" → "RETENTION", "rec0rds" → "records";
 * - "rn" read for "m", "cl" for "d", "vv" for "w", but only where the result is a known word and the text as
 *   read is not: "inforrnation" → "information" ("turn", "clear" are left alone);
 * - a word split by a stray space or a hyphen inside a line: "reten tion", "reten- tion" → "retention", again
 *   only when the joined word is known and one of the parts is not ("the rapist" stays).
 *
 * Known words are the words of the built-in rule packs' lists (rules/*.yaml), a short list of contract words,
 * and words the document itself uses at least twice. Numbers are never changed: a digit is read as a
 * letter only between letters of the same case, with two on one side (`LETTER_DIGIT`), so "30", "2026-PD-117",
 * "A1", "1st" and "7.2(a)" stay as they are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** Contract words the rules care about, in case the rule packs can't be read. */
const CONTRACT_WORDS = `agreement contract vendor city customer data information personal retain retained retains retention
delete deleted deletion destroy destroyed destruction purge purged expunge return returned archive archived backup backups
indefinitely period days months years period permanently anonymized aggregated deidentified identified
share shared sharing disclose disclosed disclosure third party parties affiliate affiliates subcontractor subcontractors
sell sold transfer transferred access law enforcement agency agencies federal immigration subpoena warrant court order
facial recognition biometric biometrics face faces template templates identify identification surveillance analytics
footage recording recordings video audio image images camera cameras plate plates license vehicle vehicles evidence
prohibited prohibit shall notwithstanding termination expiration confidential confidentiality consent written notice
services system software records record public ordinance council police department`.split(/\s+/);

/** The words in the lists of the built-in rule packs; empty if they can't be read. */
function ruleWords(): string[] {
  try {
    const dir = fileURLToPath(new URL('../../../rules/', import.meta.url));
    const words: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const pack = parse(readFileSync(dir + file, 'utf8')) as { lists?: Record<string, unknown> } | null;
      for (const list of Object.values(pack?.lists ?? {})) {
        if (!Array.isArray(list)) continue;
        for (const entry of list) if (typeof entry === 'string') words.push(...(entry.toLowerCase().match(/\p{L}{3,}/gu) ?? []));
      }
    }
    return words;
  } catch {
    return [];
  }
}

let builtin: ReadonlySet<string> | undefined;
function builtinWords(): ReadonlySet<string> {
  builtin ??= new Set([...CONTRACT_WORDS, ...ruleWords()]);
  return builtin;
}

/** The known words for cleaning one document: built-in words plus words the document's text uses twice or more. */
export function knownWords(texts: Iterable<string>): ReadonlySet<string> {
  const counts = new Map<string, number>();
  for (const t of texts) {
    for (const w of t.toLowerCase().match(/\p{L}{3,}/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const known = new Set(builtinWords());
  for (const [w, n] of counts) if (n >= 2) known.add(w);
  return known;
}

/** A digit-like character between letters of the same case: the "1" in "de1ete", the "0" in "REC0RD". */
const LETTER_DIGIT = /(?<=\p{Ll}\p{Ll}|\b\p{Ll})[1|](?=\p{Ll})|(?<=\p{Lu})[1|](?=\p{Lu}{2})|(?<=\p{Lu}{2})[1|](?=\p{Lu})|(?<=\p{Ll}{2})0(?=\p{Ll})|(?<=\p{Lu}{2})0(?=\p{Lu})/gu;

const SUBSTITUTIONS: readonly [RegExp, string][] = [
  [/rn/g, 'm'],
  [/cl/g, 'd'],
  [/vv/g, 'w'],
];

/** Cleans one line of OCR text (see the file comment). */
export function cleanOcrText(text: string, known: ReadonlySet<string>): string {
  let t = text.replace(LETTER_DIGIT, (c, offset: number, whole: string) => {
    const upper = /\p{Lu}/u.test(whole.charAt(offset - 1));
    return c === '0' ? (upper ? 'O' : 'o') : upper ? 'I' : 'l';
  });
  // Letter confusions, word by word, only towards a known word.
  t = t.replace(/\p{L}{3,}/gu, (word) => {
    const lower = word.toLowerCase();
    if (known.has(lower)) return word;
    for (const [re, to] of SUBSTITUTIONS) {
      const fixed = word.replace(re, to);
      if (fixed !== word && known.has(fixed.toLowerCase())) return fixed;
    }
    return word;
  });
  return joinSplitWords(t, known);
}

/** Joins a word split by a stray space or an in-line hyphen ("reten tion", "reten- tion"), towards a known word. */
function joinSplitWords(text: string, known: ReadonlySet<string>): string {
  const tokens = text.split(' ');
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const a = /^([^\p{L}]*)(\p{L}+)(-?)$/u.exec(tokens[i]!);
    const b = /^(\p{Ll}+)([^\p{L}]*)$/u.exec(tokens[i + 1] ?? '');
    if (a && b) {
      const [, lead = '', left = '', hyphen = ''] = a;
      const [, right = '', trail = ''] = b;
      const joined = (left + right).toLowerCase();
      const bothKnown = known.has(left.toLowerCase()) && known.has(right.toLowerCase());
      if (known.has(joined) && (!bothKnown || hyphen !== '')) {
        out.push(lead + left + right + trail);
        i++;
        continue;
      }
    }
    out.push(tokens[i]!);
  }
  return out.join(' ');
}

/** The lines with their text cleaned (copies; the input is not changed). */
export function cleanOcrLines<T extends { text: string }>(lines: readonly T[], known: ReadonlySet<string>): T[] {
  return lines.map((l) => ({ ...l, text: cleanOcrText(l.text, known) }));
}
