/**
 * The package around the comments: the relationship from the document to its comments part, the content
 * type that tells Word what that part is, and the zip that holds it all.
 *
 * Both XML parts are edited by inserting one element before the root's end tag, and only when the entry
 * is missing: a document that already has comments already has both.
 */

import { zipSync, type Zippable } from 'fflate';
import { joinPath } from '../../document/docx.js';
import { attr, children, parseXml, root } from '../../document/docx/xml.js';

const COMMENTS_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml';
const RELATIONSHIPS_NAMESPACE = 'http://schemas.openxmlformats.org/package/2006/relationships';
const TRANSITIONAL_RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** Strict OOXML (ISO 29500 strict) names its relationship types under another namespace. */
const STRICT_RELATIONSHIPS = 'http://purl.oclc.org/ooxml/officeDocument/relationships';
const STRICT_WML = 'http://purl.oclc.org/ooxml/wordprocessingml/main';

export interface CommentsRelationship {
  /** The document's relationships part, or undefined if it has none yet. */
  relsXml: string | undefined;
  /** The document part's folder ("word") and the comments part's path ("word/comments.xml"). */
  documentDir: string;
  commentsPath: string;
  /** The document's WordprocessingML namespace (decides transitional or strict relationship types). */
  namespace: string;
  label: string;
}

/** The relationships part with a comments relationship added, or undefined when it already has one. */
export function withCommentsRelationship(r: CommentsRelationship): string | undefined {
  const xml = r.relsXml ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="${RELATIONSHIPS_NAMESPACE}"></Relationships>`;
  const rels = children(root(parseXml(xml, 'the document relationships', r.label), 'Relationships'), 'Relationship');
  const pointsAtComments = (target: string | undefined): boolean =>
    joinPath(r.documentDir, target ?? '').toLowerCase() === r.commentsPath.toLowerCase();
  if (rels.some((rel) => (attr(rel, 'Type') ?? '').endsWith('/comments') && pointsAtComments(attr(rel, 'Target')))) return undefined;

  const ids = new Set(rels.map((rel) => attr(rel, 'Id')));
  let n = rels.length + 1;
  while (ids.has(`rId${n}`)) n++;
  const base = r.namespace === STRICT_WML ? STRICT_RELATIONSHIPS : TRANSITIONAL_RELATIONSHIPS;
  const prefix = r.documentDir ? `${r.documentDir}/` : '';
  const target = r.commentsPath.startsWith(prefix) ? r.commentsPath.slice(prefix.length) : `/${r.commentsPath}`;
  return insertBeforeRootEnd(xml, 'Relationships', `<Relationship Id="rId${n}" Type="${base}/comments" Target="${target}"/>`);
}

/** `[Content_Types].xml` with an override for the comments part, or undefined when it has one. */
export function withCommentsContentType(typesXml: string, partPath: string, label: string): string | undefined {
  const partName = `/${partPath}`;
  const overrides = children(root(parseXml(typesXml, '[Content_Types].xml', label), 'Types'), 'Override');
  // Part names are case-insensitive in OPC.
  if (overrides.some((o) => (attr(o, 'PartName') ?? '').toLowerCase() === partName.toLowerCase())) return undefined;
  return insertBeforeRootEnd(typesXml, 'Types', `<Override PartName="${partName}" ContentType="${COMMENTS_CONTENT_TYPE}"/>`);
}

function insertBeforeRootEnd(xml: string, rootName: string, element: string): string {
  const close = xml.lastIndexOf(`</${rootName}>`);
  if (close >= 0) return xml.slice(0, close) + element + xml.slice(close);
  // An empty root written as <Types …/>.
  return xml.replace(new RegExp(`<${rootName}((?:\\s[^>]*?)?)\\s*/>`), (_whole, attrs: string) => `<${rootName}${attrs}>${element}</${rootName}>`);
}

export interface PartBytes {
  name: string;
  data: Uint8Array;
  /** Stored uncompressed, as the original stored it (Word stores nothing; some tools store images). */
  stored: boolean;
}

/**
 * A fixed timestamp for every entry: the same contract and findings give the same bytes, whenever the
 * report is made. (Zip times are not shown by Word, and DOS time cannot go before 1980.)
 */
const ENTRY_TIME = new Date(1980, 0, 1, 0, 0, 0);

/** The zip, entries in the order given (Word reads any order; keeping the original's is the least surprise). */
export function zipParts(parts: PartBytes[]): Uint8Array {
  const files: Zippable = {};
  for (const part of parts) files[part.name] = [part.data, { level: part.stored ? 0 : 6, mtime: ENTRY_TIME }];
  return zipSync(files);
}

/** Text encoded back the way the original part was: UTF-8 (with its byte-order mark if it had one) or UTF-16. */
export function encodeLike(original: Uint8Array, text: string): Uint8Array {
  if (original[0] === 0xff && original[1] === 0xfe) return concat([0xff, 0xfe], Buffer.from(text, 'utf16le'));
  if (original[0] === 0xfe && original[1] === 0xff) return concat([0xfe, 0xff], Buffer.from(text, 'utf16le').swap16());
  const utf8 = new TextEncoder().encode(text);
  return original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf ? concat([0xef, 0xbb, 0xbf], utf8) : utf8;
}

function concat(prefix: number[], body: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + body.length);
  out.set(prefix, 0);
  out.set(body, prefix.length);
  return out;
}
