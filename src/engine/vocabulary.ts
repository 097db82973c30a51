/**
 * The words a rule set knows: every stem some rule mentions, numbered, with what each stem leads to (the word
 * sets that contain it, the rules it can trigger). A clause's other words never need looking at twice.
 */
import type { WordInfo } from '../language/stem.js';

export class Vocabulary<Rule = unknown> {
  /** stem → its number. */
  readonly ids = new Map<string, number>();
  /** By stem number: the ids of the word-set nodes that contain the stem. */
  readonly sets: number[][] = [];
  /** By stem number: the rules that can fire only where some stem of theirs occurs, in rule-set order. */
  readonly triggers: Rule[][] = [];

  add(stem: string): number {
    let id = this.ids.get(stem);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(stem, id);
      this.sets.push([]);
      this.triggers.push([]);
    }
    return id;
  }

  /** The number of a word's stem, or -1 when no rule mentions it; remembered on the word's shared record. */
  idOf(info: WordInfo): number {
    const known = info.index;
    if (known !== undefined && known.owner === this) return known.id;
    const id = this.ids.get(info.stem) ?? -1;
    info.index = { owner: this, id };
    return id;
  }
}
