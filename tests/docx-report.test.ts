/**
 * The Word report: the original .docx with a comment on each flagged paragraph and nothing else changed.
 *
 * The checks read the output independently of the code that wrote it: paragraphs and comment marks with
 * fast-xml-parser, and "which paragraph should carry a comment" by lining the review's clauses up with the
 * document's paragraphs by their text.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/index.js';
import { ClausewatchError } from '../src/document/errors.js';
import type { Clause } from '../src/document/model.js';
import type { Finding } from '../src/engine/finding.js';
import { renderDocx } from '../src/report/docx.js';
import { annotateDocx } from '../src/report/docx/annotate.js';
import { locateParagraphs } from '../src/report/docx/paragraphs.js';
import type { Review } from '../src/review/review.js';
import { normalizeText } from '../src/segment/normalize.js';
import { ROOT } from './helpers/cli.js';
import { deletedMark, makeDocx, para, paraXml, run, table } from './helpers/make-docx.js';
import { readDocx } from '../src/document/docx.js';
import { DEFAULT_LIMITS } from '../src/document/limits.js';

const EXAMPLES = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.docx'))
  .map((f) => join('examples', f));
const tmp = mkdtempSync(join(tmpdir(), 'clausewatch-docx-report-'));
const SOFFICE = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;
const NO_SOFFICE = 'LibreOffice (soffice) is not installed: the "opens in LibreOffice" check is skipped; the structural checks still run';

// ---- reading the output back, independently -------------------------------------------------------------

type XNode = Record<string, unknown>;
const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false });

interface Para {
  text: string;
  /** Comment marks directly in this paragraph (not in a paragraph nested inside it). */
  starts: string[];
  ends: string[];
  refs: string[];
}

const tagOf = (n: XNode): string => Object.keys(n).find((k) => k !== ':@')!;
const attrs = (n: XNode): Record<string, string> => (n[':@'] as Record<string, string> | undefined) ?? {};
const kids = (n: XNode): XNode[] => (Array.isArray(n[tagOf(n)]) ? (n[tagOf(n)] as XNode[]) : []);

/** Every w:p in start-tag order, with its w:t text and comment marks. */
function paragraphsOf(xml: string): Para[] {
  return paragraphsIn(parser.parse(xml) as XNode[]);
}

function paragraphsIn(nodes: XNode[]): Para[] {
  const out: Para[] = [];
  const visit = (nodes: XNode[], current: Para | undefined): void => {
    for (const node of nodes) {
      const tag = tagOf(node);
      if (tag === 'w:p') {
        const p: Para = { text: '', starts: [], ends: [], refs: [] };
        out.push(p);
        visit(kids(node), p);
      } else if (tag === 'w:t' && current) {
        current.text += kids(node).map((k) => (k['#text'] as string | undefined) ?? '').join('');
      } else if (tag === 'w:commentRangeStart') current?.starts.push(attrs(node)['w:id']!);
      else if (tag === 'w:commentRangeEnd') current?.ends.push(attrs(node)['w:id']!);
      else if (tag === 'w:commentReference') current?.refs.push(attrs(node)['w:id']!);
      else visit(kids(node), current);
    }
  };
  visit(nodes, undefined);
  return out;
}

interface Comment {
  id: string;
  author: string;
  /** Its paragraphs' text, one per line. */
  text: string;
}

function commentsOf(xml: string): Comment[] {
  const root = (parser.parse(xml) as XNode[]).find((n) => tagOf(n) === 'w:comments')!;
  return kids(root)
    .filter((n) => tagOf(n) === 'w:comment')
    .map((n) => ({ id: attrs(n)['w:id']!, author: attrs(n)['w:author']!, text: paragraphsIn(kids(n)).map((p) => p.text).join('\n') }));
}

const unzip = (bytes: Uint8Array): Record<string, Uint8Array> => unzipSync(bytes);
const text = (files: Record<string, Uint8Array>, name: string): string => strFromU8(files[name]!);

/** Text compared without spacing, quote style or dashes (the reader's text and the w:t text differ in those). */
const squash = (s: string): string => normalizeText(s).text.replace(/\s+/g, '');

function withoutLabel(c: Clause): string {
  return c.label && c.text.startsWith(c.label) ? c.text.slice(c.label.length) : c.text;
}

