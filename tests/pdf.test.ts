import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClausewatchError, type ErrorCode } from '../src/document/errors.js';
import { DEFAULT_LIMITS } from '../src/document/limits.js';
import type { Block, ReadResult } from '../src/document/model.js';
import { pageRanges, readPdf } from '../src/document/pdf.js';
import { cleanRunText, isPageNumber, startsWithClauseNumber } from '../src/document/pdf-text.js';
import { makeContractPdf, makePdf, makeRawPdf, rawTextContent, RAW_CODES, type Paragraph } from './helpers/make-pdf.js';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url))));

const read = (bytes: Uint8Array, limits = DEFAULT_LIMITS): Promise<ReadResult> => readPdf(bytes, limits);

/** Reads and expects a ClausewatchError with the code; returns it for checks on the message. */
async function readError(bytes: Uint8Array, code: ErrorCode, limits = DEFAULT_LIMITS): Promise<ClausewatchError> {
  const error: unknown = await readPdf(bytes, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClausewatchError);
  const cw = error as ClausewatchError;
  expect(cw.code).toBe(code);
  expect(cw.message).not.toContain('\n');
  return cw;
}

afterEach(() => vi.restoreAllMocks());

const texts = (r: ReadResult): string[] => r.blocks.map((b) => b.text);
const blockStarting = (r: ReadResult, start: string): Block | undefined => r.blocks.find((b) => b.text.startsWith(start));

/** A sentence long enough to wrap over several lines. */
const FILLER =
  'The Vendor shall process Customer Data only as needed to provide the Services and for no other purpose, and shall keep it confidential in accordance with this Agreement and all applicable laws.';

/** A contract of `clauses` numbered clauses under two headings: enough text for three or four pages. */
function contract(clauses = 24): Paragraph[] {
  return [
    { text: 'MASTER SERVICES AGREEMENT', size: 16 },
    { text: 'ARTICLE 7 - DATA RETENTION', spaceBefore: 16 },
    ...Array.from({ length: clauses }, (_, i) => ({ text: `7.${i + 1} ${FILLER} ${FILLER}` })),
  ];
}

