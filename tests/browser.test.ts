/**
 * The HTML report in a real browser: headless Chromium opens the file for an example contract, the checklist and
 * the flagged clauses are there to read, markup in contract text stays text, and the page asks for nothing from
 * the network. Skipped (with a message) where Chromium is not installed: CI installs it (see .ci/run).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from './helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const OUT = join(ROOT, 'tmp', 'browser');
const EXAMPLE = 'examples/alpr-services-agreement.pdf';

const HOSTILE = `SURVEILLANCE AGREEMENT

1. DATA SHARING <B ONCLICK="WINDOW.__PWNED=3">NOW</B>

1.1 Vendor may share Customer Data with its partners. <script>window.__pwned = 1; alert(1)</script> "><img src=x onerror="window.__pwned=2">
`;

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

describe.skipIf(!hasChromium)('the HTML report in Chromium', () => {
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'clausewatch-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Opens a report file, recording every request that is not the file itself and every dialog. */
  async function open(path: string): Promise<{ page: Page; requests: string[]; dialogs: string[] }> {
    const page = await context.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => {
      if (r.url() !== pathToFileURL(path).href) requests.push(r.url());
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    return { page, requests, dialogs };
  }

  it('shows the checklist and the flagged clauses of an example contract', async () => {
    const report = join(OUT, 'alpr-services-agreement.html');
    expect(cli(['scan', EXAMPLE, '--format', 'html', '--output', report]).code).toBe(0);
    const { page, requests } = await open(report);

    const checklist = page.locator('section.checklist');
    await expect.poll(() => checklist.isVisible()).toBe(true);
    const rows = checklist.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(0).innerText()).toMatch(/^Data retention\s+Concerns and safeguards\s+\d+\s+\d+/i);

    const retention = page.locator('article.clause', { hasText: 'Aggregated Data indefinitely' }).first();
    expect(await retention.isVisible()).toBe(true);
    expect(await retention.locator('.cite').innerText()).toMatch(/^§ \d/);
    expect(await retention.locator('.page').innerText()).toMatch(/^page \d+$/);
    expect(await retention.locator('.label.stance-concern').first().innerText()).toBe('CONCERN');
    // The quote is set in a serif face, as a lawyer reads a contract.
    expect(await retention.locator('blockquote').evaluate((q) => getComputedStyle(q).fontFamily)).toMatch(/serif/);
    // Colour is never the only signal: a label says the stance in words.
    expect(await retention.locator('.finding.stance-concern .label').first().innerText()).toBe('CONCERN');

    expect(requests).toEqual([]);
    await page.screenshot({ path: join(OUT, 'alpr-services-agreement.png'), fullPage: false });
    await page.close();
  });

  it('hides the contents list and keeps the report readable in print', async () => {
    const report = join(OUT, 'two-contracts.html');
    cli(['scan', EXAMPLE, 'tests/fixtures/short-contract.txt', '--format', 'html', '--output', report]);
    const { page } = await open(report);
    expect(await page.locator('nav.contents').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.contents').isVisible()).toBe(false);
    expect(await page.locator('section.checklist').first().isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'Letter' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });

  it('renders markup in contract text as text: no script runs, no element is injected', async () => {
    const contract = join(OUT, 'hostile.txt');
    writeFileSync(contract, HOSTILE);
    const report = join(OUT, 'hostile.html');
    expect(cli(['scan', contract, '--format', 'html', '--output', report]).code).toBe(0);
    const { page, requests, dialogs } = await open(report);

    const quote = page.locator('article.clause blockquote', { hasText: 'share Customer Data' });
    expect(await quote.innerText()).toContain('<script>window.__pwned = 1; alert(1)</script> "><img src=x onerror="window.__pwned=2">');
    expect(await page.locator('.heading', { hasText: 'NOW' }).first().innerText()).toContain('<B ONCLICK="WINDOW.__PWNED=3">NOW</B>');
    await page.locator('.heading', { hasText: 'NOW' }).first().click();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => document.querySelectorAll('script, img, b, [onclick], [onerror]').length)).toBe(0);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('renders the portfolio summary, file names escaped', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'clausewatch-portfolio-'));
    writeFileSync(join(folder, 'a<img src=x onerror=alert(1)>.txt'), HOSTILE);
    writeFileSync(join(folder, 'broken.pdf'), '%PDF-1.7 nothing else');
    const report = join(OUT, 'portfolio.html');
    expect(cli(['scan', folder, '--summary', 'html', '--output', report]).code).toBe(2);
    const { page, dialogs } = await open(report);
    const rows = page.locator('table.portfolio tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).locator('th').innerText()).toContain('a<img src=x onerror=alert(1)>.txt');
    expect(await page.locator('tr.error').innerText()).toMatch(/Could not be read/i);
    expect(await page.evaluate(() => document.querySelectorAll('script, img').length)).toBe(0);
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: join(OUT, 'portfolio.png') });
    await page.close();
  });
});
