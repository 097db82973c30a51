import { describe, expect, it, vi } from 'vitest';
import mammoth from 'mammoth';
import * as docx from 'docx';
import { readDocx, isEncryptedOffice } from '../src/document/docx.js';
import { formatNumber } from '../src/document/docx/numbering.js';
import { ClausewatchError } from '../src/document/errors.js';
import { DEFAULT_LIMITS, type ReadLimits } from '../src/document/limits.js';
import type { Block, ReadResult } from '../src/document/model.js';
import {
  abstractNum,
  del,
  deletedMark,
  ins,
  makeDocx,
  num,
  numPr,
  oleStub,
  para,
  paragraphStyle,
  paraXml,
  patchDeclaredSize,
  run,
  style,
  table,
  toZip64Sizes,
} from './helpers/make-docx.js';

const read = (bytes: Uint8Array, limits: ReadLimits = DEFAULT_LIMITS): Promise<ReadResult> => readDocx(bytes, limits);
const texts = (r: ReadResult): string[] => r.blocks.map((b) => b.text);

/** Reads and expects a ClausewatchError; returns it for code and message checks. */
async function failure(bytes: Uint8Array, limits: ReadLimits = DEFAULT_LIMITS, fileName?: string): Promise<ClausewatchError> {
  try {
    await readDocx(bytes, limits, fileName === undefined ? {} : { fileName });
  } catch (e) {
    expect(e).toBeInstanceOf(ClausewatchError);
    return e as ClausewatchError;
  }
  throw new Error('expected the read to fail');
}

const CORRUPT =
  'The file is not a readable Word document (the file is damaged or truncated); re-save it from Word or export a PDF';

// A four-level contract list: 1. / 1.1 / (a) / (i)
const CLAUSES = abstractNum(1, [
  ['decimal', '%1.'],
  ['decimal', '%1.%2'],
  ['lowerLetter', '(%3)'],
  ['lowerRoman', '(%4)'],
]);

