/**
 * Word automatic numbering, rendered the way Word shows it.
 *
 * word/numbering.xml defines abstract lists (w:abstractNum: one w:lvl per indent level, with a start value,
 * a number format and a template such as "%1.%2" or "(%3)") and list instances (w:num), which point at an
 * abstract list and may override levels or start values (w:lvlOverride / w:startOverride). Paragraphs refer
 * to an instance and a level (w:numPr: numId + ilvl), directly or through their style.
 *
 * Counting follows Word: counters belong to the abstract list, so instances of the same abstract list
 * continue each other's numbering, except that an instance with a start override restarts those levels the
 * first time it is used (this is how "Restart at 1" and the `docx` package's `instance` are written). When a
 * level advances, deeper levels restart, unless w:lvlRestart says otherwise.
 */

import type { StyleSheet } from './styles.js';
import { attr, child, children, intVal, onOff, root, valOf, type XNode } from './xml.js';

export interface LevelDef {
  start: number;
  /** decimal, lowerLetter, upperRoman, bullet, none, … */
  numFmt: string;
  /** The label template: "%1.", "%1.%2", "(%3)", "Article %1". */
  lvlText: string;
  /** w:lvlRestart: restart this level only when a level numbered ≤ this (1-based) advances; 0 = never. */
  restartAfter?: number;
  /** Legal numbering: parent levels render as decimal ("1.01" under "ARTICLE I"). */
  isLgl: boolean;
  /** The paragraph style linked to this level (lets a style with a numId but no ilvl find its level). */
  pStyle?: string;
}

interface AbstractNum {
  levels: Map<number, LevelDef>;
  /** This list is a reference to a numbering style, whose own w:num holds the real definition. */
  numStyleLink?: string;
}

interface NumInstance {
  abstractId: string;
  /** Full level replacements from w:lvlOverride/w:lvl. */
  levels: Map<number, LevelDef>;
  /** w:lvlOverride/w:startOverride values. */
  starts: Map<number, number>;
}

/** A list instance with its abstract list resolved: what the counters need to know. */
export interface ResolvedList {
  /** Counter key: the abstract list that really defines the levels (after following style links). */
  key: string;
  level(ilvl: number): LevelDef | undefined;
  start(ilvl: number): number;
  startOverrides: ReadonlyMap<number, number>;
}

export interface ListLabel {
  /** The rendered number, e.g. "7.2" or "(a)"; "" for bullets and unnumbered levels. */
  label: string;
  isBullet: boolean;
}

function readLevel(lvl: XNode): LevelDef {
  const restartAfter = intVal(lvl, 'w:lvlRestart');
  const pStyle = valOf(lvl, 'w:pStyle');
  return {
    start: intVal(lvl, 'w:start') ?? 0, // ECMA-376 17.9.25: an omitted start is zero
    numFmt: valOf(lvl, 'w:numFmt') ?? 'decimal',
    lvlText: valOf(lvl, 'w:lvlText') ?? '',
    isLgl: onOff(lvl, 'w:isLgl') ?? false,
    ...(restartAfter !== undefined && { restartAfter }),
    ...(pStyle !== undefined && { pStyle }),
  };
}

function readLevels(parent: XNode): Map<number, LevelDef> {
  const levels = new Map<number, LevelDef>();
  for (const lvl of children(parent, 'w:lvl')) {
    const ilvl = Number.parseInt(attr(lvl, 'w:ilvl') ?? '', 10);
    if (Number.isFinite(ilvl)) levels.set(ilvl, readLevel(lvl));
  }
  return levels;
}

export class NumberingDefinitions {
  private readonly abstracts = new Map<string, AbstractNum>();
  private readonly nums = new Map<string, NumInstance>();
  private readonly resolved = new Map<string, ResolvedList | undefined>();

