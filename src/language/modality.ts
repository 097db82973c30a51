/**
 * Stance from modality: the same words are a risk or a protection depending on how the sentence holds them.
 *
 *   "Vendor may share Customer Data with its partners"             → concern   (permission to widen)
 *   "Vendor shall not share Customer Data"                         → safeguard (negated)
 *   "Vendor shall not share Customer Data except with affiliates"  → concern   (an exception reopens the limit)
 *   "… except as required by law"                                  → safeguard (a narrow exception keeps the agency in control)
 *   "Vendor shall delete footage after thirty (30) days"           → safeguard (an obligation to limit)
 *   "Vendor is not required to delete …"                           → concern   (the limit is negated)
 *
 * A rule says whether its words *widen* or *limit*; this module reads the sentence around the rule's first
 * matched words (its "action") and returns the stance with a one-line reason. See ../../TAXONOMY notes in
 * rules/README.md for the definitions this follows.
 */
import type { Sentence, Token, Tokenized } from './tokens.js';
import { stem } from './stem.js';

export type Effect = 'widens' | 'limits' | 'mentions';
export type Stance = 'concern' | 'safeguard' | 'neutral';

export interface StanceReading {
  stance: Stance;
  /** Why, in a reviewer's words: "negated by 'shall not'", "exception 'unless Vendor deems …' reopens the limit". */
  reason: string;
  /**
   * A concern read from a bare description ("Data is uploaded to the cloud"), with no permission, duty or
   * loophole: it yields to an explicit limit elsewhere in the same clause.
   */
  descriptive?: boolean;
}

const stems = (list: string) => new Set(list.split(/\s+/).filter(Boolean).map((w) => stem(w)));
/** Function words are matched as written, not stemmed: "provided" (that) is a boundary, "providers" is not. */
const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));

/**
 * Phrases looked up by their first stem, so that scanning a sentence costs one map lookup per word rather than
 * one comparison per phrase (stance is read for every action a rule finds).
 */
const NO_PHRASES: string[][] = [];

class PhraseList {
  private readonly byFirst = new Map<string, string[][]>();
  constructor(list: string[]) {
    for (const p of phrases(list)) this.byFirst.set(p[0]!, [...(this.byFirst.get(p[0]!) ?? []), p]);
  }

  /** The phrase that starts at token `i` (the longest), if any. */
  at(tokens: Token[], i: number, end: number): string[] | undefined {
    let best: string[] | undefined;
    for (const p of this.byFirst.get(tokens[i]!.stem) ?? NO_PHRASES) {
      if (matchesAt(tokens, i, end, p) && (!best || p.length > best.length)) best = p;
    }
    return best;
  }

  /** The first token in [start, end) where one of the phrases starts, or -1. */
  find(tokens: Token[], start: number, end: number): number {
    for (let i = start; i < end; i++) if (this.at(tokens, i, end)) return i;
    return -1;
  }

  has(tokens: Token[], start: number, end: number): boolean {
    return this.find(tokens, start, end) >= 0;
  }
}


/** Words that negate what follows them in the same provision. */
const NEGATORS = words('not no never neither nor none nothing cannot');
/** Verbs that negate the action they govern ("prohibited from sharing", "shall refrain from"). */
const NEGATING_VERBS = stems('prohibit forbid prevent preclude bar restrict refrain cease ban disallow discontinue revoke deny suspend block minimize minimise');
const MODALS = words('may shall will must can could should would might');
const PERMISSIONS = words('may can might permitted permits permit entitled allowed allows authorized authorised reserves reserve');
/** Words that start a new provision inside a sentence: negation and modality before them do not carry over. */
const BOUNDARIES = words('but however except unless provided notwithstanding whereas although');
const CONJUNCTIONS = words('and or but however although while');
/** Consequences for misuse. */
const SANCTIONS = stems('disciplinary discipline sanction sanctions penalty penalties termination suspension');

function findAfter(tokens: Token[], from: number, to: number, test: (t: Token, i: number) => boolean): number {
  for (let i = from + 1; i < to; i++) if (test(tokens[i]!, i)) return i;
  return -1;
}

/** Whether `word` is among tokens [from, to) (a loop, not a slice: stance reading runs on every finding). */
function lowerBefore(tokens: Token[], from: number, to: number, word: string): boolean {
  for (let i = from; i < to; i++) if (tokens[i]!.lower === word) return true;
  return false;
}

function stemBefore(tokens: Token[], from: number, to: number, set: Set<string>): boolean {
  for (let i = from; i < to; i++) if (set.has(tokens[i]!.stem)) return true;
  return false;
}

