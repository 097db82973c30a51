/**
 * The rule language, as a schema. A rule file is YAML written by reviewers; this is what it may say.
 * See rules/README.md for the same thing in prose.
 */
import { z } from 'zod';

export const BUILTIN_CATEGORIES = ['data-retention', 'data-sharing', 'facial-recognition'] as const;
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type Stance = 'concern' | 'safeguard' | 'neutral';

/**
 * What a match expression may be:
 * - a word or phrase ("retain", "law enforcement agency"), matched on stems; "@name" names a list;
 * - `any` / `all` of expressions; `not` an expression (in the rule's scope);
 * - `near`: all expressions within N words of the first (with `ordered: true`, each after the one before it);
 * - `defined`: a term the contract defines, whose definition matches the expression (e.g. "Footage");
 * - `pattern`: a regular expression on the text, run by a linear-time engine (RE2), for what words can't say.
 */
export type MatchExpr =
  | string
  | { any: MatchExpr[] }
  | { all: MatchExpr[] }
  | { not: MatchExpr }
  | { near: MatchExpr[]; within: number; ordered?: boolean }
  | { defined: MatchExpr }
  | { pattern: string };

const nonEmptyTerm = z
  .string()
  .refine((s) => s.trim().length > 0, { message: 'is an empty pattern: write a word or phrase' })
  .refine((s) => s.length <= 200, { message: 'is longer than 200 characters: split it into words with all/near' });

export const MatchExprSchema: z.ZodType<MatchExpr> = z.lazy(() =>
  z.union([
    nonEmptyTerm,
    z.strictObject({ any: z.array(MatchExprSchema).min(1, 'any: needs at least one item') }),
    z.strictObject({ all: z.array(MatchExprSchema).min(1, 'all: needs at least one item') }),
    z.strictObject({ not: MatchExprSchema }),
    z.strictObject({
      near: z.array(MatchExprSchema).min(2, 'near: needs at least two items'),
      within: z.number().int().min(1).max(60),
      ordered: z.boolean().optional(),
    }),
    z.strictObject({ defined: MatchExprSchema }),
    z.strictObject({
      pattern: z
        .string()
        .refine((s) => s.trim().length > 0, { message: 'is an empty pattern' })
        .refine((s) => s.length <= 500, { message: 'is longer than 500 characters' }),
    }),
  ]),
);

const Example = z.union([
  nonEmptyTerm,
  z.strictObject({ text: nonEmptyTerm, stance: z.enum(['concern', 'safeguard', 'neutral']).optional() }),
]);
export type RuleExample = z.infer<typeof Example>;

export const RuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id: use lowercase words joined by hyphens, e.g. retention-indefinite'),
  title: z.string().min(3),
  category: z.string().optional(),
  severity: z.enum(SEVERITIES),
  /**
   * What the matched words do when they happen: `widens` collection, keeping, sharing or biometric analysis
   * (sharing, retaining, face matching), or `limits` it (deleting, notice, consent). Negation and exceptions
   * turn this into a stance. `mentions` is always neutral (a definition, a heading).
   */
  effect: z.enum(['widens', 'limits', 'mentions']).default('widens'),
  /** Where all parts of `match` must be found: one sentence (default) or anywhere in the clause. */
  scope: z.enum(['sentence', 'clause']).default('sentence'),
  why: z.string().min(10),
  ask: z.string().min(10),
  references: z.array(z.string()).optional(),
  match: MatchExprSchema,
  examples: z.strictObject({
    flag: z.array(Example).min(1, 'examples.flag: give at least one clause the rule must flag'),
    ok: z.array(nonEmptyTerm).min(1, 'examples.ok: give at least one clause the rule must leave alone'),
  }),
});
export type RuleSpec = z.infer<typeof RuleSchema>;

export const PackSchema = z.strictObject({
  pack: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'pack: use lowercase words joined by hyphens'),
  description: z.string().optional(),
  /** The default category of the pack's rules. */
  category: z.string().optional(),
  /** Categories this pack introduces beyond the built-in three: id → one-line description. */
  categories: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/), z.string()).optional(),
  /** Named lists of words, phrases or expressions, used in match expressions as "@name" (any of them). */
  lists: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/), z.array(MatchExprSchema).min(1)).optional(),
  rules: z.array(RuleSchema).min(1, 'rules: a pack needs at least one rule'),
});
export type PackSpec = z.infer<typeof PackSchema>;