describe('Word automatic numbering', () => {
  it('renders multi-level labels, restarts deeper levels, and honours a start override', async () => {
    const r = await read(
      makeDocx({
        numbering: CLAUSES + num(1, 1) + num(2, 1, { 0: 5 }),
        body: [
          para('Definitions', numPr(1, 0)),
          para('Scope.', numPr(1, 1)),
          para('Vendor shall', numPr(1, 2)),
          para('collect plates;', numPr(1, 3)),
          para('retain reads;', numPr(1, 3)),
          para('City may', numPr(1, 2)),
          para('Retention.', numPr(1, 1)),
          para('Deletion', numPr(1, 2)), // (a) again: a higher level advanced
          para('Data Sharing', numPr(1, 0)),
          para('Partners.', numPr(1, 1)), // 2.1: restarted under 2.
          para('Restarted list', numPr(2, 0)), // instance 2 starts at 5
          para('Nested', numPr(2, 1)),
        ].join(''),
      }),
    );
    expect(texts(r)).toEqual([
      '1. Definitions',
      '1.1 Scope.',
      '(a) Vendor shall',
      '(i) collect plates;',
      '(ii) retain reads;',
      '(b) City may',
      '1.2 Retention.',
      '(a) Deletion',
      '2. Data Sharing',
      '2.1 Partners.',
      '5. Restarted list',
      '5.1 Nested',
    ]);
    expect(r.blocks.every((b) => b.kind === 'paragraph')).toBe(true);
  });

  it('keeps counting across paragraphs of other lists and honours lvlRestart', async () => {
    const numbering =
      abstractNum(3, [
        ['upperLetter', 'Exhibit %1'],
        ['decimal', '%2)'],
        ['lowerLetter', '%3.', 1, '<w:lvlRestart w:val="1"/>'], // restart only when the top level (level 1) advances
      ]) +
      CLAUSES +
      num(1, 1) +
      num(3, 3);
    const r = await read(
      makeDocx({
        numbering,
        body: [
          para('Fees', numPr(3, 0)),
          para('first', numPr(3, 1)),
          para('x', numPr(3, 2)),
          para('Interruption', numPr(1, 0)),
          para('y', numPr(3, 2)),
          para('second', numPr(3, 1)),
          para('z', numPr(3, 2)), // continues: lvlRestart 1 ignores level-2 advances
          para('Data', numPr(3, 0)),
          para('w', numPr(3, 2)),
        ].join(''),
      }),
    );
    expect(texts(r)).toEqual([
      'Exhibit A Fees',
      '1) first',
      'a. x',
      '1. Interruption',
      'b. y',
      '2) second',
      'c. z',
      'Exhibit B Data',
      'a. w',
    ]);
  });

  it('renders bullets as nothing and makes them list items', async () => {
    const bullets = `<w:abstractNum w:abstractNumId="9"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/></w:lvl></w:abstractNum>`;
    const r = await read(makeDocx({ numbering: bullets + num(9, 9), body: para('No sale of data', numPr(9, 0)) }));
    expect(r.blocks).toEqual([{ kind: 'list-item', text: 'No sale of data' }]);
  });

  it('takes numbering from the paragraph style, through basedOn, and lets numId 0 switch it off', async () => {
    const styles = [
      paragraphStyle('Normal', 'Normal', { isDefault: true }),
      paragraphStyle('Clause1', 'Clause Level 1', { pPr: numPr(4, 0) }),
      paragraphStyle('Clause2', 'Clause Level 2', { pPr: numPr(4, 1) }),
      paragraphStyle('Clause2Tight', 'Clause Level 2 Tight', { basedOn: 'Clause2' }),
      // Heading styles linked to a legal list: the style names the list but not the level;
      // the level comes from the w:lvl that names the style (how Word writes "link level to style").
      paragraphStyle('Heading1', 'heading 1', { pPr: numPr(5) }),
      paragraphStyle('Heading2', 'heading 2', { basedOn: 'Heading1', pPr: numPr(5) }),
    ].join('');
    const numbering =
      CLAUSES +
      abstractNum(6, [
        ['upperRoman', 'ARTICLE %1', 1, '<w:pStyle w:val="Heading1"/>'],
        ['decimalZero', 'Section %1.%2', 1, '<w:pStyle w:val="Heading2"/><w:isLgl/>'],
      ]) +
      num(4, 1) +
      num(5, 6);
    const r = await read(
      makeDocx({
        styles,
        numbering,
        body: [
          para('DATA RETENTION', style('Heading1')),
          para('Retention Period', style('Heading2')),
          para('Term', style('Clause1')),
          para('Start.', style('Clause2')),
          para('End.', style('Clause2Tight')),
          para('Unnumbered note.', style('Clause2') + numPr(0)),
          para('DATA SHARING', style('Heading1')),
          para('No Resale', style('Heading2')),
        ].join(''),
      }),
    );
    expect(r.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'ARTICLE I DATA RETENTION' },
      { kind: 'heading', level: 2, text: 'Section 1.01 Retention Period' },
      { kind: 'paragraph', text: '1. Term' },
      { kind: 'paragraph', text: '1.1 Start.' },
      { kind: 'paragraph', text: '1.2 End.' },
      { kind: 'paragraph', text: 'Unnumbered note.' },
      { kind: 'heading', level: 1, text: 'ARTICLE II DATA SHARING' },
      { kind: 'heading', level: 2, text: 'Section 2.01 No Resale' },
    ]);
  });

  it('follows a list that links to a numbering style (w:numStyleLink)', async () => {
    const styles =
      '<w:style w:type="numbering" w:styleId="LegalList"><w:name w:val="Legal List"/>' +
      `<w:pPr>${numPr(20)}</w:pPr></w:style>`;
    const defining = abstractNum(20, [['decimal', '%1.'], ['lowerLetter', '(%2)']]).replace('>', '><w:styleLink w:val="LegalList"/>');
    const linking = '<w:abstractNum w:abstractNumId="21"><w:numStyleLink w:val="LegalList"/></w:abstractNum>';
    const r = await read(
      makeDocx({
        styles,
        numbering: defining + linking + num(20, 20) + num(21, 21),
        body: [para('Via the link', numPr(21, 0)), para('sub', numPr(21, 1)), para('Direct', numPr(20, 0))].join(''),
      }),
    );
    // Both instances count on the defining list, so they continue each other.
    expect(texts(r)).toEqual(['1. Via the link', '(a) sub', '2. Direct']);
  });

  it('shows the number of an empty numbered paragraph, as Word does', async () => {
    const numbering = abstractNum(7, [['upperRoman', 'ARTICLE %1']]) + num(7, 7);
    const styles = paragraphStyle('Heading1', 'heading 1');
    const r = await read(
      makeDocx({
        numbering,
        styles,
        body: [para('', style('Heading1') + numPr(7, 0)), para('DEFINITIONS', style('Heading1')), para('', style('Heading1') + numPr(7, 0))].join(''),
      }),
    );
    expect(r.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'ARTICLE I' },
      { kind: 'heading', level: 1, text: 'DEFINITIONS' },
      { kind: 'heading', level: 1, text: 'ARTICLE II' },
    ]);
  });

  it('formats numbers the way Word does', () => {
    expect([1, 26, 27, 28, 53].map((n) => formatNumber(n, 'lowerLetter'))).toEqual(['a', 'z', 'aa', 'bb', 'aaa']);
    expect([4, 9, 14, 40, 1999].map((n) => formatNumber(n, 'upperRoman'))).toEqual(['IV', 'IX', 'XIV', 'XL', 'MCMXCIX']);
    expect(formatNumber(3, 'lowerRoman')).toBe('iii');
    expect(formatNumber(7, 'decimalZero')).toBe('07');
    expect([1, 2, 3, 11, 22].map((n) => formatNumber(n, 'ordinal'))).toEqual(['1st', '2nd', '3rd', '11th', '22nd']);
    expect(formatNumber(21, 'cardinalText')).toBe('Twenty-one');
    expect(formatNumber(12, 'ordinalText')).toBe('Twelfth');
    expect(formatNumber(5, 'none')).toBe('');
    expect(formatNumber(5, 'chineseCounting')).toBe('5');
  });
});

