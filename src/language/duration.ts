/**
 * Periods of time as contracts write them, normalised to days, so that "thirty (30) days", "90-day" and
 * "one (1) year" can be compared with a city's retention limit.
 *
 * Four kinds of period:
 * - `fixed`: "thirty (30) days", "90-day", "six months", "24 hours", "2.5 years";
 * - `relative`: a period measured from something whose length the sentence does not state, "the term of this
 *   Agreement plus seven (7) years"; `days` is only what is added (7 years), so it is a lower bound;
 * - `indefinite`: "indefinitely", "in perpetuity", "retained permanently";
 * - `discretionary`: "for as long as Vendor deems necessary": whoever decides can keep it forever.
 *
 * Units are counted as LexNLP counts them (so results compare with its test cases): a month is 30 days, a
 * quarter 91.25, a year or an anniversary 365, a week 7; business days count as days.
 */

export type DurationKind = 'fixed' | 'relative' | 'indefinite' | 'discretionary';

export type DurationUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year' | 'anniversary';

export interface Duration {
  kind: DurationKind;
  /** Character span of the period in the text given. */
  start: number;
  end: number;
  /** The words, as written. */
  text: string;
  /**
   * Length in days: the period (`fixed`), what is added to the anchor (`relative`: a lower bound), or
   * `Infinity` (`indefinite`, `discretionary`).
   */
  days: number;
  /** The number as written ("thirty (30)" → 30), for `fixed` and `relative`. */
  amount?: number;
  unit?: DurationUnit;
  /** A qualifier of the unit as written: "business", "calendar". Business days still count as days. */
  qualifier?: string;
  /** `relative`: what the period is measured from, e.g. "the term of this Agreement". */
  anchor?: string;
  /** `discretionary`: who decides, e.g. "Corvane"; absent for "as long as necessary". */
  decidedBy?: string;
}

export const DAYS_PER_UNIT: Record<DurationUnit, number> = {
  second: 1 / 86_400,
  minute: 1 / 1_440,
  hour: 1 / 24,
  day: 1,
  week: 7,
  month: 30,
  quarter: 91.25,
  year: 365,
  anniversary: 365,
};

/** Every period in a text, in order. Where two readings overlap, the longer one wins ("term plus 7 years"). */
export function findDurations(text: string): Duration[] {
  const found = [...relativePeriods(text), ...openEndedPeriods(text), ...fixedPeriods(text)];
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: Duration[] = [];
  for (const d of found) {
    const last = kept[kept.length - 1];
    if (last && d.start < last.end) {
      if (d.end - d.start > last.end - last.start) kept[kept.length - 1] = d;
      continue;
    }
    kept.push(d);
  }
  return kept;
}

/** A period that may never end: indefinite, or left to someone's judgement. */
export function isUnbounded(d: Duration): boolean {
  return d.kind === 'indefinite' || d.kind === 'discretionary';
}

/**
 * The period in a reviewer's words: "30 days", "1 year", "the term of this Agreement plus 7 years",
 * "indefinitely", "for as long as Corvane decides".
 */
export function describeDuration(d: Duration): string {
  switch (d.kind) {
    case 'fixed':
      return amountAndUnit(d);
    case 'relative':
      return d.days > 0 ? `${d.anchor} plus ${amountAndUnit(d)}` : `${d.anchor}`;
    case 'indefinite':
      return 'indefinitely';
    case 'discretionary':
      return d.decidedBy ? `for as long as ${d.decidedBy} decides` : 'for as long as "necessary" (no fixed period)';
  }
}

function amountAndUnit(d: Duration): string {
  const amount = d.amount ?? d.days;
  const unit = d.unit ?? 'day';
  const qualifier = d.qualifier === 'business' ? 'business ' : '';
  return `${formatNumber(amount)} ${qualifier}${plural(unit, amount)}`;
}

function plural(unit: DurationUnit, amount: number): string {
  if (amount === 1) return unit;
  return unit === 'anniversary' ? 'anniversaries' : `${unit}s`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

// ── Fixed periods: a number, an optional qualifier, a unit ───────────────────────────────────────────────────

const SMALL_NUMBERS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80,
  ninety: 90,
};
const MULTIPLIERS: Record<string, number> = { hundred: 100, thousand: 1000, dozen: 12 };

