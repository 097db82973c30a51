#!/usr/bin/env node
/**
 * Builds the sample contracts in examples/ from their sources in examples/src/*.yaml.
 *
 *   node scripts/build-examples.mjs            # DOCX + PDF + TXT + answer key
 *   node scripts/build-examples.mjs --no-pdf   # skip the LibreOffice step
 *   node scripts/build-examples.mjs NAME ...   # only the named contracts
 *
 * For each source examples/src/<name>.yaml it writes
 *   examples/<name>.docx  Word file with real automatic numbering (word/numbering.xml + w:numPr; no typed numbers),
 *                         Heading styles, page breaks, a running header and a "Page X of Y" footer;
 *   examples/<name>.pdf   the DOCX converted by LibreOffice headless (needs `soffice`; `qpdf` makes it reproducible);
 *   examples/<name>.txt   plain text with the same numbers typed in, one paragraph per block, blocks separated
 *                         by a blank line (no header/footer);
 * and examples/answer-key.json, built from the `key:` tags in the sources (only by a full build, as it records the
 * PDF page of each clause).
 *
 * The output is deterministic: fixed dates in the DOCX core properties and ZIP entries, and a PDF whose
 * dates and /ID are normalised. Running it twice gives byte-identical files.
 *
 * ── Source format (YAML) ────────────────────────────────────────────────────────────────────────────────
 *   name, title, subject, header        strings; `header` is the running header text
 *   scheme                              decimal-outline | article-section | article-restart (see SCHEMES)
 *   body                                a list of nodes, each a map with ONE of these keys:
 *     title / subtitle / center / p     unnumbered paragraphs (title: Title style; center: centred; p: body)
 *     heading                           unnumbered heading (Heading 1), e.g. "RECITALS", "EXHIBIT A"
 *     recital                           recital lettered A., B., C. by Word numbering
 *     article                           numbered top-level heading (the article / "1." level)
 *     sec / sub / item                  numbered clauses one, two and three levels below the article
 *     table                             { header: [..], rows: [[..]], widths: [percent..] }
 *     signatures                        [{ party, lines: [..] }, ..]  two-column borderless signature table
 *   and optionally
 *     break: true                       page break before the node
 *     keep: true                        keep with the next paragraph or table (e.g. before a signature block)
 *     id: some-id                       target for {{ref:some-id}} / {{num:some-id}} in any text
 *     cite: "Exhibit A"                 citation for the answer key, for an unnumbered paragraph
 *     key: ["retention concern: …", "sharing safeguard: …", "negative: …"]   answer-key tags
 *   Text may contain **bold** runs and {{ref:id}} (full citation) / {{num:id}} (number only) cross-references.
 */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { unzipSync, zipSync, strFromU8, strToU8 } from 'fflate';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  LevelSuffix,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC_DIR = path.join(ROOT, 'examples', 'src');
const OUT_DIR = path.join(ROOT, 'examples');
/** Every date written into the outputs. */
const FIXED_DATE = new Date('2026-01-01T00:00:00Z');
const FIXED_ISO = '2026-01-01T00:00:00Z';
const FIXED_PDF_DATE = "D:20260101000000Z00'00'";

// ── Number formats ─────────────────────────────────────────────────────────────────────────────────────

function roman(n) {
  const table = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of table) while (n >= v) { out += s; n -= v; }
  return out;
}
/** Word's letter numbering: a..z, then aa..zz. */
function letter(n) {
  const ch = String.fromCharCode(96 + ((n - 1) % 26) + 1);
  return ch.repeat(Math.floor((n - 1) / 26) + 1);
}
const FORMATS = {
  [LevelFormat.DECIMAL]: (n) => String(n),
  [LevelFormat.UPPER_ROMAN]: (n) => roman(n),
  [LevelFormat.LOWER_ROMAN]: (n) => roman(n).toLowerCase(),
  [LevelFormat.UPPER_LETTER]: (n) => letter(n).toUpperCase(),
  [LevelFormat.LOWER_LETTER]: (n) => letter(n),
};

