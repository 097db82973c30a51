/**
 * Screening: in which windows of a clause can a rule match at all? Most rules a clause's words point to do not
 * match it ("data" is everywhere, "indefinitely" is not), so before the matcher collects hits (match.ts), the
 * screen answers with a bitmask per node: bit s is set when the node matches in sentence s (for a rule scoped
 * to the clause, bit 0 stands for the whole clause). Words and phrases read their bits off the clause's word
 * positions; `all`, `any` and `not` are AND, OR and NOT; the few nodes that need positions to decide (`near`,
 * `defined`, `pattern`) ask the matcher, only in the windows where they could match.
 *
 * The masks are exact, not estimates: a bit is set exactly when `evaluate` finds the node in that window, so
 * screening changes how fast a rule is checked, never what it finds.
 */
import type { MatchNode } from './compile.js';
import { evaluate, phraseAt, type MatchContext } from './match.js';
import type { Vocabulary } from './vocabulary.js';

/** Masks hold 31 windows; a clause with more sentences is not screened by sentence (every one is checked). */
export const MAX_SCREENED_SENTENCES = 31;

/** Sentence `s`'s bit in a mask; 0 past the last sentence a mask can hold. */
export function sentenceBit(s: number): number {
  return s < MAX_SCREENED_SENTENCES ? 1 << s : 0;
}

const WORDS = 0;
const PHRASE = 1;
const ANY = 2;
const ALL = 3;
const NOT = 4;
const NEAR = 5;
/** `defined` and `pattern`: only the matcher can tell. */
const ASK = 6;
const KINDS = { words: WORDS, phrase: PHRASE, any: ANY, all: ALL, not: NOT, near: NEAR, defined: ASK, pattern: ASK } as const;

/**
 * The rule set's nodes laid out flat (kind, children, first word) so that screening a clause walks typed arrays,
 * plus per-clause memory reused from clause to clause: one slot per node and scope, stamped by clause.
 */
export class Screen {
  private readonly kind: Uint8Array;
  private readonly childStart: Int32Array;
  private readonly childList: Int32Array;
  /** For a phrase: the number of its first word's stem. */
  private readonly firstStem: Int32Array;
  private readonly masks: Int32Array;
  /** Which windows of `masks` are worked out (see mask). */
  private readonly known: Int32Array;
  private readonly stamps: Int32Array;
  /** By stem number: the clause that last had the stem. */
  private readonly present: Int32Array;
  /** By stem number: where in the clause's relevant words it last occurs; `next` leads to the one before. */
  private readonly head: Int32Array;
  private next = new Int32Array(64);
  /** By word-set node id: the sentences the set's words are in, for the clause stamped. */
  private readonly setMasks: Int32Array;
  private readonly setStamps: Int32Array;
  private clause = 0;
  private ctx!: MatchContext;
  private sentences = 0;

  constructor(
    private readonly nodes: readonly MatchNode[],
    private readonly vocabulary: Vocabulary,
  ) {
    const n = nodes.length;
    this.kind = new Uint8Array(n);
    this.childStart = new Int32Array(n + 1);
    this.firstStem = new Int32Array(n).fill(-1);
    const children: number[] = [];
    for (const node of nodes) {
      this.kind[node.id] = KINDS[node.type];
      this.childStart[node.id] = children.length;
      if (node.type === 'any' || node.type === 'all' || node.type === 'near') children.push(...node.children.map((c) => c.id));
      else if (node.type === 'not') children.push(node.child.id);
      else if (node.type === 'phrase') this.firstStem[node.id] = vocabulary.ids.get(node.stems[0]!) ?? -1;
      this.childStart[node.id + 1] = children.length;
    }
    this.childList = Int32Array.from(children);
    this.masks = new Int32Array(n * 2);
    this.known = new Int32Array(n * 2);
    this.stamps = new Int32Array(n * 2);
    this.present = new Int32Array(vocabulary.ids.size);
    this.head = new Int32Array(vocabulary.ids.size);
    this.setMasks = new Int32Array(n);
    this.setStamps = new Int32Array(n);
  }

  /** Starts a new clause: forgets the previous one, and notes which stems and word sets this one has. */
  reset(ctx: MatchContext): void {
    this.ctx = ctx;
    const { scan, relevant, stemIds } = ctx.clause;
    this.sentences = scan.sentenceFirst.length;
    if (++this.clause === 0x7fffffff) {
      for (const a of [this.stamps, this.present, this.setStamps]) a.fill(0);
      this.clause = 1;
    }
    const clause = this.clause;
    if (this.next.length < relevant.length) this.next = new Int32Array(relevant.length * 2);
    for (let k = 0; k < relevant.length; k++) {
      const id = stemIds![k]!;
      if (id < 0) continue;
      // Each stem's occurrences as a chain through `next`, newest first.
      this.next[k] = this.present[id] === clause ? this.head[id]! : -1;
      this.head[id] = k;
      this.present[id] = clause;
      const s = scan.sentenceOf[relevant[k]!]!;
      const bit = sentenceBit(s);
      for (const set of this.vocabulary.sets[id]!) {
        if (this.setStamps[set] !== clause) {
          this.setStamps[set] = clause;
          this.setMasks[set] = 0;
        }
        this.setMasks[set]! |= bit;
      }
    }
  }

  /**
   * The windows of this clause where the node matches: sentences (bit s = sentence s) for `sentence` scope,
   * bit 0 for `clause` scope. `undefined` when the clause has too many sentences to screen.
   */
  windows(node: MatchNode, scope: 'sentence' | 'clause'): number | undefined {
    if (scope === 'sentence' && this.sentences > MAX_SCREENED_SENTENCES) return undefined;
    const bySentence = scope === 'sentence';
    return this.mask(node.id, bySentence, this.everyWindow(bySentence));
  }

