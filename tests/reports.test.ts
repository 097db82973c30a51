/** The report formats of `scan`: each one from the same review, to stdout or --output, contract text escaped. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { csvRecords } from './helpers/csv.js';

const CONTRACT = 'tests/fixtures/short-contract.txt';
const tmp = mkdtempSync(join(tmpdir(), 'clausewatch-reports-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
};

/** A contract whose flagged clause and heading carry markup, as a vendor's draft could. */
const HOSTILE = `SURVEILLANCE AGREEMENT

1. DATA SHARING <B ONCLICK="WINDOW.__PWNED=3">NOW</B>

1.1 Vendor may share Customer Data with its partners. <script>window.__pwned = 1</script> "><img src=x onerror="window.__pwned=2"> 'single' & more.

1.2 Vendor shall not disclose Customer Data to any third party without the City's prior written consent.
`;

interface JsonFinding {
  ruleId: string;
  category: string;
  stance: string;
  severity: string;
  title: string;
  why: string;
  ask: string;
  quote: string;
  clause: { id: string; section: string; heading: string; page: number | null } | null;
}

let findings: JsonFinding[];
beforeAll(() => {
  findings = JSON.parse(cli(['scan', CONTRACT, '--format', 'json']).stdout).findings;
});

describe('--output writes every format to a file, and without it text formats go to stdout', () => {
  it.each(['text', 'json', 'md', 'html', 'csv'])('%s', (format) => {
    const out = join(tmp, `report.${format}`);
    const written = cli(['scan', CONTRACT, '--format', format, '--output', out]);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toBe('');
    const printed = cli(['scan', CONTRACT, '--format', format]);
    expect(printed.code).toBe(0);
    // A CSV file carries a byte-order mark for spreadsheets; the same CSV on stdout does not.
    expect(readFileSync(out, 'utf8').replace(/^\uFEFF/, '')).toBe(printed.stdout);
  });

  it('says clearly when the output cannot be written', () => {
    const r = cli(['scan', CONTRACT, '--format', 'html', '--output', join(tmp, 'no-such-folder', 'r.html')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot write .*r\.html \(ENOENT\): its folder does not exist/);
  });
});

describe('docx (a binary format)', () => {
  const oneLine = (r: { stderr: string; stdout: string }) => {
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  };

  it('is refused without --output: one line, exit 2', () => {
    const r = cli(['scan', 'examples/alpr-services-agreement.docx', '--format', 'docx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('clausewatch: --format docx writes a binary file; name it with --output FILE\n');
    oneLine(r);
  });

  it('writes the annotated contract to --output, a Word file that opens', () => {
    const out = join(tmp, 'annotated.docx');
    const r = cli(['scan', 'examples/alpr-services-agreement.docx', '--format', 'docx', '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect([...readFileSync(out).subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const reread = cli(['parse', out, '--format', 'json']);
    expect(reread.code).toBe(0);
    expect(JSON.parse(reread.stdout).format).toBe('docx');
  });

  it('is refused for a PDF, pointing at the HTML report instead', () => {
    const out = join(tmp, 'from-pdf.docx');
    const r = cli(['scan', 'examples/alpr-services-agreement.pdf', '--format', 'docx', '--output', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^clausewatch: examples\/alpr-services-agreement\.pdf is a PDF; .*--format html/);
    oneLine(r);
    expect(() => readFileSync(out)).toThrow();
  });

  it('is refused for several contracts at once', () => {
    const r = cli(['scan', 'examples/alpr-services-agreement.docx', 'examples/bodycam-evidence-cloud.docx', '--format', 'docx', '--output', join(tmp, 'two.docx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format docx annotates one contract at a time, and 2 were given/);
    oneLine(r);
  });

  it('says only once that the contract could not be read', () => {
    const r = cli(['scan', join(tmp, 'absent.docx'), '--format', 'docx', '--output', join(tmp, 'absent-report.docx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/absent\.docx: no such file; check the path/);
    oneLine(r);
  });
});

describe('markdown', () => {
  it('has the report headings, the checklist table and the flagged clauses', () => {
    const md = cli(['scan', CONTRACT, '--format', 'md']).stdout;
    for (const heading of ['# Contract review: tests/fixtures/short-contract.txt', '## Checklist', '## Missing protections', '## Flagged clauses', '## Profile']) {
      expect(md).toContain(`\n${heading}`.trimStart());
    }
    expect(md).toMatch(/^\| Topic \| What the contract does \| Concerns \| Safeguards \|$/m);
    expect(md).toMatch(/^\| Data retention \| Concerns and safeguards \| \d+ \| \d+ \|$/m);
    expect(md).toMatch(/^### § 2\.2 — DATA RETENTION › Backups$/m);
    expect(md).toContain('> 2.2 Backups. Vendor may keep backup copies of Customer Data for as long as Vendor deems necessary.');
    expect(md).toMatch(/- \*\*Concern\*\* \(\w+, Data retention\)/);
    expect(md).toContain('Ask for:');
  });

  it('escapes contract text so that no raw HTML reaches a Markdown renderer', () => {
    const md = cli(['scan', file('hostile.txt', HOSTILE), '--format', 'md']).stdout;
    expect(md).not.toMatch(/(?<!\\)<(script|img|b)\b/i);
    expect(md).toContain('\\<script\\>window.\\_\\_pwned = 1\\</script\\>');
  });
});

describe('csv', () => {
  it('has one RFC 4180 row per finding, with the columns a spreadsheet user reads', () => {
    const r = cli(['scan', CONTRACT, '--format', 'csv']);
    expect(r.stdout).toMatch(/\r\n$/);
    expect(r.stdout.split('\r\n')[0]).toBe(
      'File,Section,Page,Heading,Category,Stance,Severity,Rule,Title,Quote,Why it matters,What to ask for,Clause ID,Error',
    );
    const rows = csvRecords(r.stdout);
    expect(rows).toHaveLength(findings.length);
    rows.forEach((row, i) => {
      const f = findings[i]!;
      expect(row).toMatchObject({
        File: CONTRACT,
        Section: f.clause ? f.clause.section : 'missing',
        Heading: f.clause?.heading ?? '',
        Stance: f.stance,
        Severity: f.severity,
        Rule: f.ruleId,
        Title: f.title,
        Quote: f.quote,
        'Why it matters': f.why.trim(),
        'What to ask for': f.ask.trim(),
        'Clause ID': f.clause?.id ?? '',
        Error: '',
      });
    });
    expect(rows.find((row) => row.Rule === 'sharing-vendor-secondary-use')).toMatchObject({ Section: '3.2', Category: 'Data sharing', Stance: 'concern' });
  });

  it('quotes commas, quotes and line breaks, and keeps a formula from running in a spreadsheet', () => {
    // Named relative to the folder, so that the File column starts with "=".
    const contract = '=HYPERLINK("x"),1.txt';
    file(contract, 'DATA\n\n1.1 Vendor may share Customer Data, "Recordings" and images with its partners.\n');
    // A user's rule whose explanation runs over two lines, with a comma and quotes in it.
    const pack = file(
      'multiline.yaml',
      `pack: multiline
category: data-sharing
rules:
  - id: partners
    title: Partners get the data
    severity: low
    why: |
      First line, with a comma.
      Second line with "quotes".
    ask: Name them.
    match: partners
    examples:
      flag: ["Vendor may share data with partners."]
      ok: ["Nothing."]
`,
    );
    const r = cli(['scan', contract, '--format', 'csv', '--rules', pack], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"First line, with a comma.\nSecond line with ""quotes""."');
    expect(csvRecords(r.stdout).find((row) => row.Rule === 'partners')?.['Why it matters']).toBe('First line, with a comma.\nSecond line with "quotes".');
    expect(r.stdout).toContain(`\r\n"'=HYPERLINK(""x""),1.txt",`);
    const rows = csvRecords(r.stdout);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]!.File).toBe(`'${contract}`);
  });

  it('lists a file that cannot be read as a row with the reason, and exits 2', () => {
    const r = cli(['scan', join(tmp, 'missing.pdf'), CONTRACT, '--format', 'csv']);
    expect(r.code).toBe(2);
    const rows = csvRecords(r.stdout);
    expect(rows[0]).toMatchObject({ File: join(tmp, 'missing.pdf'), Rule: '', Error: `${join(tmp, 'missing.pdf')}: no such file; check the path` });
    expect(rows.slice(1)).toHaveLength(findings.length);
  });
});

describe('html', () => {
  it('is one self-contained page: inline CSS, no scripts, no external requests', () => {
    const html = cli(['scan', CONTRACT, '--format', 'html']).stdout;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
  });

  it('opens with the checklist, then profile, missing protections and the flagged clauses quoted with section and page', () => {
    const html = cli(['scan', CONTRACT, '--format', 'html']).stdout;
    const order = ['class="checklist"', 'class="profile"', 'class="missing"', 'class="clauses"'].map((s) => html.indexOf(s));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toMatch(/<th scope="row">Data retention<\/th>\s*<td><span class="label status-mixed">Concerns and safeguards<\/span><\/td>/);
    const card = html.slice(html.indexOf('<article class="clause" id="k1-c'), html.indexOf('</article>', html.indexOf('<article class="clause"')));
    expect(card).toContain('<span class="cite">§ 2.1</span>');
    expect(card).toContain('<span class="heading">DATA RETENTION › Deletion</span>');
    expect(card).toMatch(/<blockquote>2\.1 Deletion\. Vendor shall (permanently )?<mark title="[^"]*">(permanently )?delete Recordings thirty \(30\) days/);
    expect(card).toContain('<span class="label stance-safeguard">Safeguard</span>');
    expect(html).toMatch(/<h3>Against the city's profile: [^<]+<\/h3>\s*<p class="source">The built-in profile.<\/p>/);
    expect(html).toMatch(/<td><span class="label profile-(meets|fails|unknown)">(Meets|Fails|Cannot tell)<\/span><\/td>/);
  });

  it('escapes contract text everywhere: clause text, headings, quotes, and file names in attributes', () => {
    const hostile = file('x" onmouseover="alert(1).txt', HOSTILE);
    const html = cli(['scan', hostile, CONTRACT, '--format', 'html']).stdout;
    expect(html).not.toMatch(/<(script|img|b)\b/i);
    expect(html).not.toMatch(/\son(mouseover|click|error)="/i);
    expect(html).toContain('&#60;script&#62;window.__pwned = 1&#60;/script&#62;');
    expect(html).toContain('<span class="heading">DATA SHARING &#60;B ONCLICK=&#34;WINDOW.__PWNED=3&#34;&#62;NOW&#60;/B&#62;</span>');
    expect(html).toContain(`title="${join(tmp, 'x&#34; onmouseover=&#34;alert(1).txt')}"`);
    expect(html).toContain('&#39;single&#39; &#38; more');
  });

  it('shows a file that could not be read', () => {
    const r = cli(['scan', join(tmp, 'gone.docx'), CONTRACT, '--format', 'html']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/<span class="label error">Could not be read<\/span> .*gone\.docx: no such file; check the path/);
  });
});

describe('--profile', () => {
  const PROFILE = `profile: riverton-2026
title: Riverton <2026> policy
max-retention: 1 year
facial-recognition: allowed
sharing: allowed
require: [legal-demand-notice]
`;

  it('measures the contract against the city\'s own profile in every report', () => {
    const path = file('riverton.yaml', PROFILE);
    const json = JSON.parse(cli(['scan', CONTRACT, '--format', 'json', '--profile', path]).stdout);
    expect(json.profile).toMatchObject({ name: 'Riverton <2026> policy', source: path });
    const requirements = json.profile.checks.map((c: { requirement: string }) => c.requirement);
    expect(requirements).toContain('legal-demand-notice');
    expect(requirements).not.toContain('deletion-at-termination');

    const html = cli(['scan', CONTRACT, '--format', 'html', '--profile', path]).stdout;
    expect(html).toContain(`<h3>Against the city's profile: Riverton &#60;2026&#62; policy</h3>`);
    expect(html).toContain(`<p class="source">Profile from <code>${path}</code>.</p>`);
    expect(cli(['scan', CONTRACT, '--format', 'md', '--profile', path]).stdout).toContain('## Profile: Riverton \\<2026\\> policy');
    const summary = csvRecords(cli(['scan', CONTRACT, '--summary', 'csv', '--profile', path]).stdout);
    const failed = json.profile.checks.filter((c: { status: string }) => c.status === 'fails').length;
    expect(summary[0]!['Profile requirements failed']).toBe(String(failed));
  });

  it('reports a broken profile on one line, with its file and line, before reading any contract', () => {
    const path = file('broken-profile.yaml', PROFILE.replace('sharing: allowed', 'sharing: sometimes'));
    const r = cli(['scan', CONTRACT, '--profile', path]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/broken-profile\.yaml:5/);
  });
});

describe('warnings and caveats', () => {
  it('puts reading warnings first, and marks clauses read by OCR or with pending tracked changes', async () => {
    const { analyze } = await import('../src/index.js');
    const { renderHtml } = await import('../src/report/html.js');
    const review = await analyze(CONTRACT);
    review.warnings.push('Page 3 has no text layer <needs OCR>');
    const backups = review.document.clauses.find((c) => c.section === '2.2')!;
    backups.ocrConfidence = 71.4;
    for (const f of review.findings) if (f.clause?.section === '3.2') f.tracked = true;
    const html = renderHtml([{ file: review.file, review }]);

    const warnings = html.indexOf('<section class="warnings callout">');
    expect(warnings).toBeGreaterThan(0);
    expect(warnings).toBeLessThan(html.indexOf('class="checklist"'));
    expect(html).toContain('<li>Page 3 has no text layer &#60;needs OCR&#62;</li>');
    expect(html).toMatch(/<li>\d+ findings? (is|are) on text with pending tracked changes, read as if accepted\.<\/li>/);
    const card = (section: string) => html.slice(html.indexOf(`<span class="cite">§ ${section}</span>`), html.indexOf('</article>', html.indexOf(`<span class="cite">§ ${section}</span>`)));
    expect(card('2.2')).toContain('<p class="caveat">This text was read by OCR (confidence 71%); check it against the original.</p>');
    expect(card('3.2')).toContain('<p class="caveat">This clause has pending tracked changes; it is read as if they were accepted.</p>');
  });
});

describe('text', () => {
  it('shows the checklist in the terminal', () => {
    const text = cli(['scan', CONTRACT]).stdout;
    expect(text).toMatch(/^ {2}Data retention +Concerns and safeguards +\d+ concerns?, \d+ safeguards?$/m);
    expect(text).toMatch(/^ {2}Profile: .+$/m);
    expect(text).toMatch(/^ {4}(MEETS|FAILS|CANNOT TELL) +.+ \[[\w-]+\]$/m);
    expect(text).toMatch(/^ {2}Missing protections$/m);
    expect(text).toMatch(/^ {4}MISSING {2}\w+ {2}[\w-]+ {2}[\w-]+$/m);
  });
});
