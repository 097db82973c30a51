/** `clausewatch diff`: findings that appeared, disappeared or changed between two drafts of a contract. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffMemo } from '../src/cli/diff.js';
import { analyze } from '../src/index.js';
import { changedPeriod, diffReviews, textEdits } from '../src/review/diff.js';
import type { Review } from '../src/review/review.js';
import { cli } from './helpers/cli.js';
import { abstractNum, makeDocx, num, numPr, para } from './helpers/make-docx.js';

const tmp = mkdtempSync(join(tmpdir(), 'clausewatch-diff-'));

/** A short plate-reader agreement; `changes` swaps clauses by their text, `null` deletes one. */
const CLAUSES = {
  title: 'LICENSE PLATE READER SERVICES AGREEMENT',
  definitionsHeading: '1. DEFINITIONS',
  definition: '1.1 "Customer Data" means all license plate reads, images and associated metadata collected by the System.',
  retentionHeading: '2. DATA RETENTION',
  retention:
    '2.1 Retention Period. Vendor shall permanently delete all Customer Data thirty (30) days after capture, unless the City designates it as evidence in a specific case.',
  backups: '2.2 Backups. Vendor shall purge backup copies of Customer Data within ten (10) days after deletion.',
  sharingHeading: '3. DATA SHARING',
  noSharing: "3.1 No Disclosure. Vendor shall not sell, share or disclose Customer Data to any third party without the City's prior written consent.",
  personnel: '3.2 Vendor Personnel. Vendor shall limit access to Customer Data to employees who need it to provide the Services.',
  generalHeading: '4. GENERAL',
  notices: '4.1 Notices. Notices shall be in writing and delivered to the addresses stated below.',
};
type Key = keyof typeof CLAUSES;

function draft(changes: Partial<Record<Key, string | null>> = {}, extra: string[] = []): string {
  const lines = (Object.keys(CLAUSES) as Key[]).map((k) => (k in changes ? changes[k] : CLAUSES[k])).filter((t): t is string => t !== null);
  return [...lines, ...extra].join('\n\n');
}

const review = (text: string, name: string): Promise<Review> => analyze({ bytes: new TextEncoder().encode(text), name });

const ONE_YEAR = CLAUSES.retention.replace('thirty (30) days', 'one (1) year');

