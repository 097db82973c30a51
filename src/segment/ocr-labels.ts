/**
 * OCR misreads clause numbers more than any other text: "(c)" comes back as "(0)" or "(co)", "2.2" as "22",
 * "C." as "€.". A number in the wrong place files every finding under the wrong section, so for text read by OCR
 * the label at the start of a block is checked against what the outline expects next, and a misread of the same
 * shape is replaced by the expected label.
 */
import { readLabel, romanToInt, type Label, type Outline } from './numbering.js';

/** What could come next: the next sibling at each open level, and the first child of the innermost. */
function expectedLabels(outline: Outline): string[] {
  const out: string[] = [];
  for (const { label } of [...outline.levels].reverse()) {
    const next = nextLabel(label);
    if (next) out.push(next);
  }
  const inner = outline.levels.at(-1)?.label;
  if (inner?.style.startsWith('decimal-')) out.push(`${inner.value}.1`);
  if (inner?.style === 'article' || inner?.style === 'section') out.push('1.');
  if (inner) out.push('(a)', '(i)');
  return out;
}

function nextLabel(label: Label): string | undefined {
  const v = label.value;
  switch (label.style) {
    case 'paren-lower':
      return /^[a-y]$/.test(v) ? `(${String.fromCharCode(v.charCodeAt(0) + 1)})` : undefined;
    case 'paren-upper':
      return /^[A-Y]$/.test(v) ? `(${String.fromCharCode(v.charCodeAt(0) + 1)})` : undefined;
    case 'dot-upper':
      return /^[A-Y]$/.test(v) ? `${String.fromCharCode(v.charCodeAt(0) + 1)}.` : undefined;
    case 'dot-lower':
      return /^[a-y]$/.test(v) ? `${String.fromCharCode(v.charCodeAt(0) + 1)}.` : undefined;
    case 'paren-roman':
      return `(${toRoman(romanToInt(v) + 1)})`;
    case 'paren-digit':
      return `(${Number(v) + 1})`;
    default:
      if (label.style.startsWith('decimal-')) {
        const parts = v.split('.');
        parts[parts.length - 1] = String(Number(parts.at(-1)) + 1);
        return parts.length === 1 ? `${parts[0]}.` : parts.join('.');
      }
      return undefined;
  }
}

/** The first word of an OCR'd block, when it has the shape of a label: "(0)", "(co)", "22", "€.". */
const LABEL_LIKE = /^(\(?[0-9A-Za-z€£$|!]{1,3}[.),;:]?|[®©]|\d{2,3}(?:\.\d{1,3})?)(?=\s)/;

/** Characters OCR takes for digits: "l", "I", "L" or "|" for 1, "O" for 0, "S" for 5. */
const DIGIT_LOOKALIKES: Record<string, string> = { l: '1', I: '1', L: '1', '|': '1', '!': '1', i: '1', O: '0', o: '0', S: '5', s: '5', Z: '2', B: '8' };

function asDigits(token: string): string {
  return [...token.replace(/[,;:]$/, '.')].map((ch) => DIGIT_LOOKALIKES[ch] ?? ch).join('');
}

/** A definition ("'Footage' means …") with no number, where lettered definitions came before it. */
const UNNUMBERED_DEFINITION = /^"[^"]{1,60}"\s+(?:shall\s+)?means?\b/;

export function repairOcrLabel(text: string, outline: Outline): string {
  const found = LABEL_LIKE.exec(text);
  if (!found) {
    // OCR can drop a number altogether; in a lettered list of definitions, the missing one is the next letter.
    const inner = outline.levels.at(-1)?.label;
    const next = inner && (inner.style === 'paren-lower' || inner.style === 'paren-upper') ? nextLabel(inner) : undefined;
    return next && UNNUMBERED_DEFINITION.test(text) ? `${next} ${text}` : text;
  }
  const token = found[0];
  // Numbers printed with their dots ("1.", "2.5") are read reliably: a new article after the recitals is no misread.
  if (/^\d{1,3}(?:\.\d{1,3})*\.?$/.test(token) && token.includes('.')) return text;
  const expected = expectedLabels(outline);
  const label = readLabel(text);
  if (label && expected.includes(label.printed.replace(/^Section\s+/i, ''))) return text;
  if (label && label.printed.length > 4) return text; // "ARTICLE IV", "Section 5": not a misread
  for (const want of expected) {
    if (sameShape(token, want)) return want + text.slice(token.length);
  }
  return text;
}

/** A misread keeps the shape: brackets where the label has them, about as many characters. */
function sameShape(token: string, label: string): boolean {
  if (token === label) return false;
  const paren = label.startsWith('(');
  if (paren && (token === '®' || token === '©')) return true; // "(r)", "(c)" and their neighbours, set as one glyph
  // "1)" for "(i)": the opening bracket lost and the numeral taken for a digit
  if (paren && !token.startsWith('(') && token.endsWith(')')) {
    return token.slice(0, -1).replace(/1/g, 'i').replace(/0/g, 'o') === label.slice(1, -1);
  }
  if (paren !== token.startsWith('(')) return false;
  if (paren) return token.length >= 2 && token.length <= label.length + 1;
  // "22" for "2.2", "3" or "3;" for "3.", "L" for "1.", "€." for "C."
  if (/^\d/.test(label)) return asDigits(token).replace(/\./g, '') === label.replace(/\./g, '');
  return token.length === label.length && token.endsWith('.') && !/^[A-Za-z0-9]\.$/.test(token);
}


function toRoman(n: number): string {
  const table: [number, string][] = [[10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [value, numeral] of table) while (n >= value) (out += numeral), (n -= value);
  return out;
}
