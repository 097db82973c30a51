/**
 * The contract as the review reads it: the rule language's match expressions (words, phrases, `near`,
 * `defined`…) evaluated on the whole contract, on one clause, or on a clause together with its heading and the
 * lead-in of the clause it belongs to ("Upon termination: … (b) Vendor shall delete …").
 *
 * Each text is tokenized at most once per review, and only when a check asks for it.
 */
import type { Clause, Document } from '../document/model.js';
import { ClausewatchError } from '../document/errors.js';
import { Compiler, MatchError, type MatchNode } from '../engine/compile.js';
import { documentContext, type DocumentContext } from '../engine/engine.js';
import { evaluate, indexClause, type Hit, type MatchContext } from '../engine/match.js';
import type { MatchExpr } from '../engine/schema.js';
import { tokenize, type Tokenized } from '../language/tokens.js';

/** A text, tokenized and indexed with the contract's glossary, ready for expressions. */
export interface IndexedText {
  tokenized: Tokenized;
  context: MatchContext;
}

/** Compiles an expression written in a review file; a mistake is reported at its line. */
export function compileExpression(compiler: Compiler, expr: MatchExpr, where: string): MatchNode {
  try {
    return compiler.compile(expr);
  } catch (e) {
    if (e instanceof MatchError) throw new ClausewatchError('bad-rule', `${where}: ${e.message}`);
    throw e;
  }
}

/** Hits of an expression in a window of tokens (the whole text by default), or null. */
export function findIn(text: IndexedText, node: MatchNode, first = 0, last = text.tokenized.tokens.length): Hit[] | null {
  return evaluate(node, text.context, first, last);
}

export class ContractReading {
  private glossaryCache: DocumentContext | undefined;
  private wholeCache: IndexedText | undefined;
  private readonly clauses = new Map<string, IndexedText>();
  private readonly surroundings = new Map<string, IndexedText>();
  private readonly smallTexts = new Map<string, IndexedText>();
  private readonly byId: Map<string, Clause>;

  constructor(readonly document: Document) {
    this.byId = new Map(document.clauses.map((c) => [c.id, c]));
  }

  clause(id: string): Clause | undefined {
    return this.byId.get(id);
  }

  /** The whole contract, for "does the contract mention X anywhere". */
  whole(): IndexedText {
    return (this.wholeCache ??= this.index(this.document.text));
  }

  /** One clause's own text. */
  clauseText(clause: Clause): IndexedText {
    let text = this.clauses.get(clause.id);
    if (!text) this.clauses.set(clause.id, (text = this.index(clause.text)));
    return text;
  }

  /** The clause with its heading path and its lead-in: what a reader has in view when reading it. */
  inContext(clause: Clause): IndexedText {
    let text = this.surroundings.get(clause.id);
    if (!text) this.surroundings.set(clause.id, (text = this.index(this.surroundingText(clause))));
    return text;
  }

  /** Heading path and lead-in only, without the clause's own words. */
  setting(clause: Clause): string {
    return [clause.headingPath.join('\n\n'), this.leadIn(clause)?.text ?? ''].filter(Boolean).join('\n\n');
  }

  /** The clause that holds this one: "8.5" for "8.5(b)", "Article V § 7" for "Article V § 7(b)". */
  leadIn(clause: Clause): Clause | undefined {
    if (!clause.section) return undefined;
    const index = this.document.clauses.indexOf(clause);
    for (let i = index - 1; i >= 0; i--) {
      const candidate = this.document.clauses[i]!;
      const s = candidate.section;
      // "1.1" holds "1.1(a)" but not "1.12": the next character must not continue the number.
      if (s && s.length < clause.section.length && clause.section.startsWith(s) && !/[\p{L}\p{N}]/u.test(clause.section[s.length]!)) {
        return candidate;
      }
    }
    return undefined;
  }

  /** Any other text the review needs to read (a heading, a lead-in), read once per review. */
  text(text: string): IndexedText {
    let indexed = this.smallTexts.get(text);
    if (!indexed) this.smallTexts.set(text, (indexed = this.index(text)));
    return indexed;
  }

  private surroundingText(clause: Clause): string {
    return [this.setting(clause), clause.text].filter(Boolean).join('\n\n');
  }

  private glossary(): DocumentContext {
    return (this.glossaryCache ??= documentContext(this.document.definitions));
  }

  private index(text: string): IndexedText {
    const tokenized = tokenize(text);
    const glossary = this.glossary();
    const clause = indexClause(tokenized.scan, glossary.definedTerms);
    return { tokenized, context: { clause, memo: new Map(), definedTerms: glossary.definedTerms, definedCache: glossary.definedCache } };
  }
}

/** A new compiler for a review file's expressions, with that file's own `lists:`. */
export function compilerFor(lists: Record<string, MatchExpr[]> = {}): Compiler {
  return new Compiler(new Map(Object.entries(lists)));
}