describe('headings', () => {
  it('recognises Heading 1–9 and Title by id or name, basedOn chains, and outline levels', async () => {
    const styles = [
      paragraphStyle('Heading1', 'heading 1'),
      paragraphStyle('berschrift2', 'heading 2'), // a German Word: localised id, English built-in name
      paragraphStyle('ClauseHeading', 'Clause Heading', { basedOn: 'Heading3' }),
      paragraphStyle('Heading3', 'heading 3'),
      paragraphStyle('Title', 'Title'),
      paragraphStyle('Big', 'Big Label', { pPr: '<w:outlineLvl w:val="0"/>' }),
    ].join('');
    const r = await read(
      makeDocx({
        styles,
        body: [
          para('Master Services Agreement', style('Title')),
          para('Definitions', style('Heading1')),
          para('Customer Data', style('berschrift2')),
          para('Retention', style('ClauseHeading')),
          para('Schedule A', style('Big')),
          para('Outline two', '<w:outlineLvl w:val="1"/>'),
          para('Demoted heading', style('Heading1') + '<w:outlineLvl w:val="9"/>'),
          para('   '), // empty: no block
          para('Body text.'),
        ].join(''),
      }),
    );
    expect(r.blocks.map((b) => [b.kind, b.level, b.text])).toEqual([
      ['heading', 1, 'Master Services Agreement'],
      ['heading', 1, 'Definitions'],
      ['heading', 2, 'Customer Data'],
      ['heading', 3, 'Retention'],
      ['heading', 1, 'Schedule A'],
      ['heading', 2, 'Outline two'],
      ['paragraph', undefined, 'Demoted heading'],
      ['paragraph', undefined, 'Body text.'],
    ]);
  });

  it('recognises heading style ids even without a styles part', async () => {
    const r = await read(makeDocx({ body: para('Term', style('Heading2')) }));
    expect(r.blocks).toEqual([{ kind: 'heading', level: 2, text: 'Term' }]);
  });
});

describe('tables', () => {
  it('makes one block per cell, with table and row in the origin, nested tables numbered in order', async () => {
    const r = await read(
      makeDocx({
        body: [
          para('Retention schedule:'),
          table([
            [para('Data type'), para('Retention')],
            [para('Plate reads') + para('incl. hot-list hits'), para('30 days')],
            [para('Audit logs'), '<w:p/>'], // an empty cell makes no block
          ]),
          table([[para('Outer before') + table([[para('Inner')]]) + para('Outer after')]]),
          para('After the tables.'),
        ].join(''),
      }),
    );
    expect(r.blocks.map((b) => [b.kind, b.text, b.origin])).toEqual([
      ['paragraph', 'Retention schedule:', undefined],
      ['table-cell', 'Data type', 'table 1, row 1'],
      ['table-cell', 'Retention', 'table 1, row 1'],
      ['table-cell', 'Plate reads\nincl. hot-list hits', 'table 1, row 2'],
      ['table-cell', '30 days', 'table 1, row 2'],
      ['table-cell', 'Audit logs', 'table 1, row 3'],
      ['table-cell', 'Outer before', 'table 2, row 1'],
      ['table-cell', 'Inner', 'table 3, row 1'],
      ['table-cell', 'Outer after', 'table 2, row 1'],
      ['paragraph', 'After the tables.', undefined],
    ]);
  });

  it('renders numbering inside cells and reads rows wrapped in content controls', async () => {
    const sdtRow = (cells: string): string =>
      `<w:sdt><w:sdtPr><w:alias w:val="Row"/></w:sdtPr><w:sdtContent><w:tr><w:tc>${cells}</w:tc></w:tr></w:sdtContent></w:sdt>`;
    const body = `<w:tbl><w:tr><w:tc>${para('Share', numPr(1, 0))}</w:tc></w:tr>${sdtRow(para('Sell', numPr(1, 0)))}</w:tbl>`;
    const r = await read(makeDocx({ numbering: CLAUSES + num(1, 1), body }));
    expect(r.blocks.map((b) => [b.text, b.origin])).toEqual([
      ['1. Share', 'table 1, row 1'],
      ['2. Sell', 'table 1, row 2'],
    ]);
  });
});

