import { describe, expect, it } from 'vitest';
import type { Block } from '../src/document/model.js';
import { readText } from '../src/document/text.js';
import { normalizeText } from '../src/segment/normalize.js';
import { segment } from '../src/segment/segment.js';

const para = (text: string, extra: Partial<Block> = {}): Block => ({ kind: 'paragraph', text, ...extra });
const doc = (blocks: Block[]) => segment({ format: 'text', blocks, warnings: [] }, 'test.txt');
const sections = (blocks: Block[]) => doc(blocks).clauses.map((c) => c.section);

describe('section numbers', () => {
  it('nests decimal numbers, letters and roman numerals into citations', () => {
    expect(
      sections([
        para('7. DATA RETENTION'),
        para('7.1 Retention Period. Vendor shall keep Footage for thirty (30) days.'),
        para('7.2 Deletion. Vendor shall delete:'),
        para('(a) all Footage; and'),
        para('(i) copies in backups;'),
        para('(ii) copies held by subprocessors;'),
        para('(b) all plate reads.'),
        para('7.3 Certificate. Vendor shall certify deletion.'),
        para('8. DATA SHARING'),
      ]),
    ).toEqual(['7', '7.1', '7.2', '7.2(a)', '7.2(a)(i)', '7.2(a)(ii)', '7.2(b)', '7.3', '8']);
  });

  it('tells the letter (i) after (h) from the numeral (i) under (a)', () => {
    const letters = 'abcdefghij'.split('').map((l) => para(`(${l}) item ${l};`));
    expect(sections([para('1. Lists.'), ...letters])).toEqual(['1', ...'abcdefghij'.split('').map((l) => `1(${l})`)]);
    expect(sections([para('1. Lists.'), para('(a) first;'), para('(i) sub one;'), para('(ii) sub two;'), para('(v) not reached;')]).slice(2)).toEqual([
      '1(a)(i)',
      '1(a)(ii)',
      '1(v)',
    ]);
  });

  it('cites restarted numbering inside articles with the article', () => {
    expect(
      sections([
        para('ARTICLE I'),
        para('DEFINITIONS', { kind: 'heading' }),
        para('1. "Footage" means video recorded by the Cameras.'),
        para('2. "Customer Data" means all data the City provides.'),
        para('ARTICLE II'),
        para('DATA'),
        para('1. Vendor shall not sell Customer Data.'),
        para('(a) This includes aggregated data.'),
      ]),
    ).toEqual(['Article I', 'Article I', 'Article I § 1', 'Article I § 2', 'Article II', 'Article II', 'Article II § 1', 'Article II § 1(a)']);
  });

  it('reads Section and § styles and dotted numbers inside articles', () => {
    expect(
      sections([
        para('Article IV - Data Retention'),
        para('Section 4.1 Vendor shall purge data after 30 days.'),
        para('Section 4.2 Backups are overwritten within 90 days.'),
        para('§ 5 Audits. The City may audit Vendor.'),
      ]),
    ).toEqual(['Article IV', '4.1', '4.2', '5']);
  });

  it('does not mistake a sentence starting with a number for a section', () => {
    expect(sections([para('1. Term.'), para('30 days after notice, either party may terminate.')])).toEqual(['1', '1']);
  });
});

describe('headings', () => {
  it('builds the heading path from numbered headings, run-in headings and heading blocks', () => {
    const d = doc([
      para('7. DATA RETENTION'),
      para('7.2 Deletion. Vendor shall delete Footage after thirty (30) days.'),
      para('(a) Backups. Backup copies are overwritten within ninety (90) days.'),
    ]);
    expect(d.clauses.map((c) => c.heading)).toEqual(['DATA RETENTION', 'DATA RETENTION > Deletion', 'DATA RETENTION > Deletion > Backups']);
    expect(d.clauses[0]!.kind).toBe('heading');
  });

  it('names an article from the heading line that follows it', () => {
    const d = doc([para('ARTICLE IV'), para('DATA SHARING'), para('1. Vendor shall not share Customer Data.')]);
    expect(d.clauses[2]!.heading).toBe('DATA SHARING');
    expect(d.clauses[0]!.heading).toBe('DATA SHARING');
  });

  it('does not nest the numbered body under lettered recitals', () => {
    const d = doc([para('SERVICES AGREEMENT'), para('RECITALS'), para('A. The City needs cameras.'), para('B. Vendor sells them.'), para('1. DEFINITIONS'), para('1.1 Terms. Words mean things.')]);
    expect(d.clauses.map((c) => c.section)).toEqual(['', '', 'A', 'B', '1', '1.1']);
    expect(d.clauses[5]!.heading).toBe('DEFINITIONS > Terms');
  });

  it('restarts the outline at an exhibit', () => {
    const d = doc([para('12. Miscellaneous.'), para('EXHIBIT A'), para('1. Camera locations are listed below.')]);
    expect(d.clauses[2]!.section).toBe('1');
    expect(d.clauses[2]!.heading).toBe('EXHIBIT A');
  });
});