/** Words that name an act as misuse, for a sentence that also sanctions it. */
const MISUSE_STEMS = stems('misuse misusing abuse abusing inappropriate improper');
/**
 * What a whole sentence says, whichever of its actions is read: whether it names a sanction, and whether it names
 * misuse. Worked out once per sentence: a long sentence with many actions would otherwise be read once per action.
 */
const SENTENCE_FACTS = new WeakMap<Sentence, { sanctions: boolean; misuse: boolean }>();
function sentenceFacts(tokens: Token[], sentence: Sentence): { sanctions: boolean; misuse: boolean } {
  let facts = SENTENCE_FACTS.get(sentence);
  if (!facts) {
    const inSentence = tokens.slice(sentence.first, sentence.last);
    facts = { sanctions: inSentence.some((t) => SANCTIONS.has(t.stem)), misuse: inSentence.some((_, k) => isMisuse(inSentence, k)) };
    SENTENCE_FACTS.set(sentence, facts);
  }
  return facts;
}

function isMisuse(sentence: Token[], k: number): boolean {
  const t = sentence[k]!;
  return MISUSE.has(t.lower) || MISUSE_STEMS.has(t.stem) || (t.lower === 'without' && /^authori[sz]ation|^permission/.test(sentence[k + 1]?.lower ?? ''));
}
const CONSTITUTE = stem('constitutes');
const ARTICLES = words('a an');
/** "constitutes misuse", "constitutes a material breach". */
const BREACHES = stems('misuse breach violation');
function namesBreach(tokens: Token[], i: number): boolean {
  if (BREACHES.has(tokens[i]?.stem ?? '')) return true;
  if (!ARTICLES.has(tokens[i]?.lower ?? '')) return false;
  return BREACHES.has(tokens[i + 1]?.stem ?? '') || BREACHES.has(tokens[i + 2]?.stem ?? '');
}

/** An act qualified as misuse is one the clause protects against. */
const MISUSE = words('unauthorized unauthorised unlawful illegal accidental inadvertent improper inappropriate unintended unintentional');
const LIST_LINKS = words('or and');
/** Acts named as nouns, the items of a list such as "unauthorized access, use, or disclosure". */
const ACT_NOUNS = words(
  'access use disclosure disclosures loss alteration destruction modification acquisition processing release copying theft sharing transfer dissemination publication distribution viewing retention',
);
/**
 * The misuse word that qualifies a whole list of acts the action ends: "unauthorized access, use, or disclosure"
 * guards against the disclosure too. Walks back over the list's items, one noun each, linked by commas, "or" or "and".
 */
function listQualifier(tokens: Token[], from: number, anchor: number): Token | undefined {
  if (!ACT_NOUNS.has(tokens[anchor]!.lower)) return undefined;
  let item = anchor;
  for (let n = 0; n < 4; n++) {
    let prev = item - 1;
    if (prev >= from && LIST_LINKS.has(tokens[prev]!.lower)) prev--;
    else if (!tokens[item]!.before.includes(',')) return undefined;
    if (prev < from) return undefined;
    if (MISUSE.has(tokens[prev]!.lower)) return tokens[prev];
    if (!ACT_NOUNS.has(tokens[prev]!.lower)) return undefined;
    if (prev - 1 >= from && MISUSE.has(tokens[prev - 1]!.lower)) return tokens[prev - 1];
    item = prev;
  }
  return undefined;
}
/** Words after which the rest of the sentence is an exception to it. */
const EXCEPTION_CUES = words('except unless provided notwithstanding other save excluding exception but however');
/** Words that confine an action: "only", "solely", "no longer than". */
const RESTRICTORS = stems('only solely exclusively strictly limited restricted');
/** Oversight of the action is a limit on it: "subject to auditing", "access is logged and monitored". */
const OVERSIGHT = words('audited auditing monitored logged audits');
/** The person the data is about decides: "unless the user chooses to share", "opt-in". */
const CHOICE = new PhraseList(['chooses', 'choose to', 'decide', 'decides', 'opt in', 'opt-in', 'opts in', 'their choice', 'elects to share']);
const LIMIT_PHRASES = new PhraseList([
  'no longer than', 'not longer than', 'no more than', 'not more than', 'not to exceed', 'not exceed', 'at most', 'a maximum of', 'limited to', 'up to',
  // disclosure conditioned on a legal duty keeps the agency's protections: "may disclose if required by law"
  'if required by law', 'when required by law', 'where required by law', 'as required by law', 'required to do so by law', 'if legally required',
  'pursuant to a valid', 'pursuant to a court order', 'pursuant to a warrant', 'upon receipt of a valid',
  'subject to', 'need to know', 'need-to-know', 'authorized personnel', 'authorized users', 'role-based', 'based on the role', 'based on their role',
  // oversight of the practice itself, as surveillance ordinances require: "whether and how data is shared"
  'whether and how', 'if and how', 'a description of', 'a general description', 'annual report', 'surveillance report',
  'to mitigate', 'mitigate the risk', 'access controls', 'management controls', 'this policy applies', 'policy applies to',
]);
/** Words after which "sole"/"solely"/"exclusive" say whose something is, not that an action is confined. */
const NOT_CONFINING = words('responsible responsibility discretion judgment judgement cost costs expense option risk property owner remedy liability');
/** What "subject to" can expose the data to, rather than limit it by. */
const EXPOSURE = stems('disclosure release production discovery inspection publication');
const DURATION_UNITS = stems('day days week weeks month months year years hour hours');
/** The agency's own control words, as in "with the City's prior written consent". */
const AGENCY = stems('city county agency customer department client licensee subscriber state town village district authority police your user individual subject parent parental express explicit prior specific');
const CONTROL = stems('consent approval approve authorization authorize permission direction direct instruction instruct request written');

