/**
 * Opening the DOCX container safely.
 *
 * A DOCX is a zip. We read the zip's central directory ourselves (it is a few dozen bytes per entry) so that
 * every size and count check happens BEFORE anything is inflated, and then inflate only the handful of XML
 * parts the reader needs, with fflate's streaming `Inflate`, counting the bytes that actually come out:
 * the sizes a zip declares can lie, so the declared-size check alone is not a zip-bomb guard.
 *
 * Password-protected Word files are not zips at all: Word wraps them in an OLE compound file (the old
 * .doc container) holding an "EncryptionInfo" stream, so they are recognised by sniffing.
 */

import { Inflate } from 'fflate';
import type { ReadLimits } from '../limits.js';
import {
  corrupt,
  encrypted,
  legacyWord,
  suspiciousRatio,
  tooLarge,
  tooManyEntries,
  unzipsTooLarge,
} from './messages.js';

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate; nothing else appears in files Word writes. */
  method: number;
  /** General-purpose flags; bit 0 set = the entry is encrypted. */
  flags: number;
  compressedSize: number;
  /** The uncompressed size the zip declares (may lie). */
  size: number;
  localHeaderOffset: number;
}

/** Above this size an entry's compression ratio is checked; small parts may legitimately compress very well. */
const RATIO_CHECK_MIN_BYTES = 1024 * 1024;
/** Real DOCX parts compress about 5–30:1; 200:1 on a large part means a bomb (deflate tops out near 1032:1). */
const MAX_RATIO = 200;
/** Compressed bytes fed to the inflater per step: bounds how far one step can overshoot the budget (×1032). */
const INFLATE_STEP = 16 * 1024;

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ENCRYPTION_INFO_UTF16 = Buffer.from('EncryptionInfo', 'utf16le');

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  return magic.every((b, i) => bytes[i] === b);
}

/** True for an OLE compound file (the Office 97–2003 container, also used for encrypted DOCX). */
export function isOleCompound(bytes: Uint8Array): boolean {
  return startsWith(bytes, OLE_MAGIC);
}

/**
 * True for a password-protected Office file: an OLE compound file with an "EncryptionInfo" stream. The
 * stream name sits in the compound file's directory as UTF-16LE; searching the bytes for it is enough to
 * tell an encrypted DOCX from a plain old .doc without parsing the compound file.
 */
export function isEncryptedOffice(bytes: Uint8Array): boolean {
  if (!isOleCompound(bytes)) return false;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(ENCRYPTION_INFO_UTF16) >= 0;
}

/** Rejects, with the right error, anything that is not a zip: encrypted DOCX, old .doc, random bytes. */
export function checkContainer(bytes: Uint8Array, limits: ReadLimits, label: string): void {
  if (bytes.length > limits.maxFileBytes) throw tooLarge(label, bytes.length, limits.maxFileBytes);
  if (isEncryptedOffice(bytes)) throw encrypted(label);
  if (isOleCompound(bytes)) throw legacyWord(label);
  // "PK\3\4" opens every zip that has entries; an empty zip ("PK\5\6") has no document.xml either.
  if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) throw corrupt(label);
}

