/** `scan DIR`: a folder of contracts reviewed as a batch, one portfolio row each, a bad file never stopping it. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from './helpers/cli.js';
import { csvRecords } from './helpers/csv.js';

const CONTRACT = join(ROOT, 'tests/fixtures/short-contract.txt');
const dir = mkdtempSync(join(tmpdir(), 'clausewatch-batch-'));
const put = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
};

const CORRUPT_DOCX = new Uint8Array([...Buffer.from('PK\x03\x04'), ...Buffer.from('damaged word/document.xml and nothing else')]);

/** What the batch should review, in the order it reports them (folders are walked in sorted order). */
const REVIEWED = ['contracts/corrupt.docx', 'contracts/document(3)', 'contracts/good.txt', 'contracts/nested/deeper/memo.md'];

beforeAll(() => {
  copyFileSync(CONTRACT, put('contracts/good.txt', ''));
  put('contracts/corrupt.docx', CORRUPT_DOCX);
  put('contracts/nested/deeper/memo.md', `# Memorandum\n\n${readFileSync(CONTRACT, 'utf8')}`);
  // No extension: a records-request download. Content decides.
  copyFileSync(CONTRACT, put('contracts/document(3)', ''));
  // Hidden files, Office lock files and plain non-contracts are skipped.
  copyFileSync(CONTRACT, put('contracts/.hidden.txt', ''));
  copyFileSync(CONTRACT, put('contracts/.git/HEAD.txt', ''));
  put('contracts/~$good.docx', CORRUPT_DOCX);
  put('contracts/logo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
  put('contracts/index.json', '{}');
  mkdirSync(join(dir, 'empty'));
});

const rel = (file: string) => file.slice(dir.length + 1);

interface Review {
  file: string;
  error?: string;
  findings: { clause: object | null }[];
  profile: { checks: { status: string }[] } | null;
  summary: { category: string; concern: number; safeguard: number }[];
  checklist: { category: string; concerns: number; safeguards: number }[];
}

/** Per-topic counts as the JSON report gives them (the checklist when the review has one). */
function counts(review: Review, category: string): { concerns: number; safeguards: number } {
  const check = review.checklist.find((c) => c.category === category);
  if (check) return check;
  const s = review.summary.find((c) => c.category === category);
  return { concerns: s?.concern ?? 0, safeguards: s?.safeguard ?? 0 };
}

describe('scan DIR', () => {
  it('reviews every contract in the folder, lists the corrupt one as an error row, and exits 2 at the end', () => {
    const r = cli(['scan', join(dir, 'contracts'), '--summary', 'csv']);
    expect(r.code).toBe(2);
    const rows = csvRecords(r.stdout);
    expect(rows.map((row) => rel(row.File!))).toEqual(REVIEWED);
    const [corrupt, ...good] = rows;
    expect(corrupt).toMatchObject({ Format: '', 'Data retention: concerns': '' });
    expect(corrupt!.Error).toMatch(/corrupt\.docx is not a readable Word document/);
    for (const row of good) {
      expect(row.Error).toBe('');
      expect(Number(row.Clauses)).toBeGreaterThan(5);
    }
    // One line on stderr for the one bad file, and no progress bar: stderr is not a terminal.
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^clausewatch: .*corrupt\.docx is not a readable Word document/)]);
  });

  it('gives a summary row per contract: concerns, safeguards and the worst concern per topic', () => {
    const summary = csvRecords(cli(['scan', join(dir, 'contracts'), '--summary', 'csv']).stdout);
    const review: Review = JSON.parse(cli(['scan', join(dir, 'contracts/good.txt'), '--format', 'json']).stdout);
    const title = (category: string) => review.checklist.find((c) => c.category === category)?.title ?? '';
    const topics = ['data-retention', 'data-sharing', 'facial-recognition'].map(title);
    expect(Object.keys(summary[0]!)).toEqual([
      'File',
      'Format',
      'Pages',
      'Clauses',
      ...topics.flatMap((t) => [`${t}: concerns`, `${t}: safeguards`, `${t}: worst concern`]),
      'Missing protections',
      'Profile requirements failed',
      'Warnings',
      'Error',
    ]);
    expect(topics[0]).toBe('Data retention');
    const good = summary.find((row) => row.File!.endsWith('good.txt'))!;
    const [retention, sharing, face] = ['data-retention', 'data-sharing', 'facial-recognition'].map((c) => counts(review, c));
    expect(good).toMatchObject({
      Format: 'text',
      [`${topics[0]}: concerns`]: String(retention!.concerns),
      [`${topics[0]}: safeguards`]: String(retention!.safeguards),
      [`${topics[1]}: concerns`]: String(sharing!.concerns),
      [`${topics[1]}: safeguards`]: String(sharing!.safeguards),
      [`${topics[1]}: worst concern`]: 'high',
      [`${topics[2]}: concerns`]: String(face!.concerns),
      [`${topics[2]}: worst concern`]: '',
      'Missing protections': String(review.findings.filter((f) => f.clause === null).length),
      'Profile requirements failed': String(review.profile!.checks.filter((c) => c.status === 'fails').length),
    });
    expect(summary.find((row) => row.File!.endsWith('memo.md'))).toMatchObject({ Format: 'markdown' });
  });

  it('writes the HTML summary to --output, with error rows, after reviewing everything', () => {
    const out = join(dir, 'portfolio.html');
    const r = cli(['scan', join(dir, 'contracts'), '--summary', 'html', '--output', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h1>Portfolio review: 4 contracts</h1>');
    expect(html).toContain('3 reviewed, 1 could not be read.');
    expect(html.match(/<tr>\s*<th scope="row" class="file"/g)).toHaveLength(3);
    expect(html).toMatch(/<tr class="error">\s*<th scope="row" class="file" title="[^"]*corrupt\.docx">[^<]*corrupt\.docx<\/th>\s*<td colspan="6"><span class="label error">Could not be read<\/span>/);
    expect(html).toMatch(/<th scope="col">Data retention<\/th>\s*<th scope="col">Data sharing<\/th>\s*<th scope="col">Facial recognition[^<]*<\/th>/);
    expect(html).toMatch(/<span class="label stance-concern">\d+ concerns?<\/span>\s*<span class="label stance-safeguard">\d+ safeguards?<\/span>\s*<br><span class="worst">worst: high<\/span>/);
    expect(html).toContain('<span class="label status-silent">Not addressed</span>');
  });

  it('does not read its own report back as a contract', () => {
    copyFileSync(CONTRACT, put('again/good.txt', ''));
    const out = join(dir, 'again', 'report.html');
    cli(['scan', join(dir, 'again'), '--format', 'html', '--output', out]);
    const rerun = cli(['scan', join(dir, 'again'), '--format', 'html', '--output', out]);
    expect(rerun.code).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toMatch(/report\.html/);
  });

  it('escapes file names in the HTML summary', () => {
    const hostile = put('named/<img src=x onerror=alert(1)>".txt', readFileSync(CONTRACT));
    const html = cli(['scan', join(dir, 'named'), '--summary', 'html']).stdout;
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain(`title="${rel(hostile).replace('<img src=x onerror=alert(1)>"', '&#60;img src=x onerror=alert(1)&#62;&#34;').replace(/^/, `${dir}/`)}"`);
  });

  it('takes folders and files together, and reports an empty folder as an error row', () => {
    const r = cli(['scan', join(dir, 'empty'), join(dir, 'contracts/nested'), CONTRACT, '--format', 'json']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.map((o: { file: string }) => o.file)).toEqual([join(dir, 'empty'), join(dir, 'contracts/nested/deeper/memo.md'), CONTRACT]);
    expect(out[0].error).toMatch(/empty contains no contracts to review/);
    expect(out[1].findings.length).toBeGreaterThan(0);
  });

  it('uses the user rule pack for every file of the batch', () => {
    const pack = 'tests/fixtures/payments-pack.yaml';
    const rows = csvRecords(cli(['scan', join(dir, 'contracts'), '--summary', 'csv', '--rules', pack]).stdout);
    expect(Object.keys(rows[0]!)).toContain('Payment terms: concerns');
  });
});

