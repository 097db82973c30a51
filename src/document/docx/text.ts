/**
 * The reader's share of text cleanup: tabs and line breaks become spaces, non-breaking hyphens plain
 * hyphens, soft hyphens (invisible unless a line breaks there) disappear, and the ends are trimmed.
 * Quotes and odd spaces are left to the segmenter, which normalises them with an offset map.
 */
export function cleanText(raw: string): string {
  return raw
    .replace(/[\t\n\r\v\f\u2028\u2029]/g, ' ')
    .replace(/\u2011/g, '-')
    .replace(/\u00AD/g, '')
    .trim();
}
