/**
 * What changed between two drafts of the same contract, finding by finding: which findings appeared,
 * disappeared or changed. Pure: two `Review`s in, a `ReviewDiff` out (the `diff` command prints it).
 *
 * The hard part is knowing which clause of the new draft *is* a clause of the old one. Section numbers
 * cannot decide it (a clause inserted at 4.1 renumbers everything after it), so clauses are matched by
 * their words:
 *
 *  1. identical text (ignoring the clause number, case and spacing) matches first, in document order;
 *  2. the rest by token Jaccard similarity (shared words / all words), best pairs first, ties broken by
 *     position in the document. A pair needs a similarity of at least 0.5; 0.3 where the section number
 *     or the heading is also the same; 0.15 where both are (a clause the vendor rewrote in place).
 *
 * Then, for each matched pair of clauses, findings are paired by rule, then by category (a retention
 * safeguard that became a retention loophole is one change, not one removal and one addition). A paired
 * finding is "changed" when its stance, severity or rule changed, or when the clause's wording changed
 * (other than a renumbered cross-reference): a deletion period that went from 30 days to a year may still
 * read as a safeguard, and that is exactly what a reviewer of the redline must see. Findings on clauses
 * with no partner are added or removed; missing protections (`clause: null`) are matched by rule.
 */

import type { Clause, Document } from '../document/model.js';
import type { Finding } from '../engine/finding.js';
import { findDurations, type Duration } from '../language/duration.js';
import type { Review } from './review.js';

export interface FindingChange {
  before: Finding;
  after: Finding;
}

/** One clause's share of the diff; a memo walks through these. */
export interface ClauseChange {
  /** The clause in the old draft; null when it is new (or, with `after` null too, for missing protections). */
  before: Clause | null;
  /** The clause in the new draft; null when it was removed. */
  after: Clause | null;
  /** The wording changes between the two (none when either side is null). */
  edits: TextEdit[];
  added: Finding[];
  removed: Finding[];
  changed: FindingChange[];
}

export interface ReviewDiff {
  added: Finding[];
  removed: Finding[];
  changed: FindingChange[];
  /** The same changes grouped by clause, in the new draft's order (removed clauses where they used to be). */
  clauses: ClauseChange[];
}

/** The findings of `after` against those of `before` (the old draft first). */
export function diffReviews(before: Review, after: Review): ReviewDiff {
  const flaggedBefore = flaggedClauses(before);
  const flaggedAfter = flaggedClauses(after);
  const pairs = matchClauses(before.document, after.document, flaggedBefore, flaggedAfter);

  const clauses: ClauseChange[] = [];
  for (const { before: b, after: a } of pairs) {
    const change = compareClause(b, a, b ? (flaggedBefore.get(b.id) ?? []) : [], a ? (flaggedAfter.get(a.id) ?? []) : []);
    if (change) clauses.push(change);
  }
  const missing = compareClause(null, null, before.findings.filter((f) => !f.clause), after.findings.filter((f) => !f.clause));
  if (missing) clauses.push(missing);

  return {
    added: clauses.flatMap((c) => c.added),
    removed: clauses.flatMap((c) => c.removed),
    changed: clauses.flatMap((c) => c.changed),
    clauses,
  };
}

// ---- matching clauses ------------------------------------------------------------------------------------

export interface ClausePair {
  before: Clause | null;
  after: Clause | null;
}

/** How many words two clauses must share (Jaccard) to be one clause, by how much else they share. */
const MIN_SIMILARITY = {
  /** Anywhere in the document (a clause that moved). */
  anywhere: 0.5,
  /** Same section number or same heading path. */
  nearby: 0.3,
  /** Same section number and same heading: the vendor rewrote the clause in place. */
  inPlace: 0.15,
};

/**
 * Every clause that carries a finding, with its partner in the other draft (or null), in the new draft's
 * order. Clauses without findings on either side are left out: they cannot change a finding.
 */
