/**
 * Words and sentences with their character offsets, so that every finding can point at the exact words.
 *
 * natural's tokenizers return strings without positions, so the splitting is done here with one linear
 * regular expression; natural supplies the stems (see stem.ts).
 */
import { stem } from './stem.js';

export interface Token {
  /** The word as written. */
  text: string;
  lower: string;
  stem: string;
  start: number;
  end: number;
  /** Punctuation between the previous word and this one, e.g. ";" or ",". Empty when only spaces. */
  before: string;
  /** Index of the sentence the word belongs to. */
  sentence: number;
}

export interface Sentence {
  start: number;
  end: number;
  /** Token index range [first, last). */
  first: number;
  last: number;
}

export interface Tokenized {
  text: string;
  tokens: Token[];
  sentences: Sentence[];
}

// A word: letters/digits, with inner apostrophes ("City's") or dots in numbers ("7.2"). Hyphens split words,
// so "de-identified" is two tokens, as a rule's "de-identified" is.
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+|\.\d+)*/gu;

/** Abbreviations whose period does not end a sentence. */
const ABBREVIATIONS = new Set([
  'inc', 'llc', 'ltd', 'corp', 'co', 'no', 'nos', 'sec', 'secs', 'art', 'e.g', 'i.e', 'etc', 'vs', 'v', 'mr', 'ms', 'mrs', 'dr',
  'st', 'u.s', 'u.s.c', 'c.f.r', 'cal', 'stat', 'para', 'cf', 'al', 'approx', 'dept', 'govt', 'jan', 'feb', 'mar', 'apr', 'jun',
  'jul', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec', 'ch', 'pp', 'p', 'ref',
]);

export function tokenize(text: string): Tokenized {
  const tokens: Token[] = [];
  const sentences: Sentence[] = [];
  let sentenceStart = 0;
  let firstToken = 0;
  let previousEnd = 0;
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    const gap = text.slice(previousEnd, start);
    if (tokens.length > firstToken && endsSentence(gap, tokens.at(-1)!, text, start)) {
      sentences.push({ start: sentenceStart, end: previousEnd + gap.search(/[.!?;]|\n\n|$/) + 1, first: firstToken, last: tokens.length });
      sentenceStart = start;
      firstToken = tokens.length;
    }
    const word = m[0];
    // "City's" stems as "City": the possessive is not part of the word a rule names.
    const base = /['’]s$/i.test(word) ? word.slice(0, -2) : word;
    const lower = base.toLowerCase();
    tokens.push({ text: word, lower, stem: stem(lower), start, end: start + word.length, before: gap.replace(/\s+/g, ''), sentence: sentences.length });
    previousEnd = start + word.length;
  }
  if (tokens.length > firstToken || sentences.length === 0) {
    sentences.push({ start: sentenceStart, end: text.length, first: firstToken, last: tokens.length });
  }
  return { text, tokens, sentences };
}

/**
 * A sentence ends at ".", "!", "?" (or a blank line) before the next word, unless the period closes an
 * abbreviation ("Inc.", "e.g.") or a lone initial, or the next word starts lowercase.
 * Semicolons end a sentence too: contract lists ("(a) …; (b) …") are separate provisions.
 */
function endsSentence(gap: string, previous: Token, text: string, nextStart: number): boolean {
  if (gap.includes('\n\n')) return true;
  if (gap.includes(';')) return true;
  if (!/[.!?]/.test(gap)) return false;
  if (/^\./.test(gap) && (ABBREVIATIONS.has(previous.lower) || previous.text.length === 1)) return false;
  const next = text[nextStart]!;
  return !/\p{Ll}/u.test(next);
}
