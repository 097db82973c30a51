/**
 * The contract-level review: the checklist per topic, missing protections (data in rules/missing/), and how
 * analyze() puts them together.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readText } from '../src/document/text.js';
import {
  analyze,
  builtinProtections,
  ClausewatchError,
  loadRuleSet,
  parseProtections,
  testProtectionExamples,
  type Review,
} from '../src/index.js';
import { buildChecklist, topicStatus } from '../src/review/checklist.js';
import { segment } from '../src/segment/segment.js';

const rules = await loadRuleSet();
const protections = await builtinProtections();
const SILENT = readFileSync('tests/fixtures/silent-camera-contract.txt', 'utf8');

/** Reviews a contract given as text (paragraphs separated by blank lines). */
async function review(text: string): Promise<Review> {
  return analyze(segment(readText(text), 'contract.txt'), { rules, protections });
}

const missingIds = (r: Review) => r.findings.filter((f) => f.clause === null).map((f) => f.ruleId);

const CHECKS = ['retention-limit', 'sharing-limit', 'facial-recognition-limit', 'deletion-at-termination', 'legal-demand-notice'];

describe('missing protections', () => {
  it('flags every protection a silent contract lacks', async () => {
    const r = await review(SILENT);
    expect(missingIds(r)).toEqual(CHECKS.map((id) => `missing-${id}`));
  });

  it('makes each one a finding without a clause, saying what was looked for', async () => {
    const r = await review(SILENT);
    const f = r.findings.find((x) => x.ruleId === 'missing-legal-demand-notice')!;
    expect(f).toMatchObject({ category: 'data-sharing', stance: 'concern', clause: null, quote: '', start: 0, end: 0, pack: 'missing-protections' });
    expect(f.title).toMatch(/notice/i);
    expect(f.why.length).toBeGreaterThan(40);
    expect(f.ask).toMatch(/subpoena/);
    expect(f.reason).toMatch(/^looked for notice to the City .* and found none; the check applies because § \d/);
  });

  it('appends missing protections after the clause findings', async () => {
    const r = await review(SILENT);
    const firstMissing = r.findings.findIndex((f) => f.clause === null);
    expect(firstMissing).toBeGreaterThan(0);
    expect(r.findings.slice(firstMissing).every((f) => f.clause === null)).toBe(true);
  });

  // Each protection added to the silent contract removes its own missing finding, and only where it is there.
  it.each([
    ['retention-limit', '7. Retention. Vendor shall permanently delete each plate read, image and video thirty (30) days after capture.'],
    ['sharing-limit', "7. No Disclosure. Vendor shall not disclose plate reads, images or video to any third party without the Town's prior written consent."],
    ['facial-recognition-limit', '7. No Facial Recognition. Vendor shall disable the face search feature, and the Town shall not use facial recognition.'],
    ['deletion-at-termination', '7. End of Agreement. Upon termination or expiration of this Agreement, Vendor shall return all plate reads, images and video to the Town and then permanently delete them.'],
    ['legal-demand-notice', '7. Notice of Legal Process. If Vendor receives a subpoena or other legal process for plate reads or video, Vendor shall notify the Town before any disclosure.'],
  ])('%s: present → no finding, absent → finding', async (id, clause) => {
    expect(missingIds(await review(SILENT))).toContain(`missing-${id}`);
    const withIt = await review(`${SILENT}\n${clause}\n`);
    expect(missingIds(withIt)).not.toContain(`missing-${id}`);
  });

  it('does not take a notice duty that the clause takes back', async () => {
    const weak = `${SILENT}\n7. Notice. Vendor will try to notify the Town before answering a subpoena for plate reads, but Vendor is not required to notify the Town.\n`;
    expect(missingIds(await review(weak))).toContain('missing-legal-demand-notice');
  });

  it('does not apply where the contract never deals with the matter', async () => {
    const r = await review('1. Fees. The Town shall pay each invoice within thirty (30) days.\n\n2. Term. This Agreement lasts one (1) year.');
    expect(missingIds(r)).toEqual([]);
  });

  it("passes every check's own examples (rules/missing/*.yaml)", () => {
    expect(testProtectionExamples(protections, rules)).toEqual([]);
  });

  it('finds no missing protection in the ALPR example, which has all five', async () => {
    const r = await analyze('examples/alpr-services-agreement.docx', { rules, protections });
    expect(missingIds(r)).toEqual([]);
  });

  it('flags the bodycam example for answering legal process without notice to the City (Section 4.4)', async () => {
    const r = await analyze('examples/bodycam-evidence-cloud.txt', { rules, protections });
    expect(missingIds(r)).toContain('missing-legal-demand-notice');
    expect(missingIds(r)).not.toContain('missing-retention-limit');
  });
});

