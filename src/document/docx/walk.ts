/**
 * The XML pass: walks word/document.xml (and the footnote, endnote and comment parts) in document order and
 * records, for every paragraph, what mammoth does not tell us: its list label, heading level, pending
 * tracked changes, the page it starts on, and where it sits (body, table cell, text box, note, comment).
 * It also reads each paragraph's accepted text itself, used only where mammoth has no text for it.
 *
 * The output is a list of `Unit`s in reading order: single paragraphs, or groups of paragraphs that become
 * one block (the paragraphs of one table cell, or of one footnote or comment).
 */

import type { TrackedChanges } from '../model.js';
import { readNumPr, outlineToHeading, type StyleSheet } from './styles.js';
import { ListCounters, type NumberingDefinitions } from './numbering.js';
import { attr, child, children, intVal, kids, root, tagOf, textOf, valOf, type XNode } from './xml.js';
import { markerId } from './markers.js';
import { cleanText } from './text.js';

/** The author clausewatch writes its Word comments as (src/report/docx/comments.ts uses the same name). */
export const REVIEW_COMMENT_AUTHOR = 'clausewatch';

export interface SourcePara {
  /** Marker id linking this paragraph to its text in mammoth's output (see markers.ts). */
  id: number | undefined;
  /** The accepted text as read by this pass; a fallback for paragraphs mammoth has no text for. */
  ownText: string;
  /** Rendered list number ("7.2", "(a)"), or "". */
  label: string;
  isBullet: boolean;
  headingLevel: number | undefined;
  /** The paragraph mark is a pending deletion: accepting the change joins this paragraph to the next. */
  markDeleted: boolean;
  /** The whole paragraph goes away when changes are accepted (its table row is a pending deletion). */
  removed: boolean;
  tracked: TrackedChanges;
  /** Any pending revision touches this paragraph (text, paragraph mark or row). */
  hasTrackedChange: boolean;
  page: number | undefined;
  /**
   * The body paragraph this is, or, in a note or comment, the body paragraph that refers to it (undefined
   * when nothing in the body does): its position among the `<w:p>` elements of word/document.xml. That is
   * its marker id, because the body part is marked first. A Word report anchors its comments there.
   */
  bodyParagraph: number | undefined;
}

export type GroupKind = 'table-cell' | 'footnote' | 'endnote' | 'comment';

export type Unit =
  | { type: 'para'; para: SourcePara; origin?: string }
  | { type: 'group'; kind: GroupKind; paras: SourcePara[]; origin: string; page?: number };

/** A footnote, endnote or comment: its blocks, and when the body first refers to it. */
export interface Annotation {
  /** w:id in the part (mammoth looks notes up by it). */
  id: string;
  units: Unit[];
  /** Order of first reference in the body (1-based), or undefined when never referenced. */
  refOrder: number | undefined;
}

interface Reference {
  order: number;
  page: number | undefined;
  /** The body paragraph holding the reference (see `SourcePara.bodyParagraph`). */
  paragraph: number | undefined;
}

export interface WalkOptions {
  styles: StyleSheet;
  numbering: NumberingDefinitions;
  /** Count pages from w:lastRenderedPageBreak (see docx.ts for why only those). */
  trackPages: boolean;
}

/** Receives paragraphs: each as its own unit, or accumulated into a group (a table cell, a note). */
interface Sink {
  para(para: SourcePara, extras: Unit[]): void;
  /** A table interrupts a group: emit what has accumulated so far. */
  flush(): void;
}

class ParaSink implements Sink {
  constructor(
    private readonly out: Unit[],
    private readonly origin?: string,
  ) {}

  para(para: SourcePara, extras: Unit[]): void {
    this.out.push(this.origin === undefined ? { type: 'para', para } : { type: 'para', para, origin: this.origin });
    for (const e of extras) this.out.push(e);
  }

  flush(): void {}
}

class GroupSink implements Sink {
  private paras: SourcePara[] = [];
  private extras: Unit[] = [];

  constructor(
    private readonly out: Unit[],
    private readonly kind: GroupKind,
    private readonly origin: string,
    private readonly page?: number,
  ) {}

  para(para: SourcePara, extras: Unit[]): void {
    this.paras.push(para);
    for (const e of extras) this.extras.push(e);
  }

