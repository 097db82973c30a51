/**
 * Every report format, on every bundled example contract, produces a file that opens: JSON parses, CSV parses
 * with one row per finding, Markdown and HTML carry the checklist and the flagged clauses, and the Word report is
 * the original document with comments on flagged paragraphs. (The browser and LibreOffice checks of single
 * reports are in browser.test.ts and docx-report.test.ts.)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { parseCsv } from './helpers/csv.js';

const NAMES = ['alpr-services-agreement', 'bodycam-evidence-cloud', 'video-analytics-pilot-mou'];
const tmp = mkdtempSync(join(tmpdir(), 'clausewatch-example-reports-'));

describe.each(NAMES)('%s', (name) => {
  const scan = (input: string, format: string) => {
    const output = join(tmp, `${name}.${input.split('.').pop()}.${format}`);
    const r = cli(['scan', `examples/${input}`, '--format', format, '--output', output]);
    expect(r.code, r.stderr).toBe(0);
    return output;
  };

  it('json, csv, md and html from the PDF open and agree on the findings', () => {
    const review = JSON.parse(readFileSync(scan(`${name}.pdf`, 'json'), 'utf8'));
    const findings = review.findings.length;
    expect(findings).toBeGreaterThan(10);
    expect(review.checklist.map((c: { category: string }) => c.category)).toEqual(['data-retention', 'data-sharing', 'facial-recognition']);

    const rows = parseCsv(readFileSync(scan(`${name}.pdf`, 'csv'), 'utf8').replace(/^\uFEFF/, ''));
    expect(rows.length - 1).toBe(findings);

    const md = readFileSync(scan(`${name}.pdf`, 'md'), 'utf8');
    expect(md).toMatch(/^## Checklist/m);
    const html = readFileSync(scan(`${name}.pdf`, 'html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('class="checklist"');
    expect(html).not.toMatch(/<script\b/i);
  });

  it('docx from the Word file keeps every paragraph and comments the flagged ones', () => {
    const original = unzipSync(readFileSync(`examples/${name}.docx`));
    const annotated = unzipSync(readFileSync(scan(`${name}.docx`, 'docx')));
    const paragraphs = (zip: Record<string, Uint8Array>) => (strFromU8(zip['word/document.xml']!).match(/<w:p[ >]/g) ?? []).length;
    expect(paragraphs(annotated)).toBe(paragraphs(original));
    const comments = strFromU8(annotated['word/comments.xml']!);
    expect((comments.match(/<w:comment /g) ?? []).length).toBeGreaterThan(5);
    const document = strFromU8(annotated['word/document.xml']!);
    expect((document.match(/<w:commentRangeStart /g) ?? []).length).toBe((comments.match(/<w:comment /g) ?? []).length);
  });

  it('reads the Word report like the original: its own comments are not contract text', () => {
    const findings = (path: string) => JSON.parse(cli(['scan', path, '--format', 'json']).stdout).findings.length;
    expect(findings(scan(`${name}.docx`, 'docx'))).toBe(findings(`examples/${name}.docx`));
  });
});
