/**
 * OCR of scanned PDFs (src/document/ocr/). The scanned fixture is pages 1–2 of the ALPR example, rendered at
 * 150 dpi and saved as JPEGs in an image-only PDF (scripts/make-scanned.mjs --fixture). OCR runs for real
 * (tesseract.js with the installed English model), so these tests take some seconds; every OCR run uses a
 * temporary cache directory.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/index.js';
import { readDocumentFile } from '../src/document/read.js';
import type { Document } from '../src/document/model.js';
import { cleanOcrText, knownWords } from '../src/document/ocr/cleanup.js';

const FIXTURE = fileURLToPath(new URL('fixtures/scanned-2page.pdf', import.meta.url));
const TEXT_PDF = fileURLToPath(new URL('../examples/alpr-services-agreement.pdf', import.meta.url));
const MAIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'clausewatch-ocr-'));
const newCacheDir = () => mkdtempSync(join(tmp, 'cache-'));

function cli(args: string[], cacheDir: string) {
  const start = Date.now();
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CLAUSEWATCH_CACHE_DIR: cacheDir },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - start };
}

describe('reading a scanned PDF', () => {
  const cacheDir = newCacheDir();
  let doc: Document;
  let firstMs = 0;
  beforeAll(async () => {
    const start = Date.now();
    doc = await readDocumentFile(FIXTURE, { ocr: { cacheDir } });
    firstMs = Date.now() - start;
  }, 120_000);

  it('reads it by OCR, with section numbers, headings, definitions and page numbers', () => {
    expect(doc.format).toBe('pdf');
    expect(doc.pages).toBe(2);
    expect(doc.warnings).toContain('Pages 1–2 were read by OCR; check quotes against the scan');
    const at = (section: string) => doc.clauses.find((c) => c.section === section);
    expect(at('1')?.text).toMatch(/^1\. DEFINITIONS/);
    expect(at('1.1')).toMatchObject({ page: 1, heading: expect.stringContaining('DEFINITIONS') });
    expect(at('1.1(a)')?.text).toContain('"Aggregated Data" means');
    expect(at('1.1(b)(ii)')?.page).toBe(1);
    expect(at('1.1(h)')).toMatchObject({ page: 2 });
    expect(at('2.5')?.text).toMatch(/^2\.5 Support\. Vendor shall provide/);
    expect(at('2.5')?.page).toBe(2);
    expect(Object.keys(doc.definitions)).toEqual(expect.arrayContaining(['ALPR Data', 'Customer Data', 'Biometric Data', 'Hot List']));
    // Running header and "Page 1 of 8" footers are gone, as for the text PDF.
    expect(doc.text).not.toMatch(/Page \d of 8/);
    expect(doc.text).not.toContain('CONFIDENTIAL DRAFT');
  });

  it('marks every clause with the OCR confidence', () => {
    expect(doc.clauses.length).toBeGreaterThan(20);
    for (const c of doc.clauses) {
      expect(c.ocrConfidence).toBeGreaterThan(50);
      expect(c.ocrConfidence).toBeLessThanOrEqual(100);
    }
  });

  it('gives the rules what the text PDF gives them on the same pages', async () => {
    const fromScan = await analyze(doc, { profile: null });
    const fromText = await analyze(TEXT_PDF, { profile: null });
    const key = (f: { ruleId: string; clause: { section: string; page?: number } | null }) => `${f.ruleId}|${f.clause?.section}|${f.clause?.page}`;
    const want = new Set(fromText.findings.filter((f) => f.clause && (f.clause.page ?? 99) <= 2).map(key));
    const got = new Set(fromScan.findings.filter((f) => f.clause).map(key));
    const found = [...want].filter((k) => got.has(k));
    expect(want.size).toBeGreaterThan(3);
    expect(found.length / want.size).toBeGreaterThanOrEqual(0.9);
  });

  it('caches the result: a second read is fast and the same', async () => {
    expect(readdirSync(join(cacheDir, 'ocr')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    const start = Date.now();
    const again = await readDocumentFile(FIXTURE, { ocr: { cacheDir } });
    const ms = Date.now() - start;
    expect(ms).toBeLessThan(Math.max(1000, firstMs / 4));
    expect(again.text).toBe(doc.text);
  });
});

describe('--ocr and --no-ocr-cache', () => {
  it('--ocr never keeps the "needs OCR" error', () => {
    for (const command of ['parse', 'scan']) {
      const r = cli([command, FIXTURE, '--ocr', 'never'], newCacheDir());
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/has no text layer \(it looks like a scan\) — it needs OCR/);
    }
  });

  it('rejects an unknown mode', () => {
    const r = cli(['parse', FIXTURE, '--ocr', 'sometimes'], newCacheDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('auto, always, never');
  });

  it('scan reads the scan by OCR, and --no-ocr-cache neither reads nor writes the cache', () => {
    const cacheDir = newCacheDir();
    const r = cli(['scan', FIXTURE, '--format', 'json', '--no-ocr-cache'], cacheDir);
    expect(r.code).toBe(0);
    const review = JSON.parse(r.stdout);
    expect(review.warnings).toContain('Pages 1–2 were read by OCR; check quotes against the scan');
    expect(review.findings.some((f: { clause: { section: string } | null }) => f.clause?.section === '1.1(d)')).toBe(true);
    expect(readdirSync(cacheDir)).toEqual([]);
  }, 120_000);
});

describe('a damaged page', () => {
  it('is named in a warning while the other pages are read', async () => {
    // The fixture with the JPEG of page 2 overwritten after its header: PDF.js can't decode it.
    const pdf = await PDFDocument.load(readFileSync(FIXTURE));
    const images = pdf.context
      .enumerateIndirectObjects()
      .map(([, obj]) => obj)
      .filter((obj): obj is PDFRawStream => obj instanceof PDFRawStream && obj.dict.get(PDFName.of('Subtype'))?.toString() === '/Image');
    expect(images).toHaveLength(2);
    const jpeg = images[1]!.contents;
    for (let i = 600; i < jpeg.length - 2; i++) jpeg[i] = (i * 7919) & 0xff;
    const file = join(tmp, 'corrupt-page-2.pdf');
    writeFileSync(file, await pdf.save());

    const doc = await readDocumentFile(file, { ocr: { cacheDir: newCacheDir() } });
    expect(doc.warnings).toContain('Page 1 was read by OCR; check quotes against the scan');
    expect(doc.warnings.some((w) => w.startsWith('Page 2 has an image that could not be decoded'))).toBe(true);
    expect(doc.clauses.find((c) => c.section === '1.1(a)')?.page).toBe(1);
    expect(doc.clauses.every((c) => c.page === 1)).toBe(true);
  }, 60_000);
});

describe('OCR text clean-up', () => {
  const known = knownWords(['retention retention information customer']);
  const clean = (s: string) => cleanOcrText(s, known);

  it('reads a "1" or "|" between letters as l or I, and "0" as o', () => {
    expect(clean('Vendor shall de1ete the rec0rds')).toBe('Vendor shall delete the records');
    expect(clean('DATA RETENT1ON')).toBe('DATA RETENTION');
    expect(clean('a|l Customer Data')).toBe('all Customer Data');
  });

  it('never changes numbers, section labels or codes', () => {
    for (const s of ['within 30 days', 'No. 2026-PD-117', 'Section 1.1(a)', 'the 1st day', 'item A1', '(l) "Vehicle"', '10 (ten) years', 'v1.2']) {
      expect(clean(s)).toBe(s);
    }
  });

  it('fixes rn/m and cl/d only towards a known word', () => {
    expect(clean('personal inforrnation')).toBe('personal information');
    expect(clean('turn left, clear view, modern')).toBe('turn left, clear view, modern');
  });

  it('joins a word broken by a stray space or an in-line hyphen when the whole is known', () => {
    expect(clean('the reten tion period')).toBe('the retention period');
    expect(clean('the reten- tion period')).toBe('the retention period');
    expect(clean('Cus tomer Data')).toBe('Customer Data');
    // Two real words stay apart; a hyphenated compound of unknown words stays hyphenated.
    expect(clean('any data set')).toBe('any data set');
    expect(clean('a well- known rule')).toBe('a well- known rule');
  });
});