/** Longest first, so that "sixty" is not read as "six" followed by "ty". */
const NUMBER_WORD = Object.keys(SMALL_NUMBERS).sort((a, b) => b.length - a.length).join('|');
const MULTIPLIER_WORD = 'hundred(?:\\s+and)?|thousand(?:\\s+and)?|dozen';
/**
 * "thirty", "twenty-four", "one hundred and eighty", "a hundred", "a dozen". At most eight words: a bounded
 * run keeps matching linear on text full of number words that are not periods ("one two three …").
 */
const WORD_NUMBER =
  `(?:(?:an?\\s+)(?=hundred|thousand|dozen))?(?:${NUMBER_WORD}|${MULTIPLIER_WORD})` +
  `(?:(?:\\s+|-)(?:${NUMBER_WORD}|${MULTIPLIER_WORD})){0,7}`;
const DIGITS = '\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?';
const QUALIFIERS = 'business|calendar|actual|working|consecutive|full|additional|successive|further|subsequent';
const UNITS = 'seconds?|minutes?|hours?|hrs?|days?|weeks?|months?|quarters?|years?|yrs?|anniversar(?:y|ies)';

const FIXED = new RegExp(
  '(?<![\\w.,$-])(?:' +
    `(?<words>${WORD_NUMBER})(?:\\s*\\((?<paren>${DIGITS})\\))?` + // thirty (30)
    `|(?<digits>${DIGITS})` + // 30, 2.5, 1,000
    '|(?<half>half\\s+an?|one-half)' + // half a year
    '|(?<article>an?)' + // a year, an hour
    ')' +
    '(?<andAHalf>\\s+and\\s+a\\s+half)?' +
    `(?:\\s*-\\s*|\\s+)(?:(?<qualifier>${QUALIFIERS})(?:\\s+|-))?` +
    `(?<unit>${UNITS})\\b`,
  'gi',
);

/** "24 hours a day, seven days a week" and "twice a year" are rates, not periods. */
const RATE_BEFORE = /(?:hours?|days?|weeks?|months?|years?|times?|once|twice)\s+$/i;

function fixedPeriods(text: string): Duration[] {
  const out: Duration[] = [];
  for (const m of text.matchAll(FIXED)) {
    const g = m.groups ?? {};
    if (g.article && RATE_BEFORE.test(text.slice(Math.max(0, m.index - 20), m.index))) continue;
    const amount = amountOf(g);
    if (amount === undefined || !(amount > 0)) continue;
    const unit = unitOf(g.unit!);
    const qualifier = g.qualifier?.toLowerCase();
    out.push({
      kind: 'fixed',
      start: m.index,
      end: m.index + m[0].length,
      text: m[0],
      days: amount * DAYS_PER_UNIT[unit],
      amount,
      unit,
      ...(qualifier ? { qualifier } : {}),
    });
  }
  return out;
}

function amountOf(g: Record<string, string | undefined>): number | undefined {
  const half = g.andAHalf ? 0.5 : 0;
  // In "thirty (30)" the figure in parentheses is the one the drafter meant to be binding.
  if (g.paren) return parseFigure(g.paren) + half;
  if (g.digits) return parseFigure(g.digits) + half;
  if (g.words) {
    const value = wordsToNumber(g.words);
    return value === undefined ? undefined : value + half;
  }
  if (g.half) return 0.5;
  if (g.article) return 1 + half;
  return undefined;
}

function parseFigure(figure: string): number {
  return Number(figure.replace(/,/g, ''));
}

/** "one hundred and eighty" → 180, "twenty-four" → 24, "a dozen" → 12. */
export function wordsToNumber(words: string): number | undefined {
  let total = 0;
  let current = 0;
  for (const word of words.toLowerCase().split(/[\s-]+/)) {
    if (word === 'a' || word === 'an') current = 1;
    else if (word === 'and') continue;
    else if (word in SMALL_NUMBERS) current += SMALL_NUMBERS[word]!;
    else if (word === 'thousand') {
      total += (current || 1) * 1000;
      current = 0;
    } else if (word in MULTIPLIERS) current = (current || 1) * MULTIPLIERS[word]!;
    else return undefined;
  }
  return total + current;
}