describe('readPdf: text, blocks and pages', () => {
  it('reads numbered clauses as paragraphs, in order, with 1-based page numbers', async () => {
    const r = await read(await makeContractPdf(contract()));
    expect(r.format).toBe('pdf');
    expect(r.pages).toBeGreaterThanOrEqual(3);
    expect(r.warnings).toEqual([]);
    const clauses = r.blocks.filter((b) => /^7\.\d+ /.test(b.text));
    expect(clauses.map((b) => b.text.split(' ')[0])).toEqual(Array.from({ length: 24 }, (_, i) => `7.${i + 1}`));
    for (const b of clauses) {
      expect(b.kind).toBe('paragraph');
      expect(b.text).toBe(`${b.text.split(' ')[0]} ${FILLER} ${FILLER}`);
    }
    // Pages only go forward, start at 1 and end on the last page.
    const pages = r.blocks.map((b) => b.page ?? 0);
    expect(pages[0]).toBe(1);
    expect(pages).toEqual([...pages].sort((a, b) => a - b));
    expect(pages.at(-1)).toBe(r.pages);
  });

  it('gives the page a block starts on, including for a paragraph that runs over a page break', async () => {
    // Line 48 is the last that fits on a page at 11 pt × 1.25 between 1-inch margins: 7.1 runs over onto page 2.
    const long = Array.from({ length: 8 }, () => FILLER).join(' ');
    const r = await read(
      await makeContractPdf([
        { lines: Array.from({ length: 40 }, (_, i) => `Filler line ${i + 1} of the recitals, which ends here.`) },
        { text: `7.1 ${long}` },
        { text: '7.2 The City may audit the Vendor once a year.' },
      ]),
    );
    const b71 = blockStarting(r, '7.1 ');
    expect(b71?.page).toBe(1);
    expect(b71?.text).toBe(`7.1 ${long}`);
    expect(blockStarting(r, '7.2 ')?.page).toBe(2);
  });

  it('starts a clause on a new page as a new block on that page', async () => {
    const r = await read(
      await makeContractPdf([
        { text: `7.1 ${FILLER}` },
        { text: `7.2 ${FILLER}`, pageBreakBefore: true },
        { text: `7.3 ${FILLER}` },
      ]),
    );
    expect(texts(r)).toEqual([`7.1 ${FILLER}`, `7.2 ${FILLER}`, `7.3 ${FILLER}`]);
    expect(r.blocks.map((b) => b.page)).toEqual([1, 2, 2]);
  });

  it('marks headings (all caps, larger type, short Title Case lines) and gives levels', async () => {
    const r = await read(
      await makeContractPdf([
        { text: 'MASTER SERVICES AGREEMENT', size: 16 },
        { text: 'ARTICLE 7 - DATA RETENTION', spaceBefore: 16 },
        { text: `7.1 Retention. ${FILLER}` },
        { text: 'Deletion of Customer Data', spaceBefore: 12 },
        { text: `7.2 ${FILLER}` },
      ]),
    );
    expect(r.blocks.map((b) => [b.kind, b.text.slice(0, 20)])).toEqual([
      ['heading', 'MASTER SERVICES AGRE'],
      ['heading', 'ARTICLE 7 - DATA RET'],
      ['paragraph', '7.1 Retention. The V'],
      ['heading', 'Deletion of Customer'],
      ['paragraph', '7.2 The Vendor shall'],
    ]);
    const [title, article, , sub] = r.blocks;
    expect(title?.level).toBe(1);
    expect(article?.level).toBe(2);
    expect(sub?.level).toBe(3);
  });

  it('takes "Section 5: Data Retention" for a heading but not "Name: Jane Roe" or a table row', async () => {
    const r = await read(
      await makeContractPdf([
        { text: 'Section 5: Data Retention' },
        { text: `5.1 ${FILLER}` },
        { text: 'Name: Jane Roe', spaceBefore: 14 },
        { text: 'Fixed Camera Units 40 $2,500', spaceBefore: 14 },
      ]),
    );
    expect(r.blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'paragraph', 'paragraph']);
  });

  it('splits paragraphs on blank space, clause numbers and lines that stop short, not on ordinary line ends', async () => {
    const r = await read(
      await makeContractPdf(
        [
          { text: `${FILLER} ${FILLER}` },
          { text: `Second paragraph, after blank space. ${FILLER}` },
          { text: '4.2 Retention Period. Vendor shall delete each Read thirty days after capture, unless:' },
          { text: '(a) the Read is attached to an open case number; or', spaceBefore: 0 },
          { text: '(b) the Read was exported as evidence.', spaceBefore: 0 },
          { text: 'A paragraph that ends early.', spaceBefore: 0 },
          { text: `And one after it with no space between. ${FILLER}`, spaceBefore: 0 },
        ],
        { leading: 1.15 },
      ),
    );
    expect(texts(r)).toEqual([
      `${FILLER} ${FILLER}`,
      `Second paragraph, after blank space. ${FILLER}`,
      '4.2 Retention Period. Vendor shall delete each Read thirty days after capture, unless:',
      '(a) the Read is attached to an open case number; or',
      '(b) the Read was exported as evidence.',
      'A paragraph that ends early.',
      `And one after it with no space between. ${FILLER}`,
    ]);
  });

  it('starts a new block at each bulleted item', async () => {
    const r = await read(
      await makeContractPdf([
        { text: 'The System shall not:' },
        { text: '• apply facial recognition to any image;', spaceBefore: 0 },
        { text: `• retain plate reads for more than thirty days; or ${FILLER}`, spaceBefore: 0 },
        { text: '• share data with any third party.', spaceBefore: 0 },
      ]),
    );
    expect(texts(r)).toEqual([
      'The System shall not:',
      '• apply facial recognition to any image;',
      `• retain plate reads for more than thirty days; or ${FILLER}`,
      '• share data with any third party.',
    ]);
  });

  it('keeps a clause number that is a cross-reference or an inline list in its sentence', async () => {
    const r = await read(
      await makeContractPdf([
        {
          lines: [
            '5.1 Vendor shall not disclose Customer Data to any third party except as set out in Section',
            '5.2 below, and shall, on the City’s request, delete the data within thirty days, return any',
            'copies in its possession and certify the deletion in writing no later than ninety',
            '(90) days after termination, and shall (i) notify the City of any request it receives and',
            '(ii) resist disclosure to the extent permitted by law.',
          ],
        },
      ]),
    );
    expect(r.blocks).toHaveLength(1);
    expect(r.blocks[0]?.text).toContain('in Section 5.2 below');
    expect(r.blocks[0]?.text).toContain('ninety (90) days');
    expect(r.blocks[0]?.text).toContain('and (ii) resist');
  });

  it('does not change the caller’s bytes (PDF.js gets a copy)', async () => {
    const bytes = await makeContractPdf([{ text: `7.1 ${FILLER}` }]);
    const before = bytes.slice();
    await read(bytes);
    expect(bytes.byteLength).toBe(before.byteLength);
    expect(bytes).toEqual(before);
  });

  it('reads text on a rotated page (/Rotate 90) in reading order', async () => {
    // pdf-lib draws in unrotated page space; on a page shown rotated by 90°, text drawn at 90° reads upright.
    const r = await read(
      await makePdf([
        {
          rotation: 90,
          lines: [
            { text: '1. Vendor shall not use facial recognition.', x: 100, y: 700, rotate: 90 },
            { text: '2. Vendor shall delete data after 30 days.', x: 120, y: 700, rotate: 90 },
          ],
        },
      ]),
    );
    expect(texts(r)).toEqual(['1. Vendor shall not use facial recognition.', '2. Vendor shall delete data after 30 days.']);
  });
});

