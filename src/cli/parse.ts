/** `clausewatch parse FILE`: the structured document, as the rules see it. */
import { Option, type Command } from 'commander';
import { readDocumentFile } from '../document/read.js';
import type { Document } from '../document/model.js';
import type { OcrMode } from '../document/ocr/types.js';
import { limitsFrom, maxSizeOption, ocrCacheOption, ocrOption, ocrOptionsFrom } from './options.js';

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description('read a contract (DOCX, PDF, text, Markdown, HTML) and print its clauses')
    .argument('<file>', 'the contract')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['json', 'text']).default('text'))
    .addOption(maxSizeOption())
    .addOption(ocrOption())
    .addOption(ocrCacheOption())
    .action(async (file: string, opts: { format: 'json' | 'text'; maxSize: number; ocr: OcrMode; ocrCache: boolean }) => {
      const ocr = ocrOptionsFrom(opts);
      let document: Document;
      try {
        document = await readDocumentFile(file, { limits: limitsFrom(opts), ocr: ocr.ocr });
      } finally {
        ocr.done();
      }
      process.stdout.write(opts.format === 'json' ? `${JSON.stringify(documentJson(document), null, 2)}\n` : documentText(document));
    });
}

/** The documented JSON shape of a parsed document. */
export function documentJson(d: Document) {
  return {
    file: d.file,
    format: d.format,
    pages: d.pages ?? null,
    clauses: d.clauses.map((c) => ({
      id: c.id,
      section: c.section,
      label: c.label,
      heading: c.heading,
      headingPath: c.headingPath,
      kind: c.kind,
      page: c.page ?? null,
      text: c.text,
      start: c.start,
      end: c.end,
      ...(c.tracked ? { tracked: c.tracked } : {}),
      ...(c.ocrConfidence !== undefined ? { ocrConfidence: c.ocrConfidence } : {}),
    })),
    definitions: d.definitions,
    warnings: d.warnings,
  };
}

function documentText(d: Document): string {
  const lines = [`${d.file} (${d.format}${d.pages ? `, ${d.pages} pages` : ''}, ${d.clauses.length} clauses)`];
  for (const w of d.warnings) lines.push(`! ${w}`);
  for (const c of d.clauses) {
    const where = [c.section && `§ ${c.section}`, c.page && `p. ${c.page}`].filter(Boolean).join(', ');
    lines.push(`${c.id.padEnd(5)} ${where.padEnd(22)} ${c.text.length > 100 ? `${c.text.slice(0, 97)}...` : c.text}`);
  }
  const terms = Object.keys(d.definitions);
  if (terms.length) lines.push(`Defined terms: ${terms.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
