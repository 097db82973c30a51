/**
 * What a file is, from its first bytes rather than its name: a contract obtained through a records request is
 * often named "document(3)" or carries the wrong extension.
 */
export type Sniffed =
  | { kind: 'pdf' }
  | { kind: 'docx' }
  | { kind: 'encrypted-office' }
  | { kind: 'text'; format: 'text' | 'markdown' | 'html'; text: string }
  | { kind: 'unsupported'; what: string; advice: string };

const startsWith = (bytes: Uint8Array, sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);

export function sniff(bytes: Uint8Array, fileName: string): Sniffed {
  // PDF: "%PDF-" may follow a little junk; the spec lets readers look in the first kilobyte.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return { kind: 'pdf' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return isWordZip(bytes)
      ? { kind: 'docx' }
      : { kind: 'unsupported', what: 'a zip archive, not a Word document', advice: 'unzip it and scan the contracts inside' };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // Word keeps a password-protected .docx in an OLE container with an "EncryptionInfo" stream.
    if (Buffer.from(bytes).includes(Buffer.from('EncryptionInfo', 'utf16le'))) return { kind: 'encrypted-office' };
    return {
      kind: 'unsupported',
      what: 'a Word 97-2003 (.doc) or other legacy Office file',
      advice: 'open it in Word or LibreOffice and save it as .docx or PDF',
    };
  }
  const image = imageKind(bytes);
  if (image) {
    return { kind: 'unsupported', what: `a ${image} image`, advice: 'put the scanned pages into a PDF and scan that' };
  }
  const text = decodeText(bytes);
  if (text === undefined) {
    return { kind: 'unsupported', what: 'a binary file of an unknown kind', advice: 'clausewatch reads DOCX, PDF, text, Markdown and HTML' };
  }
  const start = text.slice(0, 512).trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || /\.x?html?$/i.test(fileName)) {
    return { kind: 'text', format: 'html', text };
  }
  if (/\.(md|markdown)$/i.test(fileName) || /^#{1,6} /m.test(text.slice(0, 4096))) return { kind: 'text', format: 'markdown', text };
  return { kind: 'text', format: 'text', text };
}

/** The zip's central directory names "word/document.xml" (file names are stored as plain bytes). */
function isWordZip(bytes: Uint8Array): boolean {
  return Buffer.from(bytes).includes('word/document.xml', 0, 'latin1');
}

function imageKind(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'PNG';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'JPEG';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'TIFF';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'GIF';
  return undefined;
}

/** UTF-8 (or UTF-16 with a byte-order mark) text with no NUL bytes; undefined for anything binary. */
function decodeText(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Not UTF-8: Windows-1252 is what old exports use; accept it if it is mostly printable.
    const text = new TextDecoder('windows-1252').decode(bytes);
    const controls = text.match(/[\x00-\x08\x0e-\x1f]/g)?.length ?? 0;
    return controls > text.length / 100 ? undefined : text;
  }
}
