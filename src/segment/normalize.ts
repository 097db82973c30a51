/**
 * Text normalisation that remembers where every character came from.
 *
 * Rules match on plain text: straight quotes, no ligatures, one space between words. But a finding must point
 * at the words in the document as the reader gave them, so each normalised character keeps the index of the
 * source character it came from (`map[i]`), plus one entry for the end position.
 */

export interface NormalizedText {
  text: string;
  /** `map[i]` is the source offset of `text[i]`; `map[text.length]` is the source length. */
  map: number[];
}

const REPLACEMENTS: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"', '\u00AB': '"', '\u00BB': '"',
  '\uFB00': 'ff', '\uFB01': 'fi', '\uFB02': 'fl', '\uFB03': 'ffi', '\uFB04': 'ffl', '\uFB05': 'st', '\uFB06': 'st',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u2026': '...',
};

/** Characters that carry nothing a reader sees: soft hyphen, zero-width spaces and joiners, BOM. */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\u2063\uFEFF]/;
const SPACE = /[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]/;

/**
 * Normalises one block of text: curly quotes → straight, ligatures unfolded, dashes → '-', invisible characters
 * dropped, every run of white space → one space, trimmed.
 */
export function normalizeText(source: string): NormalizedText {
  let text = '';
  const map: number[] = [];
  let pendingSpace = -1; // source index of a run of white space not yet written
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (INVISIBLE.test(ch)) continue;
    if (SPACE.test(ch)) {
      if (pendingSpace < 0) pendingSpace = i;
      continue;
    }
    if (pendingSpace >= 0) {
      if (text.length > 0) {
        text += ' ';
        map.push(pendingSpace);
      }
      pendingSpace = -1;
    }
    const out = REPLACEMENTS[ch] ?? ch;
    for (const c of out) {
      text += c;
      map.push(i);
    }
  }
  map.push(pendingSpace >= 0 ? pendingSpace : source.length);
  return { text, map };
}
