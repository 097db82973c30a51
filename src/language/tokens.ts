/**
 * Words and sentences with their character offsets, so that every finding can point at the exact words.
 *
 * natural's tokenizers return strings without positions, so the splitting is done here with one linear
 * regular expression; natural supplies the stems (see stem.ts).
 */
import { readWordAt, type WordInfo } from './stem.js';

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
  /** The shared record of this word (one per distinct word), where the matcher caches what it knows of it. */
  info: WordInfo;
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

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Letters and digits make words; ASCII is decided by code, the rest by Unicode class (rare in contracts). */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return LETTER_OR_DIGIT.test(text[i]!);
}

/**
 * The end of the word starting at `i`. A word is letters and digits, with inner apostrophes ("City's") and
 * decimal points ("7.2"). Hyphens split words, so "de-identified" is two tokens, as a rule's "de-identified" is.
 */
function wordEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    if (isWordChar(text, j)) j++;
    else {
      const c = text.charCodeAt(j);
      const joins =
        ((c === 39 || c === 0x2019) && j + 1 < text.length && isWordChar(text, j + 1) && !isDigit(text, j + 1)) ||
        (c === 46 && isDigit(text, j - 1) && j + 1 < text.length && isDigit(text, j + 1));
      if (!joins) break;
      j += 2;
    }
  }
  return j;
}

function isDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Abbreviations whose period does not end a sentence. */
const ABBREVIATIONS = new Set([
  'inc', 'llc', 'ltd', 'corp', 'co', 'no', 'nos', 'sec', 'secs', 'art', 'e.g', 'i.e', 'etc', 'vs', 'v', 'mr', 'ms', 'mrs', 'dr',
  'st', 'u.s', 'u.s.c', 'c.f.r', 'cal', 'stat', 'para', 'cf', 'al', 'approx', 'dept', 'govt', 'jan', 'feb', 'mar', 'apr', 'jun',
  'jul', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec', 'ch', 'pp', 'p', 'ref',
]);

/** The words of a text with their stems and offsets, without sentences: the cheap first look at a clause. */
export interface WordScan {
  text: string;
  /** Each word's shared record: as written, lowercase, stem. */
  infos: WordInfo[];
  starts: number[];
  ends: number[];
}

export function scanWords(text: string): WordScan {
  const infos: WordInfo[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let start = 0; start < text.length; start++) {
    if (!isWordChar(text, start)) continue;
    const end = wordEnd(text, start);
    infos.push(readWordAt(text, start, end));
    starts.push(start);
    ends.push(end);
    start = end;
  }
  return { text, infos, starts, ends };
}

/** Words with their punctuation and sentences: what matching and stance reading need. */
export function tokenize(text: string, scan: WordScan = scanWords(text)): Tokenized {
  const tokens: Token[] = [];
  const sentences: Sentence[] = [];
  let sentenceStart = 0;
  let firstToken = 0;
  let previousEnd = 0;
  for (let i = 0; i < scan.infos.length; i++) {
    const start = scan.starts[i]!;
    const end = scan.ends[i]!;
    // Most words are separated by one space: skip the punctuation work for them (this loop is the hot path).
    const gap = start - previousEnd === 1 && text.charCodeAt(previousEnd) === 32 ? '' : text.slice(previousEnd, start);
    if (gap && tokens.length > firstToken && endsSentence(gap, tokens[tokens.length - 1]!, text, start)) {
      sentences.push({ start: sentenceStart, end: previousEnd + gap.search(/[.!?;]|\n\n|$/) + 1, first: firstToken, last: tokens.length });
      sentenceStart = start;
      firstToken = tokens.length;
    }
    const info = scan.infos[i]!;
    const before = gap && /\S/.test(gap) ? gap.replace(/\s+/g, '') : '';
    tokens.push({ text: info.word, lower: info.lower, stem: info.stem, start, end, before, sentence: sentences.length, info });
    previousEnd = end;
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