describe('definitions', () => {
  it('keeps a glossary of formal and inline definitions', () => {
    const d = doc([
      para('1.1 "Footage" means all video and images recorded by the Cameras.'),
      para('1.2 \u201CCustomer Data\u201D shall mean all data the City provides.'),
      para('The City of Riverton (the "City") and Sentinel, Inc. (collectively, the "Parties") agree as follows.'),
    ]);
    expect(Object.keys(d.definitions)).toEqual(['Footage', 'Customer Data', 'City', 'Parties']);
    expect(d.definitions.Footage!.text).toBe('all video and images recorded by the Cameras.');
    expect(d.definitions.Footage!.clauseId).toBe('c1');
  });
});

describe('offsets and normalisation', () => {
  it('normalises quotes, ligatures and spaces while mapping back to the source', () => {
    const { text, map } = normalizeText('  \u201CCustomer\u00A0Data\u201D  de\uFB01nes   ok ');
    expect(text).toBe('"Customer Data" defines ok');
    expect(map[0]).toBe(2);
    expect(map[text.indexOf('fi')]).toBe(map[text.indexOf('fi') + 1]);
    expect(map[text.length]).toBe(30);
  });

  it('gives clause offsets into the document text and the source text', () => {
    const d = doc([para('1. First\u00A0clause.'), para('2. \u201CSecond\u201D clause.')]);
    for (const c of d.clauses) {
      expect(d.text.slice(c.start, c.end)).toBe(c.text);
    }
    expect(d.sourceText.slice(d.clauses[1]!.sourceStart, d.clauses[1]!.sourceEnd)).toBe('2. \u201CSecond\u201D clause.');
  });

  it('refuses a document with no text', () => {
    expect(() => doc([para('   '), para('\u200B')])).toThrow('test.txt contains no text to review');
  });
});

describe('plain text reader', () => {
  it('joins wrapped lines, mends hyphenation and splits at clause numbers', () => {
    const read = readText('1. Vendor shall delete reten-\ntion copies and third-\nparty copies.\n2. Next clause\nwraps here.\n\nLast paragraph.');
    expect(read.blocks.map((b) => b.text)).toEqual([
      '1. Vendor shall delete retention copies and third-party copies.',
      '2. Next clause wraps here.',
      'Last paragraph.',
    ]);
  });

  it('reads Markdown headings and bullets', () => {
    const read = readText('# Data Retention\n\n- **Vendor** shall delete data.\n- Second item', 'markdown');
    expect(read.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Data Retention' },
      { kind: 'paragraph', text: 'Vendor shall delete data.' },
      { kind: 'paragraph', text: 'Second item' },
    ]);
  });
});

describe('clause numbers misread by OCR', () => {
  const ocr = (text: string): Block => ({ kind: 'paragraph', text, ocrConfidence: 80 });
  it('puts back the number the outline expects when the misread has its shape', () => {
    const d = doc([ocr('1. DEFINITIONS'), ocr('1.1 Terms. The following apply:'), ocr('(a) first;'), ocr('(b) second;'), ocr('(0) third;'), ocr('® fourth;'), ocr('12 Next. Text.')]);
    expect(d.clauses.map((c) => c.section)).toEqual(['1', '1.1', '1.1(a)', '1.1(b)', '1.1(c)', '1.1(d)', '1.2']);
    expect(d.clauses[4]!.text).toBe('(c) third;');
  });

  it('leaves well-read numbers and text that was not read by OCR alone', () => {
    expect(sections([ocr('A. Recital.'), ocr('1. DEFINITIONS')])).toEqual(['A', '1']);
    expect(sections([para('1. Terms.'), para('(a) first;'), para('(0) zero;')])).toEqual(['1', '1(a)', '1(a)(0)']);
  });
});

describe('clause numbers misread by OCR, after an article', () => {
  it('reads "L" and "2;" as the first and second clauses of an article', () => {
    const ocr = (text: string): Block => ({ kind: 'paragraph', text, ocrConfidence: 80 });
    const d = doc([ocr('Article VI. Data Sharing'), ocr('L Consent. Vendor shall not share data.'), ocr('2; Notice. Vendor shall notify the City.')]);
    expect(d.clauses.map((c) => c.section)).toEqual(['Article VI', 'Article VI § 1', 'Article VI § 2']);
  });
});

describe('a definition whose letter OCR dropped', () => {
  it('gets the next letter of the list, and keeps its offsets', () => {
    const ocr = (text: string): Block => ({ kind: 'paragraph', text, ocrConfidence: 80 });
    const d = doc([ocr('1.1 Definitions.'), ocr('(a) "Camera" means a device.'), ocr('"Footage" means video.')]);
    expect(d.clauses.map((c) => c.section)).toEqual(['1.1', '1.1(a)', '1.1(b)']);
    expect(d.clauses[2]!.text).toBe('(b) "Footage" means video.');
    expect(d.sourceText.slice(d.clauses[2]!.sourceStart, d.clauses[2]!.sourceEnd)).toBe('"Footage" means video.');
  });
});

describe('a numeral OCR read as "1)"', () => {
  it('is read as "(i)" where the outline expects it', () => {
    const ocr = (text: string): Block => ({ kind: 'paragraph', text, ocrConfidence: 80 });
    const d = doc([ocr('1.1 Definitions.'), ocr('(a) "Footage" means video, including:'), ocr('1) recordings from cameras;'), ocr('(ii) recordings from phones.')]);
    expect(d.clauses.map((c) => c.section)).toEqual(['1.1', '1.1(a)', '1.1(a)(i)', '1.1(a)(ii)']);
  });
});