  flush(): void {
    if (this.paras.length > 0) {
      const group: Unit = { type: 'group', kind: this.kind, paras: this.paras, origin: this.origin };
      if (this.page !== undefined) group.page = this.page;
      this.out.push(group);
    }
    for (const e of this.extras) this.out.push(e);
    this.paras = [];
    this.extras = [];
  }
}

/** Collects one paragraph's accepted text and its pending insertions and deletions. */
class Collector {
  text = '';
  readonly tracked: TrackedChanges = { insertions: [], deletions: [], authors: [] };
  hasChange = false;
  /** Open w:ins / w:del elements, innermost last; their text becomes one insertion or deletion each. */
  private readonly open: { kind: 'ins' | 'del'; text: string }[] = [];
  private deletionDepth = 0;

  constructor(private readonly onAcceptedText: () => void) {}

  get inDeletion(): boolean {
    return this.deletionDepth > 0;
  }

  add(s: string): void {
    const frame = this.nearest(this.inDeletion ? 'del' : 'ins');
    if (frame) frame.text += s;
    if (!this.inDeletion) {
      this.text += s;
      if (s.trim()) this.onAcceptedText();
    }
  }

  enter(kind: 'ins' | 'del', author: string | undefined): void {
    this.open.push({ kind, text: '' });
    if (kind === 'del') this.deletionDepth++;
    this.noteChange(author);
  }

  exit(): void {
    const frame = this.open.pop();
    if (!frame) return;
    if (frame.kind === 'del') this.deletionDepth--;
    const text = cleanText(frame.text);
    if (text) (frame.kind === 'ins' ? this.tracked.insertions : this.tracked.deletions).push(text);
  }

  noteChange(author: string | undefined): void {
    this.hasChange = true;
    if (author && !this.tracked.authors.includes(author)) this.tracked.authors.push(author);
  }

  private nearest(kind: 'ins' | 'del'): { text: string } | undefined {
    for (let i = this.open.length - 1; i >= 0; i--) {
      if (this.open[i]!.kind === kind) return this.open[i];
    }
    return undefined;
  }
}

/** The branch of mc:AlternateContent to read: the Fallback, as mammoth does (it is what old readers see). */
function chosenBranch(alternate: XNode): XNode | undefined {
  return child(alternate, 'mc:Fallback') ?? child(alternate, 'mc:Choice');
}

export class Walker {
  private counters: ListCounters;
  private page = 1;
  private tableCount = 0;
  /** >0 while inside a text box: page hints there belong to the anchor's page, not the flow. */
  private textBoxDepth = 0;
  /** Set while walking a table row that is a pending deletion: its paragraphs disappear on accept. */
  private removedBy: { author: string | undefined } | undefined;
  private storyTracksPages: boolean;
  private inBody = false;
  /** In the body: the paragraph being read; in a note or comment: the body paragraph referring to it. */
  private bodyParagraph: number | undefined;
  private readonly footnoteRefs = new Map<string, Reference>();
  private readonly endnoteRefs = new Map<string, Reference>();
  private readonly commentRefs = new Map<string, Reference>();
  /** Embedded foreign documents (w:altChunk) that neither pass reads. */
  altChunks = 0;
  /** Whether any page break hint was found (so `page` values mean something). */
  pagesSeen = false;

  constructor(private readonly options: WalkOptions) {
    this.counters = new ListCounters(options.numbering);
    this.storyTracksPages = options.trackPages;
  }

  /** The last page number reached in the body. */
  get lastPage(): number {
    return this.page;
  }

  /** Walks word/document.xml; undefined when it has no w:body (not a Word document). */
  body(parsed: XNode[]): Unit[] | undefined {
    const body = child(root(parsed, 'w:document'), 'w:body');
    if (!body) return undefined;
    const units: Unit[] = [];
    this.inBody = true;
    this.blocks(kids(body), new ParaSink(units), units);
    this.inBody = false;
    return units;
  }