// ── Numbering schemes ──────────────────────────────────────────────────────────────────────────────────
// A level: format, lvlText, suffix, indentation (twips), and whether the number is bold.
const lvl = (format, text, suffix, left, hanging, extra = {}) => ({ format, text, suffix, left, hanging, ...extra });
const D = LevelFormat.DECIMAL, LL = LevelFormat.LOWER_LETTER, LR = LevelFormat.LOWER_ROMAN;
const UR = LevelFormat.UPPER_ROMAN, UL = LevelFormat.UPPER_LETTER;
const TAB = LevelSuffix.TAB, SPACE = LevelSuffix.SPACE, NOTHING = LevelSuffix.NOTHING;

/** Recitals (A., B., C.), shared by every scheme. */
const RECITALS = [lvl(UL, '%1.', TAB, 720, 720)];

/**
 * A scheme says which Word list and level each node type goes to, and how a clause is cited.
 * `article(title, n)` returns the paragraphs of an article heading; `clause(depth, n)` the list of a clause
 * `depth` levels below the article (n = 1-based article count, for per-article restarts).
 */
const SCHEMES = {
  // 1. / 1.1 / (a) / (i) — one multi-level list.
  'decimal-outline': {
    lists: {
      outline: [
        lvl(D, '%1.', TAB, 720, 720, { bold: true }),
        lvl(D, '%1.%2', TAB, 720, 720),
        lvl(LL, '(%3)', TAB, 1440, 720),
        lvl(LR, '(%4)', TAB, 2160, 720),
      ],
      recitals: RECITALS,
    },
    article: (title) => [{ list: 'outline', level: 0, text: title, heading: true }],
    clause: (depth) => ({ list: 'outline', level: depth }),
    cite(c) {
      const o = c.outline;
      return [String(o[0]), `.${o[1]}`, `(${letter(o[2])})`, `(${roman(o[3]).toLowerCase()})`];
    },
    articleCite: (c) => String(c.outline[0]),
    /** Full citation used in the answer key and in {{ref:}}. */
    ref: (parts, depth) => (depth === 0 ? `Section ${parts[0]}` : parts.slice(0, depth + 1).join('')),
  },
  // ARTICLE I (centred, roman) / title line / Section 1.1 / (a) / (i).
  // Word's "legal" numbering (w:isLgl) would let "Section %1.%2" print a roman level as decimal, but LibreOffice 7.4
  // ignores it; so the article number ("ARTICLE I") is its own list and the article *title* paragraph is level 0 of
  // the section list with an empty number, which advances the %1 of "Section %1.%2" in Word and LibreOffice alike.
  'article-section': {
    lists: {
      articles: [lvl(UR, 'ARTICLE %1', NOTHING, 0, 0, { bold: true, align: AlignmentType.CENTER })],
      sections: [
        lvl(D, '', NOTHING, 0, 0),
        lvl(D, 'Section %1.%2', SPACE, 0, 0, { bold: true }),
        lvl(LL, '(%3)', TAB, 1440, 720),
        lvl(LR, '(%4)', TAB, 2160, 720),
      ],
      recitals: RECITALS,
    },
    article: (title) => [
      { list: 'articles', level: 0, text: '', heading: true, center: true },
      { list: 'sections', level: 0, text: title, heading: true, center: true, tight: true },
    ],
    clause: (depth) => ({ list: 'sections', level: depth }),
    cite(c) {
      const s = c.sections;
      return [String(s[0]), `.${s[1]}`, `(${letter(s[2])})`, `(${roman(s[3]).toLowerCase()})`];
    },
    articleCite: (c) => String(c.sections[0]),
    ref: (parts, depth) => (depth === 0 ? `Article ${roman(Number(parts[0]))}` : `Section ${parts.slice(0, depth + 1).join('')}`),
  },
  // Article I. Title / 1. / (a) / (i) — the clause list starts again at 1 in every article (a new list instance).
  'article-restart': {
    lists: {
      articles: [lvl(UR, 'Article %1.', SPACE, 0, 0, { bold: true })],
      clauses: [
        lvl(D, '%1.', TAB, 720, 720),
        lvl(LL, '(%2)', TAB, 1440, 720),
        lvl(LR, '(%3)', TAB, 2160, 720),
      ],
      recitals: RECITALS,
    },
    article: (title) => [{ list: 'articles', level: 0, text: title, heading: true }],
    clause: (depth, n) => ({ list: 'clauses', level: depth - 1, instance: n }),
    cite(c, item) {
      const s = c[`clauses#${item.instance}`];
      return [roman(c.articles[0]), String(s[0]), `(${letter(s[1])})`, `(${roman(s[2]).toLowerCase()})`];
    },
    articleCite: (c) => roman(c.articles[0]),
    ref: (parts, depth) =>
      depth === 0 ? `Article ${parts[0]}` : `Section ${parts.slice(1, depth + 1).join('')} of Article ${parts[0]}`,
  },
};