  /**
   * What the screen knows of a node in one window of the current clause (bit `bit` of the `bySentence` masks):
   * true or false when worked out, undefined when it never had to ask.
   */
  knownIn(node: MatchNode, bySentence: boolean, bit: number): boolean | undefined {
    const slot = node.id * 2 + (bySentence ? 1 : 0);
    if (this.stamps[slot] !== this.clause || (this.known[slot]! & bit) === 0) return undefined;
    return (this.masks[slot]! & bit) !== 0;
  }

  /** The screen's verdicts, one window at a time, for the matcher to consult (MatchContext.screened). */
  verdicts(bySentence: boolean): Verdicts {
    return new Verdicts(this, bySentence);
  }

  private everyWindow(bySentence: boolean): number {
    return bySentence ? (this.sentences >= MAX_SCREENED_SENTENCES ? 0x7fffffff : (1 << this.sentences) - 1) : 1;
  }

  /**
   * The node's mask over the windows in `need` (other bits are 0). Only the windows asked for are worked out:
   * inside `all`, a later part is only asked about the windows where the earlier parts matched, which spares the
   * costly nodes (patterns, `near`) most of their work. What is known is remembered for the rest of the clause.
   */
  private mask(id: number, bySentence: boolean, need: number): number {
    if (need === 0) return 0;
    const slot = id * 2 + (bySentence ? 1 : 0);
    let known = 0;
    let value = 0;
    if (this.stamps[slot] === this.clause) {
      known = this.known[slot]!;
      value = this.masks[slot]!;
      if ((need & ~known) === 0) return value & need;
    }
    const rest = need & ~known;
    value = (value & known) | (this.compute(id, bySentence, rest) & rest);
    this.stamps[slot] = this.clause;
    this.known[slot] = known | rest;
    this.masks[slot] = value;
    return value & need;
  }

  /** The node's mask, exact over the windows in `need` (which is never 0). */
  private compute(id: number, bySentence: boolean, need: number): number {
    const from = this.childStart[id]!;
    const to = this.childStart[id + 1]!;
    switch (this.kind[id]) {
      case WORDS:
        if (this.setStamps[id] !== this.clause) return 0;
        return bySentence ? this.setMasks[id]! : 1;
      case PHRASE: {
        const first = this.firstStem[id]!;
        if (first < 0 || this.present[first] !== this.clause) return 0;
        return this.phrase(this.nodes[id] as Extract<MatchNode, { type: 'phrase' }>, first, bySentence);
      }
      case ANY: {
        let mask = 0;
        for (let c = from; c < to && mask !== need; c++) mask |= this.mask(this.childList[c]!, bySentence, need & ~mask);
        return mask;
      }
      case ALL: {
        let mask = need;
        for (let c = from; c < to && mask !== 0; c++) mask &= this.mask(this.childList[c]!, bySentence, mask);
        return mask;
      }
      case NOT:
        return need & ~this.mask(this.childList[from]!, bySentence, need);
      case NEAR: {
        // Every part must be in the window; where they all are, the matcher measures the distances.
        let maybe = need;
        for (let c = from; c < to && maybe !== 0; c++) maybe &= this.mask(this.childList[c]!, bySentence, maybe);
        return maybe === 0 ? 0 : this.exact(this.nodes[id]!, maybe, bySentence);
      }
      default:
        return this.exact(this.nodes[id]!, need, bySentence);
    }
  }

  /** Where a phrase's words follow one another (all inside one sentence, for sentence scope). */
  private phrase(node: Extract<MatchNode, { type: 'phrase' }>, first: number, bySentence: boolean): number {
    const { scan, relevant } = this.ctx.clause;
    const length = node.stems.length;
    let mask = 0;
    for (let k = this.head[first]!; k >= 0; k = this.next[k]!) {
      const i = relevant[k]!;
      if (i + length > scan.infos.length || !phraseAt(node.stems, scan.infos, i, node.exact)) continue;
      if (!bySentence) return 1;
      const s = scan.sentenceOf[i]!;
      if (scan.sentenceOf[i + length - 1] === s) mask |= 1 << s;
    }
    return mask;
  }

  /**
   * The matcher's answer, window by window, for the windows in `maybe`. What the screen already knows of the
   * node's parts in each window (often that most phrases of a long list are absent) spares the matcher that work.
   */
  private exact(node: MatchNode, maybe: number, bySentence: boolean): number {
    const { ctx } = this;
    const words = ctx.clause.scan.infos.length;
    const firsts = ctx.clause.scan.sentenceFirst;
    const outer = ctx.screened;
    const verdicts = this.verdicts(bySentence).at(0);
    ctx.screened = verdicts;
    let mask = 0;
    try {
      if (!bySentence) return evaluate(node, ctx, 0, words) ? 1 : 0;
      for (let s = 0; s < firsts.length; s++) {
        if ((maybe & verdicts.at(s).bit) === 0) continue;
        if (evaluate(node, ctx, firsts[s]!, firsts[s + 1] ?? words)) mask |= verdicts.bit;
      }
      return mask;
    } finally {
      ctx.screened = outer;
    }
  }

}

/** What the screen knows of each node in one window of the current clause: sentence `s`, or the whole clause. */
export class Verdicts {
  /** The window's bit in the masks. */
  bit = 1;

  constructor(
    private readonly screen: Screen,
    private readonly bySentence: boolean,
  ) {}

  /** Moves to window `s` (a sentence; for clause scope, the one window whatever `s`). */
  at(s: number): this {
    this.bit = this.bySentence ? sentenceBit(s) : 1;
    return this;
  }

  knows(node: MatchNode): boolean | undefined {
    return this.screen.knownIn(node, this.bySentence, this.bit);
  }
}