describe('tracked changes', () => {
  it('reads a paragraph with more tracked changes than a function call can take arguments', async () => {
    // 150,000 insertions in one paragraph: gathering them with push(...list) threw "Maximum call stack size exceeded".
    const changes = Array.from({ length: 150_000 }, (_, i) => ins(` ${((i * 7919) % 1_000_003).toString(36)}`, `A${i % 97}`, i)).join('');
    const r = await read(makeDocx({ body: paraXml(run('Vendor shall retain data.') + changes) }));
    expect(r.blocks[0]!.tracked!.insertions).toHaveLength(150_000);
  }, 30_000);

  it('keeps insertions, drops deletions, and records both with their authors', async () => {
    const r = await read(
      makeDocx({
        body: paraXml(run('Vendor shall retain data for ') + del('ninety (90)') + ins('thirty (30)') + run(' days.')),
      }),
    );
    expect(r.blocks).toEqual([
      {
        kind: 'paragraph',
        text: 'Vendor shall retain data for thirty (30) days.',
        tracked: { insertions: ['thirty (30)'], deletions: ['ninety (90)'], authors: ['Bob', 'Alice'] },
      },
    ]);
    expect(r.warnings).toEqual(['1 paragraph carries pending tracked changes (analysed as if accepted)']);
  });

  it('reports a wholly deleted paragraph on the next block, or the previous one at the end', async () => {
    const r = await read(
      makeDocx({
        body: [
          para('Vendor may not sell data.'),
          paraXml(del('Vendor may share data with federal agencies.'), deletedMark()),
          para('Vendor shall notify the City.'),
          paraXml(del('Data may be retained indefinitely.', 'Carol'), deletedMark('Carol')),
        ].join(''),
      }),
    );
    expect(r.blocks).toEqual([
      { kind: 'paragraph', text: 'Vendor may not sell data.' },
      {
        kind: 'paragraph',
        text: 'Vendor shall notify the City.',
        tracked: {
          insertions: [],
          deletions: ['Vendor may share data with federal agencies.', 'Data may be retained indefinitely.'],
          authors: ['Bob', 'Carol'],
        },
      },
    ]);
    expect(r.warnings[0]).toBe('2 paragraphs carry pending tracked changes (analysed as if accepted)');
  });

  it('joins a paragraph whose mark is deleted to the next, as accepting would', async () => {
    const r = await read(
      makeDocx({
        numbering: CLAUSES + num(1, 1),
        body: [
          para('Retention', numPr(1, 0)),
          paraXml(run('The Vendor shall delete '), numPr(1, 0) + deletedMark()),
          para('all plate reads after 30 days.', numPr(1, 0)),
          paraXml(del('Purged entirely.'), numPr(1, 0) + deletedMark()),
          para('Sharing', numPr(1, 0)),
        ].join(''),
      }),
    );
    // The deleted-mark paragraphs take no number: after accepting they are not separate paragraphs.
    expect(texts(r)).toEqual(['1. Retention', '2. The Vendor shall delete all plate reads after 30 days.', '3. Sharing']);
    expect(r.blocks[2]!.tracked).toEqual({ insertions: [], deletions: ['Purged entirely.'], authors: ['Bob'] });
  });

  it('treats moved text like a deletion at the source and an insertion at the destination', async () => {
    const move = (tag: 'moveFrom' | 'moveTo', text: string): string =>
      `<w:${tag} w:id="7" w:author="Dana" w:date="2024-05-02T00:00:00Z">${run(text)}</w:${tag}>`;
    const r = await read(
      makeDocx({
        body: [paraXml(run('Audit logs are kept.') + move('moveFrom', ' Logs go to the state.')), paraXml(run('Access is logged.') + move('moveTo', ' Logs go to the state.'))].join(''),
      }),
    );
    expect(r.blocks.map((b) => [b.text, b.tracked])).toEqual([
      ['Audit logs are kept.', { insertions: [], deletions: ['Logs go to the state.'], authors: ['Dana'] }],
      ['Access is logged. Logs go to the state.', { insertions: ['Logs go to the state.'], deletions: [], authors: ['Dana'] }],
    ]);
  });

  it('drops a deleted table row but reports its text', async () => {
    const deletedRow = '<w:del w:id="9" w:author="Eve" w:date="2024-05-01T00:00:00Z"/>';
    const r = await read(
      makeDocx({
        body: table(
          [
            [para('Plate reads'), para('30 days')],
            [paraXml(del('Face templates')), paraXml(del('5 years'))],
            [para('Body-cam video'), para('180 days')],
          ],
          [undefined, deletedRow, undefined],
        ),
      }),
    );
    expect(r.blocks.map((b) => [b.text, b.origin])).toEqual([
      ['Plate reads', 'table 1, row 1'],
      ['30 days', 'table 1, row 1'],
      ['Body-cam video', 'table 1, row 2'],
      ['180 days', 'table 1, row 2'],
    ]);
    expect(r.blocks[2]!.tracked).toEqual({ insertions: [], deletions: ['Face templates', '5 years'], authors: ['Eve', 'Bob'] });
  });

  it('warns when the only text left is a pending deletion', async () => {
    const r = await read(makeDocx({ body: paraXml(del('Everything.'), deletedMark()) }));
    expect(r.blocks).toEqual([]);
    expect(r.warnings).toEqual([
      '1 paragraph carries pending tracked changes (analysed as if accepted)',
      'Text deleted by pending tracked changes, with no remaining text to attach it to: "Everything."',
    ]);
  });
});

describe('footnotes, endnotes and comments', () => {
  const footnoteRef = (id: number): string => `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="${id}"/></w:r>`;
  const note = (kind: 'footnote' | 'endnote', id: number, text: string): string =>
    `<w:${kind} w:id="${id}"><w:p><w:r><w:${kind}Ref/></w:r>${run(` ${text}`)}</w:p></w:${kind}>`;

  it('become blocks after the body, numbered by reference order', async () => {
    const r = await read(
      makeDocx({
        body: [
          paraXml(run('Plate reads are retained for 30 days.') + footnoteRef(5)),
          paraXml(
            '<w:commentRangeStart w:id="0"/>' +
              run('Vendor may share aggregate data.') +
              footnoteRef(2) +
              '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>' +
              '<w:r><w:endnoteReference w:id="1"/></w:r>',
          ),
        ].join(''),
        footnotes: note('footnote', 2, 'Aggregate means de-identified.') + note('footnote', 5, 'Per Cal. Civ. Code 1798.90.5.') + note('footnote', 7, 'Never referenced.'),
        endnotes: note('endnote', 1, 'See the data sharing addendum.'),
        comments:
          '<w:comment w:id="0" w:author="Jane Doe" w:initials="JD"><w:p><w:r><w:annotationRef/></w:r>' +
          run('Is aggregate defined?') +
          '</w:p></w:comment>',
      }),
    );
    expect(r.blocks).toEqual([
      { kind: 'paragraph', text: 'Plate reads are retained for 30 days.' },
      { kind: 'paragraph', text: 'Vendor may share aggregate data.' },
      { kind: 'footnote', text: 'Per Cal. Civ. Code 1798.90.5.', origin: 'footnote 1' },
      { kind: 'footnote', text: 'Aggregate means de-identified.', origin: 'footnote 2' },
      { kind: 'endnote', text: 'See the data sharing addendum.', origin: 'endnote 1' },
      { kind: 'comment', text: 'Is aggregate defined?', origin: 'comment by Jane Doe' },
    ]);
  });

  it('skips headers and footers', async () => {
    const header = `<?xml version="1.0"?><w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>CONFIDENTIAL</w:t></w:r></w:p></w:hdr>`;
    const r = await read(makeDocx({ body: para('Body.'), extra: { 'word/header1.xml': header } }));
    expect(texts(r)).toEqual(['Body.']);
  });
});