describe('progress bar', () => {
  it('is not drawn when stderr is piped', () => {
    const r = cli(['scan', join(dir, 'contracts'), '--format', 'csv']);
    expect(r.stderr).not.toMatch(/Reviewing|\u001b\[/);
  });

  // `script` gives the command a terminal, the only place a bar belongs.
  const script = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p));
  it.skipIf(!script)('is drawn on a terminal, then cleared, with errors after it', () => {
    const command = `${JSON.stringify(process.execPath)} dist/cli/main.js scan ${JSON.stringify(join(dir, 'contracts'))} --summary csv --output ${JSON.stringify(join(dir, 'tty.csv'))}`;
    const r = spawnSync(script!, ['-qefc', command, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
    expect(r.stdout).toMatch(/Reviewing .* 4\/4 contracts/);
    // Cleared when done (erase line), and the failed file reported on a line of its own after it.
    expect(r.stdout).toMatch(/\u001b\[2Kclausewatch: .*corrupt\.docx is not a readable Word document/);
    expect(r.status).toBe(2);
    expect(csvRecords(readFileSync(join(dir, 'tty.csv'), 'utf8').replace(/^\uFEFF/, ''))).toHaveLength(4);
  });

  it('is not drawn for --format json, even on a terminal', () => {
    if (!script) return;
    const command = `${JSON.stringify(process.execPath)} dist/cli/main.js scan ${JSON.stringify(join(dir, 'contracts/good.txt'))} ${JSON.stringify(CONTRACT)} --format json --output ${JSON.stringify(join(dir, 'tty.json'))}`;
    const r = spawnSync(script, ['-qefc', command, '/dev/null'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).not.toMatch(/Reviewing/);
    expect(r.status).toBe(0);
  });
});