  constructor(
    parsed: XNode[] | undefined,
    private readonly styles: StyleSheet,
  ) {
    const numbering = parsed ? root(parsed, 'w:numbering') : undefined;
    for (const a of children(numbering, 'w:abstractNum')) {
      const id = attr(a, 'w:abstractNumId');
      if (id === undefined) continue;
      const numStyleLink = valOf(a, 'w:numStyleLink');
      this.abstracts.set(id, { levels: readLevels(a), ...(numStyleLink !== undefined && { numStyleLink }) });
    }
    for (const n of children(numbering, 'w:num')) this.addNum(n);
  }

  private addNum(n: XNode): void {
    const numId = attr(n, 'w:numId');
    const abstractId = valOf(n, 'w:abstractNumId');
    if (numId === undefined || abstractId === undefined) return;
    const instance: NumInstance = { abstractId, levels: new Map(), starts: new Map() };
    for (const override of children(n, 'w:lvlOverride')) {
      const ilvl = Number.parseInt(attr(override, 'w:ilvl') ?? '', 10);
      if (!Number.isFinite(ilvl)) continue;
      const start = intVal(override, 'w:startOverride');
      if (start !== undefined) instance.starts.set(ilvl, start);
      const lvl = child(override, 'w:lvl');
      if (lvl) instance.levels.set(ilvl, readLevel(lvl));
    }
    this.nums.set(numId, instance);
  }

  /** The list a numId refers to, or undefined (numId "0" and unknown ids mean "no numbering"). */
  resolve(numId: string): ResolvedList | undefined {
    if (!this.resolved.has(numId)) this.resolved.set(numId, this.build(numId));
    return this.resolved.get(numId);
  }

  private build(numId: string): ResolvedList | undefined {
    const instance = this.nums.get(numId);
    if (!instance) return undefined;
    const found = this.followStyleLinks(instance.abstractId);
    if (!found) return undefined;
    const { key, abstract } = found;
    const level = (ilvl: number): LevelDef | undefined => instance.levels.get(ilvl) ?? abstract.levels.get(ilvl);
    return {
      key,
      level,
      start: (ilvl) => instance.starts.get(ilvl) ?? level(ilvl)?.start ?? 0,
      startOverrides: instance.starts,
    };
  }

  /**
   * An abstract list with w:numStyleLink only points at a numbering style; the style's numId leads to the
   * abstract list that holds the levels. Bounded, since files can loop.
   */
  private followStyleLinks(abstractId: string): { key: string; abstract: AbstractNum } | undefined {
    let key = abstractId;
    for (let hops = 0; hops < 5; hops++) {
      const abstract = this.abstracts.get(key);
      if (!abstract) return undefined;
      if (abstract.numStyleLink === undefined) return { key, abstract };
      const linkedNumId = this.styles.numPr(abstract.numStyleLink)?.numId;
      const linked = linkedNumId === undefined ? undefined : this.nums.get(linkedNumId);
      if (!linked || linked.abstractId === key) return abstract.levels.size > 0 ? { key, abstract } : undefined;
      key = linked.abstractId;
    }
    return undefined;
  }

  /** The level of a list whose w:lvl is linked to this paragraph style (for style numbering without ilvl). */
  levelForStyle(numId: string, styleId: string | undefined): number | undefined {
    const list = styleId === undefined ? undefined : this.resolve(numId);
    if (!list) return undefined;
    for (let ilvl = 0; ilvl <= 8; ilvl++) {
      if (list.level(ilvl)?.pStyle === styleId) return ilvl;
    }
    return undefined;
  }
}

interface CounterState {
  values: (number | undefined)[];
  /** Instances already seen: their start overrides have been applied. */
  usedNums: Set<string>;
}

/** The running counters of one story (the body, or the notes) and the labels they produce. */
export class ListCounters {
  private readonly states = new Map<string, CounterState>();

  constructor(private readonly defs: NumberingDefinitions) {}

  /** Advances the counters for a paragraph numbered (numId, ilvl) and returns its label. */
  next(numId: string, ilvl: number): ListLabel | undefined {
    const list = this.defs.resolve(numId);
    const def = list?.level(ilvl);
    if (!list || !def) return undefined;
    const state = this.stateFor(list.key);

    if (!state.usedNums.has(numId)) {
      state.usedNums.add(numId);
      for (const overridden of list.startOverrides.keys()) state.values[overridden] = undefined;
    }
    const current = state.values[ilvl];
    state.values[ilvl] = current === undefined ? list.start(ilvl) : current + 1;
    this.restartDeeperLevels(list, state, ilvl);

    if (def.numFmt === 'bullet') return { label: '', isBullet: true };
    return { label: renderLabel(list, state, ilvl, def), isBullet: false };
  }