describe('inline content and text cleanup', () => {
  it('turns tabs and line breaks into spaces and handles special hyphens', async () => {
    const r = await read(
      makeDocx({
        body: [
          paraXml('<w:r><w:t>Term</w:t><w:tab/><w:t>Meaning</w:t></w:r>'),
          paraXml('<w:r><w:t>first line</w:t><w:br/><w:t>second line</w:t></w:r>'),
          paraXml('<w:r><w:t>no re</w:t><w:noBreakHyphen/><w:t>identification; reten</w:t><w:softHyphen/><w:t>tion</w:t></w:r>'),
          para('AT&T\u2019s "data" <policy>'),
          paraXml('<w:r><w:t>curly &#x2019; and &#8220;quoted&#8221;</w:t></w:r>'),
          paraXml('<w:r><w:t>Name:</w:t><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/><w:t>Value</w:t><w:cr/><w:t>end</w:t></w:r>'),
        ].join(''),
      }),
    );
    expect(texts(r)).toEqual([
      'Term Meaning',
      'first line second line',
      'no re-identification; retention',
      'AT&T\u2019s "data" <policy>',
      'curly \u2019 and \u201Cquoted\u201D',
      'Name: Value end',
    ]);
  });

  it('reads hyperlinks, field results (not codes), simple fields and content controls', async () => {
    const complexField =
      '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> REF _Ref1 \\h </w:instrText></w:r>' +
      '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7.2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>';
    const r = await read(
      makeDocx({
        body: [
          paraXml(run('See ') + `<w:hyperlink w:anchor="_Toc1">${run('the Privacy Policy')}</w:hyperlink>` + run('.')),
          paraXml(run('As set out in Section ') + complexField + run(' above.')),
          paraXml(run('Subject to Section ') + `<w:fldSimple w:instr=" REF _Ref2 \\h ">${run('8.1')}</w:fldSimple>` + run('.')),
          paraXml(run('Retention: ') + `<w:sdt><w:sdtPr><w:alias w:val="Days"/></w:sdtPr><w:sdtContent>${run('ninety days')}</w:sdtContent></w:sdt>`),
          `<w:sdt><w:sdtPr/><w:sdtContent>${para('A clause inside a block content control.')}</w:sdtContent></w:sdt>`,
          paraXml(
            '<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="1"/></w14:checkbox></w:sdtPr><w:sdtContent>' +
              run('\u2612') +
              '</w:sdtContent></w:sdt>' +
              run(' Vendor may use face recognition'),
          ),
        ].join(''),
      }),
    );
    expect(texts(r)).toEqual([
      'See the Privacy Policy.',
      'As set out in Section 7.2 above.',
      'Subject to Section 8.1.',
      'Retention: ninety days',
      'A clause inside a block content control.',
      '\u2612 Vendor may use face recognition',
    ]);
  });

  it("takes text from mammoth in the body, notes and comments (its Wingdings mapping shows it)", async () => {
    const check = '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>';
    const r = await read(
      makeDocx({
        body: paraXml(run('Encrypted at rest ') + check + '<w:r><w:footnoteReference w:id="1"/></w:r>'),
        footnotes: `<w:footnote w:id="1">${paraXml(run('AES-256 ') + check)}</w:footnote>`,
        comments: `<w:comment w:id="0" w:author="A. Reviewer">${paraXml(run('Verified ') + check)}</w:comment>`,
      }),
    );
    expect(texts(r)).toEqual(['Encrypted at rest \u2713', 'AES-256 \u2713', 'Verified \u2713']);
  });

  it('reads a text box once, after the paragraph that anchors it', async () => {
    const box = (text: string): string => `<w:txbxContent>${para(text)}</w:txbxContent>`;
    const drawing =
      '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>' +
      `<wps:wsp><wps:txbx>${box('Boxed: no facial recognition.')}</wps:txbx></wps:wsp>` +
      '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>' +
      box('Boxed: no facial recognition.') +
      '</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>';
    const r = await read(makeDocx({ body: paraXml(run('Anchor text ') + drawing + run('continues.')) + para('Next.') }));
    expect(r.blocks).toEqual([
      { kind: 'paragraph', text: 'Anchor text continues.' },
      { kind: 'paragraph', text: 'Boxed: no facial recognition.', origin: 'text box' },
      { kind: 'paragraph', text: 'Next.' },
    ]);
  });

  it('reads a text box that exists only as DrawingML (mammoth skips it; the XML pass reads it)', async () => {
    const drawing =
      '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>' +
      `<w:txbxContent>${para('Only in DrawingML.')}</w:txbxContent>` +
      '</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice></mc:AlternateContent></w:r>';
    const r = await read(makeDocx({ body: paraXml(run('Anchor.') + drawing) }));
    expect(r.blocks).toEqual([
      { kind: 'paragraph', text: 'Anchor.' },
      { kind: 'paragraph', text: 'Only in DrawingML.', origin: 'text box' },
    ]);
  });

  it('reads a document.xml saved as UTF-16', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-16"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${para('Vendor shall delete data.')}</w:body></w:document>`;
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(xml, 'utf16le')]);
    const r = await read(makeDocx({ body: '', extra: { 'word/document.xml': utf16 } }));
    expect(texts(r)).toEqual(['Vendor shall delete data.']);
  });

  it('reads zip64 size fields', async () => {
    const r = await read(toZip64Sizes(makeDocx({ body: para('Sizes in the zip64 extra field.') })));
    expect(texts(r)).toEqual(['Sizes in the zip64 extra field.']);
  });

  it('returns zero blocks, and no error, for a document without text', async () => {
    const r = await read(makeDocx({ body: '<w:p/><w:p><w:pPr><w:jc w:val="center"/></w:pPr></w:p>' + para(' \t ') }));
    expect(r).toEqual({ format: 'docx', blocks: [], warnings: [] });
  });
});

