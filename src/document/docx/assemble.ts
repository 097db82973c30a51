/**
 * Turns walked units into `Block`s, applying "read as if all changes were accepted":
 *
 *  - a paragraph whose paragraph mark is a pending deletion joins the next paragraph (that is what
 *    accepting the deletion does in Word), and its changes travel with it;
 *  - a paragraph left with no text (typically: deleted in full) makes no block, but its tracked changes
 *    are carried to the next block, or at the end of a story to the previous one, so a deletion never
 *    vanishes silently.
 *
 * A "story" is the body, or one footnote, endnote or comment: whatever a story still carries at its end
 * settles on its last block (or, if it made none, the last block before it), never on the next story.
 */

import type { Block, BlockKind, TrackedChanges } from '../model.js';
import { cleanText } from './text.js';
import type { SourcePara, Unit } from './walk.js';

interface Rendered {
  text: string;
  page: number | undefined;
  tracked: TrackedChanges;
  /** The body paragraph the text starts in (see `SourcePara.bodyParagraph`). */
  paragraph: number | undefined;
}

function emptyTracked(): TrackedChanges {
  return { insertions: [], deletions: [], authors: [] };
}

function mergeTracked(into: TrackedChanges, from: TrackedChanges): void {
  // A loop, not push(...list): a hostile paragraph can hold more changes than a call can take arguments.
  for (const change of from.insertions) into.insertions.push(change);
  for (const change of from.deletions) into.deletions.push(change);
  for (const a of from.authors) if (!into.authors.includes(a)) into.authors.push(a);
}

function isEmpty(t: TrackedChanges): boolean {
  return t.insertions.length === 0 && t.deletions.length === 0;
}

export class Assembler {
  readonly blocks: Block[] = [];
  /** Deleted text that had no block to attach to (the whole document was deleted). */
  readonly orphanedDeletions: string[] = [];
  private carryText = '';
  private carryPage: number | undefined;
  private carryParagraph: number | undefined;
  private carryTracked = emptyTracked();

  /** `textOf` gives a paragraph's raw accepted text (mammoth's, or the XML pass's). */
  constructor(private readonly textOf: (para: SourcePara) => string) {}

  /** Adds one story's units, then settles whatever it still carries. */
  story(units: Unit[]): void {
    for (const unit of units) {
      if (unit.type === 'para') this.addParagraph(unit.para, unit.origin);
      else this.addGroup(unit.kind, unit.paras, unit.origin, unit.page);
    }
    this.endStory();
  }

  private addParagraph(para: SourcePara, origin: string | undefined): void {
    const r = this.render(para);
    if (!r) return;
    const kind: BlockKind = para.headingLevel !== undefined ? 'heading' : para.isBullet ? 'list-item' : 'paragraph';
    const block: Block = { kind, text: r.text };
    if (kind === 'heading') block.level = para.headingLevel!;
    this.push(block, r, origin);
  }

  /** One block for a table cell's (or a note's) paragraphs, one paragraph per line. */
  private addGroup(kind: BlockKind, paras: SourcePara[], origin: string, page: number | undefined): void {
    const rendered: Rendered[] = [];
    for (const p of paras) {
      const r = this.render(p);
      if (r) rendered.push(r);
    }
    if (rendered.length === 0) return;
    const tracked = emptyTracked();
    for (const r of rendered) mergeTracked(tracked, r.tracked);
    const block: Block = { kind, text: rendered.map((r) => r.text).join('\n') };
    this.push(block, { text: block.text, page: page ?? rendered[0]!.page, tracked, paragraph: rendered[0]!.paragraph }, origin);
  }

  private push(block: Block, r: Rendered, origin: string | undefined): void {
    if (r.page !== undefined) block.page = r.page;
    if (origin !== undefined) block.origin = origin;
    if (r.paragraph !== undefined) block.paragraphIndex = r.paragraph;
    if (!isEmpty(r.tracked)) block.tracked = r.tracked;
    this.blocks.push(block);
  }

  /** The paragraph as it reads once changes are accepted, or undefined when it makes no text of its own. */
  private render(para: SourcePara): Rendered | undefined {
    mergeTracked(this.carryTracked, para.tracked);
    const raw = this.textOf(para);
    if (para.markDeleted) {
      this.carryText += raw;
      if (raw.trim()) {
        this.carryPage ??= para.page;
        this.carryParagraph ??= para.bodyParagraph;
      }
      return undefined;
    }
    const text = cleanText(this.carryText + raw);
    const page = this.carryPage ?? para.page;
    const paragraph = this.carryParagraph ?? para.bodyParagraph;
    this.carryText = '';
    this.carryPage = undefined;
    this.carryParagraph = undefined;
    // An empty numbered paragraph still shows its number (a lone "ARTICLE I" line above the article title).
    if (!text && !para.label) return undefined;
    const tracked = this.carryTracked;
    this.carryTracked = emptyTracked();
    return { text: [para.label, text].filter(Boolean).join(' '), page, tracked, paragraph };
  }

  private endStory(): void {
    const leftover = cleanText(this.carryText);
    if (leftover) {
      // The story ended on a paragraph whose mark was deleted: there is nothing to join it to.
      const r: Rendered = { text: leftover, page: this.carryPage, tracked: this.carryTracked, paragraph: this.carryParagraph };
      this.push({ kind: 'paragraph', text: leftover }, r, undefined);
    } else {
      this.attachToPrevious();
    }
    this.carryText = '';
    this.carryPage = undefined;
    this.carryParagraph = undefined;
    this.carryTracked = emptyTracked();
  }

  /**
   * Carried changes at the end of a story go to the block before: the story's last block, or, when the
   * story made none, the last block so far.
   */
  private attachToPrevious(): void {
    if (isEmpty(this.carryTracked)) return; // only a paragraph-mark change: no text a reader could miss
    const target = this.blocks.at(-1);
    if (!target) {
      for (const change of this.carryTracked.deletions) this.orphanedDeletions.push(change);
      return;
    }
    target.tracked ??= emptyTracked();
    mergeTracked(target.tracked, this.carryTracked);
  }
}