  private stateFor(key: string): CounterState {
    let state = this.states.get(key);
    if (!state) {
      state = { values: [], usedNums: new Set() };
      this.states.set(key, state);
    }
    return state;
  }

  private restartDeeperLevels(list: ResolvedList, state: CounterState, advanced: number): void {
    for (let deeper = advanced + 1; deeper <= 8; deeper++) {
      const restartAfter = list.level(deeper)?.restartAfter ?? deeper;
      // lvlRestart is 1-based: "restart after level 2" means when ilvl 0 or 1 advances.
      if (restartAfter !== 0 && advanced < restartAfter) state.values[deeper] = undefined;
    }
  }
}

function renderLabel(list: ResolvedList, state: CounterState, ilvl: number, def: LevelDef): string {
  return def.lvlText
    .replace(/%([1-9])/g, (_, digit: string) => {
      const level = Number(digit) - 1;
      const levelDef = list.level(level);
      if (!levelDef) return '';
      // A level that has not been used yet shows its start value, as Word does.
      const value = state.values[level] ?? list.start(level);
      // Legal numbering turns the parent levels' numbers Arabic ("1.01" under "ARTICLE I"); the level's own
      // number keeps its format.
      return formatNumber(value, def.isLgl && level < ilvl ? 'decimal' : levelDef.numFmt);
    })
    .trim();
}

/** Renders one counter value in a Word number format; unknown formats fall back to decimal. */
export function formatNumber(n: number, numFmt: string): string {
  switch (numFmt) {
    case 'none':
    case 'bullet':
      return '';
    case 'decimalZero':
      return n >= 0 && n < 10 ? `0${n}` : String(n);
    case 'lowerLetter':
      return letters(n);
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperRoman':
      return roman(n);
    case 'ordinal':
      return ordinal(n);
    case 'cardinalText':
      return capitalise(words(n) ?? String(n));
    case 'ordinalText':
      return capitalise(ordinalWords(n) ?? ordinal(n));
    case 'decimalEnclosedParen':
      return `(${n})`;
    case 'decimalEnclosedFullstop':
      return `${n}.`;
    case 'decimalEnclosedCircle':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : String(n);
    default:
      return String(n);
  }
}

/** Word's letter numbering: a…z, then aa, bb, … zz, then aaa (the letter repeats; it is not base 26). */
function letters(n: number): string {
  if (n < 1) return String(n);
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

const ROMAN: [number, string][] = [
  [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
  [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
];

function roman(n: number): string {
  if (n < 1 || n > 3999) return String(n);
  let out = '';
  let rest = n;
  for (const [value, digits] of ROMAN) {
    while (rest >= value) {
      out += digits;
      rest -= value;
    }
  }
  return out;
}

function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven',
  'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ORDINAL_ONES: Record<string, string> = { one: 'first', two: 'second', three: 'third', five: 'fifth',
  eight: 'eighth', nine: 'ninth', twelve: 'twelfth' };

/** 0–99 in English words ("twenty-one"); undefined beyond (contracts rarely reach "Article One Hundred"). */
function words(n: number): string | undefined {
  if (n < 0 || n > 99 || !Number.isInteger(n)) return undefined;
  if (n < 20) return ONES[n];
  const tens = TENS[Math.floor(n / 10)]!;
  return n % 10 === 0 ? tens : `${tens}-${ONES[n % 10]}`;
}

function ordinalWords(n: number): string | undefined {
  const cardinal = words(n);
  if (cardinal === undefined) return undefined;
  const parts = cardinal.split('-');
  const last = parts.pop()!;
  const lastOrdinal = ORDINAL_ONES[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return [...parts, lastOrdinal].join('-');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
