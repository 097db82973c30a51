/**
 * Running a rule set over clauses: tokenize and stem each clause once, pick the rules its stems could trigger,
 * match each in its scope, and read the stance around the rule's action.
 */
import type { Clause, Document } from '../document/model.js';
import { readStance, type StanceReading } from '../language/modality.js';
import { scanWords, tokenize, type Tokenized } from '../language/tokens.js';
import { DEFINED_TERM_MARK, type MatchNode } from './compile.js';
import type { Finding } from './finding.js';
import { evaluate, indexClause, type ClauseIndex, type DefinedTerm, type Hit, type MatchContext } from './match.js';
import type { CompiledRule, RuleSet } from './ruleset.js';
import type { Screen } from './screen.js';
import type { Stance } from './schema.js';

/** One rule's verdict on one clause, with offsets relative to the clause text. */
export interface ClauseMatch {
  rule: CompiledRule;
  stance: Stance;
  reason: string;
  descriptive?: boolean;
  start: number;
  end: number;
}

/** Which reading of a rule wins in a clause: the loophole wins, but a bare description yields to a limit. */
const rank = (r: { stance: Stance; descriptive?: boolean }) =>
  r.stance === 'concern' ? (r.descriptive ? 1.5 : 3) : r.stance === 'safeguard' ? 2 : 0;

/**
 * Across the rules of one category: where the clause sets an explicit limit, a concern read only from a bare
 * description ("Footage is uploaded to the cloud. Access is limited to…") is not a loophole: it reads neutral.
 */
function yieldDescriptions(matches: ClauseMatch[]): ClauseMatch[] {
  if (!matches.some((m) => m.descriptive)) return matches;
  const limited = new Set(matches.filter((m) => m.stance === 'safeguard').map((m) => m.rule.category));
  const loophole = new Set(matches.filter((m) => m.stance === 'concern' && !m.descriptive).map((m) => m.rule.category));
  return matches.map((m) =>
    m.descriptive && limited.has(m.rule.category) && !loophole.has(m.rule.category)
      ? { ...m, stance: 'neutral', reason: `${m.reason}; the clause limits it elsewhere`, descriptive: false }
      : m,
  );
}

/** Shared state for the clauses of one document: its glossary, and which defined terms each rule accepts. */
export interface DocumentContext {
  definedTerms: DefinedTerm[];
  definedCache: Map<MatchNode, DefinedTerm[]>;
}

export function documentContext(definitions: Document['definitions'] = {}): DocumentContext {
  const definedTerms = Object.values(definitions).map((d) => {
    return { term: d.term, stems: scanWords(d.term).infos.map((w) => w.stem), definition: indexClause(scanWords(d.text)) };
  });
  return { definedTerms: definedTerms.filter((d) => d.stems.length > 0), definedCache: new Map() };
}

/** A clause read on its own (classify, rule examples): no glossary. */
const NO_DOCUMENT: DocumentContext = { definedTerms: [], definedCache: new Map() };

/** Matches every rule that could fire on one clause's text. */
export function matchClause(
  rules: RuleSet,
  text: string,
  context: DocumentContext = NO_DOCUMENT,
  options: { heading?: boolean; only?: CompiledRule } = {},
): ClauseMatch[] {
  // A first, cheap look: the stems alone say which rules could fire; most clauses need no more than that.
  const scan = scanWords(text);
  const clause = indexClause(scan, context.definedTerms, rules.vocabulary);
  const candidates = options.only ? [options.only] : candidateRules(rules, clause, context.definedTerms.length > 0);
  if (candidates.length === 0) return [];
  const ctx: MatchContext = { clause, memo: new Map(), definedTerms: context.definedTerms, definedCache: context.definedCache };
  // Then the screen: in which sentences each rule matches. The words and stance are read only where it does.
  const screen = rules.screen;
  screen.reset(ctx);
  // Built on the first rule that matches: most clauses never need them.
  let tokenized: Tokenized | undefined;
  let stances: Map<number, StanceReading> | undefined;
  const out: ClauseMatch[] = [];
  for (const rule of candidates) {
    const windows = screen.windows(rule.match, rule.spec.scope);
    if (windows === 0) continue;
    tokenized ??= tokenize(text, scan);
    stances ??= new Map();
    const match = matchRule(rule, windows, ctx, tokenized, options.heading === true, stances, screen);
    if (match) out.push(match);
  }
  return out.length > 0 ? yieldDescriptions(out) : out;
}

function candidateRules(rules: RuleSet, clause: ClauseIndex, defined: boolean): CompiledRule[] {
  const found: CompiledRule[] = [...rules.unindexed];
  const stamp = ++candidateRound;
  const seen = rules.seen;
  for (const r of found) seen[r.order] = stamp;
  const add = (list: readonly CompiledRule[]) => {
    for (const r of list) {
      if (seen[r.order] === stamp) continue;
      seen[r.order] = stamp;
      found.push(r);
    }
  };
  for (const id of clause.stemIds!) if (id >= 0) add(rules.vocabulary.triggers[id]!);
  // Rules that follow defined terms are checked wherever the contract has a glossary.
  if (defined) add(rules.index.get(DEFINED_TERM_MARK) ?? []);
  // Keep the rule set's order, so output is stable whatever the clause's word order.
  return found.length > 1 ? found.sort((a, b) => a.order - b.order) : found;
}

