/**
 * Section numbers as contracts print them, and how they nest.
 *
 * A label is read from the start of a clause ("7.2", "(a)", "ARTICLE IV", "Section 5.", "§ 3"). Its *style*
 * says which list it belongs to; nesting follows the order styles first appear, as a reader infers it:
 * a style seen before closes everything opened after it, a new style opens a deeper level.
 */

export type LabelStyle =
  | 'article' // ARTICLE IV, Article 4
  | 'section' // Section 5, § 5 (whole numbers or dotted)
  | `decimal-${number}` // 1. / 1.1 / 1.1.1 (the number is the depth)
  | 'paren-lower' // (a)
  | 'paren-roman' // (iv)
  | 'paren-upper' // (A)
  | 'paren-upper-roman' // (IV)
  | 'paren-digit' // (1)
  | 'dot-lower' // a.  a)
  | 'dot-roman' // iv.  iv)
  | 'dot-upper'; // A.  A)

export interface Label {
  style: LabelStyle;
  /** As printed, without trailing white space: "(a)", "7.2", "ARTICLE IV", "Section 5.". */
  printed: string;
  /** The value that goes into a citation: "a", "7.2", "IV", "5". */
  value: string;
  /** Characters of the clause text taken by the label and the space after it. */
  length: number;
}

const ARTICLE = /^(ARTICLE|Article)\s+([IVXLC]+|\d{1,3})\b[.:]?/;
const SECTION = /^(SECTION|Section|Sec\.|§§?)\s*(\d{1,3}(?:\.\d{1,3}){0,4})\b\.?/;
const DECIMAL = /^(\d{1,3}(?:\.\d{1,3}){0,4})(\.?)(?=\s|$)/;
const PAREN = /^\(([a-z]{1,2}|[A-Z]{1,2}|[ivxlc]{1,6}|[IVXLC]{1,6}|\d{1,3})\)(?=\s|$)/;
const DOTTED_LETTER = /^([a-z]|[A-Z]|[ivx]{1,5})([.)])(?=\s)/;
const ROMAN = /^[ivxlc]+$/i;

/** Reads the label at the start of `text`, or returns undefined when the clause is unnumbered. */
export function readLabel(text: string): Label | undefined {
  let m = ARTICLE.exec(text);
  if (m) return make('article', m[0], m[2]!.toUpperCase(), text);
  m = SECTION.exec(text);
  if (m) return make('section', m[0], m[2]!, text);
  m = DECIMAL.exec(text);
  if (m) {
    const number = m[1]!;
    const depth = number.split('.').length;
    // A bare whole number ("30 days …", a table row "1 Bayshore Blvd") is a label only when printed with a dot
    // ("3.") or followed by a heading in capitals ("2 DEFINITIONS").
    if (depth === 1 && m[2] !== '.' && !/^\d{1,3}\s+[A-Z][A-Z]/.test(text)) return undefined;
    if (depth === 1 && Number(number) > 300) return undefined;
    return make(`decimal-${depth}`, m[0], number, text);
  }
  m = PAREN.exec(text);
  if (m) {
    const v = m[1]!;
    if (/^\d+$/.test(v)) return make('paren-digit', m[0], v, text);
    if (/^[a-z]+$/.test(v)) return make(ROMAN.test(v) && v.length > 1 ? 'paren-roman' : 'paren-lower', m[0], v, text);
    return make(ROMAN.test(v) && v.length > 1 ? 'paren-upper-roman' : 'paren-upper', m[0], v, text);
  }
  m = DOTTED_LETTER.exec(text);
  if (m) {
    const v = m[1]!;
    if (/^[a-z]$/.test(v)) return make('dot-lower', m[0], v, text);
    if (/^[A-Z]$/.test(v)) return make('dot-upper', m[0], v, text);
    return make('dot-roman', m[0], v, text);
  }
  return undefined;
}

function make(style: LabelStyle, printed: string, value: string, text: string): Label {
  let length = printed.length;
  while (length < text.length && text[length] === ' ') length++;
  return { style, printed: printed.trim(), value, length };
}

function isMajor(style: LabelStyle): boolean {
  return style === 'article' || style === 'section' || style.startsWith('decimal-');
}