export function matchClauses(
  before: Document,
  after: Document,
  flaggedBefore: ReadonlyMap<string, Finding[]>,
  flaggedAfter: ReadonlyMap<string, Finding[]>,
): ClausePair[] {
  const partner = new Map<number, number>(); // index in before → index in after
  const taken = new Set<number>();
  const match = (b: number, a: number): void => {
    partner.set(b, a);
    taken.add(a);
  };

  // 1. Identical wording, in order (two identical "Reserved." clauses pair up first with first).
  const byWording = new Map<string, number[]>();
  after.clauses.forEach((c, i) => byWording.set(wording(c), [...(byWording.get(wording(c)) ?? []), i]));
  before.clauses.forEach((c, b) => {
    const a = byWording.get(wording(c))?.shift();
    if (a !== undefined) match(b, a);
  });

  // 2. Similar wording, best pairs first; only pairs where a finding is at stake.
  const tokensBefore = before.clauses.map(tokenSet);
  const tokensAfter = after.clauses.map(tokenSet);
  const candidates: { b: number; a: number; score: number; drift: number }[] = [];
  before.clauses.forEach((cb, b) => {
    if (partner.has(b)) return;
    after.clauses.forEach((ca, a) => {
      if (taken.has(a) || !(flaggedBefore.has(cb.id) || flaggedAfter.has(ca.id))) return;
      const score = jaccard(tokensBefore[b]!, tokensAfter[a]!);
      const sameSection = cb.section !== '' && cb.section === ca.section;
      const sameHeading = cb.heading !== '' && cb.heading === ca.heading;
      const needed =
        sameSection && sameHeading ? MIN_SIMILARITY.inPlace : sameSection || sameHeading ? MIN_SIMILARITY.nearby : MIN_SIMILARITY.anywhere;
      if (score >= needed) {
        const drift = Math.abs(b / before.clauses.length - a / after.clauses.length);
        candidates.push({ b, a, score: score + (sameSection ? 0.05 : 0) + (sameHeading ? 0.05 : 0), drift });
      }
    });
  });
  candidates.sort((x, y) => y.score - x.score || x.drift - y.drift);
  for (const { b, a } of candidates) if (!partner.has(b) && !taken.has(a)) match(b, a);

  return inNewDraftOrder(before, after, partner, flaggedBefore, flaggedAfter);
}

/**
 * The pairs that matter, in the new draft's order; a removed clause goes right after the new position of
 * the last old clause before it that has a partner.
 */
function inNewDraftOrder(
  before: Document,
  after: Document,
  partner: ReadonlyMap<number, number>,
  flaggedBefore: ReadonlyMap<string, Finding[]>,
  flaggedAfter: ReadonlyMap<string, Finding[]>,
): ClausePair[] {
  const keyed: { key: number; pair: ClausePair }[] = [];
  const partnered = new Set(partner.values());
  let lastAfter = -1;
  before.clauses.forEach((c, b) => {
    const a = partner.get(b);
    if (a !== undefined) {
      lastAfter = a;
      if (flaggedBefore.has(c.id) || flaggedAfter.has(after.clauses[a]!.id)) keyed.push({ key: a, pair: { before: c, after: after.clauses[a]! } });
    } else if (flaggedBefore.has(c.id)) {
      keyed.push({ key: lastAfter + 0.5 + b / (before.clauses.length + 1) / 2, pair: { before: c, after: null } });
    }
  });
  after.clauses.forEach((c, a) => {
    if (!partnered.has(a) && flaggedAfter.has(c.id)) keyed.push({ key: a, pair: { before: null, after: c } });
  });
  return keyed.sort((x, y) => x.key - y.key).map((k) => k.pair);
}

/** The clause's words without its number: what stays the same when a clause is renumbered. */
function wording(clause: Clause): string {
  return withoutLabel(clause).toLowerCase().replace(/\s+/g, ' ').trim();
}

function withoutLabel(clause: Clause): string {
  return clause.label && clause.text.startsWith(clause.label) ? clause.text.slice(clause.label.length).trim() : clause.text;
}

function tokenSet(clause: Clause): Set<string> {
  return new Set(wording(clause).match(/[\p{L}\p{N}]+/gu) ?? []);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

function flaggedClauses(review: Review): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of review.findings) if (f.clause) out.set(f.clause.id, [...(out.get(f.clause.id) ?? []), f]);
  return out;
}

// ---- comparing findings ----------------------------------------------------------------------------------

/** The changes on one pair of clauses, or undefined when nothing changed. */
function compareClause(before: Clause | null, after: Clause | null, old: Finding[], now: Finding[]): ClauseChange | undefined {
  const edits = before && after ? textEdits(withoutLabel(before), withoutLabel(after)) : [];
  const reworded = edits.length > 0;
  const remainingOld = [...old];
  const remainingNow = [...now];
  const changed: FindingChange[] = [];

  // By rule first, then by category: the same concern under another rule is still the same point.
  for (const samePoint of [(x: Finding, y: Finding) => x.ruleId === y.ruleId, (x: Finding, y: Finding) => x.category === y.category]) {
    for (const o of [...remainingOld]) {
      const i = remainingNow.findIndex((n) => samePoint(o, n));
      if (i < 0) continue;
      const n = remainingNow.splice(i, 1)[0]!;
      remainingOld.splice(remainingOld.indexOf(o), 1);
      if (reworded || o.ruleId !== n.ruleId || o.stance !== n.stance || o.severity !== n.severity) changed.push({ before: o, after: n });
    }
  }
  if (changed.length === 0 && remainingOld.length === 0 && remainingNow.length === 0) return undefined;
  return { before, after, edits, added: remainingNow, removed: remainingOld, changed };
}