/** "a monitored area", "audited locations": a place watched, not oversight of the action. */
const PLACES = stems('area areas zone zones location locations site sites premises space spaces region regions');
/** Plural recipients ("provide records to federal agencies upon request"): their request is no control by the agency. */
const OTHER_BODIES = words('agencies departments authorities counties cities states');
const REQUEST = stem('request');
/** "upon request", "on request": whoever asks, not the agency's own request. */
const BARE_REQUEST = words('upon on');
/** The agency's own word among tokens [from, to); for a request, not other agencies asking for the data. */
function agencyBefore(tokens: Token[], from: number, to: number, request: boolean): boolean {
  for (let i = from; i < to; i++) if (AGENCY.has(tokens[i]!.stem) && !(request && OTHER_BODIES.has(tokens[i]!.lower))) return true;
  return false;
}

/** Exceptions that hand the vendor open-ended discretion, or set the terms elsewhere: always a loophole. */
const DISCRETION = new PhraseList([
  'deem', 'deems', 'sole discretion', 'its discretion', 'own discretion', 'in its judgment', 'good faith', 'believes', 'reasonably believes',
  'determines', 'order form', 'otherwise agreed', 'otherwise stated', 'otherwise set forth', 'otherwise provided', 'otherwise specified',
  'protect its rights', 'protect the rights', 'legitimate interest', 'longer', 'indefinitely', 'perpetual', 'permitted by law',
]);
/** Exceptions that keep the agency in control ("except as required by law", "with the City's written consent"). */
const NARROW = new PhraseList([
  'required by law', 'required by applicable law', 'court order', 'subpoena', 'warrant', 'legal hold', 'litigation hold', 'designated as evidence',
  'designates', 'evidence', 'written consent', 'prior written', 'approval', 'directed by', 'direction of', 'request of', 'public records',
  'audit logs', 'audit log', 'audit trail', 'for use by the city', 'on behalf of the city',
  'requested by the city', 'requested by the agency', 'requested by the department', 'requested by the county', 'requested by the customer',
]);
/** Conditions a limit can be waived of: "without the City's consent", "without notice". */
const CONDITIONS = stems('consent approval authorization permission notice notification notify');
/** Exceptions for other recipients or the vendor's own purposes: a loophole unless the agency keeps control. */
const WIDE = new PhraseList([
  'affiliate', 'affiliates', 'partner', 'partners', 'subprocessor', 'subprocessors', 'subcontractor', 'subcontractors', 'third party', 'third parties',
  'aggregate', 'aggregated', 'anonymized', 'anonymised', 'de-identified', 'deidentified', 'improve', 'training', 'train', 'develop',
  'business purpose', 'business purposes', 'own purposes', 'any purpose', 'other agencies', 'law enforcement agencies', 'marketing', 'commercial',
]);

/** "as long as Vendor deems necessary": open-ended retention, even without an exception word. */
const OPEN_ENDED = new PhraseList(['as long as necessary', 'as long as needed', 'as long as reasonably necessary', 'as long as it deems', 'for so long as', 'as long as vendor', 'as long as we', 'as long as it', 'indefinitely', 'indefinite period', 'in perpetuity', 'perpetual']);

