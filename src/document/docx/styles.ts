/**
 * The parts of word/styles.xml the reader needs: which paragraph styles are headings (and at what level),
 * and which carry list numbering. Both are inherited along `w:basedOn` chains, so a custom "Clause Heading"
 * based on "Heading 2" is a level-2 heading, and a style based on a numbered style is numbered.
 */

import { attr, child, children, intVal, root, valOf, type XNode } from './xml.js';

export interface NumPr {
  numId?: string;
  ilvl?: number;
}

export interface Style {
  id: string;
  /** "paragraph", "character", "table" or "numbering". */
  type: string;
  name: string;
  basedOn?: string;
  numPr?: NumPr;
  /** w:outlineLvl: 0–8 are outline (heading) levels 1–9; 9 means body text. */
  outlineLvl?: number;
}

/** Reads w:numPr (numbering properties) from a paragraph's or a style's w:pPr. */
export function readNumPr(pPr: XNode | undefined): NumPr | undefined {
  const numPr = child(pPr, 'w:numPr');
  if (!numPr) return undefined;
  const numId = valOf(numPr, 'w:numId');
  const ilvl = intVal(numPr, 'w:ilvl');
  return { ...(numId !== undefined && { numId }), ...(ilvl !== undefined && { ilvl }) };
}

const HEADING_NAME = /^heading\s*([1-9])$/i;

export class StyleSheet {
  private readonly styles = new Map<string, Style>();
  /** The style a paragraph without w:pStyle gets (normally "Normal"). */
  private defaultParagraphStyle: string | undefined;

  constructor(parsed: XNode[] | undefined) {
    const stylesRoot = parsed ? root(parsed, 'w:styles') : undefined;
    for (const s of children(stylesRoot, 'w:style')) this.add(s);
  }

  private add(node: XNode): void {
    const id = attr(node, 'w:styleId');
    if (!id) return;
    const pPr = child(node, 'w:pPr');
    const numPr = readNumPr(pPr);
    const outlineLvl = intVal(pPr, 'w:outlineLvl');
    const basedOn = valOf(node, 'w:basedOn');
    const style: Style = {
      id,
      type: attr(node, 'w:type') ?? 'paragraph',
      name: valOf(node, 'w:name') ?? id,
      ...(basedOn !== undefined && { basedOn }),
      ...(numPr !== undefined && { numPr }),
      ...(outlineLvl !== undefined && { outlineLvl }),
    };
    this.styles.set(id, style);
    const isDefault = attr(node, 'w:default');
    if (style.type === 'paragraph' && (isDefault === '1' || isDefault === 'true')) this.defaultParagraphStyle = id;
  }

  get(id: string): Style | undefined {
    return this.styles.get(id);
  }

  /** The style and its ancestors, nearest first; stops on a cycle (malformed files have them). */
  chain(styleId: string | undefined): Style[] {
    const out: Style[] = [];
    const seen = new Set<string>();
    let id = styleId ?? this.defaultParagraphStyle;
    while (id !== undefined && !seen.has(id)) {
      seen.add(id);
      const style = this.styles.get(id);
      if (!style) break;
      out.push(style);
      id = style.basedOn;
    }
    return out;
  }

  /** Numbering a paragraph style carries, field by field from the nearest style that sets it. */
  numPr(styleId: string | undefined): NumPr | undefined {
    let numId: string | undefined;
    let ilvl: number | undefined;
    for (const style of this.chain(styleId)) {
      numId ??= style.numPr?.numId;
      ilvl ??= style.numPr?.ilvl;
    }
    if (numId === undefined && ilvl === undefined) return undefined;
    return { ...(numId !== undefined && { numId }), ...(ilvl !== undefined && { ilvl }) };
  }

  /**
   * Heading level (1 = top) a paragraph style gives, or undefined. The nearest style that says anything
   * decides: a built-in heading name/id ("heading 2" / "Heading2"), "Title" (level 1), or an outline level.
   * Word writes built-in style names in English even in localised documents, so names are reliable.
   */
  headingLevel(styleId: string | undefined): number | undefined {
    const chain = this.chain(styleId);
    // A style the file does not define (or a file without styles.xml) can still be named like a heading.
    if (chain.length === 0 && styleId !== undefined) return headingFromName(styleId);
    for (const style of chain) {
      const byName = headingFromName(style.name) ?? headingFromName(style.id);
      if (byName !== undefined) return byName;
      if (style.outlineLvl !== undefined) return outlineToHeading(style.outlineLvl);
    }
    return undefined;
  }
}

/** "heading 2" / "Heading2" → 2, "Title" → 1. */
function headingFromName(name: string): number | undefined {
  const heading = HEADING_NAME.exec(name);
  if (heading) return Number(heading[1]);
  return /^title$/i.test(name) ? 1 : undefined;
}

/** w:outlineLvl 0–8 → heading level 1–9; 9 (body text) or nonsense → not a heading. */
export function outlineToHeading(outlineLvl: number): number | undefined {
  return outlineLvl >= 0 && outlineLvl <= 8 ? outlineLvl + 1 : undefined;
}