  /**
   * Walks word/footnotes.xml or word/endnotes.xml. Separators are skipped, and so are notes the body never
   * references (Word does not show them; a reference inside deleted text does not count, since the text
   * reads as if changes were accepted). Notes are numbered as the reader sees them: by reference order.
   */
  notes(parsed: XNode[] | undefined, kind: 'footnote' | 'endnote'): Annotation[] {
    const container = parsed ? root(parsed, kind === 'footnote' ? 'w:footnotes' : 'w:endnotes') : undefined;
    const refs = kind === 'footnote' ? this.footnoteRefs : this.endnoteRefs;
    const out: Annotation[] = [];
    this.startStory();
    for (const note of children(container, kind === 'footnote' ? 'w:footnote' : 'w:endnote')) {
      const type = attr(note, 'w:type');
      const ref = refs.get(attr(note, 'w:id') ?? '');
      if ((type !== undefined && type !== 'normal') || !ref) continue;
      out.push(this.annotation(note, kind, `${kind} ${ref.order}`, ref));
    }
    return out;
  }

  /** Walks word/comments.xml. Every comment is kept: a reviewer's remark matters even if its anchor moved. */
  comments(parsed: XNode[] | undefined): Annotation[] {
    const container = parsed ? root(parsed, 'w:comments') : undefined;
    const out: Annotation[] = [];
    this.startStory();
    for (const comment of children(container, 'w:comment')) {
      const author = attr(comment, 'w:author')?.trim();
      // clausewatch's own comments (a Word report scanned again) are not the contract's text.
      if (author === REVIEW_COMMENT_AUTHOR) continue;
      const origin = author ? `comment by ${author}` : 'comment';
      out.push(this.annotation(comment, 'comment', origin, this.commentRefs.get(attr(comment, 'w:id') ?? '')));
    }
    return out;
  }

  /** Notes and comments are separate stories: own list counters, no page flow. */
  private startStory(): void {
    this.counters = new ListCounters(this.options.numbering);
    this.storyTracksPages = false;
  }

  private annotation(node: XNode, kind: GroupKind, origin: string, ref: Reference | undefined): Annotation {
    const units: Unit[] = [];
    const sink = new GroupSink(units, kind, origin, ref?.page);
    this.bodyParagraph = ref?.paragraph;
    this.blocks(kids(node), sink, units);
    this.bodyParagraph = undefined;
    sink.flush();
    return { id: attr(node, 'w:id') ?? '', units, refOrder: ref?.order };
  }

  // ---- block level -------------------------------------------------------------------------------------

  private blocks(nodes: XNode[], sink: Sink, out: Unit[]): void {
    for (const node of nodes) {
      switch (tagOf(node)) {
        case 'w:p': {
          const extras: Unit[] = [];
          const para = this.paragraph(node, extras);
          sink.para(para, extras);
          break;
        }
        case 'w:tbl':
          sink.flush();
          this.table(node, out);
          break;
        case 'w:sdt': // content control: its content is ordinary blocks
          this.blocks(kids(child(node, 'w:sdtContent') ?? {}), sink, out);
          break;
        case 'w:customXml':
        case 'w:smartTag':
          this.blocks(kids(node), sink, out);
          break;
        case 'mc:AlternateContent':
          this.blocks(kids(chosenBranch(node) ?? {}), sink, out);
          break;
        case 'w:altChunk':
          this.altChunks++;
          break;
        default:
          break; // w:sectPr, bookmarks, permission ranges …: no text
      }
    }
  }

  private table(tbl: XNode, out: Unit[]): void {
    const tableNo = ++this.tableCount;
    let rowNo = 0;
    for (const tr of this.rowsOf(tbl)) {
      const rowDeletion = child(child(tr, 'w:trPr'), 'w:del');
      // Rows are numbered as the reader sees them once changes are accepted: a deleted row is not counted.
      if (!rowDeletion) rowNo++;
      const origin = `table ${tableNo}, row ${rowNo}`;
      const saved = this.removedBy;
      if (rowDeletion) this.removedBy = { author: attr(rowDeletion, 'w:author') };
      this.row(tr, origin, out);
      this.removedBy = saved;
    }
  }

  /** The cells of a row are laid out side by side: each starts on the row's page; the row ends on the latest. */
  private row(tr: XNode, origin: string, out: Unit[]): void {
    const rowStart = this.page;
    let rowEnd = rowStart;
    for (const tc of this.cellsOf(tr)) {
      this.page = rowStart;
      const sink = new GroupSink(out, 'table-cell', origin);
      this.blocks(kids(tc), sink, out);
      sink.flush();
      rowEnd = Math.max(rowEnd, this.page);
    }
    this.page = rowEnd;
  }