function unitOf(written: string): DurationUnit {
  const w = written.toLowerCase();
  if (w.startsWith('anniversar')) return 'anniversary';
  if (w.startsWith('hr')) return 'hour';
  if (w.startsWith('yr')) return 'year';
  return w.replace(/s$/, '') as DurationUnit;
}

// ── Relative periods: "the term of this Agreement plus seven (7) years" ──────────────────────────────────────

/** What a period can be measured from: the contract's term, the data's life, the pilot's duration. */
const ANCHOR =
  '(?:the\\s+)?(?:(?:initial|current|then-current|full|entire)\\s+)?(?:term|life|lifetime|duration|length|period)' +
  '\\s+of\\s+(?:this|the|such|any|each|that|its)\\s+(?:[\\w-]+\\s+){0,3}?[\\w-]+';

const PLUS_PERIOD = new RegExp(
  `(?<anchor>${ANCHOR})\\s*,?\\s+(?:plus|\\+|and(?:\\s+for)?)\\s+(?:an?\\s+(?:additional|further)\\s+)?` +
    `(?<period>(?:[\\w-]+\\s+){1,4}?\\(?\\d*\\)?\\s*(?:(?:${QUALIFIERS})\\s+)?(?:${UNITS}))\\b` +
    '(?:\\s+(?:thereafter|afterwards?|after\\s+(?:it|that|its|the)\\b[^,.;]{0,40}|following\\s+(?:it|that|its|the)\\b[^,.;]{0,40}))?',
  'gi',
);

/** "for the term of this Agreement", "until the end of the Term": as long as the anchor lasts. */
const FOR_ANCHOR = new RegExp(
  `\\b(?:for|during|throughout|through|until\\s+the\\s+(?:end|expiration)\\s+of)\\s+(?<anchor>${ANCHOR}|the\\s+Term\\b)`,
  'gi',
);

function relativePeriods(text: string): Duration[] {
  const out: Duration[] = [];
  for (const m of text.matchAll(PLUS_PERIOD)) {
    const period = fixedPeriods(m.groups!.period!)[0];
    if (!period) continue;
    out.push({
      kind: 'relative',
      start: m.index,
      end: m.index + m[0].length,
      text: m[0],
      days: period.days,
      amount: period.amount!,
      unit: period.unit!,
      ...(period.qualifier ? { qualifier: period.qualifier } : {}),
      anchor: tidyAnchor(m.groups!.anchor!),
    });
  }
  for (const m of text.matchAll(FOR_ANCHOR)) {
    const anchor = m.groups!.anchor!;
    const start = m.index + m[0].length - anchor.length;
    out.push({ kind: 'relative', start, end: start + anchor.length, text: anchor, days: 0, anchor: tidyAnchor(anchor) });
  }
  return out;
}

function tidyAnchor(anchor: string): string {
  const a = anchor.replace(/\s+/g, ' ').trim();
  return /^the\b/i.test(a) ? a : `the ${a}`;
}

// ── Open-ended periods: indefinite, or for as long as someone decides ────────────────────────────────────────

const KEEP_VERBS = 'retain(?:ed|s)?|kept|keeps?|stored?|maintain(?:ed|s)?|preserved?|archived?|held|holds?';
/** "permanently delete" ends the data's life: only "permanently" next to keeping is open-ended. */
const NOT_DELETION = '(?!\\s+(?:delet|destr|eras|purg|remov|overwr|dispos|de-?identif|anonymi))';

const INDEFINITE = new RegExp(
  [
    '\\bindefinitely\\b',
    '\\bin\\s+perpetuity\\b',
    '\\bperpetually\\b',
    '\\bforever\\b',
    '\\bfor\\s+an?\\s+(?:indefinite|unlimited|unspecified)\\s+(?:period|time|duration|length\\s+of\\s+time)(?:\\s+of\\s+time)?\\b',
    '\\bwithout\\s+(?:any\\s+)?time\\s+limit(?:ation)?s?\\b',
    '\\bwithout\\s+limit(?:ation)?\\s+(?:of|on|as\\s+to)\\s+(?:time|duration)\\b',
    `\\b(?:${KEEP_VERBS})\\s+(?:[\\w-]+\\s+){0,3}?permanently\\b${NOT_DELETION}`,
    `\\bpermanently\\s+(?:retain|keep|store|maintain|preserve|archive)`,
    '\\bpermanent\\s+(?:retention|storage|archive|archival)\\b',
  ].join('|'),
  'gi',
);