// ── Source → flat paragraph list with computed numbers ─────────────────────────────────────────────────

const NODE_KEYS = ['title', 'subtitle', 'center', 'p', 'heading', 'recital', 'article', 'sec', 'sub', 'item', 'table', 'signatures'];
const DEPTH = { sec: 1, sub: 2, item: 3 };

function nodeType(node, file) {
  const types = Object.keys(node).filter((k) => NODE_KEYS.includes(k));
  if (types.length !== 1) throw new Error(`${file}: each body node needs exactly one of ${NODE_KEYS.join(', ')}: ${JSON.stringify(node)}`);
  return types[0];
}

/**
 * Walks the body once, simulating Word's list counters, and returns items with their rendered label.
 * Counters are per (list, instance); a paragraph at level L advances level L and resets the levels below it,
 * as Word does for a multi-level list.
 */
function layout(src, file) {
  const scheme = SCHEMES[src.scheme];
  if (!scheme) throw new Error(`${file}: unknown scheme ${src.scheme}`);
  const counters = {};
  const items = [];
  const ids = new Map();
  let articleNo = 0;
  const advance = (list, instance, level) => {
    const key = instance === undefined ? list : `${list}#${instance}`;
    const c = (counters[key] ??= [0, 0, 0, 0, 0, 0, 0, 0, 0]);
    c[level] += 1;
    for (let i = level + 1; i < c.length; i++) c[i] = 0;
    const levels = scheme.lists[list];
    return levels[level].text.replace(/%(\d)/g, (_, k) => FORMATS[levels[k - 1].format](Math.max(c[k - 1], 1)));
  };
  for (const node of src.body) {
    const type = nodeType(node, file);
    const base = { type, node, id: node.id, key: node.key ?? [], pageBreak: !!node.break };
    if (type === 'article') {
      articleNo += 1;
      const paras = scheme.article(node.article, articleNo);
      paras.forEach((p, i) => {
        const label = advance(p.list, p.instance, p.level);
        items.push({ ...base, ...p, label, pageBreak: i === 0 && base.pageBreak, key: i === paras.length - 1 ? base.key : [] });
      });
      const last = items[items.length - 1];
      last.depth = 0;
      last.parts = [scheme.articleCite(counters)];
    } else if (type in DEPTH) {
      const depth = DEPTH[type];
      const where = scheme.clause(depth, articleNo);
      const label = advance(where.list, where.instance, where.level);
      const parts = scheme.cite(counters, where);
      items.push({ ...base, ...where, text: node[type], label, depth, parts });
    } else if (type === 'recital') {
      const label = advance('recitals', undefined, 0);
      items.push({ ...base, list: 'recitals', level: 0, text: node.recital, label, recitalLabel: label });
    } else {
      if (type === 'table') {
        const width = (node.table.header ?? node.table.rows[0]).length;
        for (const r of node.table.rows) if (r.length !== width) throw new Error(`${file}: table row has ${r.length} cells, expected ${width}: ${JSON.stringify(r)}`);
      }
      items.push({ ...base, text: node[type], label: '' });
    }
    if (node.id !== undefined) {
      if (ids.has(node.id)) throw new Error(`${file}: duplicate id ${node.id}`);
      ids.set(node.id, items[items.length - 1]);
    }
  }
  // Citations.
  for (const it of items) {
    if (it.parts) {
      it.ref = scheme.ref(it.parts, it.depth);
      it.num = it.depth === 0 ? it.ref.replace(/^(Article|Section) /, '') : src.scheme === 'article-restart' ? it.parts.slice(1, it.depth + 1).join('') : it.parts.slice(0, it.depth + 1).join('');
    } else if (it.recitalLabel) {
      it.ref = `Recital ${it.recitalLabel.replace('.', '')}`;
      it.num = it.recitalLabel.replace('.', '');
    }
  }
  // Cross-references.
  const resolve = (text) =>
    typeof text === 'string'
      ? text.replace(/\{\{(ref|num):([\w-]+)\}\}/g, (_, kind, id) => {
          const t = ids.get(id);
          if (!t || !t.ref) throw new Error(`${file}: unknown reference ${id}`);
          return kind === 'ref' ? t.ref : t.num;
        })
      : text;
  for (const it of items) {
    if (typeof it.text === 'string') it.text = resolve(it.text);
    if (it.type === 'table') it.text = { ...it.text, header: it.text.header?.map(resolve), rows: it.text.rows.map((r) => r.map(resolve)) };
    if (it.type === 'signatures') it.text = it.text.map((s) => ({ party: resolve(s.party), lines: s.lines.map(resolve) }));
  }
  return items;
}

