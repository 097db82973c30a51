/**
 * Builds a long contract (default 300 pages) as DOCX (with real Word numbering, via the `docx` package) and as
 * PDF (via pdf-lib), from clauses written for this project. Used by bench/run.mjs; not a test fixture.
 *   node bench/make-large.mjs OUTDIR [PAGES]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlignmentType, Document, LevelFormat, Packer, PageBreak, Paragraph, TextRun } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const CLAUSES = [
  'Vendor shall permanently delete all Footage thirty (30) days after capture, unless the City designates it as evidence.',
  'Vendor may keep backup copies of Customer Data for as long as Vendor deems necessary for business continuity.',
  'Vendor shall not disclose Customer Data to any third party without the prior written consent of the City.',
  'Vendor may use de-identified data to improve its products and to train machine learning models.',
  'The City shall pay each undisputed invoice within thirty (30) days after it is received.',
  'The facial recognition feature shall remain disabled for the term of this Agreement.',
  'Each party shall maintain insurance with limits of not less than one million dollars per occurrence.',
  'Vendor shall notify the City within five (5) business days of any subpoena seeking Customer Data.',
];

export async function makeLarge(outDir, pages = 300) {
  mkdirSync(outDir, { recursive: true });
  const perPage = 8;
  // DOCX: one article per page, eight numbered sections, a page break after each.
  const children = [];
  for (let p = 1; p <= pages; p++) {
    children.push(new Paragraph({ text: "Services Terms", numbering: { reference: 'contract', level: 0 } }));
    for (let i = 0; i < perPage; i++) {
      children.push(new Paragraph({ children: [new TextRun(CLAUSES[(p + i) % CLAUSES.length])], numbering: { reference: 'contract', level: 1 } }));
    }
    if (p < pages) children.push(new Paragraph({ children: [new PageBreak()] }));
  }
  const docx = new Document({
    creator: 'clausewatch bench',
    numbering: {
      config: [
        {
          reference: 'contract',
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT },
            { level: 1, format: LevelFormat.DECIMAL, text: '%1.%2', alignment: AlignmentType.LEFT },
          ],
        },
      ],
    },
    sections: [{ children }],
  });
  const docxPath = join(outDir, `large-${pages}.docx`);
  writeFileSync(docxPath, await Packer.toBuffer(docx));

  // PDF: the same text, a running header and a page-number footer on every page.
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let p = 1; p <= pages; p++) {
    const page = pdf.addPage([612, 792]);
    page.drawText('SERVICES AGREEMENT - CONFIDENTIAL DRAFT', { x: 72, y: 760, size: 9, font });
    let y = 720;
    page.drawText(`${p}. Services Terms`, { x: 72, y, size: 12, font });
    y -= 24;
    for (let i = 0; i < perPage; i++) {
      const words = `${p}.${i + 1} ${CLAUSES[(p + i) % CLAUSES.length]}`.split(' ');
      let line = '';
      for (const w of words) {
        if (font.widthOfTextAtSize(`${line} ${w}`, 10.5) > 468) {
          page.drawText(line, { x: 72, y, size: 10.5, font });
          y -= 14;
          line = w;
        } else line = line ? `${line} ${w}` : w;
      }
      page.drawText(line, { x: 72, y, size: 10.5, font });
      y -= 26;
    }
    page.drawText(`Page ${p} of ${pages}`, { x: 280, y: 40, size: 9, font });
  }
  const pdfPath = join(outDir, `large-${pages}.pdf`);
  writeFileSync(pdfPath, await pdf.save());
  return { docxPath, pdfPath };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [outDir = 'tmp/bench', pages = '300'] = process.argv.slice(2);
  console.log(await makeLarge(outDir, Number(pages)));
}