describe('diffReviews', () => {
  it('finds nothing between a contract and itself', async () => {
    const a = await review(draft(), 'v1.txt');
    const b = await review(draft(), 'v1-again.txt');
    const diff = diffReviews(a, b);
    expect(diff).toMatchObject({ added: [], removed: [], changed: [], clauses: [] });
    expect(diffMemo(diff, a, b)).toBe('No changes in findings from v1.txt to v1-again.txt.\n');
  });

  it('shows a lengthened retention period and a removed sharing prohibition', async () => {
    const before = await review(draft(), 'v1.txt');
    const after = await review(draft({ retention: ONE_YEAR, noSharing: null, personnel: CLAUSES.personnel.replace('3.2', '3.1') }), 'v2.txt');
    const diff = diffReviews(before, after);

    // The retention clause is the same clause with a longer period: its findings changed, none were lost.
    const retention = diff.changed.filter((c) => c.before.clause?.section === '2.1');
    expect(retention.length).toBeGreaterThan(0);
    for (const c of retention) {
      expect(c.after.clause?.section).toBe('2.1');
      expect(c.after.quote.includes('one (1) year') || c.after.ruleId === c.before.ruleId).toBe(true);
    }
    expect(diff.removed.filter((f) => f.clause?.section === '2.1')).toEqual([]);

    // Every finding on the deleted prohibition is gone, safeguards among them.
    const sharing = diff.removed.filter((f) => f.clause?.section === '3.1');
    expect(sharing.length).toBeGreaterThan(0);
    expect(sharing.some((f) => f.category === 'data-sharing' && f.stance === 'safeguard')).toBe(true);
    expect(diff.removed.every((f) => f.clause === null || f.clause.section === '3.1')).toBe(true);

    // § 3.2 Vendor Personnel became § 3.1 with the same words: not a change.
    expect([...diff.changed.map((c) => c.after), ...diff.added].some((f) => f.quote.includes('limit access'))).toBe(false);

    const memo = diffMemo(diff, before, after);
    expect(memo).toContain('§ 2.1 Retention Period: the retention period went from thirty (30) days to one (1) year (longer)');
    expect(memo).toContain('§ 3.1 No Disclosure: removed from the new draft; it was a safeguard.');
    expect(memo).not.toContain('Vendor Personnel');
  });

  it('matches clauses that were renumbered by an inserted clause', async () => {
    const before = await review(draft(), 'v1.txt');
    // A new clause at 2.1 pushes Retention Period to 2.2 and Backups to 2.3, with the same words.
    const inserted = '2.1 Scope. This Article governs the duties of the Parties.';
    const after = await review(
      draft({
        retention: `${inserted}\n\n${CLAUSES.retention.replace('2.1', '2.2')}`,
        backups: CLAUSES.backups.replace('2.2', '2.3'),
      }),
      'v2.txt',
    );
    expect(after.findings.some((f) => f.clause?.section === '2.2')).toBe(true);
    expect(diffReviews(before, after)).toMatchObject({ added: [], removed: [], changed: [] });
  });

  it('says when a safeguard turned into a concern in place', async () => {
    const before = await review(draft(), 'v1.txt');
    const loosened = "3.1 Disclosure. Vendor may sell, share or disclose Customer Data to any third party without the City's prior written consent.";
    const after = await review(draft({ noSharing: loosened }), 'v2.txt');
    const diff = diffReviews(before, after);
    const turned = diff.changed.filter((c) => c.before.clause?.section === '3.1' && c.before.stance === 'safeguard' && c.after.stance === 'concern');
    expect(turned.length).toBeGreaterThan(0);
    const memo = diffMemo(diff, before, after);
    expect(memo).toContain('§ 3.1 Disclosure: drops "No", "shall not" became "may"; now a concern (was a safeguard).');
    expect(memo).toContain('now a concern (was a safeguard): ');
  });
});

describe('diffReviews, a clause rewritten in place', () => {
  it('still matches it by its number and heading, and says the period is gone', async () => {
    const before = await review(draft(), 'v1.txt');
    const after = await review(draft({ retention: '2.1 Retention Period. Vendor may retain Customer Data indefinitely.' }), 'v2.txt');
    const diff = diffReviews(before, after);
    expect(diff.removed.filter((f) => f.clause !== null)).toEqual([]);
    expect(diff.changed.some((c) => c.before.stance === 'safeguard' && c.after.stance === 'concern')).toBe(true);
    expect(diffMemo(diff, before, after)).toContain(
      '§ 2.1 Retention Period: the retention period went from thirty (30) days to no fixed limit ("indefinitely") (longer)',
    );
  });
});

describe('textEdits and periods', () => {
  it('reads a replaced period as one edit, and a renumbered cross-reference as none', () => {
    expect(textEdits('delete it thirty (30) days after capture', 'delete it one (1) year after capture')).toEqual([
      { before: 'thirty (30) days', after: 'one (1) year' },
    ]);
    expect(textEdits('as set out in Section 4.2 below', 'as set out in Section 4.3 below')).toEqual([]);
    expect(textEdits('Vendor shall not share data', 'Vendor shall share data')).toEqual([{ before: 'not', after: '' }]);
    expect(textEdits('Same words.', 'same  words.')).toEqual([]);
  });

  it('finds the one period that changed, and which way', () => {
    expect(changedPeriod('within thirty (30) days', 'within one (1) year')).toMatchObject({
      from: { text: 'thirty (30) days', days: 30 },
      to: { text: 'one (1) year', days: 365 },
    });
    expect(changedPeriod('within 90 days', 'within ninety (90) days')).toBeUndefined();
    expect(changedPeriod('delete it after 90 days', 'retain it indefinitely')).toMatchObject({ from: { days: 90 }, to: { text: 'indefinitely' } });
    expect(changedPeriod('no period here', 'none here either')).toBeUndefined();
  });
});