/** A risk assessment names what could go wrong ("There is a risk that users may share …"): neither allowed nor limited. */
const RISK_FRAMING = /\b(?:there is (?:an? )?(?:increased |potential )?risk that|the risk that|privacy risk:)/i;

/**
 * A privacy impact assessment states a risk under a "Privacy Risk:" heading, then its mitigation: every sentence
 * between the two describes the risk.
 */
function underRiskHeading(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 1500), at).toLowerCase();
  const heading = before.lastIndexOf('privacy risk:');
  return heading >= 0 && !before.includes('mitigation', heading);
}

/** A definition ("'Biometric Data' means …") is neutral: it neither widens nor limits. */
const DEFINITION =
  /^\s*(?:\(?[a-z0-9.]{1,6}\)?\s*)?(?:["“”][^"“”]{1,80}["“”]\s*(?:\([^)]{0,80}\)\s*)?(?:shall\s+)?(?:means?|refers?\s+to|includes?|is|are|has\s+the\s+meaning|shall\s+have\s+the\s+meaning)|(?:the\s+term\s+)?[A-Za-z][A-Za-z-]*(?:\s+[A-Za-z][A-Za-z-]*){0,4}\s+(?:shall\s+mean|means|refers\s+to|is\s+defined\s+as))\b/i;

function phrases(list: string[]): string[][] {
  return list.map((p) => p.split(/[\s-]+/).map((w) => stem(w.toLowerCase())));
}

/** Reads the stance of an action at token `anchor` in `sentence` of a clause. */
export function readStance(
  clause: Tokenized,
  sentenceIndex: number,
  anchor: number,
  effect: Effect,
): StanceReading {
  if (effect === 'mentions') return { stance: 'neutral', reason: 'mentions the subject' };
  const sentence = clause.sentences[sentenceIndex]!;
  const tokens = clause.tokens;
  if (DEFINITION.test(clause.text.slice(sentence.start, Math.min(sentence.end, sentence.start + 400)))) {
    return { stance: 'neutral', reason: 'a definition' };
  }

  const lead = tokens[Math.max(sentence.first, anchor - REACH)]!.start;
  if (RISK_FRAMING.test(clause.text.slice(Math.max(sentence.start, lead), tokens[anchor]!.start)) || underRiskHeading(clause.text, tokens[anchor]!.start)) {
    return { stance: 'neutral', reason: 'a risk described, not allowed or limited' };
  }
  const segmentStart = findSegmentStart(tokens, sentence.first, anchor);
  const inException = segmentStart > sentence.first && EXCEPTION_CUES.has(tokens[segmentStart]!.lower);
  const segmentEnd = findSegmentEnd(tokens, anchor, sentence.last);
  const negation = negationBefore(tokens, segmentStart, anchor) ?? negationAfter(tokens, segmentStart, anchor, segmentEnd);
  const limit = limitIn(tokens, segmentStart, segmentEnd);
  const exception = exceptionAfter(clause, sentenceIndex, anchor);

  if (inException) {
    // The action sits inside an exception ("… except that Vendor may share with affiliates"): the exception grants
    // it, unless the exception is itself narrow ("unless the user chooses to share", "except as required by law").
    const narrow = NARROW.has(tokens, segmentStart, segmentEnd) || CHOICE.has(tokens, segmentStart, segmentEnd);
    // "…, but does not analyze faces", "except that it shall not share": a further limit, not a grant
    const negatedHere = effect === 'widens' ? negationBefore(tokens, segmentStart, anchor) : undefined;
    if (negatedHere) return { stance: 'safeguard', reason: `negated by "${negatedHere}" within the exception` };
    if (effect === 'widens' && narrow && !DISCRETION.has(tokens, segmentStart, segmentEnd)) {
      return { stance: 'safeguard', reason: `only under a narrow exception ("${quote(clause, segmentStart, segmentEnd)}")` };
    }
    return effect === 'widens'
      ? { stance: 'concern', reason: `allowed by an exception ("${quote(clause, segmentStart, segmentEnd)}")` }
      : { stance: 'safeguard', reason: 'a limit within an exception' };
  }

  if (effect === 'widens') {
    // "unauthorized disclosure", "unlawful access": the clause guards against the act (security, breach notice).
    const misuse =
      tokens.slice(Math.max(segmentStart, anchor - 3), anchor).find((t) => MISUSE.has(t.lower)) ?? listQualifier(tokens, segmentStart, anchor);
    if (misuse) return { stance: 'safeguard', reason: `guards against "${misuse.text}" ${tokens[anchor]!.text}` };
    // "Personnel who access the system without authorization will be disciplined": a sanction for misuse.
    // "… who misuse the database will receive disciplinary action": every act the sentence names is sanctioned.
    const unauthorized = findAfter(tokens, anchor, Math.min(segmentEnd, anchor + 5), (t, i) => t.lower === 'without' && /^authori[sz]ation|^permission/.test(tokens[i + 1]?.lower ?? ''));
    const facts = sentenceFacts(tokens, sentence);
    if (facts.sanctions && (unauthorized >= 0 || facts.misuse)) {
      return { stance: 'safeguard', reason: 'sanctions misuse' };
    }
    // "… disclosing the data for any other purpose constitutes misuse": the clause names the act as a breach.
    const breach = findAfter(tokens, anchor, segmentEnd, (t, i) => t.stem === CONSTITUTE && namesBreach(tokens, i + 1));
    if (breach >= 0) return { stance: 'safeguard', reason: `named a breach ("${quote(clause, breach, Math.min(segmentEnd, breach + 4))}")` };
    const openEnded = OPEN_ENDED.find(tokens, anchor, segmentEnd);
    if (openEnded >= 0 && !negation) return { stance: 'concern', reason: `open-ended ("${quote(clause, openEnded, Math.min(openEnded + 5, segmentEnd))}")` };
    const limited = negation ?? limit;
    if (!limited) {
      const modality = describeModality(tokens, segmentStart, anchor);
      return { stance: 'concern', reason: modality, ...(modality === STATED ? { descriptive: true } : {}) };
    }
    if (exception?.kind === 'loophole') {
      return { stance: 'concern', reason: `limited by "${limited}", but the exception "${exception.text}" reopens it` };
    }
    return { stance: 'safeguard', reason: negation ? `negated by "${negation}"` : `limited by "${limit}"` };
  }

  // effect === 'limits': a duty to delete, notify, obtain consent…
  // "No data shall be released without the City's approval" keeps the limit; "may share without notice" waives it.
  // Only a condition (consent, approval, notice) can be waived: "those without credentials do not…" is no waiver.
  const waiver = CONDITIONS.has(tokens[anchor]!.stem) ? conditionBefore(tokens, segmentStart, anchor) : -1;
  if (waiver >= 0) {
    const negated = negationBefore(tokens, segmentStart, waiver);
    return negated
      ? { stance: 'safeguard', reason: `only with it ("${negated} … ${tokens[waiver]!.text}")` }
      : { stance: 'concern', reason: `done "${tokens[waiver]!.text}" it` };
  }
  // "Vendor is not required to delete" negates the limit; "Vendor is prohibited from … without approval" prohibits
  // the act the limit guards, and is itself a limit.
  if (negation && !NEGATING_VERBS.has(stem(negation.split(' ').at(-1)!.toLowerCase()))) {
    return { stance: 'concern', reason: `the limit is negated by "${negation}"` };
  }
  const openEnded = OPEN_ENDED.find(tokens, anchor, segmentEnd);
  if (openEnded >= 0) return { stance: 'concern', reason: `open-ended ("${quote(clause, openEnded, Math.min(openEnded + 5, segmentEnd))}")` };
  if (exception?.kind === 'loophole') return { stance: 'concern', reason: `the exception "${exception.text}" reopens the limit` };
  return { stance: 'safeguard', reason: exception ? `a limit with a narrow exception ("${exception.text}")` : 'a limit' };
}

/** "without", "absent" or "unless" just before a limit: the limit is a condition on something else. */
function conditionBefore(tokens: Token[], start: number, anchor: number): number {
  // "without the City's prior written consent, signed by … and approved by …": one condition, however long.
  for (let i = anchor - 1; i >= Math.max(start, anchor - 16); i--) {
    if (tokens[i]!.lower === 'without' || tokens[i]!.lower === 'absent') return i;
  }
  return -1;
}

/** Walks back from the action to the start of its provision: the sentence start or a boundary word. */
/**
 * How far stance reading looks from an action, in words. A provision longer than this is read from its nearest
 * part; the bound keeps a sentence with no full stop (a table, OCR text, a 50 MB line) linear to read.
 */
const REACH = 60;

function findSegmentStart(tokens: Token[], first: number, anchor: number): number {
  const limit = Math.max(first, anchor - REACH);
  for (let i = anchor - 1; i > limit; i--) {
    const t = tokens[i]!;
    if (t.before.includes(':')) return i;
    if (BOUNDARIES.has(t.lower) && !(t.lower === 'provided' && tokens[i + 1]?.lower !== 'that' && !tokens[i + 1]?.before.includes(','))) return i;
  }
  return limit;
}

function findSegmentEnd(tokens: Token[], anchor: number, last: number): number {
  const limit = Math.min(last, anchor + REACH);
  for (let i = anchor + 1; i < limit; i++) {
    if (BOUNDARIES.has(tokens[i]!.lower)) return i;
  }
  return limit;
}

/**
 * The negation that governs the action, as written ("shall not", "No … shall", "prohibited from"), or undefined.
 * Negations cancel in pairs ("nothing … prohibits"); a negation before a new modal joined by "and"/"but"
 * ("shall not sell data, and may share it") belongs to the earlier verb.
 */
function negationBefore(tokens: Token[], start: number, anchor: number): string | undefined {
  // A plain negator ("not", "never", "no") and a negating verb ("prohibits") cancel each other:
  // "Nothing in this Agreement prohibits Vendor from sharing" permits sharing.
  let plain: string | undefined;
  let plainAt = -1;
  let verb: string | undefined;
  for (let i = start; i < anchor; i++) {
    const t = tokens[i]!;
    if (NEGATORS.has(t.lower) || NOT_CONTRACTION.test(t.lower)) {
      // "does not pose any new risk related to sharing": the negation is of the verb after it, not of the action
      if (UNCHANGED.has(tokens[i + 1]?.stem ?? '') && i + 1 < anchor) continue;
      // "once the City is no longer a subscriber": a change of state, not a negation of the action
      if (t.lower === 'no' && tokens[i + 1]?.lower === 'longer' && DETERMINERS.has(tokens[i + 2]?.lower ?? '')) continue;
      // "kept for no more than 180 days", "no later than": a bound on a quantity, read by limitIn, not a negation
      if (COMPARATIVES.has(tokens[i + 1]?.lower ?? '') && tokens[i + 2]?.lower === 'than') continue;
      // "there is no limit on how long Vendor may keep": the negation removes a limit, it does not negate the keeping
      if (t.lower === 'no' && UNLIMITS.has(tokens[i + 1]?.lower ?? '')) continue;
      plain ??= phraseAround(tokens, i);
      if (plainAt < 0) plainAt = i;
      continue;
    }
    if (NEGATING_VERBS.has(t.stem)) {
      verb ??= t.text;
      continue;
    }
    if ((plain || verb) && MODALS.has(t.lower) && i - 1 >= start) {
      const joined = [tokens[i - 1], tokens[i - 2]].some((p) => p && CONJUNCTIONS.has(p.lower));
      // "Reads deemed not relevant must be deleted": an adverbial "not" far before the modal negates
      // something else (an adjective in the subject), not the modal's verb. "No data shall…" still counts.
      const detached = plainAt >= 0 && ADVERBIAL_NEGATORS.has(tokens[plainAt]!.lower) && i - plainAt > 1 && !MODALS.has(tokens[plainAt - 1]?.lower ?? '');
      if (joined) plain = verb = undefined;
      else if (detached) {
        plain = undefined;
        plainAt = -1;
      }
    }
  }
  if (plain && verb) return undefined;
  return plain ?? verb;
}

const DETERMINERS = words('a an the our your its their his her my');
/** Organisations whose own choice to share is no consent by the person the data is about. */
const ORGANISATIONS = stems('city county agency department police vendor contractor company provider licensee subscriber');
/** "no limit", "no restriction": the negator removes a limit. */
const UNLIMITS = words('limit limits limitation limitations restriction restrictions maximum cap');
/** "no more than", "not later than", "no fewer than": the negator qualifies a number. */
const COMPARATIVES = words('more longer later less fewer sooner earlier greater');

/** Negators that attach to the next word ("not relevant") rather than start a noun phrase ("no data"). */
const ADVERBIAL_NEGATORS = new Set(['not']);

/** "don't", "won’t", "cannot": a negation inside the word. */
const NOT_CONTRACTION = /n['’]t$|^cannot$/;

/** Words that open a clause of their own: a modal before them governs another verb. */
const SUBORDINATORS = words('that whether');
const AUXILIARIES = words('is are was were be been being does do did has have');
/** Verbs whose negation says nothing about the subject's action: "sharing does not change / affect / apply". */
const UNCHANGED = stems('change affect alter apply pose differ mean imply');
/** Predicates that switch off what their subject names: "the face search feature shall be disabled". */
const SWITCHED_OFF = stems('disabled deactivated excluded prohibited forbidden banned barred removed omitted');

/**
 * When the action is the subject ("Facial recognition shall not be used", "The feature shall be disabled"),
 * the negation comes after it: read the predicate up to its first verb.
 */
function negationAfter(tokens: Token[], start: number, anchor: number, end: number): string | undefined {
  // "those without log-in credentials do not …": the action qualifies someone else, who is the subject.
  if (tokens.slice(Math.max(start, anchor - 3), anchor).some((t) => t.lower === 'without')) return undefined;
  // "Vendor shall ensure that Customer Data is not disclosed": the action is the subject of the clause after "that".
  let subject = start;
  for (let i = anchor - 1; i > start; i--) {
    if (SUBORDINATORS.has(tokens[i]!.lower)) {
      subject = i + 1;
      break;
    }
  }
  for (let i = subject; i < anchor; i++) if (MODALS.has(tokens[i]!.lower) || AUXILIARIES.has(tokens[i]!.lower)) return undefined;
  for (let i = anchor + 1; i < Math.min(end, anchor + 24); i++) {
    const t = tokens[i]!;
    if (!(MODALS.has(t.lower) || AUXILIARIES.has(t.lower))) continue;
    for (let j = i; j < Math.min(end, i + 4); j++) {
      const u = tokens[j]!;
      if (NEGATORS.has(u.lower) || NOT_CONTRACTION.test(u.lower)) {
        // "Data sharing does not change": the negation is of the change, not of the sharing.
        return UNCHANGED.has(tokens[j + 1]?.stem ?? '') ? undefined : phraseAround(tokens, j);
      }
      if (SWITCHED_OFF.has(u.stem) || NEGATING_VERBS.has(u.stem)) return `${t.text} ${tokens.slice(i + 1, j + 1).map((x) => x.text).join(' ')}`;
    }
    return undefined;
  }
  return undefined;
}

/** "shall not" rather than "not": the modal with its negator reads better in a reason. */
function phraseAround(tokens: Token[], i: number): string {
  const prev = tokens[i - 1];
  if (prev && MODALS.has(prev.lower) && !prev.before.includes(',')) return `${prev.text} ${tokens[i]!.text}`;
  const next = tokens[i + 1];
  if (tokens[i]!.lower === 'no' && next?.lower === 'event') return 'in no event';
  return tokens[i]!.text;
}

/** A restriction anywhere in the provision: "only", "no longer than", "for thirty (30) days", "with the City's consent". */
/** "solely responsible", "sole discretion", "without limitation", "not only": the restrictor word at `i` confines nothing. */
function confinesNothing(tokens: Token[], i: number): boolean {
  return NOT_CONFINING.has(tokens[i + 1]?.lower ?? '') || tokens[i - 1]?.lower === 'without' || tokens[i - 1]?.lower === 'not' || tokens[i - 1]?.lower === 'no';
}

function limitIn(tokens: Token[], start: number, end: number): string | undefined {
  for (let i = start; i < end; i++) {
    const t = tokens[i]!;
    // "solely responsible", "sole discretion", "sole cost" say whose something is, and "without limitation" widens a
    // list: none of them confines the action
    if ((RESTRICTORS.has(t.stem) && !confinesNothing(tokens, i)) || (OVERSIGHT.has(t.lower) && !PLACES.has(tokens[i + 1]?.stem ?? ''))) return t.text;
    const choice = CHOICE.at(tokens, i, end);
    // "the Agency may elect to share with other agencies": an organisation's choice widens; a person's choice limits
    if (choice && !stemBefore(tokens, Math.max(start, i - 3), i, ORGANISATIONS)) return tokens.slice(i, i + choice.length).map((x) => x.text).join(' ');
    const phrase = LIMIT_PHRASES.at(tokens, i, end);
    // "subject to disclosure under the Public Records Act" exposes the data; "subject to audit" limits it
    const exposed = phrase?.length === 2 && t.lower === 'subject' && EXPOSURE.has(tokens[i + 2]?.stem ?? '');
    if (phrase && !exposed) return tokens.slice(i, i + phrase.length).map((x) => x.text).join(' ');
    if (DURATION_UNITS.has(t.stem) && i > start && isNumberWord(tokens[i - 1]!) && !isDecadesLong(tokens[i - 1]!, t) && !isFloor(tokens, start, i - 1)) {
      // "thirty (30) days" is a limit; "seventy-five (75) years" keeps the data for a lifetime and is not one.
      return `${tokens[i - 1]!.text} ${t.text}`;
    }
    // "with the City's prior written consent" limits; "without the City's consent" waives the limit.
    if (CONTROL.has(t.stem) && !lowerBefore(tokens, Math.max(start, i - 6), i, 'without') && agencyBefore(tokens, Math.max(start, i - 4), i, t.stem === REQUEST && BARE_REQUEST.has(tokens[i - 1]?.lower ?? ''))) {
      return tokens.slice(Math.max(start, i - 3), i + 1).map((x) => x.text).join(' ');
    }
  }
  return undefined;
}

/** "a minimum of five (5) years", "at least", "not less than": a floor keeps data longer, it limits nothing. */
function isFloor(tokens: Token[], start: number, amount: number): boolean {
  for (let k = amount - 1; k >= Math.max(start, amount - 6); k--) {
    const w = tokens[k]!.lower;
    if (w === 'minimum' || w === 'least' || ((w === 'less' || w === 'fewer') && tokens[k + 1]?.lower === 'than')) return true;
  }
  return false;
}

const NUMBER_WORDS = stems('one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty forty-five sixty ninety hundred');

/** Ten years or more: a period that long is not a meaningful retention limit. */
function isDecadesLong(amount: Token, unit: Token): boolean {
  const n = /^\d+$/.test(amount.lower) ? Number(amount.lower) : undefined;
  return unit.stem === 'year' && n !== undefined && n >= 10;
}

function isNumberWord(t: Token): boolean {
  return /^\d+$/.test(t.lower) || NUMBER_WORDS.has(t.stem);
}

interface Exception {
  kind: 'loophole' | 'narrow';
  text: string;
}

/** The exception that follows the action in its sentence (or in a next sentence that opens with one). */
function exceptionAfter(clause: Tokenized, sentenceIndex: number, anchor: number): Exception | undefined {
  const { tokens, sentences } = clause;
  let end = Math.min(sentences[sentenceIndex]!.last, anchor + REACH);
  // "…; provided, however, that …" and "… . Notwithstanding the foregoing, …" continue the provision.
  for (let s = sentenceIndex + 1; s < sentences.length; s++) {
    const next = sentences[s]!;
    if (next.first >= anchor + REACH) break; // beyond reach: no later sentence can move `end`
    if (next.first < next.last && EXCEPTION_CUES.has(tokens[next.first]!.lower)) end = Math.min(next.last, anchor + REACH);
    else break;
  }
  for (let i = anchor + 1; i < end; i++) {
    if (!EXCEPTION_CUES.has(tokens[i]!.lower)) continue;
    if (tokens[i]!.lower === 'other' && tokens[i + 1]?.lower !== 'than') continue;
    const text = quote(clause, i, Math.min(end, i + 14));
    if (DISCRETION.has(tokens, i, end)) return { kind: 'loophole', text };
    if (NARROW.has(tokens, i, end)) return { kind: 'narrow', text };
    return { kind: WIDE.has(tokens, i, end) ? 'loophole' : 'narrow', text };
  }
  // No exception word, but an open door later in the sentence: "or such longer period as Vendor deems necessary".
  const last = Math.min(sentences[sentenceIndex]!.last, anchor + REACH);
  const at = OPEN_DOOR.find(tokens, anchor + 1, last);
  return at >= 0 ? { kind: 'loophole', text: quote(clause, Math.max(anchor + 1, at - 4), Math.min(last, at + 4)) } : undefined;
}

function describeModality(tokens: Token[], start: number, anchor: number): string {
  for (let i = anchor - 1; i >= start; i--) {
    const t = tokens[i]!;
    if (PERMISSIONS.has(t.lower)) return `permitted ("${t.text}")`;
    if (MODALS.has(t.lower)) return `provided for ("${t.text}")`;
  }
  return STATED;
}

const STATED = 'stated without limit';

const OPEN_DOOR = new PhraseList(['deems', 'sole discretion', 'its discretion', 'good faith belief', 'reasonably believes', 'or longer']);

function matchesAt(tokens: Token[], i: number, end: number, phrase: string[]): boolean {
  if (i + phrase.length > end) return false;
  for (let k = 0; k < phrase.length; k++) if (tokens[i + k]!.stem !== phrase[k]) return false;
  return true;
}



function quote(clause: Tokenized, first: number, last: number): string {
  const tokens = clause.tokens;
  if (first >= last || !tokens[first]) return '';
  return clause.text.slice(tokens[first]!.start, tokens[Math.max(first, last - 1)]!.end);
}