/**
 * The paragraph each body clause comes from, found by text: clauses and paragraphs are both in document
 * order, so each clause is looked for after the previous one's paragraph.
 */
function paragraphOfClause(review: Review, paras: Para[]): Map<string, number> {
  const found = new Map<string, number>();
  let cursor = 0;
  for (const clause of review.document.clauses) {
    if (!['paragraph', 'heading', 'list-item', 'table-cell'].includes(clause.kind)) continue;
    const full = squash(clause.text);
    const bare = squash(withoutLabel(clause));
    for (let i = cursor; i < paras.length; i++) {
      const p = squash(paras[i]!.text);
      const hit = clause.kind === 'table-cell' ? p !== '' && bare.startsWith(p) : p === full || p === bare;
      if (hit) {
        found.set(clause.id, i);
        cursor = i + 1;
        break;
      }
    }
  }
  return found;
}

/** Paragraph index → comment ids anchored there; checks start, end and reference sit in the same paragraph. */
function anchoredComments(paras: Para[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  paras.forEach((p, i) => {
    expect([...p.ends].sort()).toEqual([...p.starts].sort());
    expect([...p.refs].sort()).toEqual([...p.starts].sort());
    if (p.starts.length > 0) out.set(i, p.starts);
  });
  return out;
}

/** The document.xml the output would have without clausewatch's marks. */
const withoutMarks = (xml: string): string =>
  xml.replace(/<w:commentRange(?:Start|End) w:id="\d+"\/>|<w:r><w:commentReference w:id="\d+"\/><\/w:r>/g, '');

function flagged(review: Review): Finding[] {
  return review.findings.filter((f) => f.clause !== null);
}

// ---- the bundled examples --------------------------------------------------------------------------------

describe.each(EXAMPLES)('Word report on %s', (example) => {
  const made = (async () => {
    const review = await analyze(join(ROOT, example));
    const bytes = await renderDocx({ file: review.file, review });
    return { review, input: unzip(readFileSync(join(ROOT, example))), output: unzip(bytes), bytes };
  })();

  it('changes nothing but the comments, their marks and the two parts that point at them', async () => {
    const { input, output } = await made;
    const touched = ['word/document.xml', 'word/comments.xml', 'word/_rels/document.xml.rels', '[Content_Types].xml'];
    expect(Object.keys(output).filter((n) => !(n in input))).toEqual(['word/comments.xml']);
    for (const name of Object.keys(input)) {
      expect(name in output, name).toBe(true);
      if (!touched.includes(name)) expect(Buffer.from(output[name]!).equals(Buffer.from(input[name]!)), name).toBe(true);
    }
    expect(withoutMarks(text(output, 'word/document.xml'))).toBe(text(input, 'word/document.xml'));
    expect(text(output, 'word/_rels/document.xml.rels')).toMatch(/Type="[^"]*\/comments" Target="comments.xml"/);
    expect(text(output, '[Content_Types].xml')).toContain(
      '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>',
    );
  });

  it('keeps every paragraph, with the same text', async () => {
    const { input, output } = await made;
    const before = paragraphsOf(text(input, 'word/document.xml'));
    const after = paragraphsOf(text(output, 'word/document.xml'));
    expect(after.length).toBe(before.length);
    expect(after.map((p) => p.text)).toEqual(before.map((p) => p.text));
  });

  it('puts one comment on exactly the flagged paragraphs, listing their findings', async () => {
    const { review, output } = await made;
    const paras = paragraphsOf(text(output, 'word/document.xml'));
    const comments = commentsOf(text(output, 'word/comments.xml'));
    const anchored = anchoredComments(paras);
    const where = paragraphOfClause(review, paras);

    const expected = new Set<number>();
    for (const f of flagged(review)) {
      expect(where.has(f.clause!.id), `clause ${f.clause!.id} found in the document`).toBe(true);
      expected.add(where.get(f.clause!.id)!);
    }
    const missing = review.findings.filter((f) => f.clause === null);
    if (missing.length > 0) expected.add(where.get(review.document.clauses[0]!.id)!);
    expect(new Set(anchored.keys())).toEqual(expected);

    // The comments part lists every anchored comment, each by clausewatch, and nothing else.
    const ids = [...anchored.values()].flat();
    expect(comments.map((c) => c.id).sort()).toEqual([...ids].sort());
    expect(comments.every((c) => c.author === 'clausewatch')).toBe(true);

    // Each finding's title and stance are in the comment on its paragraph; the why too.
    const byId = new Map(comments.map((c) => [c.id, c.text]));
    for (const f of flagged(review)) {
      const onParagraph = anchored.get(where.get(f.clause!.id)!)!.map((id) => byId.get(id)).join('\n');
      expect(onParagraph).toContain(`${f.stance.toUpperCase()}: ${f.title}`);
      expect(onParagraph).toContain(f.why.trim().replace(/\s+/g, ' '));
    }
    if (missing.length > 0) {
      const missingComment = comments.find((c) => c.text.startsWith('Missing protections'))!;
      for (const f of missing) expect(missingComment.text).toContain(f.title);
    }
  });

  it('opens in LibreOffice', async (ctx) => {
    ctx.skip(!SOFFICE, NO_SOFFICE);
    const { bytes } = await made;
    const docx = join(tmp, basename(example).replace('.docx', '.commented.docx'));
    writeFileSync(docx, bytes);
    const pdf = convert(docx, 'pdf');
    expect(statSync(pdf).size).toBeGreaterThan(1000);
  }, 120_000);
});

/** Converts with LibreOffice in a profile of its own (a shared profile makes concurrent runs fail silently). */
function convert(file: string, format: string): string {
  const outdir = mkdtempSync(join(tmp, 'out-'));
  const r = spawnSync(
    'soffice',
    [`-env:UserInstallation=file://${join(tmp, 'lo-profile')}`, '--headless', '--convert-to', format, '--outdir', outdir, file],
    { encoding: 'utf8', timeout: 110_000 },
  );
  expect(r.status, r.stderr).toBe(0);
  const out = join(outdir, basename(file).replace(/\.docx$/, `.${format}`));
  expect(existsSync(out), `${r.stdout}\n${r.stderr}`).toBe(true);
  return out;
}

it('LibreOffice sees every comment, by clausewatch', async (ctx) => {
  ctx.skip(!SOFFICE, NO_SOFFICE);
  const example = EXAMPLES[0]!;
  const review = await analyze(join(ROOT, example));
  const docx = join(tmp, 'seen-by-libreoffice.docx');
  writeFileSync(docx, await renderDocx({ file: review.file, review }));
  const content = strFromU8(unzip(readFileSync(convert(docx, 'odt')))['content.xml']!);
  const comments = commentsOf(text(unzip(readFileSync(docx)), 'word/comments.xml'));
  expect(content.match(/<office:annotation /g)?.length).toBe(comments.length);
  expect(content.match(/<dc:creator>clausewatch<\/dc:creator>/g)?.length).toBe(comments.length);
}, 120_000);

// ---- small documents built in the test -------------------------------------------------------------------

const RETAIN = 'Vendor may retain Customer Data indefinitely.';

async function annotated(bytes: Uint8Array, name = 'contract.docx', edit: (r: Review) => Review = (r) => r) {
  const review = edit(await analyze({ bytes, name }));
  const result = await annotateDocx(bytes, review);
  const files = unzip(result.bytes);
  const documentXml = text(files, 'word/document.xml');
  return { review, result, files, paras: paragraphsOf(documentXml), documentXml, comments: commentsOf(text(files, 'word/comments.xml')) };
}

describe('Word report on documents built here', () => {
  it('keeps the comments a document already has, and numbers its own after them', async () => {
    const existing =
      '<w:comment w:id="7" w:author="Deputy City Attorney" w:initials="DCA"><w:p><w:r><w:t>Check this with IT &amp; Records.</w:t></w:r></w:p></w:comment>';
    const bytes = makeDocx({
      comments: existing,
      body: [
        para('PLATE READER AGREEMENT'),
        paraXml(`<w:commentRangeStart w:id="7"/>${run('The City may terminate on notice.')}<w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r>`),
        para(RETAIN),
      ].join(''),
    });
    const { files, paras, comments } = await annotated(bytes);
    const commentsXml = text(files, 'word/comments.xml');
    expect(commentsXml).toContain(existing);
    expect(comments[0]).toMatchObject({ id: '7', author: 'Deputy City Attorney', text: 'Check this with IT & Records.' });
    const ours = comments.filter((c) => c.author === 'clausewatch');
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.every((c) => Number(c.id) > 7)).toBe(true);
    // The old comment's marks are where they were; ours are on the retention paragraph.
    const anchored = anchoredComments(paras);
    expect(anchored.get(1)).toEqual(['7']);
    expect(anchored.get(2)!.map((id) => comments.find((c) => c.id === id)!.text).join('\n')).toContain('CONCERN: ');
    // The relationship and content type were there already: not added twice.
    expect(text(files, 'word/_rels/document.xml.rels').match(/\/comments"/g)).toHaveLength(1);
    expect(text(files, '[Content_Types].xml').match(/comments\+xml/g)).toHaveLength(1);
  });

  it('escapes contract text with <, & and quotes in the comments', async () => {
    const clause = 'Vendor may retain Customer Data indefinitely & share it with "partners" <as needed> at Vendor\'s discretion.';
    const bytes = makeDocx({ body: para('DATA TERMS') + para(clause) });
    const { files, comments, review } = await annotated(bytes);
    const commentsXml = text(files, 'word/comments.xml');
    expect(XMLValidator.validate(commentsXml)).toBe(true);
    expect(XMLValidator.validate(text(files, 'word/document.xml'))).toBe(true);
    const quote = review.findings.map((f) => f.quote).find((q) => q.includes('&') || q.includes('<'));
    expect(quote).toBeDefined();
    expect(comments.map((c) => c.text).join('\n')).toContain(quote);
    expect(commentsXml).toContain('&amp; share it with');
    expect(commentsXml).not.toMatch(/<as needed>/);
  });

  it('comments a flagged footnote on the paragraph that refers to it', async () => {
    const bytes = makeDocx({
      body: [
        para('DATA TERMS'),
        para('The City owns the data.'),
        paraXml(`${run('Vendor hosts the System.')}<w:r><w:footnoteReference w:id="1"/></w:r>`),
        para('The City may terminate on notice.'),
      ].join(''),
      footnotes: `<w:footnote w:id="1">${para(RETAIN)}</w:footnote>`,
    });
    const { paras, comments, review } = await annotated(bytes);
    expect(review.document.clauses.find((c) => c.kind === 'footnote')?.text).toContain('retain');
    const anchored = anchoredComments(paras);
    const onHost = anchored.get(2)!.map((id) => comments.find((c) => c.id === id)!.text).join('\n');
    expect(onHost).toContain('In a footnote to this paragraph.');
    expect(onHost).toContain('Data may be kept indefinitely');
  });

  it('comments a flagged text box on the paragraph holding it, once', async () => {
    const textBox = `<w:txbxContent>${para(RETAIN)}</w:txbxContent>`;
    const drawing =
      '<w:r><mc:AlternateContent>' +
      `<mc:Choice Requires="wps"><w:drawing><wp:inline><a:graphic><a:graphicData><wps:wsp><wps:txbx>${textBox}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>` +
      `<mc:Fallback><w:pict><v:shape><v:textbox>${textBox}</v:textbox></v:shape></w:pict></mc:Fallback>` +
      '</mc:AlternateContent></w:r>';
    const bytes = makeDocx({ body: para('DATA TERMS') + paraXml(run('See the box.') + drawing) + para('The end.') });
    const { paras, documentXml } = await annotated(bytes);
    // paragraphs: 0 title, 1 host, 2 box (Choice copy), 3 box (Fallback copy), 4 the end
    expect(paras.map((p) => p.text)).toEqual(['DATA TERMS', 'See the box.', RETAIN, RETAIN, 'The end.']);
    expect([...anchoredComments(paras).keys()].filter((i) => i !== 0)).toEqual([1]);
    expect(locateParagraphs(documentXml).map((s) => s.host)).toEqual([0, 1, 1, 1, 4]);
  });

  it('puts missing protections in one comment on the first paragraph', async () => {
    const missing: Finding = {
      ruleId: 'missing-deletion',
      pack: 'missing-protections',
      category: 'data-retention',
      stance: 'concern',
      severity: 'high',
      title: 'Nothing requires the data to be deleted',
      why: 'Without a deletion duty, data stays as long as the vendor likes.',
      ask: 'Vendor shall delete Customer Data within 30 days of capture.',
      clause: null,
      start: 0,
      end: 0,
      quote: '',
      reason: 'no clause provides a deletion duty',
    };
    const bytes = makeDocx({ body: '<w:p/>' + para('PLATE READER AGREEMENT') + para(RETAIN) });
    const onlyOurs = (r: Review): Review => ({ ...r, findings: [...r.findings.filter((f) => f.clause !== null), missing] });
    const { paras, comments } = await annotated(bytes, 'contract.docx', onlyOurs);
    const anchored = anchoredComments(paras);
    const first = anchored.get(1)!.map((id) => comments.find((c) => c.id === id)!.text);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^Missing protections\n/);
    expect(first[0]).toContain('Nothing requires the data to be deleted');
    expect(first[0]).toContain('Ask: Vendor shall delete Customer Data within 30 days of capture.');
  });

  it('lists findings it cannot place (an unanchored comment) on the first paragraph, and counts them', async () => {
    const bytes = makeDocx({
      comments: `<w:comment w:id="3" w:author="Vendor"><w:p>${run(RETAIN)}</w:p></w:comment>`,
      body: para('PLATE READER AGREEMENT') + para('The City may terminate on notice.'),
    });
    const { result, paras, comments } = await annotated(bytes);
    expect(result.unplaced.length).toBeGreaterThan(0);
    const first = anchoredComments(paras).get(0)!.map((id) => comments.find((c) => c.id === id)!.text).join('\n');
    expect(first).toContain(`Findings that could not be placed on their paragraph (${result.unplaced.length})`);
  });

  it('returns the file unchanged when nothing is flagged', async () => {
    const bytes = makeDocx({ body: para('The parties agree to meet quarterly.') });
    const review = await analyze({ bytes, name: 'quiet.docx' });
    const quiet = { ...review, findings: [] };
    expect((await annotateDocx(bytes, quiet)).bytes).toBe(bytes);
  });

  it('refuses a file that changed since it was reviewed', async () => {
    const review = await analyze({ bytes: makeDocx({ body: para(RETAIN) }), name: 'draft.docx' });
    const other = makeDocx({ body: para('Vendor may retain Customer Data for ten years.') });
    await expect(annotateDocx(other, review)).rejects.toThrow('draft.docx has changed since it was reviewed');
  });
});

describe('the reader, asked for paragraph positions', () => {
  it('gives each block the <w:p> it starts in, and nothing unless asked', async () => {
    const bytes = makeDocx({
      body: [
        para('Vendor may retain', deletedMark()), // 0: its mark is deleted, so it joins paragraph 1
        para(' Customer Data indefinitely.'), // 1
        table([[para('Cell one') + para('more')], [para('Cell two')]]), // 2, 3 in the first cell; 4 in the second
        paraXml(`${run('See note.')}<w:r><w:footnoteReference w:id="1"/></w:r>`), // 5
      ].join(''),
      footnotes: `<w:footnote w:id="1">${para('The note.')}</w:footnote>`,
    });
    const read = await readDocx(bytes, DEFAULT_LIMITS, { paragraphIndexes: true });
    expect(read.blocks.map((b) => [b.text, b.paragraphIndex])).toEqual([
      ['Vendor may retain Customer Data indefinitely.', 0],
      ['Cell one\nmore', 2],
      ['Cell two', 4],
      ['See note.', 5],
      ['The note.', 5],
    ]);
    expect((await readDocx(bytes, DEFAULT_LIMITS)).blocks.some((b) => 'paragraphIndex' in b)).toBe(false);
  });
});

describe('Word report on other formats', () => {
  it('refuses a PDF, pointing to the HTML report', async () => {
    const file = join(ROOT, 'examples/alpr-services-agreement.pdf');
    const review = await analyze(file);
    const error = await renderDocx({ file, review }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClausewatchError);
    expect((error as ClausewatchError).code).toBe('bad-usage');
    expect((error as ClausewatchError).message).toBe(
      `${file} is a PDF; a Word report needs the original .docx — use --format html for a PDF`,
    );
  });

  it('refuses plain text and a file that could not be read', async () => {
    const file = join(ROOT, 'examples/alpr-services-agreement.txt');
    const review = await analyze(file);
    await expect(renderDocx({ file, review })).rejects.toThrow('is a plain text file; a Word report needs the original .docx');
    await expect(renderDocx({ file: 'gone.docx', error: 'gone.docx: no such file' })).rejects.toThrow('gone.docx could not be reviewed');
  });
});
