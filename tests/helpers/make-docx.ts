/**
 * Builds small DOCX files in memory from WordprocessingML snippets, for reader tests.
 *
 * Only the parts a test cares about need writing: `makeDocx({ body: para('Hello') })` is a valid document.
 * Snippets are the *inside* of each part's root element; the helper adds roots, namespaces, content types
 * and relationships, so the file opens in Word as well as in the reader.
 */

import { zipSync, strToU8 } from 'fflate';

export interface DocxSpec {
  /** Inner XML of w:body. */
  body: string;
  /** Inner XML of w:numbering (w:abstractNum…, then w:num…). */
  numbering?: string;
  /** Inner XML of w:styles. */
  styles?: string;
  /** Inner XML of w:footnotes; the separator footnotes Word always writes are added. */
  footnotes?: string;
  /** Inner XML of w:endnotes; separators are added. */
  endnotes?: string;
  /** Inner XML of w:comments. */
  comments?: string;
  /** Extra or replacement entries, by path. */
  extra?: Record<string, string | Uint8Array>;
  /** Entries to leave out (e.g. "word/document.xml"). */
  omit?: string[];
  /** Deflate level; 0 stores entries uncompressed. */
  level?: 0 | 6 | 9;
}

const NS = [
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"',
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"',
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"',
  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"',
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"',
  'xmlns:v="urn:schemas-microsoft-com:vml"',
  'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"',
].join(' ');

const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const WML = 'application/vnd.openxmlformats-officedocument.wordprocessingml';

const SEPARATORS = (kind: 'footnote' | 'endnote'): string =>
  `<w:${kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:${kind}>` +
  `<w:${kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:${kind}>`;