// ── DOCX ───────────────────────────────────────────────────────────────────────────────────────────────

const FONT = 'Times New Roman';

/** "**bold** plain" → TextRuns. */
function runs(text, extra = {}) {
  const out = [];
  String(text).split(/(\*\*[^*]+\*\*)/).forEach((part) => {
    if (!part) return;
    if (part.startsWith('**')) out.push(new TextRun({ text: part.slice(2, -2), bold: true, ...extra }));
    else out.push(new TextRun({ text: part, ...extra }));
  });
  return out;
}
const plain = (text) => String(text).replace(/\*\*([^*]+)\*\*/g, '$1');

function numberingConfig(scheme) {
  return Object.entries(scheme.lists).map(([reference, levels]) => ({
    reference,
    levels: levels.map((l, level) => ({
      level,
      format: l.format,
      text: l.text,
      suffix: l.suffix,
      alignment: AlignmentType.LEFT,
      start: 1,
      style: {
        run: { bold: !!l.bold, font: FONT },
        paragraph: {
          indent: { left: l.left, hanging: l.hanging },
          ...(l.align ? { alignment: l.align } : {}),
        },
      },
    })),
  }));
}

function paragraphFor(it) {
  const common = { pageBreakBefore: it.pageBreak || undefined, keepNext: it.node.keep || undefined };
  switch (it.type) {
    case 'title':
      return new Paragraph({ ...common, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: runs(it.text) });
    case 'subtitle':
      return new Paragraph({ ...common, alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: runs(it.text, { bold: true }) });
    case 'center':
      return new Paragraph({ ...common, alignment: AlignmentType.CENTER, children: runs(it.text) });
    case 'heading':
      return new Paragraph({ ...common, heading: HeadingLevel.HEADING_1, alignment: AlignmentType.CENTER, children: runs(it.text) });
    case 'p':
      return new Paragraph({ ...common, alignment: AlignmentType.JUSTIFIED, children: runs(it.text) });
    default: {
      // Numbered: article headings, clauses and recitals. The number comes from numbering.xml, never the text.
      const numbering = { reference: it.list, level: it.level, custom: true, ...(it.instance !== undefined ? { instance: it.instance } : {}) };
      if (it.heading) {
        return new Paragraph({
          ...common,
          heading: HeadingLevel.HEADING_1,
          alignment: it.center ? AlignmentType.CENTER : AlignmentType.LEFT,
          keepNext: true,
          ...(it.tight ? { spacing: { before: 0 } } : {}),
          numbering,
          children: runs(it.text),
        });
      }
      return new Paragraph({ ...common, alignment: AlignmentType.JUSTIFIED, numbering, children: runs(it.text) });
    }
  }
}

const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