/** Who decides: a name ("Corvane", "the Vendor"), or a pronoun. */
const DECIDER = "(?<who>(?:the\\s+)?[A-Z][\\w.&'’-]*(?:\\s+[A-Z][\\w.&'’-]*){0,3}|it|we|they)";
const JUDGES = '(?:deems?|considers?|determines?|believes?|judges?|finds?|decides?|elects?|chooses?|wishes?|wants?)';

const AS_LONG_AS_DECIDED = new RegExp(
  // Not case-insensitive: the decider is a capitalised name; the leading words may start a sentence.
  `\\b(?:[Ff]or\\s+)?(?:(?:[Aa]s|[Ss]o)\\s+long\\s+as|(?:[Ss]uch|[Aa]|[Aa]ny)\\s+(?:period|time|length)\\s+(?:of\\s+time\\s+)?as)\\s+` +
    `${DECIDER}\\s+(?:(?:reasonably|in\\s+good\\s+faith|solely|may|shall|,)\\s+)*${JUDGES}\\b` +
    '(?:\\s+(?:it\\s+(?:to\\s+be\\s+)?)?(?:necessary|appropriate|useful|advisable|reasonable|required|needed|fit|proper))?',
  'g',
);

/** "as long as necessary for its business purposes": no period, and the holder decides what is necessary. */
const AS_LONG_AS_NEEDED = new RegExp(
  '\\b(?:for\\s+)?(?:as|so)\\s+long\\s+as\\s+(?:is\\s+|it\\s+is\\s+|they\\s+are\\s+|(?:is\\s+)?(?:reasonably|commercially|strictly)\\s+)*' +
    '(?:necessary|needed|required|useful|reasonable|appropriate)\\b',
  'gi',
);

/**
 * "retain the data at its sole discretion": the holder decides how long. Only next to a keeping verb: "add
 * partners at its discretion" is no period at all. The span is the discretion words.
 */
const KEPT_AT_DISCRETION = new RegExp(
  `\\b(?:${KEEP_VERBS})\\b[^.;:]{0,80}?\\b(?<discretion>[Aa]t|[Ii]n)\\s+(?<who>its|their|our|[A-Z][\\w&-]*(?:\\s+[A-Z][\\w&-]*){0,2}['’]s?)\\s+(?:sole\\s+|absolute\\s+|own\\s+)*discretion\\b`,
  'gid',
);

function openEndedPeriods(text: string): Duration[] {
  const out: Duration[] = [];
  for (const m of text.matchAll(INDEFINITE)) {
    out.push({ kind: 'indefinite', start: m.index, end: m.index + m[0].length, text: m[0], days: Infinity });
  }
  for (const m of text.matchAll(AS_LONG_AS_DECIDED)) {
    // "Vendor" as written is the decider; a lowercase word is a pronoun or a common noun, kept as written.
    out.push({ ...open(m), decidedBy: decider(m.groups!.who!) });
  }
  for (const m of text.matchAll(AS_LONG_AS_NEEDED)) out.push(open(m));
  for (const m of text.matchAll(KEPT_AT_DISCRETION)) {
    const start = m.indices!.groups!.discretion![0];
    const end = m.index + m[0].length;
    out.push({ kind: 'discretionary', start, end, text: text.slice(start, end), days: Infinity, decidedBy: decider(m.groups!.who!) });
  }
  return out;
}

function open(m: RegExpMatchArray): Duration {
  return { kind: 'discretionary', start: m.index!, end: m.index! + m[0].length, text: m[0], days: Infinity };
}

function decider(who: string): string {
  const w = who.replace(/['’]s?$/, '').replace(/\s+/g, ' ').trim();
  if (/^(?:it|its|they|their|we|our)$/i.test(w)) return 'the vendor';
  return w;
}