describe('pages', () => {
  const pageBreakRun = '<w:r><w:lastRenderedPageBreak/></w:r>';

  it("uses Word's rendered page breaks", async () => {
    const r = await read(
      makeDocx({
        body: [
          para('On page one.'),
          paraXml(pageBreakRun + run('Starts page two.')),
          paraXml(run('Starts on two, ') + pageBreakRun + run('ends on three.')),
          para('On page three.'),
          table([[paraXml(pageBreakRun + run('Cell A')), paraXml(pageBreakRun + run('Cell B'))]]),
          para('After the row.'),
        ].join(''),
      }),
    );
    expect(r.blocks.map((b) => [b.text, b.page])).toEqual([
      ['On page one.', 1],
      ['Starts page two.', 2],
      ['Starts on two, ends on three.', 2],
      ['On page three.', 3],
      ['Cell A', 4],
      ['Cell B', 4], // cells sit side by side: the row moves to one new page, not two
      ['After the row.', 4],
    ]);
    expect(r.pages).toBe(4);
  });

  it('sets no pages when the file has no rendered layout, even with explicit breaks', async () => {
    const r = await read(makeDocx({ body: para('One.') + paraXml('<w:r><w:br w:type="page"/></w:r>' + run('Two.')) }));
    expect(r.pages).toBeUndefined();
    expect(r.blocks).toEqual([
      { kind: 'paragraph', text: 'One.' },
      { kind: 'paragraph', text: 'Two.' },
    ]);
  });
});

