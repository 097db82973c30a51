/**
 * Paragraph text from mammoth.
 *
 * mammoth turns runs into text well: hyperlinks, complex fields (it shows a field's result, not its code),
 * content controls and their check boxes, symbol-font characters (Wingdings ☒), text boxes via the VML
 * fallback, accepted insertions and dropped deletions. We run it on a small zip holding only the already
 * inflated, already size-checked parts (never on the user's original zip), with paragraph markers in the
 * XML, and read its document tree through the `transformDocument` hook. That hook's API is documented as
 * unstable, which is why this module touches only a few node types, checks every field it reads, and why
 * the reader falls back to its own text if anything here throws.
 */

import { zipSync } from 'fflate';
import mammoth from 'mammoth';
import { splitByMarkers } from './markers.js';

/** The few fields of mammoth's document nodes that we read. */
interface MammothNode {
  type?: unknown;
  value?: unknown;
  checked?: unknown;
  children?: unknown;
  body?: unknown;
}

interface MammothNotes {
  resolve(reference: { noteType: string; noteId: string }): MammothNode | null;
}

export interface NoteIds {
  footnote: string[];
  endnote: string[];
}

/**
 * Runs mammoth over the given parts (paths as in the original zip) and returns each marked paragraph's
 * raw text by marker id. Tabs stay "\t" and line breaks "\n"; the caller cleans them up.
 */
export async function mammothParagraphTexts(parts: Map<string, Uint8Array>, notes: NoteIds): Promise<Map<number, string>> {
  const zip = zipSync(Object.fromEntries(parts), { level: 0 });
  let captured: MammothNode | undefined;
  await mammoth.convertToHtml(
    { buffer: Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength) },
    {
      // mammoth types the hook's argument as `any`; we narrow it to MammothNode by reading defensively.
      transformDocument: (document: MammothNode) => {
        captured = document;
        // Hand back an empty body: we only wanted the tree, so mammoth's HTML rendering is skipped.
        return { ...document, children: [] };
      },
    },
  );
  if (!captured) throw new Error('mammoth produced no document');

  const out: string[] = [];
  collect(captured, out);
  collectNotes(captured, notes, out);
  for (const comment of asNodes((captured as { comments?: unknown }).comments)) collect({ children: comment.body }, out);
  return splitByMarkers(out.join(''));
}

function collectNotes(document: MammothNode, ids: NoteIds, out: string[]): void {
  const notes = (document as { notes?: Partial<MammothNotes> }).notes;
  if (typeof notes?.resolve !== 'function') return;
  for (const noteType of ['footnote', 'endnote'] as const) {
    for (const noteId of ids[noteType]) {
      const note = notes.resolve({ noteType, noteId });
      if (note) collect({ children: note.body }, out);
    }
  }
}

function asNodes(value: unknown): MammothNode[] {
  return Array.isArray(value) ? (value as MammothNode[]) : [];
}

/** Appends a node's text in document order; markers inside it say which paragraph each piece belongs to. */
function collect(node: MammothNode, out: string[]): void {
  switch (node.type) {
    case 'text':
      if (typeof node.value === 'string') out.push(node.value);
      return;
    case 'tab':
      out.push('\t');
      return;
    case 'break':
      out.push('\n');
      return;
    case 'checkbox':
      out.push(node.checked === true ? '☒' : '☐');
      return;
    case 'noteReference':
    case 'commentReference':
    case 'image':
      return; // footnote numbers and images are not clause text
    default:
      for (const c of asNodes(node.children)) collect(c, out);
  }
}