function tableFor(it) {
  const t = it.text;
  const widths = t.widths ?? t.rows[0].map(() => Math.floor(100 / t.rows[0].length));
  const total = 9360; // 6.5 inches of text width, in twips
  const cell = (text, bold) =>
    new TableCell({
      margins: { top: 60, bottom: 60, left: 100, right: 100 },
      children: [new Paragraph({ spacing: { after: 0 }, children: runs(text, bold ? { bold: true } : {}) })],
    });
  const rows = [];
  if (t.header) rows.push(new TableRow({ tableHeader: true, children: t.header.map((h) => cell(h, true)) }));
  for (const r of t.rows) rows.push(new TableRow({ cantSplit: true, children: r.map((c) => cell(c, false)) }));
  return new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths: widths.map((w) => Math.round((total * w) / 100)),
    rows,
  });
}

function signaturesFor(it) {
  const col = (s) =>
    new TableCell({
      borders: NO_BORDERS,
      children: [
        new Paragraph({ keepNext: true, spacing: { after: 240 }, children: runs(s.party, { bold: true }) }),
        ...s.lines.map((l) => new Paragraph({ keepNext: true, spacing: { after: 120 }, children: runs(l) })),
      ],
    });
  const cols = it.text;
  const rows = [];
  for (let i = 0; i < cols.length; i += 2) {
    rows.push(new TableRow({ cantSplit: true, children: [col(cols[i]), cols[i + 1] ? col(cols[i + 1]) : col({ party: '', lines: [] })] }));
  }
  return new Table({ width: { size: 9360, type: WidthType.DXA }, columnWidths: [4680, 4680], borders: TableBorders.NONE, rows });
}

async function buildDocx(src, items) {
  const scheme = SCHEMES[src.scheme];
  const children = [];
  for (const it of items) {
    if (it.type === 'table') {
      children.push(tableFor(it));
      children.push(new Paragraph({ children: [] }));
    } else if (it.type === 'signatures') children.push(signaturesFor(it));
    else children.push(paragraphFor(it));
  }
  const doc = new Document({
    title: src.title,
    subject: src.subject ?? '',
    creator: 'clausewatch examples',
    lastModifiedBy: 'clausewatch examples',
    description: 'Fictional sample contract written for the clausewatch project. Not a real agreement.',
    keywords: 'clausewatch, example, fictional',
    revision: 1,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: 22 },
          paragraph: { spacing: { after: 120, line: 240 } },
        },
        title: { run: { font: FONT, size: 30, bold: true, color: '000000' }, paragraph: { spacing: { after: 200 } } },
        heading1: {
          run: { font: FONT, size: 22, bold: true, color: '000000' },
          paragraph: { spacing: { before: 240, after: 120 }, keepNext: true, keepLines: true },
        },
      },
    },
    numbering: { config: numberingConfig(scheme) },
    sections: [
      {
        properties: {
          page: {
            size: { width: 12240, height: 15840 },
            margin: { top: 1440, bottom: 1440, left: 1440, right: 1440, header: 720, footer: 720 },
          },
        },
        headers: {
          default: new Header({
            children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: src.header, size: 18, italics: true })] })],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ size: 18, children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return normalizeDocx(await Packer.toBuffer(doc));
}

/**
 * Rewrites the core-property dates, writes empty level texts, and re-zips with fixed entry times, so the bytes
 * depend only on the source.
 */
function normalizeDocx(buffer) {
  const files = unzipSync(new Uint8Array(buffer));
  const core = 'docProps/core.xml';
  if (files[core]) {
    const xml = strFromU8(files[core])
      .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${FIXED_ISO}$2`)
      .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${FIXED_ISO}$2`);
    files[core] = strToU8(xml);
  }
  // docx leaves out the lvlText of a level whose text is empty; write it, so no reader falls back to a default.
  const numbering = 'word/numbering.xml';
  if (files[numbering]) {
    const xml = strFromU8(files[numbering]).replace(/<w:lvl [^>]*>(?:(?!<\/w:lvl>).)*?<\/w:lvl>/gs, (lvl) =>
      lvl.includes('<w:lvlText') ? lvl : lvl.replace('<w:lvlJc', '<w:lvlText w:val=""/><w:lvlJc'),
    );
    files[numbering] = strToU8(xml);
  }
  const names = Object.keys(files).sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const zippable = {};
  for (const n of names) zippable[n] = [files[n], { mtime: FIXED_DATE, level: 9 }];
  return Buffer.from(zipSync(zippable));
}

