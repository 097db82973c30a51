/**
 * The bundled example contracts, read as DOCX (Word numbering) and as PDF (LibreOffice's rendering of the same
 * file): the same clauses with the same section numbers, the right pages, and the same findings.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, loadRuleSet } from '../src/index.js';
import type { Review } from '../src/review/review.js';

const NAMES = ['alpr-services-agreement', 'bodycam-evidence-cloud', 'video-analytics-pilot-mou'];
const answerKey = JSON.parse(readFileSync('examples/answer-key.json', 'utf8')) as Record<
  string,
  { clauses: { ref: string; excerpt: string; page?: number }[] }
>;
const rules = await loadRuleSet();
const reviews = new Map<string, Review>();
for (const name of NAMES) {
  for (const ext of ['docx', 'pdf']) reviews.set(`${name}.${ext}`, await analyze(`examples/${name}.${ext}`, { rules }));
}
const numbered = (r: Review) => r.document.clauses.filter((c) => c.label).map((c) => `${c.section} | ${c.text}`);

describe.each(NAMES)('%s', (name) => {
  const docx = reviews.get(`${name}.docx`)!;
  const pdf = reviews.get(`${name}.pdf`)!;

  it('lists the same numbered clauses, with the same section numbers, in DOCX and PDF', () => {
    expect(numbered(docx).length).toBeGreaterThan(50);
    expect(numbered(pdf)).toEqual(numbered(docx));
  });

  it('puts each clause of the answer key on the page the PDF shows it', () => {
    const keyed = answerKey[name]!.clauses.filter((k) => k.page);
    expect(keyed.length).toBeGreaterThan(10);
    for (const k of keyed) {
      const excerpt = k.excerpt.replace(/\.\.\.$/, '').replace(/[“”]/g, '"').replace(/[‘’]/g, "'").slice(0, 40);
      const clause = pdf.document.clauses.find((c) => c.text.includes(excerpt));
      expect(clause, `${k.ref}: "${excerpt}"`).toBeDefined();
      expect(`${k.ref}: p. ${clause!.page}`).toBe(`${k.ref}: p. ${k.page}`);
    }
  });

  it('gives the same findings for the DOCX and the PDF', () => {
    // Numbered clauses: tables and signature blocks are laid out differently by Word and by a PDF page.
    const numberedFindings = (r: Review) => {
      const labeled = new Set(r.document.clauses.filter((c) => c.label).map((c) => c.id));
      return r.findings.filter((f) => f.clause && labeled.has(f.clause.id)).map((f) => `${f.clause!.section} ${f.ruleId} ${f.stance} "${f.quote}"`).sort();
    };
    expect(numberedFindings(pdf)).toEqual(numberedFindings(docx));
    expect(pdf.findings.length).toBeGreaterThan(10);
  });
});