/** Numbers each call of candidateRules, to mark the rules it has already taken (RuleSet.seen; a double, so it never wraps). */
let candidateRound = 0;

/**
 * The rule's best reading of the clause: the worst stance over every place it matches (the loophole wins).
 * `windows` is the screen's mask of the sentences to look in (or `undefined`: every one).
 */
function matchRule(
  rule: CompiledRule,
  windows: number | undefined,
  ctx: MatchContext,
  tokenized: Tokenized,
  heading: boolean,
  stances: Map<number, StanceReading>,
  screen: Screen,
): ClauseMatch | undefined {
  const bySentence = rule.spec.scope !== 'clause';
  const spans = bySentence ? tokenized.sentences : [{ first: 0, last: tokenized.tokens.length }];
  // The screen's verdicts for each window spare the matcher every part it already knows is absent there.
  const verdicts = screen.verdicts(bySentence);
  let best: ClauseMatch | undefined;
  for (let s = 0; s < spans.length; s++) {
    const { first, last } = spans[s]!;
    if (windows !== undefined && (windows & verdicts.at(s).bit) === 0) continue;
    ctx.screened = windows === undefined ? undefined : verdicts;
    const hits = evaluate(rule.match, ctx, first, last);
    const anchors = hits?.length ? (evaluate(rule.action, ctx, first, last) ?? hits) : [];
    ctx.screened = undefined;
    if (!hits || hits.length === 0) continue;
    for (const anchor of anchors.length ? anchors : hits) {
      if (best && rank(best) === 3) break; // nothing reads worse: the loophole already won
      const reading = heading ? HEADING : stanceAt(tokenized, anchor.first, rule.spec.effect, stances);
      if (!best || rank(reading) > rank(best)) {
        const span = spanOf(hits, anchor);
        best = { rule, stance: reading.stance, reason: reading.reason, ...(reading.descriptive ? { descriptive: true } : {}), ...span };
      }
    }
  }
  return best;
}

const HEADING: StanceReading = { stance: 'neutral', reason: 'a heading' };
const EFFECTS = ['widens', 'limits', 'mentions'] as const;

/** The stance of the action at one word, read once per clause however many rules share that action. */
function stanceAt(tokenized: Tokenized, anchor: number, effect: CompiledRule['spec']['effect'], cache: Map<number, StanceReading>): StanceReading {
  const key = anchor * 4 + EFFECTS.indexOf(effect);
  let reading = cache.get(key);
  if (!reading) {
    reading = readStance(tokenized, tokenized.tokens[anchor]?.sentence ?? 0, anchor, effect);
    cache.set(key, reading);
  }
  return reading;
}

/** How far from its action a finding's quote may reach, in words. */
const QUOTE_REACH = 40;

/** From the anchor to the farthest hit in the same sentence: the words a reviewer should read. */
function spanOf(hits: Hit[], anchor: Hit): { start: number; end: number } {
  let start = anchor.start;
  let end = anchor.end;
  for (const h of hits) {
    if (Math.abs(h.first - anchor.first) > QUOTE_REACH) continue; // a quote, not a page, from a sentence with no end
    if (h.start < start) start = h.start;
    if (h.end > end) end = h.end;
  }
  return { start, end };
}

/** Runs the rule set over a whole document. */
export function findInDocument(rules: RuleSet, document: Document): Finding[] {
  const context = documentContext(document.definitions);
  const findings: Finding[] = [];
  for (const clause of document.clauses) {
    for (const m of matchClause(rules, clause.text, context, { heading: clause.kind === 'heading' })) {
      findings.push(toFinding(m, clause, document.text));
    }
  }
  return findings;
}

export function toFinding(m: ClauseMatch, clause: Clause | undefined, documentText?: string): Finding {
  const { spec } = m.rule;
  const offset = clause?.start ?? 0;
  const text = documentText ?? clause?.text ?? '';
  const start = offset + m.start;
  const end = offset + m.end;
  return {
    ruleId: spec.id,
    pack: m.rule.pack,
    category: m.rule.category,
    stance: m.stance,
    severity: spec.severity,
    title: spec.title,
    why: spec.why,
    ask: spec.ask,
    ...(spec.references ? { references: spec.references } : {}),
    clause: clause
      ? { id: clause.id, section: clause.section, heading: clause.heading, page: clause.page ?? null }
      : null,
    start,
    end,
    quote: text.slice(start, end),
    reason: m.reason,
    ...(clause?.tracked ? { tracked: true } : {}),
  };
}