// ── TXT ────────────────────────────────────────────────────────────────────────────────────────────────

function buildTxt(items) {
  const blocks = [];
  for (const it of items) {
    if (it.type === 'table') {
      const t = it.text;
      const lines = [];
      if (t.header) lines.push(t.header.map(plain).join(' | '));
      for (const r of t.rows) lines.push(r.map(plain).join(' | '));
      blocks.push(lines.join('\n'));
    } else if (it.type === 'signatures') {
      for (const s of it.text) blocks.push([s.party, ...s.lines].filter(Boolean).map(plain).join('\n'));
    } else {
      const text = plain(it.text ?? '');
      blocks.push(it.label && text ? `${it.label} ${text}` : it.label || text);
    }
  }
  return blocks.join('\n\n') + '\n';
}

// ── PDF ────────────────────────────────────────────────────────────────────────────────────────────────

function which(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function buildPdfs(docxPaths) {
  const soffice = ['soffice', 'libreoffice'].find(which);
  if (!soffice) throw new Error('LibreOffice (soffice) not found: install it, or run with --no-pdf');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'clausewatch-examples-'));
  try {
    // A private profile, so a running LibreOffice or a stale lock doesn't get in the way.
    execFileSync(
      soffice,
      [`-env:UserInstallation=file://${path.join(work, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', work, ...docxPaths],
      { stdio: 'pipe', env: { ...process.env, SOURCE_DATE_EPOCH: String(FIXED_DATE.getTime() / 1000), TZ: 'UTC' } },
    );
    const hasQpdf = which('qpdf');
    if (!hasQpdf) console.warn('warning: qpdf not found; the PDFs will not be byte-for-byte reproducible');
    for (const docx of docxPaths) {
      const name = path.basename(docx, '.docx');
      const produced = path.join(work, `${name}.pdf`);
      if (!fs.existsSync(produced)) throw new Error(`LibreOffice did not produce ${name}.pdf`);
      const fixed = path.join(work, `${name}.fixed.pdf`);
      fs.writeFileSync(fixed, fixPdfDates(fs.readFileSync(produced)));
      const out = path.join(OUT_DIR, `${name}.pdf`);
      if (hasQpdf) execFileSync('qpdf', ['--deterministic-id', '--object-streams=generate', '--compress-streams=y', fixed, out], { stdio: 'pipe' });
      else fs.copyFileSync(fixed, out);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Replaces the dates, checksum and /ID with fixed values of the same length, so the xref offsets stay right. */
function fixPdfDates(buf) {
  let s = buf.toString('latin1');
  s = s.replace(/\/(CreationDate|ModDate)\s*\((D:[^)]*)\)/g, (m, key, date) => {
    const fixed = FIXED_PDF_DATE.slice(0, date.length).padEnd(date.length, '0');
    return `/${key}(${fixed})`;
  });
  // LibreOffice's document checksum and file identifier change on every run; qpdf --deterministic-id then derives
  // a new /ID from the content.
  s = s.replace(/\/DocChecksum\s*\/([0-9A-Fa-f]+)/g, (m, hex) => m.replace(hex, '0'.repeat(hex.length)));
  s = s.replace(/\/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]/g, (m) => m.replace(/<[0-9A-Fa-f]+>/g, (h) => `<${'0'.repeat(h.length - 2)}>`));
  s = s.replace(/<xmp:(CreateDate|ModifyDate|MetadataDate)>([^<]*)<\/xmp:\1>/g, (m, key, date) => `<xmp:${key}>${FIXED_ISO.slice(0, date.length).padEnd(date.length, ' ')}</xmp:${key}>`);
  return Buffer.from(s, 'latin1');
}

// ── Answer key ─────────────────────────────────────────────────────────────────────────────────────────

const KEY = /^(retention|sharing|biometrics)\s+(concern|safeguard)\s*:\s*(.+)$|^(negative)\s*:\s*(.+)$/;

function answerKey(src, items, file) {
  const out = [];
  for (const it of items) {
    for (const k of it.key) {
      const m = KEY.exec(k);
      if (!m) throw new Error(`${file}: bad key "${k}"`);
      const text = it.type === 'table' ? it.text.rows.map((r) => r.join(' | ')).join(' / ') : plain(it.text);
      const entry = {
        ref: it.node.cite ?? it.ref ?? (it.type === 'p' ? 'unnumbered paragraph' : it.type),
        labels: it.parts ? labelsOf(src.scheme, it) : [],
        category: m[1] ?? 'negative',
        kind: m[2] ?? 'none',
        note: m[3] ?? m[5],
        excerpt: text.length > 160 ? `${text.slice(0, 157)}...` : text,
      };
      // Not written out: what to look for in the PDF to find the clause's page.
      Object.defineProperty(entry, 'probe', { value: it.label ? `${it.label} ${text}` : text, enumerable: false });
      out.push(entry);
    }
  }
  return out;
}

/** Adds the PDF page each keyed clause starts on, found with pdftotext (omitted when poppler is missing). */
function addPages(name, clauses) {
  if (!which('pdftotext')) return;
  const text = execFileSync('pdftotext', ['-layout', path.join(OUT_DIR, `${name}.pdf`), '-'], { encoding: 'utf8' });
  const norm = (s) => s.replace(/\s+/g, ' ').replace(/- /g, '-').trim();
  const pages = text.split('\f').map(norm);
  for (const c of clauses) {
    const words = norm(c.probe).split(' ');
    for (const n of [10, 6, 3]) {
      const probe = words.slice(0, n).join(' ');
      const page = pages.findIndex((p) => p.includes(probe));
      if (page >= 0) {
        c.page = page + 1;
        break;
      }
    }
  }
}

/** The printed labels from the article down to the clause, as a reader sees them. */
function labelsOf(scheme, it) {
  const p = it.parts;
  if (scheme === 'decimal-outline') return [`${p[0]}.`, `${p[0]}.${p[1].slice(1)}`, p[2], p[3]].slice(0, it.depth + 1);
  if (scheme === 'article-section') return [`ARTICLE ${roman(Number(p[0]))}`, `Section ${p[0]}${p[1]}`, p[2], p[3]].slice(0, it.depth + 1);
  return [`Article ${p[0]}.`, `${p[1]}.`, p[2], p[3]].slice(0, it.depth + 1);
}

// ── Main ───────────────────────────────────────────────────────────────────────────────────────────────

async function main() {
  const args = process.argv.slice(2);
  const noPdf = args.includes('--no-pdf');
  const only = args.filter((a) => !a.startsWith('--'));
  const sources = fs
    .readdirSync(SRC_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .filter((f) => only.length === 0 || only.includes(path.basename(f, '.yaml')));
  if (sources.length === 0) throw new Error('no sources to build');
  const key = {};
  const docxPaths = [];
  for (const f of sources) {
    const file = path.join(SRC_DIR, f);
    const src = YAML.parse(fs.readFileSync(file, 'utf8'));
    if (src.name !== path.basename(f, '.yaml')) throw new Error(`${f}: name must match the file name`);
    const items = layout(src, f);
    const docx = path.join(OUT_DIR, `${src.name}.docx`);
    fs.writeFileSync(docx, await buildDocx(src, items));
    fs.writeFileSync(path.join(OUT_DIR, `${src.name}.txt`), buildTxt(items));
    key[src.name] = { title: src.title, scheme: src.scheme, clauses: answerKey(src, items, f) };
    docxPaths.push(docx);
    console.log(`wrote examples/${src.name}.docx, .txt`);
  }
  if (!noPdf) {
    buildPdfs(docxPaths);
    for (const d of docxPaths) console.log(`wrote examples/${path.basename(d, '.docx')}.pdf`);
  }
  // The key carries PDF page numbers, so it is only written by a full build.
  if (only.length === 0 && !noPdf) {
    for (const [name, entry] of Object.entries(key)) addPages(name, entry.clauses);
    fs.writeFileSync(path.join(OUT_DIR, 'answer-key.json'), JSON.stringify(key, null, 2) + '\n');
    console.log('wrote examples/answer-key.json');
  } else {
    console.log('examples/answer-key.json left as it was (written only by a full build with PDFs)');
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