// ---- wording changes -------------------------------------------------------------------------------------

/** One change of wording: `before` replaced by `after` (either may be "": an insertion or a deletion). */
export interface TextEdit {
  before: string;
  after: string;
}

/** Words, numbers ("4.2", "1,000") and single punctuation marks, with their offsets. */
const TOKEN = /\d+(?:[.,]\d+)*|[\p{L}\p{N}]+(?:['\u2019]\p{L}+)*|[^\s\p{L}\p{N}]/gu;
/** Edits this close together (in unchanged tokens) read as one: "thirty (30) days" → "one (1) year". */
const MERGE_GAP = 2;
/** Above this many token comparisons the middle of the clause is reported as one rewrite. */
const MAX_DIFF_CELLS = 4_000_000;

interface Token {
  text: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ text: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
}

/**
 * The wording changes from `before` to `after`, compared word by word (case-insensitive), with the
 * original text of each side. A renumbered cross-reference ("Section 4.2" → "Section 4.3") is not a change.
 */
export function textEdits(before: string, after: string): TextEdit[] {
  const x = tokenize(before);
  const y = tokenize(after);
  const runs = changedRuns(x, y);
  return runs
    .map(([x0, x1, y0, y1]) => ({
      before: x0 < x1 ? before.slice(x[x0]!.start, x[x1 - 1]!.end) : '',
      after: y0 < y1 ? after.slice(y[y0]!.start, y[y1 - 1]!.end) : '',
    }))
    .filter((e) => !isRenumbering(e));
}

/** Runs of differing tokens as [x0, x1, y0, y1) ranges, near runs merged. */
function changedRuns(x: Token[], y: Token[]): [number, number, number, number][] {
  let prefix = 0;
  while (prefix < x.length && prefix < y.length && x[prefix]!.text === y[prefix]!.text) prefix++;
  let suffix = 0;
  while (suffix < x.length - prefix && suffix < y.length - prefix && x[x.length - 1 - suffix]!.text === y[y.length - 1 - suffix]!.text) suffix++;
  const xs = x.slice(prefix, x.length - suffix);
  const ys = y.slice(prefix, y.length - suffix);
  if (xs.length === 0 && ys.length === 0) return [];
  if (xs.length * ys.length > MAX_DIFF_CELLS) return [[prefix, x.length - suffix, prefix, y.length - suffix]];

  const runs: [number, number, number, number][] = [];
  let run: [number, number, number, number] | undefined;
  let gap = 0; // unchanged tokens since the last changed one
  let xi = prefix; // the next token of each side
  let yj = prefix;
  for (const [i, , same] of alignment(xs, ys)) {
    if (same) {
      xi++;
      yj++;
      gap++;
      continue;
    }
    if (!run || gap > MERGE_GAP) {
      run = [xi, xi, yj, yj];
      runs.push(run);
    }
    if (i >= 0) xi++; // a token only the old wording has
    else yj++; // a token only the new wording has
    run[1] = xi; // a merged run takes in the unchanged tokens between
    run[3] = yj;
    gap = 0;
  }
  return runs;
}

/** Longest-common-subsequence alignment: [i, j, same] steps in order (i or j is -1 on the side that has no token). */
function alignment(xs: Token[], ys: Token[]): [number, number, boolean][] {
  const n = xs.length;
  const m = ys.length;
  // lcs[i][j] = length of the LCS of xs[i:] and ys[j:], flattened.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] =
        xs[i]!.text === ys[j]!.text ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    }
  }
  const steps: [number, number, boolean][] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && xs[i]!.text === ys[j]!.text) steps.push([i++, j++, true]);
    else if (j >= m || (i < n && lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!)) steps.push([i++, -1, false]);
    else steps.push([-1, j++, false]);
  }
  return steps;
}

/** "4.2" → "4.3": a cross-reference renumbered along with the sections, not a change of substance. */
function isRenumbering(edit: TextEdit): boolean {
  const sectionNumber = /^\d+(?:\.\d+)+$/;
  return sectionNumber.test(edit.before) && sectionNumber.test(edit.after);
}

// ---- periods --------------------------------------------------------------------------------------------

/**
 * The one period that changed between two wordings, if exactly one did: "thirty (30) days" → "one (1) year",
 * or "90 days" → "indefinitely". Periods are compared by length, so "30 days" → "thirty (30) days" is no change.
 */
export function changedPeriod(before: string, after: string): { from: Duration; to: Duration } | undefined {
  const old = findDurations(before);
  const now = findDurations(after);
  const gone = old.filter((d) => !now.some((n) => n.days === d.days));
  const fresh = now.filter((d) => !old.some((o) => o.days === d.days));
  return gone.length === 1 && fresh.length === 1 ? { from: gone[0]!, to: fresh[0]! } : undefined;
}
