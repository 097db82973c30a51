/**
 * The comments part (word/comments.xml): writing clausewatch's comments into a new part, or appending them
 * to the part a document already has, leaving every existing comment exactly as it was.
 */

import { ClausewatchError } from '../../document/errors.js';
import { attr, children, parseXml, root } from '../../document/docx/xml.js';
import { REVIEW_COMMENT_AUTHOR } from '../../document/docx/walk.js';
import type { Line, Run } from './wording.js';

/** The reader skips comments by this author, so a report scanned again reads like the original contract. */
export const COMMENT_AUTHOR = REVIEW_COMMENT_AUTHOR;
const INITIALS = 'CW';

export interface NewComment {
  id: number;
  lines: Line[];
}

/** The WordprocessingML namespace of transitional OOXML, what Word writes by default. */
export const WML_NAMESPACE = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/**
 * The first comment id that is free: one above every id used by a comment or by a comment mark in the
 * given parts (a mark may point at a comment the comments part lost; reusing its id would revive it).
 */
export function nextCommentId(commentsXml: string | undefined, markedParts: string[], label: string): number {
  let max = -1;
  if (commentsXml !== undefined) {
    const comments = root(parseXml(commentsXml, 'the comments part', label), 'w:comments');
    for (const c of children(comments, 'w:comment')) max = Math.max(max, Number.parseInt(attr(c, 'w:id') ?? '', 10) || 0);
  }
  for (const xml of markedParts) {
    for (const m of xml.matchAll(/<w:comment(?:RangeStart|RangeEnd|Reference)\b[^>]*?\sw:id="(-?\d+)"/g)) {
      max = Math.max(max, Number(m[1]));
    }
  }
  return max + 1;
}

/** A whole new comments part; `namespace` is the document's own WordprocessingML namespace. */
export function newCommentsPart(namespace: string, comments: NewComment[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
    `<w:comments xmlns:w="${escapeXml(namespace)}">${comments.map(commentElement).join('')}</w:comments>`
  );
}

const EMPTY_ROOT = /<w:comments((?:\s(?:[^<>"']|"[^"]*"|'[^']*')*?)?)\s*\/>/;

/** The existing part with our comments appended after its own. */
export function extendCommentsPart(xml: string, comments: NewComment[], label: string): string {
  const added = comments.map(commentElement).join('');
  const close = xml.lastIndexOf('</w:comments>');
  if (close >= 0) return xml.slice(0, close) + added + xml.slice(close);
  const empty = EMPTY_ROOT.exec(xml);
  if (empty) return xml.slice(0, empty.index) + `<w:comments${empty[1] ?? ''}>${added}</w:comments>` + xml.slice(empty.index + empty[0].length);
  throw new ClausewatchError('corrupt', `${label} has a comments part that is not in the form Word writes; re-save it from Word and try again`);
}

function commentElement(comment: NewComment): string {
  const paragraphs = comment.lines.map((line, i) => {
    // Word marks the first paragraph of every comment with an annotation reference (the balloon's number).
    const mark = i === 0 ? '<w:r><w:annotationRef/></w:r>' : '';
    return `<w:p>${mark}${line.map(runElement).join('')}</w:p>`;
  });
  if (paragraphs.length === 0) paragraphs.push('<w:p><w:r><w:annotationRef/></w:r></w:p>');
  return `<w:comment w:id="${comment.id}" w:author="${COMMENT_AUTHOR}" w:initials="${INITIALS}">${paragraphs.join('')}</w:comment>`;
}

function runElement(run: Run): string {
  const props = (run.bold ? '<w:b/>' : '') + (run.italic ? '<w:i/>' : '');
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${escapeXml(run.text)}</w:t></w:r>`;
}

/**
 * Text or an attribute value made safe for XML: the five special characters escaped, and characters XML
 * 1.0 forbids (control characters a rule file or a damaged contract may carry) dropped.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