describe('bad input', () => {
  const small: ReadLimits = { ...DEFAULT_LIMITS, maxUnzippedBytes: 1024 * 1024 };

  it('rejects bytes that are not a zip', async () => {
    const e = await failure(new TextEncoder().encode('This is a plain text file, not a DOCX.'));
    expect([e.code, e.message]).toEqual(['corrupt', CORRUPT]);
  });

  it('rejects a truncated zip', async () => {
    const whole = makeDocx({ body: para('A clause long enough to matter. '.repeat(200)) });
    const e = await failure(whole.slice(0, Math.floor(whole.length / 2)));
    expect([e.code, e.message]).toEqual(['corrupt', CORRUPT]);
  });

  it('names the file when told its name', async () => {
    const e = await failure(new Uint8Array([1, 2, 3]), DEFAULT_LIMITS, 'contract.docx');
    expect(e.message).toBe(CORRUPT.replace('The file', 'contract.docx'));
  });

  it('recognises a password-protected document', async () => {
    const stub = oleStub('EncryptionInfo');
    expect(isEncryptedOffice(stub)).toBe(true);
    const e = await failure(stub);
    expect([e.code, e.message]).toEqual([
      'encrypted',
      'The file is password-protected; remove the password in Word (File > Info > Protect Document) and try again',
    ]);
  });

  it('recognises an old Word 97–2003 file', async () => {
    const stub = oleStub('WordDocument');
    expect(isEncryptedOffice(stub)).toBe(false);
    const e = await failure(stub);
    expect([e.code, e.message]).toEqual([
      'unsupported-format',
      'The file is an old-style Office 97–2003 file (such as .doc), not a .docx; open it in Word and save it as .docx, or export a PDF',
    ]);
  });

  it('rejects a zip without word/document.xml', async () => {
    const e = await failure(makeDocx({ body: '', omit: ['word/document.xml'] }));
    expect([e.code, e.message]).toEqual([
      'corrupt',
      'The file is not a readable Word document (it has no word/document.xml; it may be another kind of zip file); re-save it from Word or export a PDF',
    ]);
  });

  it('rejects a document.xml without a body, with a DTD, or with broken XML', async () => {
    const noBody = await failure(makeDocx({ body: '', extra: { 'word/document.xml': '<?xml version="1.0"?><w:document xmlns:w="x"/>' } }));
    expect([noBody.code, noBody.message]).toEqual([
      'corrupt',
      'The file is not a readable Word document (word/document.xml has no document body); re-save it from Word or export a PDF',
    ]);
    const dtd = '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><w:document xmlns:w="x"><w:body/></w:document>';
    const withDtd = await failure(makeDocx({ body: '', extra: { 'word/document.xml': dtd } }));
    expect(withDtd.message).toBe(
      'The file is not a readable Word document (word/document.xml contains a DTD, which Word never writes); re-save it from Word or export a PDF',
    );
    const broken = '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>cut off';
    const e = await failure(makeDocx({ body: '', extra: { 'word/document.xml': broken } }));
    expect([e.code, e.message]).toEqual([
      'corrupt',
      'The file is not a readable Word document (word/document.xml is damaged); re-save it from Word or export a PDF',
    ]);
  });

  it('rejects a zip that declares more content than the limit, before inflating', async () => {
    const bomb = makeDocx({ body: para(' '.repeat(5 * 1024 * 1024)), level: 9 });
    expect(bomb.length).toBeLessThan(100 * 1024);
    const e = await failure(bomb, small);
    expect([e.code, e.message]).toEqual([
      'zip-bomb',
      'The file declares 5 MB of content, more than the 1 MB limit, so it was not opened (a possible zip bomb); if the document is genuine, raise the unzipped-size limit',
    ]);
  });

  it('stops inflating when a zip lies about its sizes', async () => {
    // Text that does not compress well, so the compression-ratio guard stays quiet and the budget decides.
    let seed = 42;
    const noise = Array.from({ length: 3 * 1024 * 1024 }, () => String.fromCharCode(97 + ((seed = (seed * 1103515245 + 12345) >>> 0) % 26))).join('');
    const lying = patchDeclaredSize(makeDocx({ body: para(noise) }), 'word/document.xml', 1000);
    const e = await failure(lying, small);
    expect([e.code, e.message]).toEqual([
      'zip-bomb',
      'The file unzips to more than the 1 MB limit, so it was not opened (a possible zip bomb); if the document is genuine, raise the unzipped-size limit',
    ]);
  });

  it('rejects a part with a bomb-like compression ratio, declared or real', async () => {
    const spaces = makeDocx({ body: para(' '.repeat(5 * 1024 * 1024)), level: 9 });
    const message = /^The file has a part \(word\/document\.xml\) that expands \d+:1, far more than any real document, so it was not opened \(a possible zip bomb\); re-save it from Word or export a PDF$/;
    const declared = await failure(spaces);
    expect(declared.code).toBe('zip-bomb');
    expect(declared.message).toMatch(message);
    const real = await failure(patchDeclaredSize(spaces, 'word/document.xml', 100));
    expect(real.code).toBe('zip-bomb');
    expect(real.message).toMatch(message);
  });

  it('rejects a zip with too many entries', async () => {
    const extra = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`word/media/image${i}.png`, 'x']));
    const e = await failure(makeDocx({ body: para('x'), extra }), { ...DEFAULT_LIMITS, maxZipEntries: 10 });
    expect([e.code, e.message]).toEqual([
      'zip-bomb',
      'The file holds 24 zip entries, more than the 10 allowed, so it was not opened (a possible zip bomb); if the document is genuine, raise the zip-entry limit',
    ]);
  });

  it('rejects a file over the size limit', async () => {
    const e = await failure(makeDocx({ body: para('x') }), { ...DEFAULT_LIMITS, maxFileBytes: 100 });
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/^The file is [\d.]+ (?:bytes|KB), more than the 100 bytes limit; raise the file-size limit or split the document$/);
  });
});