export function makeDocx(spec: DocxSpec): Uint8Array {
  const parts: [string, string, string, string][] = []; // path, root, inner, relationship type
  if (spec.styles !== undefined) parts.push(['styles.xml', 'w:styles', spec.styles, 'styles']);
  if (spec.numbering !== undefined) parts.push(['numbering.xml', 'w:numbering', spec.numbering, 'numbering']);
  if (spec.footnotes !== undefined) parts.push(['footnotes.xml', 'w:footnotes', SEPARATORS('footnote') + spec.footnotes, 'footnotes']);
  if (spec.endnotes !== undefined) parts.push(['endnotes.xml', 'w:endnotes', SEPARATORS('endnote') + spec.endnotes, 'endnotes']);
  if (spec.comments !== undefined) parts.push(['comments.xml', 'w:comments', spec.comments, 'comments']);

  const files: Record<string, string | Uint8Array> = {
    '[Content_Types].xml':
      DECL +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/word/document.xml" ContentType="${WML}.document.main+xml"/>` +
      parts.map(([path, , , type]) => `<Override PartName="/word/${path}" ContentType="${WML}.${type}+xml"/>`).join('') +
      '</Types>',
    '_rels/.rels':
      DECL +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/>` +
      '</Relationships>',
    'word/_rels/document.xml.rels':
      DECL +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      parts.map(([path, , , type], i) => `<Relationship Id="rId${i + 1}" Type="${REL}/${type}" Target="${path}"/>`).join('') +
      '</Relationships>',
    'word/document.xml': `${DECL}<w:document ${NS}><w:body>${spec.body}</w:body></w:document>`,
  };
  for (const [path, rootName, inner] of parts) files[`word/${path}`] = `${DECL}<${rootName} ${NS}>${inner}</${rootName}>`;
  Object.assign(files, spec.extra ?? {});
  for (const path of spec.omit ?? []) delete files[path];

  const encoded: Record<string, Uint8Array> = {};
  for (const [path, content] of Object.entries(files)) encoded[path] = typeof content === 'string' ? strToU8(content) : content;
  return zipSync(encoded, { level: spec.level ?? 6 });
}

// ---- snippet builders ------------------------------------------------------------------------------------

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A run of text. */
export function run(text: string): string {
  return `<w:r><w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
}

/** A paragraph with optional paragraph properties (inner XML of w:pPr) and raw inline content. */
export function para(text: string, pPr = ''): string {
  return paraXml(run(text), pPr);
}

export function paraXml(inline: string, pPr = ''): string {
  return `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${inline}</w:p>`;
}

export function style(id: string): string {
  return `<w:pStyle w:val="${id}"/>`;
}

export function numPr(numId: number | string, ilvl?: number): string {
  return `<w:numPr>${ilvl === undefined ? '' : `<w:ilvl w:val="${ilvl}"/>`}<w:numId w:val="${numId}"/></w:numPr>`;
}

/** One list level: [numFmt, lvlText, start = 1, extra inner XML]. */
export type Level = [fmt: string, text: string, start?: number, extra?: string];

export function abstractNum(id: number, levels: Level[]): string {
  const lvls = levels
    .map(
      ([fmt, text, start = 1, extra = ''], ilvl) =>
        `<w:lvl w:ilvl="${ilvl}"><w:start w:val="${start}"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${esc(text)}"/>${extra}</w:lvl>`,
    )
    .join('');
  return `<w:abstractNum w:abstractNumId="${id}">${lvls}</w:abstractNum>`;
}

/** A list instance; `startOverrides` maps ilvl → start value. */
export function num(numId: number, abstractId: number, startOverrides: Record<number, number> = {}): string {
  const overrides = Object.entries(startOverrides)
    .map(([ilvl, start]) => `<w:lvlOverride w:ilvl="${ilvl}"><w:startOverride w:val="${start}"/></w:lvlOverride>`)
    .join('');
  return `<w:num w:numId="${numId}"><w:abstractNumId w:val="${abstractId}"/>${overrides}</w:num>`;
}

/** A paragraph style; `pPr` is inner XML of its w:pPr. */
export function paragraphStyle(id: string, name: string, opts: { basedOn?: string; pPr?: string; isDefault?: boolean } = {}): string {
  return (
    `<w:style w:type="paragraph"${opts.isDefault ? ' w:default="1"' : ''} w:styleId="${id}"><w:name w:val="${name}"/>` +
    (opts.basedOn ? `<w:basedOn w:val="${opts.basedOn}"/>` : '') +
    (opts.pPr ? `<w:pPr>${opts.pPr}</w:pPr>` : '') +
    '</w:style>'
  );
}

/** A table from rows of cells; each cell is inner XML (paragraphs, nested tables). */
export function table(rows: string[][], rowProps: (string | undefined)[] = []): string {
  const trs = rows
    .map((cells, r) => {
      const trPr = rowProps[r] ? `<w:trPr>${rowProps[r]}</w:trPr>` : '';
      return `<w:tr>${trPr}${cells.map((c) => `<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>${c}</w:tc>`).join('')}</w:tr>`;
    })
    .join('');
  return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid>${trs}</w:tbl>`;
}

const REVISION = 'w:date="2024-05-01T10:00:00Z"';

export function ins(text: string, author = 'Alice', id = 1): string {
  return `<w:ins w:id="${id}" w:author="${author}" ${REVISION}>${run(text)}</w:ins>`;
}

export function del(text: string, author = 'Bob', id = 2): string {
  return `<w:del w:id="${id}" w:author="${author}" ${REVISION}><w:r><w:delText xml:space="preserve">${esc(text)}</w:delText></w:r></w:del>`;
}

/** w:rPr for a paragraph mark that is itself a pending deletion (goes inside w:pPr). */
export function deletedMark(author = 'Bob', id = 3): string {
  return `<w:rPr><w:del w:id="${id}" w:author="${author}" ${REVISION}/></w:rPr>`;
}

// ---- hostile and broken containers -----------------------------------------------------------------------

/**
 * Rewrites the uncompressed size an entry declares in the central directory (the zip still inflates to
 * its real size): a zip whose declared sizes lie.
 */
export function patchDeclaredSize(zip: Uint8Array, entryName: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const name = strToU8(entryName);
  for (let at = 0; at + 46 <= out.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    const candidate = out.subarray(at + 46, at + 46 + nameLength);
    if (candidate.length === name.length && candidate.every((b, i) => b === name[i])) {
      view.setUint32(at + 24, size, true);
      return out;
    }
  }
  throw new Error(`no central directory entry for ${entryName}`);
}

/** A minimal OLE compound file header followed by a directory entry name, as UTF-16LE. */
export function oleStub(streamName: string): Uint8Array {
  const header = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  const out = new Uint8Array(1536);
  out.set(header, 0);
  out.set(new Uint8Array(Buffer.from(streamName, 'utf16le')), 1024);
  return out;
}

/**
 * Rewrites a zip's central directory the way zip64 writers do: every size field reads 0xFFFFFFFF and the
 * real sizes move to a zip64 extra field. Local headers and data stay as they are.
 */
export function toZip64Sizes(zip: Uint8Array): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const entries = view.getUint16(eocd + 10, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  const headers: Uint8Array[] = [];
  let at = cdOffset;
  for (let i = 0; i < entries; i++) {
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const header = new Uint8Array(46 + nameLength + 20);
    header.set(zip.subarray(at, at + 46 + nameLength));
    const h = new DataView(header.buffer);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    h.setUint32(20, 0xffffffff, true);
    h.setUint32(24, 0xffffffff, true);
    h.setUint16(30, 20, true); // extra: id, length, original size, compressed size
    h.setUint16(32, 0, true);
    h.setUint16(46 + nameLength, 0x0001, true);
    h.setUint16(46 + nameLength + 2, 16, true);
    h.setBigUint64(46 + nameLength + 4, BigInt(size), true);
    h.setBigUint64(46 + nameLength + 12, BigInt(compressed), true);
    headers.push(header);
    at += 46 + nameLength + extraLength + commentLength;
  }
  const cdSize = headers.reduce((n, h) => n + h.length, 0);
  const out = new Uint8Array(cdOffset + cdSize + 22);
  out.set(zip.subarray(0, cdOffset));
  let write = cdOffset;
  for (const h of headers) {
    out.set(h, write);
    write += h.length;
  }
  out.set(zip.subarray(eocd, eocd + 22), write);
  const end = new DataView(out.buffer);
  end.setUint32(write + 12, cdSize, true);
  end.setUint32(write + 16, cdOffset, true);
  end.setUint16(write + 20, 0, true);
  return out;
}