  /** Rows, looking through content controls and custom XML wrapped around them. */
  private rowsOf(tbl: XNode): XNode[] {
    return this.unwrap(kids(tbl), 'w:tr');
  }

  private cellsOf(tr: XNode): XNode[] {
    return this.unwrap(kids(tr), 'w:tc');
  }

  private unwrap(nodes: XNode[], wanted: string): XNode[] {
    const out: XNode[] = [];
    for (const node of nodes) {
      const tag = tagOf(node);
      if (tag === wanted) out.push(node);
      // Loops, not push(...list): a content control can hold more elements than a call can take arguments.
      else if (tag === 'w:sdt') for (const inner of this.unwrap(kids(child(node, 'w:sdtContent') ?? {}), wanted)) out.push(inner);
      else if (tag === 'w:customXml') for (const inner of this.unwrap(kids(node), wanted)) out.push(inner);
    }
    return out;
  }

  // ---- paragraphs --------------------------------------------------------------------------------------

  private paragraph(p: XNode, extras: Unit[]): SourcePara {
    const nodes = kids(p);
    const id = nodes.length > 0 ? markerId(nodes[0]!) : undefined;
    const pPr = child(p, 'w:pPr');
    const markRPr = child(pPr, 'w:rPr');
    const markDeletion = child(markRPr, 'w:del') ?? child(markRPr, 'w:moveFrom');
    const markInsertion = child(markRPr, 'w:ins') ?? child(markRPr, 'w:moveTo');
    const removed = this.removedBy !== undefined;

    let page: number | undefined;
    const collector = new Collector(() => {
      page ??= this.page;
    });
    if (markDeletion) collector.noteChange(attr(markDeletion, 'w:author'));
    if (markInsertion) collector.noteChange(attr(markInsertion, 'w:author'));
    if (removed) collector.enter('del', this.removedBy?.author);
    const outer = this.bodyParagraph;
    if (this.inBody) this.bodyParagraph = id;
    const bodyParagraph = this.bodyParagraph;
    for (let i = id === undefined ? 0 : 1; i < nodes.length; i++) this.inline(nodes[i]!, collector, extras);
    this.bodyParagraph = outer; // a text box's paragraphs sit inside this one
    if (removed) collector.exit();

    // A paragraph that vanishes on accept takes no number: Word would not show one for it.
    const list = markDeletion || removed ? undefined : this.listLabel(pPr);
    return {
      id,
      ownText: collector.text,
      label: list?.label ?? '',
      isBullet: list?.isBullet ?? false,
      headingLevel: this.headingLevel(pPr),
      markDeleted: markDeletion !== undefined,
      removed,
      tracked: collector.tracked,
      hasTrackedChange: collector.hasChange,
      page: this.storyTracksPages ? (page ?? this.page) : undefined,
      bodyParagraph,
    };
  }

  /**
   * The paragraph's list label. Numbering comes from w:numPr on the paragraph or its style (field by field:
   * a paragraph may set only ilvl). numId 0 switches inherited numbering off. A style that names a list but
   * no level gets the level linked to that style in the list definition.
   */
  private listLabel(pPr: XNode | undefined): { label: string; isBullet: boolean } | undefined {
    const styleId = valOf(pPr, 'w:pStyle');
    const direct = readNumPr(pPr);
    const fromStyle = this.options.styles.numPr(styleId);
    const numId = direct?.numId ?? fromStyle?.numId;
    if (numId === undefined || numId === '0') return undefined;
    const ilvl =
      direct?.ilvl ?? fromStyle?.ilvl ?? this.options.numbering.levelForStyle(numId, styleId) ?? 0;
    return this.counters.next(numId, ilvl);
  }

  /** Direct w:outlineLvl wins (9 = body text, i.e. not a heading); otherwise the style decides. */
  private headingLevel(pPr: XNode | undefined): number | undefined {
    const outline = intVal(pPr, 'w:outlineLvl');
    if (outline !== undefined) return outlineToHeading(outline);
    return this.options.styles.headingLevel(valOf(pPr, 'w:pStyle'));
  }