describe('documents written by the docx package', () => {
  it('renders its real Word numbering, headings, tables and footnotes', async () => {
    const { Document, Packer, Paragraph, TextRun, HeadingLevel, LevelFormat, Table, TableRow, TableCell, FootnoteReferenceRun } = docx;
    const clause = (text: string, level: number, instance?: number): docx.Paragraph =>
      new Paragraph({ text, numbering: { reference: 'clauses', level, ...(instance !== undefined && { instance }) } });
    const document = new Document({
      numbering: {
        config: [
          {
            reference: 'clauses',
            levels: [
              { level: 0, format: LevelFormat.DECIMAL, text: '%1.' },
              { level: 1, format: LevelFormat.DECIMAL, text: '%1.%2' },
              { level: 2, format: LevelFormat.LOWER_LETTER, text: '(%3)' },
              { level: 3, format: LevelFormat.LOWER_ROMAN, text: '(%4)' },
            ],
          },
        ],
      },
      footnotes: { 1: { children: [new Paragraph('As amended in 2024.')] } },
      sections: [
        {
          children: [
            new Paragraph({ text: 'Surveillance Technology Agreement', heading: HeadingLevel.TITLE }),
            new Paragraph({ text: 'Data Retention', heading: HeadingLevel.HEADING_1 }),
            clause('Retention.', 0),
            clause('Vendor shall retain ALPR data for no more than 30 days.', 1),
            clause('unless flagged;', 2),
            clause('hot-list hits', 3),
            clause('investigations', 3),
            clause('or on court order.', 2),
            clause('Deletion.', 1),
            clause('Vendor shall certify deletion.', 2),
            new Paragraph({ children: [new TextRun('Facial recognition is prohibited.'), new FootnoteReferenceRun(1)] }),
            clause('Sharing.', 0),
            new Table({
              rows: [
                new TableRow({
                  children: [
                    new TableCell({ children: [new Paragraph('Recipient')] }),
                    new TableCell({ children: [new Paragraph('Purpose')] }),
                  ],
                }),
              ],
            }),
            clause('Exhibit list restarts.', 0, 2),
          ],
        },
      ],
    });
    const bytes = new Uint8Array(await Packer.toBuffer(document));
    const r = await read(bytes);
    expect(r.blocks.map((b: Block) => [b.kind, b.text, b.level ?? b.origin])).toEqual([
      ['heading', 'Surveillance Technology Agreement', 1],
      ['heading', 'Data Retention', 1],
      ['paragraph', '1. Retention.', undefined],
      ['paragraph', '1.1 Vendor shall retain ALPR data for no more than 30 days.', undefined],
      ['paragraph', '(a) unless flagged;', undefined],
      ['paragraph', '(i) hot-list hits', undefined],
      ['paragraph', '(ii) investigations', undefined],
      ['paragraph', '(b) or on court order.', undefined],
      ['paragraph', '1.2 Deletion.', undefined],
      ['paragraph', '(a) Vendor shall certify deletion.', undefined],
      ['paragraph', 'Facial recognition is prohibited.', undefined],
      ['paragraph', '2. Sharing.', undefined],
      ['table-cell', 'Recipient', 'table 1, row 1'],
      ['table-cell', 'Purpose', 'table 1, row 1'],
      ['paragraph', '1. Exhibit list restarts.', undefined],
      ['footnote', 'As amended in 2024.', 'footnote 1'],
    ]);
    expect(r.warnings).toEqual([]);
  });
});

describe('robustness', () => {
  const rich = (): Uint8Array =>
    makeDocx({
      numbering: CLAUSES + num(1, 1),
      styles: paragraphStyle('Heading1', 'heading 1'),
      body: [
        para('Definitions', style('Heading1')),
        para('Customer Data means all data.', numPr(1, 0)),
        paraXml(run('Vendor shall retain data for ') + del('ninety (90)') + ins('thirty (30)') + run(' days.'), numPr(1, 1)),
        paraXml('<w:r><w:t>Term</w:t><w:tab/><w:t>Meaning</w:t><w:br/><w:t>next</w:t></w:r>'),
        paraXml(run('See ') + `<w:hyperlink w:anchor="x">${run('Section 4')}</w:hyperlink>`),
        table([[para('Plate reads') + para('hot-list'), para('30 days')]]),
        paraXml(del('Gone.'), deletedMark()),
        para('Last.'),
      ].join(''),
    });

  it("falls back to the XML pass's own text, with a warning, if mammoth fails", async () => {
    const normal = await read(rich());
    const spy = vi.spyOn(mammoth, 'convertToHtml').mockRejectedValueOnce(new Error('boom'));
    try {
      const fallback = await read(rich());
      expect(fallback.blocks).toEqual(normal.blocks); // the two passes agree on this document
      expect(fallback.warnings).toContain(
        'The Word text converter (mammoth) could not read this file; its text was read directly from the XML, so some field results or symbols may be missing',
      );
    } finally {
      spy.mockRestore();
    }
  });

  it('ignores invisible-separator characters already in the text (they are the marker character)', async () => {
    const r = await read(makeDocx({ body: para('Vendor\u2063 shall\u20637\u2063 comply.') + para('Next.') }));
    expect(texts(r)).toEqual(['Vendor shall7 comply.', 'Next.']);
  });

  it('raises only ClausewatchErrors on damaged files (a small deterministic fuzz)', async () => {
    const base = rich();
    let seed = 7;
    const random = (n: number): number => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    for (let i = 0; i < 60; i++) {
      const bytes = i % 2 === 0 ? base.slice(0, random(base.length)) : base.slice();
      if (i % 2 === 1) for (let k = 0; k < 10; k++) bytes[random(bytes.length)] = random(256);
      try {
        await read(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(ClausewatchError);
      }
    }
  });

  it('reads a 10,000-paragraph document quickly', async () => {
    const paragraphs: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const level = i % 10 === 0 ? 0 : i % 10 < 4 ? 1 : 2;
      paragraphs.push(para(`Clause ${i}: the Vendor shall retain Customer Data for no longer than thirty (30) days.`, numPr(1, level)));
    }
    const bytes = makeDocx({ numbering: CLAUSES + num(1, 1), body: paragraphs.join('') });
    const started = performance.now();
    const r = await read(bytes);
    const elapsed = performance.now() - started;
    expect(r.blocks).toHaveLength(10_000);
    expect(r.blocks[10]!.text).toMatch(/^2\. Clause 10:/);
    expect(r.blocks[14]!.text).toMatch(/^\(a\) Clause 14:/);
    expect(elapsed).toBeLessThan(10_000); // about 1 s on a laptop; generous for slow CI machines
  });
});