describe('missing-protection files', () => {
  const valid = readFileSync('rules/missing/protections.yaml', 'utf8');

  it('reports a schema mistake at its line', () => {
    const broken = valid.replace('    severity: high\n    title: No limit on how long', '    severity: huge\n    title: No limit on how long');
    expect(() => parseProtections(broken, 'mine.yaml')).toThrow(/^mine\.yaml:\d+: `severity` must be one of: info, low, medium, high, critical$/);
    const line = broken.split('\n').findIndex((l) => l.includes('severity: huge')) + 1;
    expect(() => parseProtections(broken, 'mine.yaml')).toThrow(`mine.yaml:${line}:`);
  });

  it('reports a selector that names neither rules nor a category', () => {
    const text = [
      'pack: mine',
      'missing:',
      '  - id: test-check',
      '    category: data-sharing',
      '    severity: low',
      '    title: A test',
      '    requirement: A test requirement',
      '    why: Because it matters to test.',
      '    ask: Ask for something sensible.',
      '    applies-when: {mentions: footage}',
      '    satisfied-by:',
      '      - stance: safeguard',
      '    looked-for: something',
      '    examples: {missing: [Vendor keeps the footage forever.], present: [Vendor deletes the footage promptly.]}',
    ].join('\n');
    expect(() => parseProtections(text, 'mine.yaml')).toThrow('mine.yaml:12: `satisfied-by` a finding selector needs `rules:` or `category:`');
  });

  it('reports a rule id that no pack defines, at its selector', async () => {
    const renamed = valid.replace('rules: [sharing-notice-to-city]', 'rules: [sharing-notice-to-town]');
    const set = parseProtections(renamed, 'mine.yaml');
    const line = renamed.split('\n').findIndex((l) => l.includes('sharing-notice-to-town')) + 1;
    await expect(analyze(segment(readText(SILENT), 'x.txt'), { rules, protections: [set] })).rejects.toThrow(
      new ClausewatchError('bad-rule', `mine.yaml:${line}: unknown rule id sharing-notice-to-town (see \`clausewatch rules list\`)`),
    );
  });
});

describe('checklist', () => {
  it('has one line per topic, in the rule set order, with the findings behind it', async () => {
    const r = await review(SILENT);
    expect(r.checklist.map((t) => t.category)).toEqual([...rules.categories.keys()]);
    for (const topic of r.checklist) {
      expect(topic.findings.every((i) => r.findings[i]!.category === topic.category)).toBe(true);
      expect(topic.concerns).toBe(topic.findings.filter((i) => r.findings[i]!.stance === 'concern').length);
    }
    const retention = r.checklist.find((t) => t.category === 'data-retention')!;
    expect(retention.title).toBe('Data retention');
    // The contract says nothing about retention: the only findings are the missing protections.
    expect(retention.findings.map((i) => r.findings[i]!.ruleId)).toEqual(['missing-retention-limit', 'missing-deletion-at-termination']);
    expect(retention.status).toBe('concern');
  });

  it('reads the examples: the ALPR agreement only restricts facial recognition; the MOU both bans and allows it', async () => {
    const alpr = await analyze('examples/alpr-services-agreement.txt', { rules, protections });
    const mou = await analyze('examples/video-analytics-pilot-mou.txt', { rules, protections });
    const fr = (r: Review) => r.checklist.find((t) => t.category === 'facial-recognition')!;
    expect(fr(alpr).status).toBe('safeguard');
    expect(fr(mou).status).toBe('mixed');
    expect(alpr.checklist.find((t) => t.category === 'data-retention')!.status).toBe('mixed');
  });

  it('says silent where nothing is said and nothing is missing, and names pack categories in words', () => {
    expect(topicStatus(0, 0)).toBe('silent');
    expect(topicStatus(0, 2)).toBe('safeguard');
    expect(topicStatus(1, 0)).toBe('concern');
    expect(topicStatus(1, 1)).toBe('mixed');
    const [topic] = buildChecklist([], ['oversight-board']);
    expect(topic).toEqual({ category: 'oversight-board', title: 'Oversight board', status: 'silent', concerns: 0, safeguards: 0, findings: [] });
  });
});

describe('analyze', () => {
  it('measures against the built-in profile by default, and skips it with profile: null', async () => {
    const doc = segment(readText(SILENT), 'x.txt');
    const measured = await analyze(doc, { rules, protections });
    expect(measured.profile?.name).toMatch(/CCOPS/);
    expect(measured.profile?.source).toBe('built-in');
    const skipped = await analyze(doc, { rules, protections, profile: null });
    expect(skipped.profile).toBeNull();
    expect(skipped.findings).toEqual(measured.findings);
  });

  it('loads the built-in checks itself when none are given', async () => {
    const r = await analyze(segment(readText(SILENT), 'x.txt'), { rules });
    expect(missingIds(r)).toHaveLength(CHECKS.length);
  });

  it('counts missing protections in the summary as concerns', async () => {
    const r = await review(SILENT);
    const retention = r.summary.find((s) => s.category === 'data-retention')!;
    expect(retention.concern).toBe(2);
  });
});