describe('readPdf: running headers, footers and page numbers', () => {
  it('removes a running header and a "Page N of M" footer', async () => {
    const r = await read(
      await makeContractPdf(contract(), { header: 'ACME CONFIDENTIAL', footer: (n, total) => `Page ${n} of ${total}` }),
    );
    expect(r.pages).toBeGreaterThanOrEqual(3);
    const all = texts(r).join('\n');
    expect(all).not.toMatch(/ACME CONFIDENTIAL/);
    expect(all).not.toMatch(/Page \d+ of \d+/);
    // …and nothing else went missing with them.
    expect(r.blocks.filter((b) => /^7\.\d+ /.test(b.text))).toHaveLength(24);
    expect(r.blocks[0]?.text).toBe('MASTER SERVICES AGREEMENT');
  });

  it('removes a header repeated on both pages of a two-page document', async () => {
    const r = await read(await makeContractPdf(contract(12), { header: 'Riverton / Sentinel ALPR Agreement No. 2026-PD-117' }));
    expect(r.pages).toBe(2);
    expect(texts(r).join('\n')).not.toContain('Riverton / Sentinel');
  });

  it.each([['3'], ['- 3 -'], ['Page 3'], ['3 | Page'], ['ii']])('removes a bare page number like "%s"', async (style) => {
    const r = await read(
      await makePdf([{ lines: [{ text: `1. ${FILLER.slice(0, 80)}`, y: 100 }] }], { footer: () => style }),
    );
    expect(texts(r)).toEqual([`1. ${FILLER.slice(0, 80)}`]);
  });

  it('removes a header whose words change but which carries the page number', async () => {
    // Like a book's running head: "Article 1 — Definitions 2" … "Article 2 — Data Retention 4"; numbering starts at 2.
    const titles = ['Article 1 — Definitions', 'Article 1 — Definitions', 'Article 2 — Data Retention', 'Article 2 — Data Retention'];
    const r = await read(
      await makePdf(
        titles.map((title, i) => ({
          lines: [
            { text: `${title} ${i + 2}`, y: 40, size: 9 },
            { text: `${i + 1}. ${FILLER.slice(0, 60)}.`, y: 100 },
          ],
        })),
      ),
    );
    expect(texts(r)).toEqual([1, 2, 3, 4].map((n) => `${n}. ${FILLER.slice(0, 60)}.`));
  });

  it('keeps a line that appears on one page only, even in the header band', async () => {
    const r = await read(
      await makePdf([
        { lines: [{ text: 'EXHIBIT A — PRICING', y: 60 }, { text: 'Item one costs $10.', y: 120 }] },
        { lines: [{ text: 'Item two costs $20.', y: 120 }] },
        { lines: [{ text: 'Item three costs $30.', y: 120 }] },
      ]),
    );
    expect(texts(r)[0]).toBe('EXHIBIT A — PRICING');
  });

  it('does not mistake numbered headings at the top of each page for a running header', async () => {
    const r = await read(
      await makePdf(
        [1, 2, 3].map((n) => ({
          lines: [
            { text: `ARTICLE ${n}`, y: 80 },
            { text: `${n}.1 The Vendor shall comply with Article ${n}.`, y: 120 },
          ],
        })),
      ),
    );
    expect(texts(r).filter((t) => t.startsWith('ARTICLE'))).toEqual(['ARTICLE 1', 'ARTICLE 2', 'ARTICLE 3']);
  });
});

