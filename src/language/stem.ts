/**
 * Stems, so that a rule's "retain" also catches "retained", "retaining" and "retention".
 *
 * natural's Porter stemmer does the suffix work; Porter leaves some derivations apart that a contract reader
 * treats as one word ("retention"/"retain", "sale"/"sell", British "-ise"), so a small table joins them.
 * Stems are cached per word: contracts reuse a small vocabulary, and the cache makes stemming ~20x faster.
 */
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

const DERIVATIONS: Record<string, string> = {
  retent: 'retain',
  disclosur: 'disclos',
  identif: 'identifi',
  recognit: 'recogn',
  recognis: 'recogn',
  sold: 'sell',
  sale: 'sell',
  kept: 'keep',
  storag: 'store',
  destruct: 'destroi',
  anonymis: 'anonym',
  pseudonymis: 'pseudonym',
  authoris: 'author',
  minimis: 'minim',
  deidentifi: 'deidentifi',
  licenc: 'licens',
  transmitt: 'transmit',
  transmiss: 'transmit',
  surveil: 'surveil',
  surveillanc: 'surveil',
  biometr: 'biometr',
  expung: 'expung',
  erasur: 'eras',
  eras: 'eras',
  purg: 'purg',
  deriv: 'deriv',
  analys: 'analyz',
  analyt: 'analyz',
  analysi: 'analyz',
  analyz: 'analyz',
  processor: 'processor',
};

/**
 * Words whose Porter stem collides with a different word a rule means: the pronoun "us" with "use", the noun
 * "authority" (often the agency itself) with "authorize", "anonymous" with "anonymized". They get stems of their own.
 */
const OWN_STEMS: Record<string, string> = {
  us: 'us~',
  authority: 'authoriti',
  authorities: 'authoriti',
  anonymous: 'anonymous',
  anonymously: 'anonymous',
};

const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

/** The stem of one lowercase word. */
export function stem(lower: string): string {
  let s = cache.get(lower);
  if (s === undefined) {
    const porter = /^[a-z]+$/.test(lower) ? PorterStemmer.stem(lower) : lower;
    s = OWN_STEMS[lower] ?? DERIVATIONS[porter] ?? porter;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(lower, s);
  }
  return s;
}

export interface WordInfo {
  /** The word as written. */
  word: string;
  lower: string;
  stem: string;
  /** The number of this word's stem in the last rule set's vocabulary (-1: none), asked once per word, not per use. */
  index: { owner: object; id: number } | undefined;
}

/**
 * The tokenizer's hot path: every word of every clause is looked up here. A Map keyed by the word would need a
 * fresh string (a slice) per occurrence and V8 would hash it each time; this open-addressing table hashes the
 * characters in place and compares them with `startsWith`, so a word seen before costs no allocation at all.
 */
const TABLE_BITS = 17;
const TABLE_SIZE = 1 << TABLE_BITS;
let table: (WordInfo | undefined)[] = new Array<WordInfo | undefined>(TABLE_SIZE).fill(undefined);
/** Each slot's full hash: most probes that are not the word are told apart without reading its characters. */
let hashes = new Int32Array(TABLE_SIZE);
let used = 0;

/** The word `text[start, end)` with its lowercase form and stem; `hash` is its FNV-1a hash (see hashOf). */
export function readWordAt(text: string, start: number, end: number, hash = hashOf(text, start, end)): WordInfo {
  const h = hash | 0;
  const length = end - start;
  for (let slot = h & (TABLE_SIZE - 1); ; slot = (slot + 1) & (TABLE_SIZE - 1)) {
    const entry = table[slot];
    if (entry === undefined) return remember(slot, h, text.slice(start, end));
    if (hashes[slot] === h && entry.word.length === length && sameAt(text, start, entry.word)) return entry;
  }
}

/** Whether `word` is written at `text[start]` (a short loop beats a builtin call for words this short). */
function sameAt(text: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (text.charCodeAt(start + k) !== word.charCodeAt(k)) return false;
  return true;
}

function remember(slot: number, hash: number, word: string): WordInfo {
  // "City's" stems as "City": the possessive is not part of the word a rule names.
  const possessive = word.length > 2 && (word.endsWith("'s") || word.endsWith('\u2019s') || word.endsWith("'S"));
  const lower = (possessive ? word.slice(0, -2) : word).toLowerCase();
  const entry: WordInfo = { word, lower, stem: stem(lower), index: undefined };
  if (used > TABLE_SIZE * 0.7) {
    // A huge vocabulary (a very long document): start over rather than grow without bound.
    table = new Array<WordInfo | undefined>(TABLE_SIZE).fill(undefined);
    hashes = new Int32Array(TABLE_SIZE);
    used = 0;
    slot = hash & (TABLE_SIZE - 1);
  }
  table[slot] = entry;
  hashes[slot] = hash;
  used++;
  return entry;
}

/** FNV-1a's offset basis (as a 32-bit integer) and prime; the word scan (tokens.ts) hashes with them as it reads. */
export const FNV_OFFSET = 2166136261 | 0;
export const FNV_PRIME = 16777619;

/** FNV-1a over the UTF-16 code units of `text[start, end)`. */
export function hashOf(text: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}
