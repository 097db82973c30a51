/**
 * Words and sentences with their character offsets, so that every finding can point at the exact words.
 *
 * natural's tokenizers return strings without positions, so the splitting is done here with one linear
 * regular expression; natural supplies the stems (see stem.ts).
 */
import { FNV_OFFSET, FNV_PRIME, readWordAt, type WordInfo } from './stem.js';

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
  /** The scan the tokens were built from (what the matcher reads). */
  scan: WordScan;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Letters and digits make words; ASCII is decided by code, the rest by Unicode class (rare in contracts). */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return LETTER_OR_DIGIT.test(text[i]!);
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

/**
 * The words of a text with their stems, offsets and sentences: what matching needs. Cheap enough to run on every
 * clause; the fuller `Tokenized` (token objects with their punctuation, for reading stance) is built only for
 * clauses where a rule matched.
 */
export interface WordScan {
  text: string;
  /** Each word's shared record: as written, lowercase, stem. */
  infos: WordInfo[];
  starts: number[];
  ends: number[];
  /** The sentence each word belongs to. */
  sentenceOf: number[];
  /** The first word of each sentence; a sentence runs to the next one's first word (or the last word). */
  sentenceFirst: number[];
}


/** ASCII letters and digits. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = /[A-Za-z0-9]/.test(String.fromCharCode(c)) ? 1 : 0;

const PERIOD = 46;
const NEWLINE = 10;

/**
 * One pass over the characters: words (hashed as they are read, see readWordAt), and the sentence breaks in the
 * gaps between them (see endsSentence for the rule).
 */
export function scanWords(text: string): WordScan {
  const infos: WordInfo[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const sentenceOf: number[] = [];
  const sentenceFirst: number[] = [0];
  const length = text.length;
  let sentence = 0;
  // What the gap since the previous word held: a stop (. ! ?), a semicolon or blank line, a period first.
  let stop = false;
  let hard = false;
  let periodFirst = false;
  let newline = false;
  let gapStart = 0;
  for (let i = 0; i < length; ) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      newline = false;
      i++;
      continue;
    }
    if (!(c < 128 ? ASCII_WORD[c] === 1 : isWordChar(text, i))) {
      if (c === PERIOD || c === 33 || c === 63) {
        if (c === PERIOD && i === gapStart) periodFirst = true;
        stop = true;
      } else if (c === 59) hard = true;
      if (c === NEWLINE) {
        if (newline) hard = true;
        newline = true;
      } else newline = false;
      i++;
      continue;
    }
    // A word: hash its characters while finding its end.
    const start = i;
    let h = FNV_OFFSET;
    let j = i;
    for (;;) {
      let d = text.charCodeAt(j);
      while (d < 128 && ASCII_WORD[d] === 1) {
        h = Math.imul(h ^ d, FNV_PRIME);
        d = text.charCodeAt(++j);
      }
      if (d >= 128 && isWordChar(text, j)) {
        h = Math.imul(h ^ d, FNV_PRIME);
        j++;
        continue;
      }
      // Inner apostrophes ("City's") and decimal points ("7.2") stay inside the word.
      const joins =
        j + 1 < length &&
        (((d === 39 || d === 0x2019) && isWordChar(text, j + 1) && !isDigit(text, j + 1)) ||
          (d === PERIOD && isDigit(text, j - 1) && isDigit(text, j + 1)));
      if (!joins) break;
      h = Math.imul(Math.imul(h ^ d, FNV_PRIME) ^ text.charCodeAt(j + 1), FNV_PRIME);
      j += 2;
    }
    const n = infos.length;
    if ((stop || hard) && n > sentenceFirst[sentence]!) {
      const previous = infos[n - 1]!;
      const breaks =
        hard ||
        (!(periodFirst && (ABBREVIATIONS.has(previous.lower) || previous.word.length === 1)) && !startsLowercase(text, start));
      if (breaks) sentenceFirst[++sentence] = n;
    }
    stop = hard = periodFirst = newline = false;
    infos.push(readWordAt(text, start, j, h));
    starts.push(start);
    ends.push(j);
    sentenceOf.push(sentence);
    gapStart = i = j;
  }
  return { text, infos, starts, ends, sentenceOf, sentenceFirst };
}

function startsLowercase(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c < 128 ? c >= 97 && c <= 122 : /\p{Ll}/u.test(text[i]!);
}

/** Words with their punctuation and sentences: what stance reading needs. */
export function tokenize(text: string, scan: WordScan = scanWords(text)): Tokenized {
  const { infos, starts, ends, sentenceOf, sentenceFirst } = scan;
  const tokens: Token[] = new Array(infos.length);
  let previousEnd = 0;
  for (let i = 0; i < infos.length; i++) {
    const start = starts[i]!;
    // Most words are separated by one space: skip the punctuation work for them (this loop is the hot path).
    const plain = start - previousEnd === 1 && text.charCodeAt(previousEnd) === 32;
    const before = plain || start === previousEnd ? '' : punctuation(text.slice(previousEnd, start));
    const info = infos[i]!;
    tokens[i] = { text: info.word, lower: info.lower, stem: info.stem, start, end: ends[i]!, before, sentence: sentenceOf[i]!, info };
    previousEnd = ends[i]!;
  }
  const sentences: Sentence[] = sentenceFirst.map((first, s) => {
    const last = sentenceFirst[s + 1] ?? tokens.length;
    const start = s === 0 ? 0 : tokens[first]!.start;
    if (s + 1 === sentenceFirst.length) return { start, end: text.length, first, last };
    // The sentence ends at its stop (or blank line) in the gap before the next sentence's first word.
    const gapStart = tokens[last - 1]!.end;
    const gap = text.slice(gapStart, tokens[last]!.start);
    return { start, end: gapStart + gap.search(/[.!?;]|\n\n|$/) + 1, first, last };
  });
  return { text, tokens, sentences, scan };
}

function punctuation(gap: string): string {
  return /\S/.test(gap) ? gap.replace(/\s+/g, '') : '';
}

/*
 * The sentence rule (scanWords): a sentence ends at ".", "!", "?" (or a blank line) before the next word, unless
 * the period closes an abbreviation ("Inc.", "e.g.") or a lone initial, or the next word starts lowercase.
 * Semicolons end a sentence too: contract lists ("(a) …; (b) …") are separate provisions.
 */