describe('readPdf: hyphenation and ligatures', () => {
  it('joins a word hyphenated across a line end', async () => {
    const r = await read(
      await makeContractPdf([
        {
          lines: [
            '4.2 The Vendor shall limit the retention period of all Customer Data, and its reten-',
            'tion schedule shall be approved in writing by the Chief of Police before go-live.',
          ],
        },
      ]),
    );
    expect(r.blocks[0]?.text).toContain('its retention schedule');
  });

  it('keeps the hyphen after a common compound prefix ("third-party", "non-exclusive")', async () => {
    const r = await read(
      await makeContractPdf([
        {
          lines: [
            '5.1 Vendor shall not disclose Customer Data to any third-',
            'party, and grants the City a perpetual, royalty-free and non-',
            'exclusive licence to all reports generated from it during the term.',
          ],
        },
      ]),
    );
    expect(r.blocks[0]?.text).toBe(
      '5.1 Vendor shall not disclose Customer Data to any third-party, and grants the City a perpetual, royalty-free and non-exclusive licence to all reports generated from it during the term.',
    );
  });

  it('unfolds ligatures (ﬁ ﬂ ﬀ ﬃ ﬄ) into plain letters', async () => {
    const { fi, fl, ff, ffi, ffl } = RAW_CODES;
    const pdf = makeRawPdf([
      rawTextContent([{ y: 100, text: `The ${fi}nal data ${fl}ow is e${ff}ective at the o${ffi}ce and the ba${ffl}ing ${fi}le.` }]),
    ]);
    const r = await read(pdf);
    expect(texts(r)).toEqual(['The final data flow is effective at the office and the baffling file.']);
    expect(texts(r).join('')).not.toMatch(/[\uFB00-\uFB06]/);
  });
});

