/**
 * String rules used by the PDF reader (src/document/pdf.ts): cleaning the text pdf.js returns, and recognising
 * clause numbers, page numbers and heading-like text (wrapped lines are joined by join-lines.ts, shared with the
 * plain-text reader). Everything here is a pure function of strings, so each rule can be tested on its own.
 */
import { SOFT_HYPHEN } from './join-lines.js';

// ---------------------------------------------------------------------------------------------------------
// Cleaning
// ---------------------------------------------------------------------------------------------------------

/** U+FB00–U+FB06: ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ. NFKC turns each into its plain letters (ﬅ and ﬆ both become "st"). */
const LIGATURES = /[\uFB00-\uFB06]/g;
/** C0 control characters other than tab/newline: some fonts map glyphs to them; they are never real text. */
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * Cleans one run of text from pdf.js: unfolds ligatures, turns tabs and newlines into spaces and drops control
 * characters. Quotes, dashes and odd spaces are left alone: the segmenter normalises those and keeps an offset
 * map back to this text. Soft hyphens are kept here so that `joinParagraph` (join-lines.ts) can see one at a
 * line end; `finishText` removes the rest.
 */
export function cleanRunText(s: string): string {
  return s
    .replace(LIGATURES, (lig) => lig.normalize('NFKC'))
    .replace(/[\t\r\n]/g, ' ')
    .replace(CONTROL_CHARS, '');
}

/** Final touch on a block's text: no soft hyphens, single spaces between words, no outer spaces. */
export function finishText(s: string): string {
  return s.replaceAll(SOFT_HYPHEN, '').replace(/ {2,}/g, ' ').trim();
}

/**
 * Share of a text's characters that cannot be real text: U+FFFD (pdf.js's "unknown glyph") and Private Use
 * Area code points (what a font without a Unicode mapping often yields). Used to warn about pages whose text
 * layer is garbage.
 */
export function undecodableShare(s: string): number {
  const chars = s.replace(/\s/g, '');
  if (chars.length === 0) return 0;
  const bad = chars.match(/[\uFFFD\uE000-\uF8FF]/g)?.length ?? 0;
  return bad / chars.length;
}

// ---------------------------------------------------------------------------------------------------------
// Clause numbers
// ---------------------------------------------------------------------------------------------------------

/** Patterns for a clause number at the start of a line. Each must be followed by a space or the line end. */
const CLAUSE_START: readonly RegExp[] = [
  // 7.2  7.2.1  7.2.  7.2(a)  7.2(a)(iv)
  /^\d{1,3}(?:\.\d{1,3})+\.?(?:\([a-z0-9]{1,4}\))*(?=\s|$)/i,
  // 1.  1)  7(a)   (a bare "30 days" at a line start is not a clause number)
  /^\d{1,3}(?:[.)]|(?:\([a-z0-9]{1,4}\))+)(?=\s|$)/i,
  // (a)  (iv)  (12)  (A)  (aa)
  /^\((?:[a-z]{1,2}|[ivxlcdm]{1,6}|\d{1,3})\)(?=\s|$)/i,
  // a)  B)
  /^[a-z]\)(?=\s|$)/i,
  // A. Definitions   (a letter, a period, then a capitalised word)
  /^[A-Z]\.\s+(?=\p{Lu})/u,
  // ARTICLE IV, Article 4, Section 5, SECTION 5.1, Exhibit A, Schedule 2 (capitalised, so a wrapped
  // "section 5 of the Act" in running text does not count)
  /^(?:ARTICLE|Article|SECTION|Section|CLAUSE|Clause|SCHEDULE|Schedule|EXHIBIT|Exhibit|APPENDIX|Appendix|ATTACHMENT|Attachment|ANNEX|Annex)\s+(?:[IVXLCDM]+|\d{1,3}(?:\.\d{1,3})*|[A-Z])\b/,
  // § 3  §3.2  §§ 4
  /^§{1,2}\s*\d/,
];

/** Whether a line starts with a clause number ("1.", "7.2", "(a)", "(iv)", "ARTICLE IV", "Section 5", "§ 3"). */
export function startsWithClauseNumber(text: string): boolean {
  const t = text.trimStart();
  return CLAUSE_START.some((re) => re.test(t));
}