  // ---- inline content ----------------------------------------------------------------------------------

  private inline(node: XNode, c: Collector, extras: Unit[]): void {
    switch (tagOf(node)) {
      case 'w:r':
        for (const k of kids(node)) this.runContent(k, c, extras);
        break;
      case 'w:ins':
      case 'w:moveTo':
        this.revision(node, 'ins', c, extras);
        break;
      case 'w:del':
      case 'w:moveFrom':
        this.revision(node, 'del', c, extras);
        break;
      case 'w:hyperlink':
      case 'w:smartTag':
      case 'w:customXml':
      case 'w:fldSimple':
      case 'w:dir':
      case 'w:bdo':
        for (const k of kids(node)) this.inline(k, c, extras);
        break;
      case 'w:sdt':
        for (const k of kids(child(node, 'w:sdtContent') ?? {})) this.inline(k, c, extras);
        break;
      case 'mc:AlternateContent':
        for (const k of kids(chosenBranch(node) ?? {})) this.inline(k, c, extras);
        break;
      default:
        break; // w:pPr, bookmarks, comment ranges, proofing marks, math: no text
    }
  }

  private revision(node: XNode, kind: 'ins' | 'del', c: Collector, extras: Unit[]): void {
    c.enter(kind, attr(node, 'w:author'));
    for (const k of kids(node)) this.inline(k, c, extras);
    c.exit();
  }

  private runContent(node: XNode, c: Collector, extras: Unit[]): void {
    switch (tagOf(node)) {
      case 'w:t':
      case 'w:delText':
        c.add(textOf(node));
        break;
      case 'w:tab':
      case 'w:ptab':
        c.add('\t');
        break;
      case 'w:br':
      case 'w:cr':
        c.add('\n');
        break;
      case 'w:noBreakHyphen':
        c.add('\u2011');
        break;
      case 'w:softHyphen':
        c.add('\u00AD');
        break;
      case 'w:sym':
        c.add(symbolText(node));
        break;
      case 'w:footnoteReference':
        if (!c.inDeletion) this.reference(this.footnoteRefs, node);
        break;
      case 'w:endnoteReference':
        if (!c.inDeletion) this.reference(this.endnoteRefs, node);
        break;
      case 'w:commentReference':
        this.reference(this.commentRefs, node);
        break;
      case 'w:lastRenderedPageBreak':
        if (this.storyTracksPages && this.textBoxDepth === 0) {
          this.page++;
          this.pagesSeen = true;
        }
        break;
      case 'w:drawing':
      case 'w:pict':
      case 'w:object':
      case 'mc:AlternateContent':
        this.textBoxes(node, extras);
        break;
      default:
        break; // w:rPr, w:instrText (field codes), w:fldChar, images …
    }
  }

  private reference(refs: Map<string, Reference>, node: XNode): void {
    const id = attr(node, 'w:id');
    if (id === undefined || refs.has(id)) return;
    refs.set(id, {
      order: refs.size + 1,
      page: this.storyTracksPages ? this.page : undefined,
      paragraph: this.inBody ? this.bodyParagraph : undefined,
    });
  }

  /** Finds text boxes inside a drawing and walks their paragraphs; they follow the anchoring paragraph. */
  private textBoxes(node: XNode, extras: Unit[]): void {
    const tag = tagOf(node);
    if (tag === 'w:txbxContent') {
      this.textBoxDepth++;
      this.blocks(kids(node), new ParaSink(extras, 'text box'), extras);
      this.textBoxDepth--;
      return;
    }
    const scope = tag === 'mc:AlternateContent' ? [chosenBranch(node) ?? {}] : kids(node);
    for (const k of scope) this.textBoxes(k, extras);
  }
}

/**
 * w:sym names a character in a symbol font. Codes F000–F0FF are the font's private-use mapping (Wingdings
 * check marks and the like), which have no faithful Unicode reading here; mammoth's own mapping handles
 * the common ones, and this fallback drops them.
 */
function symbolText(node: XNode): string {
  const code = Number.parseInt(attr(node, 'w:char') ?? '', 16);
  if (!Number.isFinite(code) || (code >= 0xf000 && code <= 0xf0ff) || code <= 0) return '';
  return String.fromCodePoint(code);
}