describe('readPdf: bad input', () => {
  it('rejects bytes that are not a PDF', async () => {
    const e = await readError(new TextEncoder().encode('Dear Counsel, please find the contract attached.'), 'corrupt');
    expect(e.message).toMatch(/is not a PDF/);
  });

  it('rejects a damaged PDF ("%PDF-1.7" and garbage)', async () => {
    const garbage = new Uint8Array(2000).map((_, i) => (i * 7919) % 251);
    const bytes = new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n'), ...garbage]);
    const e = await readError(bytes, 'corrupt');
    expect(e.message).toMatch(/is not a readable PDF \(the file is damaged or truncated\); ask for a fresh copy or re-export it/);
  });

  it('rejects a PDF cut in half with "corrupt", or reads what PDF.js recovers — never a raw exception', async () => {
    const whole = await makeContractPdf(contract(30), { header: 'ACME CONFIDENTIAL' });
    for (const cut of [0.5, 0.9, 0.05]) {
      const part = whole.slice(0, Math.floor(whole.length * cut));
      try {
        const r = await read(part);
        expect(r.blocks.length).toBeGreaterThan(0);
      } catch (e) {
        expect(e).toBeInstanceOf(ClausewatchError);
        expect(['corrupt', 'needs-ocr']).toContain((e as ClausewatchError).code);
      }
    }
  });

  it('reads a PDF whose last lines are missing (PDF.js rebuilds the cross-reference table)', async () => {
    const whole = makeRawPdf([1, 2].map((n) => rawTextContent([{ y: 100, text: `${n}. Clause on page ${n}.` }])));
    const cut = Buffer.from(whole).toString('latin1').lastIndexOf('startxref');
    const r = await read(whole.slice(0, cut));
    expect(texts(r)).toEqual(['1. Clause on page 1.', '2. Clause on page 2.']);
  });

  it('reads the pages it can and names a page that is damaged', async () => {
    const whole = makeRawPdf([1, 2, 3].map((n) => rawTextContent([{ y: 100, text: `${n}. Clause on page ${n}.` }])));
    // Point the page tree's third entry at an object that doesn't exist.
    const damaged = Buffer.from(Buffer.from(whole).toString('latin1').replace('/Kids [4 0 R 6 0 R 8 0 R]', '/Kids [4 0 R 6 0 R 98 0 R]'), 'latin1');
    const r = await read(new Uint8Array(damaged));
    expect(texts(r)).toEqual(['1. Clause on page 1.', '2. Clause on page 2.']);
    expect(r.warnings).toEqual(['Page 3 could not be read (the file is damaged there); the text on it is missing']);
  });

  it('rejects an empty file, and a PDF with no pages', async () => {
    await readError(new Uint8Array(0), 'empty');
    const e = await readError(makeRawPdf([]), 'empty');
    expect(e.message).toMatch(/has no pages/);
  });

  it('rejects a password-protected PDF with advice', async () => {
    const e = await readError(fixture('encrypted.pdf'), 'encrypted');
    expect(e.message).toMatch(/is password-protected; ask the sender for an unlocked copy, or remove the password \(e\.g\. `qpdf --decrypt/);
  });

  it('reads a PDF that has only an owner password (it opens without one)', async () => {
    const r = await read(fixture('owner-only.pdf'));
    expect(texts(r)).toEqual(['4.2 Retention Period. Vendor shall delete each Read thirty (30) days after capture.']);
  });

  it('rejects more pages than limits.maxPages', async () => {
    const bytes = await makePdf([1, 2, 3].map((n) => ({ lines: [{ text: `${n}. Clause.`, y: 100 }] })));
    const e = await readError(bytes, 'too-large', { ...DEFAULT_LIMITS, maxPages: 2 });
    expect(e.message).toMatch(/has 3 pages, more than the limit of 2/);
    await expect(read(bytes, { ...DEFAULT_LIMITS, maxPages: 3 })).resolves.toBeDefined();
  });

  it('rejects more bytes than limits.maxFileBytes', async () => {
    const bytes = await makePdf([{ lines: [{ text: '1. Clause.', y: 100 }] }]);
    await readError(bytes, 'too-large', { ...DEFAULT_LIMITS, maxFileBytes: 100 });
  });

  it('says a PDF with no text layer (a scanned image) needs OCR', async () => {
    const e = await readError(await makePdf([{ rect: true }, { rect: true }]), 'needs-ocr');
    expect(e.message).toMatch(/has no text layer \(it looks like a scan\) — it needs OCR/);
  });

  it('says a PDF whose only text is a header and page numbers needs OCR', async () => {
    const bytes = await makePdf([{ rect: true }, { rect: true }, { rect: true }], {
      header: 'CITY CLERK — SCANNED RECORD',
      footer: (n) => `${n}`,
    });
    await readError(bytes, 'needs-ocr');
  });

  it('says a PDF with pages but no content at all needs OCR', async () => {
    await readError(await makePdf([{}]), 'needs-ocr');
  });

  it('reads the pages that have text and names the ones that do not', async () => {
    const r = await read(
      await makePdf([
        { lines: [{ text: '1. The Vendor shall not use facial recognition.', y: 100 }] },
        { rect: true },
        { rect: true },
        { lines: [{ text: '2. The City owns all Customer Data.', y: 100 }] },
        { rect: true },
      ]),
    );
    expect(texts(r)).toEqual(['1. The Vendor shall not use facial recognition.', '2. The City owns all Customer Data.']);
    expect(r.blocks.map((b) => b.page)).toEqual([1, 4]);
    expect(r.warnings).toEqual([
      'Pages 2–3, 5 have no text layer (blank, or a scanned image that needs OCR); any text on them was not read',
    ]);
  });

  it('skips a diagonal watermark and says so', async () => {
    const r = await read(
      await makePdf([
        {
          lines: [
            { text: '1. The Vendor shall not use facial recognition.', y: 100 },
            { text: 'DRAFT', x: 200, y: 500, size: 60, rotate: 45 },
          ],
        },
      ]),
    );
    expect(texts(r)).toEqual(['1. The Vendor shall not use facial recognition.']);
    expect(r.warnings).toEqual(['Rotated or vertical text on page 1 was skipped (usually a watermark or a margin note)']);
  });

  it('prints nothing, whether the file is good or bad', async () => {
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    const log = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    await read(await makeContractPdf(contract(4), { header: 'ACME CONFIDENTIAL' }));
    await read(new TextEncoder().encode('%PDF-1.7\ngarbage')).catch(() => undefined);
    await read(fixture('encrypted.pdf')).catch(() => undefined);
    await read(await makePdf([{ rect: true }])).catch(() => undefined);
    for (const spy of [out, err, log, warn, error]) expect(spy).not.toHaveBeenCalled();
  });
});

describe('readPdf: speed', () => {
  it('reads a 300-page contract in a few seconds', async () => {
    // 11 clauses fill a page: 3,300 make just over 300 pages.
    const paragraphs: Paragraph[] = Array.from({ length: 3300 }, (_, i) => ({
      text: `${Math.floor(i / 10) + 1}.${(i % 10) + 1} ${FILLER} ${FILLER}`,
    }));
    const bytes = await makeContractPdf(paragraphs, { header: 'ACME CONFIDENTIAL', footer: (n, t) => `Page ${n} of ${t}` });
    const started = performance.now();
    const r = await read(bytes);
    const seconds = (performance.now() - started) / 1000;
    expect(r.pages).toBeGreaterThanOrEqual(300);
    expect(r.blocks).toHaveLength(3300);
    // A couple of seconds on a developer machine; generous here so that a slow CI box doesn't fail.
    expect(seconds).toBeLessThan(20);
  }, 120_000);
});

describe('PDF text rules', () => {
  it('cleanRunText unfolds every ligature and keeps curly quotes and odd spaces for the segmenter', () => {
    expect(cleanRunText('\uFB00 \uFB01 \uFB02 \uFB03 \uFB04 \uFB05 \uFB06')).toBe('ff fi fl ffi ffl st st');
    expect(cleanRunText('“Customer Data”\u00A0means')).toBe('“Customer Data”\u00A0means');
    expect(cleanRunText('tab\there\u0000')).toBe('tab here');
  });

  it.each(['3', '- 3 -', '— 12 —', 'Page 3', 'page 3 of 10', 'Page 3 of 10', '3 of 10', '3 | Page', 'Page | 3', 'iv', 'xii'])(
    'isPageNumber(%j)',
    (text) => expect(isPageNumber(text)).toBe(true),
  );

  it.each(['3.', '1. Definitions', 'Page three', 'civil', '(iv)', 'Section 3'])('not isPageNumber(%j)', (text) =>
    expect(isPageNumber(text)).toBe(false),
  );

  it.each(['1. Definitions', '7.2 Deletion', '7.2.1 Backups', '7.2(a) Logs', '(a) the City', '(iv) images', 'ARTICLE IV', 'Article 4', 'Section 5', '§ 3 Data', 'A. Recitals', 'b) data'])(
    'startsWithClauseNumber(%j)',
    (text) => expect(startsWithClauseNumber(text)).toBe(true),
  );

  it.each(['30 days after capture', 'section 5 of the Act', '2024 was a year', 'Articles of incorporation', '$1,000.00'])(
    'not startsWithClauseNumber(%j)',
    (text) => expect(startsWithClauseNumber(text)).toBe(false),
  );

  it('lists pages as ranges', () => {
    expect(pageRanges([9, 3, 7, 8])).toBe('3, 7–9');
    expect(pageRanges([1])).toBe('1');
  });
});