// ---- the command, on Word drafts with automatic numbering ----------------------------------------------

const LIST = abstractNum(1, [
  ['decimal', '%1.'],
  ['decimal', '%1.%2'],
]);

/** A Word draft whose section numbers come from Word's list numbering, as real contracts' do. */
function wordDraft(clauses: [level: 0 | 1, text: string][]): Uint8Array {
  return makeDocx({ numbering: LIST + num(1, 1), body: clauses.map(([level, t]) => para(t, numPr(1, level))).join('') });
}

const V1: [0 | 1, string][] = [
  [0, 'DATA RETENTION'],
  [1, 'Retention Period. Vendor shall permanently delete all Customer Data thirty (30) days after capture.'],
  [0, 'DATA SHARING'],
  [1, "No Disclosure. Vendor shall not sell, share or disclose Customer Data to any third party without the City's prior written consent."],
  [1, 'Vendor Personnel. Vendor shall limit access to Customer Data to employees who need it to provide the Services.'],
];

describe('clausewatch diff', () => {
  const file = (name: string, bytes: Uint8Array): string => {
    const path = join(tmp, name);
    writeFileSync(path, bytes);
    return path;
  };
  const v1 = file('v1.docx', wordDraft(V1));
  const v2 = file(
    'v2.docx',
    wordDraft([
      [0, 'DATA RETENTION'],
      [1, 'Scope. This Article governs the duties of the Parties.'], // renumbers Retention Period to 1.2
      [1, 'Retention Period. Vendor shall permanently delete all Customer Data one (1) year after capture.'],
      [0, 'DATA SHARING'],
      [1, 'Vendor Personnel. Vendor shall limit access to Customer Data to employees who need it to provide the Services.'],
    ]),
  );

  it('prints added, removed and changed findings as JSON', () => {
    const r = cli(['diff', v1, v2, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.stdout);
    expect(Object.keys(diff)).toEqual(['added', 'removed', 'changed']);
    expect(diff.changed.length).toBeGreaterThan(0);
    for (const c of diff.changed) {
      expect(Object.keys(c)).toEqual(['before', 'after']);
      expect([c.before.clause.section, c.after.clause.section]).toEqual(['1.1', '1.2']);
    }
    expect(diff.removed.some((f: { clause: { section: string } | null; stance: string }) => f.clause?.section === '2.1' && f.stance === 'safeguard')).toBe(true);
    expect(diff.removed.some((f: { quote: string }) => f.quote.includes('limit access'))).toBe(false);
  });

  it('reads like a reviewer memo as text', () => {
    const r = cli(['diff', v1, v2]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Changes in findings from ${v1} to ${v2}:`);
    expect(r.stdout).toContain('§ 1.2 Retention Period (§ 1.1 in the old draft): the retention period went from thirty (30) days to one (1) year (longer)');
    expect(r.stdout).toContain('§ 2.1 No Disclosure: removed from the new draft; it was a safeguard.');
  });

  it('prints an empty diff for the same draft twice', () => {
    const r = cli(['diff', v1, v1, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ added: [], removed: [], changed: [] });
    expect(cli(['diff', v1, v1]).stdout).toBe(`No changes in findings from ${v1} to ${v1}.\n`);
  });

  it('fails with one line when a draft cannot be read', () => {
    const r = cli(['diff', v1, join(tmp, 'missing.docx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`clausewatch: ${join(tmp, 'missing.docx')}: no such file; check the path\n`);
  });
});