/** Little-endian reads that fail as "corrupt" instead of returning undefined past the end. */
class Reader {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly label: string,
  ) {}

  u16(at: number): number {
    if (at < 0 || at + 2 > this.bytes.length) throw corrupt(this.label);
    return this.bytes[at]! | (this.bytes[at + 1]! << 8);
  }

  u32(at: number): number {
    return this.u16(at) + this.u16(at + 2) * 0x10000;
  }

  /** A 64-bit field as a JS number; anything beyond 2^53 is nonsense in a document and reads as corrupt. */
  u64(at: number): number {
    const high = this.u32(at + 4);
    if (high > 0x1fffff) throw corrupt(this.label);
    return this.u32(at) + high * 0x100000000;
  }

  slice(at: number, length: number): Uint8Array {
    if (at < 0 || length < 0 || at + length > this.bytes.length) throw corrupt(this.label);
    return this.bytes.subarray(at, at + length);
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

interface Directory {
  entries: number;
  offset: number;
  size: number;
}

/** Finds the end-of-central-directory record, searching back over a possible zip comment. */
function findDirectory(r: Reader, length: number, label: string): Directory {
  const earliest = Math.max(0, length - 22 - 0xffff);
  for (let at = length - 22; at >= earliest; at--) {
    if (r.u32(at) !== EOCD_SIGNATURE) continue;
    let directory: Directory = { entries: r.u16(at + 10), size: r.u32(at + 12), offset: r.u32(at + 16) };
    if (directory.entries === 0xffff || directory.offset === 0xffffffff || directory.size === 0xffffffff) {
      directory = readZip64Directory(r, at, label);
    }
    return directory;
  }
  // No end record: the file was cut short (or never was a zip).
  throw corrupt(label);
}

function readZip64Directory(r: Reader, eocdAt: number, label: string): Directory {
  const locatorAt = eocdAt - 20;
  if (locatorAt < 0 || r.u32(locatorAt) !== ZIP64_LOCATOR_SIGNATURE) throw corrupt(label);
  const recordAt = r.u64(locatorAt + 8);
  if (r.u32(recordAt) !== ZIP64_EOCD_SIGNATURE) throw corrupt(label);
  return { entries: r.u64(recordAt + 32), size: r.u64(recordAt + 40), offset: r.u64(recordAt + 48) };
}

const decoder = new TextDecoder('utf-8');

/** Reads the zip64 "extra field" that replaces header sizes and offsets stored as 0xFFFFFFFF. */
function applyZip64Extra(r: Reader, extraAt: number, extraLength: number, entry: ZipEntry): void {
  let at = extraAt;
  const end = extraAt + extraLength;
  while (at + 4 <= end) {
    const id = r.u16(at);
    const size = r.u16(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      if (entry.size === 0xffffffff) (entry.size = r.u64(field)), (field += 8);
      if (entry.compressedSize === 0xffffffff) (entry.compressedSize = r.u64(field)), (field += 8);
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = r.u64(field);
      return;
    }
    at += 4 + size;
  }
}

/**
 * Lists the zip's entries from its central directory, enforcing the entry-count and declared-size limits
 * before a single byte is inflated.
 */
export function readZipDirectory(bytes: Uint8Array, limits: ReadLimits, label: string): Map<string, ZipEntry> {
  const r = new Reader(bytes, label);
  const directory = findDirectory(r, bytes.length, label);
  if (directory.entries > limits.maxZipEntries) throw tooManyEntries(label, directory.entries, limits.maxZipEntries);
  if (directory.offset + directory.size > bytes.length) throw corrupt(label);

  const entries = new Map<string, ZipEntry>();
  let declaredTotal = 0;
  let at = directory.offset;
  for (let i = 0; i < directory.entries; i++) {
    if (r.u32(at) !== CENTRAL_SIGNATURE) throw corrupt(label);
    const nameLength = r.u16(at + 28);
    const extraLength = r.u16(at + 30);
    const commentLength = r.u16(at + 32);
    const entry: ZipEntry = {
      name: decoder.decode(r.slice(at + 46, nameLength)),
      flags: r.u16(at + 8),
      method: r.u16(at + 10),
      compressedSize: r.u32(at + 20),
      size: r.u32(at + 24),
      localHeaderOffset: r.u32(at + 42),
    };
    applyZip64Extra(r, at + 46 + nameLength, extraLength, entry);
    declaredTotal += entry.size;
    entries.set(entry.name, entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (declaredTotal > limits.maxUnzippedBytes) throw unzipsTooLarge(label, limits.maxUnzippedBytes, declaredTotal);
  return entries;
}

/** Counts inflated bytes across all the parts read from one file, against `maxUnzippedBytes`. */
export class InflateBudget {
  used = 0;
  constructor(readonly limit: number) {}
}

/** Thrown from inside fflate's data callback to stop inflating at once; caught in `inflateEntry`. */
class BudgetExceeded extends Error {}

/**
 * Inflates one entry, stopping as soon as the real output passes the budget or a bomb-like ratio.
 * Only called for the XML parts the reader needs; images and the like are never inflated.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, budget: InflateBudget, label: string): Uint8Array {
  if (entry.flags & 0x1) throw encrypted(label);
  if (entry.size >= RATIO_CHECK_MIN_BYTES && entry.size / Math.max(entry.compressedSize, 1) > MAX_RATIO) {
    throw suspiciousRatio(label, entry.name, entry.size / Math.max(entry.compressedSize, 1));
  }
  const data = entryData(bytes, entry, label);
  if (entry.method === 0) return charge(budget, data, entry, label);
  if (entry.method !== 8) throw corrupt(label, `it uses zip compression method ${entry.method}, which Word never writes`);

  const chunks: Uint8Array[] = [];
  let produced = 0;
  const inflater = new Inflate((chunk) => {
    produced += chunk.length;
    if (budget.used + produced > budget.limit || isBombRatio(produced, data.length)) throw new BudgetExceeded();
    chunks.push(chunk);
  });
  try {
    for (let at = 0; at < data.length; at += INFLATE_STEP) {
      const end = Math.min(at + INFLATE_STEP, data.length);
      inflater.push(data.subarray(at, end), end === data.length);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (e) {
    if (!(e instanceof BudgetExceeded)) throw corrupt(label);
    if (isBombRatio(produced, data.length)) throw suspiciousRatio(label, entry.name, produced / Math.max(data.length, 1));
    throw unzipsTooLarge(label, budget.limit);
  }
  budget.used += produced;
  return concat(chunks, produced);
}

function isBombRatio(produced: number, compressed: number): boolean {
  return produced >= RATIO_CHECK_MIN_BYTES && produced / Math.max(compressed, 1) > MAX_RATIO;
}

/** The entry's compressed bytes, located through its local header (whose name/extra lengths may differ). */
function entryData(bytes: Uint8Array, entry: ZipEntry, label: string): Uint8Array {
  const r = new Reader(bytes, label);
  const at = entry.localHeaderOffset;
  if (r.u32(at) !== LOCAL_SIGNATURE) throw corrupt(label);
  const start = at + 30 + r.u16(at + 26) + r.u16(at + 28);
  return r.slice(start, entry.compressedSize);
}

function charge(budget: InflateBudget, data: Uint8Array, entry: ZipEntry, label: string): Uint8Array {
  if (budget.used + data.length > budget.limit) throw unzipsTooLarge(label, budget.limit);
  if (entry.size !== data.length) throw corrupt(label);
  budget.used += data.length;
  return data;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
