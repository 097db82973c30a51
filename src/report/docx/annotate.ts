/**
 * The original Word file plus one comment per flagged paragraph; every other part byte-for-byte unchanged.
 *
 * Steps: read the file again with paragraph positions (the review's clauses do not carry them, see
 * `clauseParagraphs`), decide which paragraph each finding's comment goes on (placement.ts), write the
 * comments (wording.ts, comments.ts), mark their ranges in word/document.xml (paragraphs.ts), make sure the
 * package points at the comments part (package.ts), and zip it all again.
 */

import { findParts, Package, readDocx, relsPathFor, type PartPaths } from '../../document/docx.js';
import { checkContainer, readZipDirectory, type ZipEntry } from '../../document/docx/zip.js';
import { ClausewatchError } from '../../document/errors.js';
import { DEFAULT_LIMITS, type ReadLimits } from '../../document/limits.js';
import type { Clause } from '../../document/model.js';
import type { Finding } from '../../engine/finding.js';
import type { Review } from '../../review/review.js';
import { segment } from '../../segment/segment.js';
import { extendCommentsPart, newCommentsPart, nextCommentId, WML_NAMESPACE, type NewComment } from './comments.js';
import { encodeLike, withCommentsContentType, withCommentsRelationship, zipParts, type PartBytes } from './package.js';
import { insertCommentRanges, locateParagraphs, type CommentAnchors } from './paragraphs.js';
import { placeFindings } from './placement.js';
import { commentLines } from './wording.js';

export interface AnnotatedDocx {
  bytes: Uint8Array;
  /** Comments added (one per flagged paragraph, plus missing protections and unplaced findings if any). */
  comments: number;
  /** Clause findings that could not go on their own paragraph; they are listed in a comment on the first one. */
  unplaced: Finding[];
}

/** `bytes` must be the file `review` was made from. */
export async function annotateDocx(bytes: Uint8Array, review: Review, limits: ReadLimits = DEFAULT_LIMITS): Promise<AnnotatedDocx> {
  const label = review.file;
  const paragraphOf = await clauseParagraphs(bytes, review, limits);

  checkContainer(bytes, limits, label);
  const entries = readZipDirectory(bytes, limits, label);
  const pkg = new Package(bytes, entries, limits, label);
  const paths = findParts(pkg);
  const documentXml = pkg.text(paths.document);
  const spans = locateParagraphs(documentXml);

  const clauseOrder = review.document.clauses.map((c) => c.id);
  const placement = placeFindings(review.findings, paragraphOf, clauseOrder, spans);
  // Nothing to say: the lawyer gets the file exactly as it was.
  if (placement.comments.length === 0) return { bytes, comments: 0, unplaced: [] };

  const commentsXml = paths.comments === undefined ? undefined : pkg.text(paths.comments);
  const firstId = nextCommentId(commentsXml, markedParts(pkg, [...entries.keys()], paths.document), label);
  const clauses = new Map<string, Clause>(review.document.clauses.map((c) => [c.id, c]));
  const comments: NewComment[] = [];
  const anchors: CommentAnchors = new Map();
  placement.comments.forEach((planned, i) => {
    const id = firstId + i;
    comments.push({ id, lines: commentLines(planned, clauses) });
    anchors.set(planned.paragraph, [...(anchors.get(planned.paragraph) ?? []), id]);
  });

  const changed = new Map<string, Uint8Array>();
  changed.set(paths.document, encodeLike(pkg.bytesOf(paths.document), insertCommentRanges(documentXml, spans, anchors)));
  addCommentsPart(pkg, paths, commentsXml, comments, documentXml, changed);
  return { bytes: rezip(entries, pkg, changed), comments: comments.length, unplaced: placement.unplaced };
}

/**
 * Each clause id's `<w:p>` position. The review's clauses were read without positions (other reports and
 * the JSON output have no use for them), so the file is read again with them: same bytes, same reader,
 * same clause ids. If the clauses differ, the file is not the one reviewed (it changed on disk since).
 */
async function clauseParagraphs(bytes: Uint8Array, review: Review, limits: ReadLimits): Promise<Map<string, number | undefined>> {
  const reread = segment(await readDocx(bytes, limits, { fileName: review.file, paragraphIndexes: true }), review.file);
  const reviewed = review.document.clauses;
  if (reread.clauses.length !== reviewed.length || reread.clauses.some((c, i) => c.text !== reviewed[i]!.text)) {
    throw new ClausewatchError('bad-usage', `${review.file} has changed since it was reviewed; review it again to make a Word report`);
  }
  return new Map(reread.clauses.map((c) => [c.id, c.paragraphIndex]));
}

/** The parts whose comment marks use comment ids: the body, and headers, footers and notes next to it. */
function markedParts(pkg: Package, names: string[], documentPath: string): string[] {
  const dir = documentPath.slice(0, documentPath.lastIndexOf('/') + 1);
  const parts = [documentPath];
  for (const name of names) {
    if (name.startsWith(dir) && /^(header|footer|footnotes|endnotes)\d*\.xml$/i.test(name.slice(dir.length))) parts.push(name);
  }
  return parts.map((path) => pkg.text(path));
}

/** Extends the comments part or creates it, with its relationship and content type. */
function addCommentsPart(
  pkg: Package,
  paths: PartPaths,
  commentsXml: string | undefined,
  comments: NewComment[],
  documentXml: string,
  changed: Map<string, Uint8Array>,
): void {
  const documentDir = paths.document.includes('/') ? paths.document.slice(0, paths.document.lastIndexOf('/')) : '';
  const namespace = /<w:document\b[^>]*?\sxmlns:w="([^"]*)"/.exec(documentXml)?.[1] ?? WML_NAMESPACE;
  const commentsPath = paths.comments ?? (documentDir ? `${documentDir}/comments.xml` : 'comments.xml');
  const commentsText =
    commentsXml === undefined ? newCommentsPart(namespace, comments) : extendCommentsPart(commentsXml, comments, pkg.label);
  changed.set(commentsPath, commentsXml === undefined ? new TextEncoder().encode(commentsText) : encodeLike(pkg.bytesOf(commentsPath), commentsText));

  const relsPath = pkg.has(relsPathFor(paths.document)) ?? relsPathFor(paths.document);
  const relsXml = pkg.has(relsPath) === undefined ? undefined : pkg.text(relsPath);
  const rels = withCommentsRelationship({ relsXml, documentDir, commentsPath, namespace, label: pkg.label });
  if (rels !== undefined) changed.set(relsPath, new TextEncoder().encode(rels));

  const typesPath = pkg.has('[Content_Types].xml');
  if (typesPath === undefined) throw new ClausewatchError('corrupt', `${pkg.label} has no [Content_Types].xml; re-save it from Word and try again`);
  const types = withCommentsContentType(pkg.text(typesPath), commentsPath, pkg.label);
  if (types !== undefined) changed.set(typesPath, encodeLike(pkg.bytesOf(typesPath), types));
}

/** Every entry in its original order, changed ones replaced, new ones (the comments part) at the end. */
function rezip(entries: Map<string, ZipEntry>, pkg: Package, changed: Map<string, Uint8Array>): Uint8Array {
  const parts: PartBytes[] = [];
  const written = new Set<string>();
  for (const [name, entry] of entries) {
    if (name.endsWith('/')) continue; // a folder entry: no content, and Word never writes one
    parts.push({ name, data: changed.get(name) ?? pkg.bytesOf(name), stored: entry.method === 0 });
    written.add(name);
  }
  for (const [name, data] of changed) if (!written.has(name)) parts.push({ name, data, stored: false });
  return zipParts(parts);
}
