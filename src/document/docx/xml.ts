/**
 * A thin, typed layer over fast-xml-parser's order-preserving output.
 *
 * With `preserveOrder: true` every element is an object with exactly one key naming it (e.g. "w:p") whose
 * value is the array of its children, plus an optional ":@" key holding its attributes; text is
 * `{ "#text": "..." }`. Order matters for WordprocessingML (runs, revisions and breaks are sequences), which
 * is why the plain object mode, which groups children by name, is not used.
 *
 * Entities are decoded here rather than by the parser: fast-xml-parser only decodes numeric character
 * references (&#x2019;) together with the whole HTML entity table, and a DOCX needs exactly the five XML
 * entities plus numeric references.
 */

import { XMLParser } from 'fast-xml-parser';
import { corrupt } from './messages.js';

export interface XNode {
  readonly [key: string]: unknown;
}

const ATTRIBUTES = ':@';
const TEXT = '#text';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false, // " " inside <w:t xml:space="preserve"> is content
  parseTagValue: false, // "007" stays a string
  parseAttributeValue: false,
  processEntities: false, // decoded by `decodeEntities`, see above
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Real documents nest far less than this (a table in a table adds 3 levels); the bound keeps a hostile
  // file from driving the recursive walks that follow into a stack overflow.
  maxNestedTags: 256,
  jPath: false, // we use no path-based options; building path strings per tag costs ~15% of parse time
});

/**
 * Parses one XML part. `part` names it in the error ("word/document.xml"). A DTD is refused outright: Word
 * never writes one, and internal entities are the classic way to make an XML parser blow up.
 */
export function parseXml(xml: string, part: string, label: string): XNode[] {
  if (xml.includes('<!DOCTYPE')) throw corrupt(label, `${part} contains a DTD, which Word never writes`);
  try {
    // fast-xml-parser types its result as `any`; the preserveOrder shape is documented above.
    return parser.parse(xml) as XNode[];
  } catch {
    throw corrupt(label, `${part} is damaged`);
  }
}

/** The element's name, e.g. "w:p"; "#text" for a text node. */
export function tagOf(node: XNode): string {
  for (const key in node) {
    if (key !== ATTRIBUTES) return key;
  }
  return '';
}

/** The element's children in document order (empty for text nodes and empty elements). */
export function kids(node: XNode): XNode[] {
  const value = node[tagOf(node)];
  return Array.isArray(value) ? (value as XNode[]) : [];
}

/** An attribute's decoded value, or undefined. */
export function attr(node: XNode, name: string): string | undefined {
  const attributes = node[ATTRIBUTES] as Record<string, string> | undefined;
  const value = attributes?.[name];
  return value === undefined ? undefined : decodeEntities(value);
}

/** The first direct child with this name. */
export function child(node: XNode | undefined, name: string): XNode | undefined {
  if (!node) return undefined;
  for (const c of kids(node)) {
    if (tagOf(c) === name) return c;
  }
  return undefined;
}

/** All direct children with this name. */
export function children(node: XNode | undefined, name: string): XNode[] {
  return node ? kids(node).filter((c) => tagOf(c) === name) : [];
}

/** The first element with this name in a list of top-level nodes (the parser returns the root in a list). */
export function root(nodes: XNode[], name: string): XNode | undefined {
  return nodes.find((n) => tagOf(n) === name);
}

/** The decoded text directly inside an element (for <w:t>, <w:delText>). */
export function textOf(node: XNode): string {
  let text = '';
  for (const c of kids(node)) {
    const t = c[TEXT];
    if (typeof t === 'string') text += t;
  }
  return text.includes('&') ? decodeEntities(text) : text;
}

/** `w:val` of a child element, e.g. valOf(pPr, "w:pStyle"). */
export function valOf(node: XNode | undefined, name: string): string | undefined {
  const c = child(node, name);
  return c ? attr(c, 'w:val') : undefined;
}

/**
 * An OOXML on/off property: present means on unless w:val says "0"/"false"/"off".
 * Returns undefined when the element is absent, so callers can tell "off" from "inherit".
 */
export function onOff(node: XNode | undefined, name: string): boolean | undefined {
  const c = child(node, name);
  if (!c) return undefined;
  const v = attr(c, 'w:val');
  return !(v === '0' || v === 'false' || v === 'off');
}

/** An integer attribute value, or undefined when absent or not a number. */
export function intVal(node: XNode | undefined, name: string): number | undefined {
  const v = valOf(node, name);
  if (v === undefined) return undefined;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Decodes an XML part's bytes: UTF-8 normally, UTF-16 when a byte-order mark says so. BOMs are dropped. */
export function decodeXmlBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}