function decimalDepth(style: LabelStyle): number {
  return style.startsWith('decimal-') ? Number(style.slice('decimal-'.length)) : 0;
}

/** The single letters that are also roman numerals: "(i)" may be the ninth letter or the first numeral. */
const AMBIGUOUS_LOWER = new Set(['i', 'v', 'x', 'l', 'c']);

export function romanToInt(s: string): number {
  const values: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
  let total = 0;
  for (let k = 0; k < s.length; k++) {
    const v = values[s[k]!.toLowerCase()] ?? 0;
    const next = values[s[k + 1]?.toLowerCase() ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

function previousLetter(s: string): string {
  return String.fromCharCode(s.charCodeAt(0) - 1);
}

/** One open level of the outline: its label and, once known, its heading. */
export interface OutlineLevel {
  label: Label;
  title?: string;
}

/**
 * Tracks the open levels of the outline while clauses are read in order, and gives each its citation.
 */
export class Outline {
  levels: OutlineLevel[] = [];

  /** Places a label in the outline; returns the level it now occupies. */
  enter(label: Label): OutlineLevel {
    const resolved = this.disambiguate(label);
    // The body's numbering ("1.", "Article I", "Section 1") never nests under lettered recitals ("A.", "(C)").
    if (isMajor(resolved.style) && !this.levels.some((l) => isMajor(l.label.style))) this.levels = [];
    const depth = decimalDepth(resolved.style);
    // "2." closes "1.3" even when "1." itself was never printed (e.g. under "ARTICLE 1").
    const at = this.levels.findIndex(
      (l) => l.label.style === resolved.style || (depth > 0 && decimalDepth(l.label.style) >= depth),
    );
    if (at >= 0) this.levels.length = at;
    const level: OutlineLevel = { label: resolved };
    this.levels.push(level);
    return level;
  }

  /** Clears the outline, e.g. at an exhibit or schedule that starts its own numbering. */
  reset(): void {
    this.levels = [];
  }

  /**
   * "(i)" after "(h)" is a letter; "(i)" under "(a)" is the first numeral; "(v)" after "(iv)" is a numeral.
   * Single-letter labels that are also numerals are decided by what the open levels expect next.
   */
  private disambiguate(label: Label): Label {
    const lower = label.style === 'paren-lower' || label.style === 'dot-lower';
    const upper = label.style === 'paren-upper' || label.style === 'dot-upper';
    if (!(lower || upper) || !AMBIGUOUS_LOWER.has(label.value.toLowerCase())) {
      return label;
    }
    const paren = label.style.startsWith('paren');
    const letterStyle = label.style;
    const romanStyle: LabelStyle = paren ? (lower ? 'paren-roman' : 'paren-upper-roman') : 'dot-roman';
    const openRoman = this.levels.find((l) => l.label.style === romanStyle);
    if (openRoman && romanToInt(openRoman.label.value) + 1 === romanToInt(label.value)) {
      return { ...label, style: romanStyle };
    }
    const openLetter = this.levels.find((l) => l.label.style === letterStyle);
    if (openLetter && openLetter.label.value === previousLetter(label.value)) return label;
    if (label.value.toLowerCase() === 'i') return { ...label, style: romanStyle };
    return label;
  }

  /** The citation of the innermost open level: "7.2(a)(i)", "Article IV", "Article II § 3(b)". */
  citation(): string {
    let out = '';
    for (const { label } of this.levels) {
      switch (label.style) {
        case 'article':
          out = `Article ${label.value}`;
          break;
        case 'section':
        default:
          if (label.style === 'section' || label.style.startsWith('decimal-')) {
            // A dotted number carries its own parents ("4.2"); a whole number restarted inside an article
            // needs the article to be found ("Article II § 3").
            // ("Section 5" and "§ 5" are numbered across the whole contract, so they stand alone.)
            const article = out.startsWith('Article') && label.style !== 'section' ? out.split(' §')[0]! : '';
            out = label.value.includes('.') || !article ? label.value : `${article} § ${label.value}`;
          } else if (!out && label.style.startsWith('dot-')) {
            out = label.value; // a recital "A." is cited as "A"
          } else {
            out += `(${label.value})`;
          }
      }
    }
    return out;
  }
}