/** The text after a leading clause number: "7.2 Deletion" → "Deletion", "Section 5 Data" → "Data". */
export function withoutClauseNumber(text: string): string {
  const t = text.trimStart();
  for (const re of CLAUSE_START) {
    const m = re.exec(t);
    if (m) return t.slice(m[0].length).replace(/^[\s.:–—-]+/, '');
  }
  return t;
}

/** A bullet or dash that opens a list item: "• ", "◦ ", "▪ ", "– ", "- ", "* ". */
const BULLET = /^[•◦▪▫‣⁃●○■□➢►✓*\-–—]\s+\S/u;

/** Whether a line starts a list item with a bullet or dash. */
export function startsWithBullet(text: string): boolean {
  return BULLET.test(text.trimStart());
}

/**
 * Whether a line ends the way a clause, list item or lead-in does: ".", "!", "?", ":" or ";" (closing quotes
 * and brackets ignored), or "; and" / "; or" before the last item of a list. A clause number at the start of
 * the next line only opens a new clause after such an ending (or after a line that stopped short); otherwise it
 * is a reference or an inline list running on: "…as set out in Section" / "7.4 below", "…for any reason on
 * ninety" / "(90) days' notice", "…shall (i) delete the data and" / "(ii) certify".
 */
export function endsClause(text: string): boolean {
  const t = text.trimEnd();
  return /[.!?:;]/.test(finalPunctuation(t)) || /;\s*(?:and|or|and\/or)$/i.test(t);
}

// ---------------------------------------------------------------------------------------------------------
// Page numbers and running headers/footers
// ---------------------------------------------------------------------------------------------------------

const PAGE_NUMBER: readonly RegExp[] = [
  // 3   - 3 -   — 3 —   Page 3   Page 3 of 10   page 3/10   3 of 10   3/10
  /^(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i,
  // 3 | Page   Page | 3
  /^\d{1,4}\s*\|\s*page$/i,
  /^page\s*\|\s*\d{1,4}$/i,
  // front-matter numbering: i, ii, iv, xii (lowercase roman numerals up to xxxix)
  /^(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})$/,
];

/** Whether a line holds nothing but a page number ("3", "- 3 -", "Page 3", "Page 3 of 10", "3 | Page"). */
export function isPageNumber(text: string): boolean {
  const t = text.trim();
  return PAGE_NUMBER.some((re) => re.test(t));
}

/**
 * The page number a header or footer line carries at its start or end: 3 in "Chapter 2: Scope 3" or in
 * "3 Chapter 2: Scope". A number followed by "." or ")" at the start is a clause number, not a page number.
 */
export function edgeNumber(text: string): number | undefined {
  const t = text.trim();
  const m = t.match(/(?:^|\s)(\d{1,4})$/) ?? t.match(/^(\d{1,4})\s/);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/**
 * The key under which a header/footer line is compared across pages: lowercased, spaces collapsed, and every
 * run of digits replaced by "#", so "Contract 2024-17, page 3" and "…page 4" match. A line that starts with a
 * clause number keeps its digits: "ARTICLE 3" at the top of page 3 and "ARTICLE 4" at the top of page 4 are
 * headings, not a running header.
 */
export function furnitureKey(text: string): string {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  return startsWithClauseNumber(text) ? t : t.replace(/\d+/g, '#');
}

// ---------------------------------------------------------------------------------------------------------
// Heading-like text
// ---------------------------------------------------------------------------------------------------------

/** Whether the letters of a text are (nearly) all capitals: "ARTICLE IV – DATA RETENTION". */
export function isAllCaps(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length < 4) return false;
  const upper = letters.filter((c) => c !== c.toLowerCase() && c === c.toUpperCase()).length;
  return upper / letters.length >= 0.85;
}

/** Whether most longer words are capitalised: "Data Retention and Deletion" (short words like "and" don't count). */
export function isTitleCase(text: string): boolean {
  const words = text.match(/\p{L}{4,}/gu) ?? [];
  if (words.length === 0) return /^\P{Ll}*\p{Lu}/u.test(text);
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return capitalised / words.length >= 0.75;
}

/** The last visible character, ignoring closing quotes and brackets: `…days.")` → ".". */
export function finalPunctuation(text: string): string {
  const t = text.trimEnd().replace(/["'”’)\]]+$/, '');
  return t.slice(-1);
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => w !== '').length;
}
