/**
 * Scoring classifications against labeled clauses, as ../shared/benchmarks/README.md defines it:
 * a clause is predicted in category C when any finding has C; its predicted stance is concern if any such
 * finding is, else safeguard if any is, else neutral. `unsure` categories are skipped; a null stance is
 * scored for detection only.
 */
import type { ClassifiedFinding } from './classify.js';
import type { Stance } from './schema.js';

export interface LabeledClause {
  id: string;
  text: string;
  labels: Record<string, Stance | null>;
  unsure?: string[];
}

export interface CategoryScore {
  category: string;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface FileScore {
  clauses: number;
  categories: CategoryScore[];
  stance: { correct: number; total: number; accuracy: number | null };
  /** Clauses labeled `{}` that got any finding in a scored category. */
  noneFlagged: { flagged: number; total: number; share: number | null };
  /** Misses and false alarms, for tuning. */
  errors: { id: string; category: string; kind: 'missed' | 'false-alarm' | 'wrong-stance'; expected?: Stance | null; got?: Stance }[];
}

export function predictedStances(findings: ClassifiedFinding[]): Map<string, Stance> {
  const out = new Map<string, Stance>();
  for (const f of findings) {
    const prev = out.get(f.category);
    if (f.stance === 'concern' || !prev || (f.stance === 'safeguard' && prev === 'neutral')) out.set(f.category, f.stance);
  }
  return out;
}

export function scoreFile(rows: { clause: LabeledClause; findings: ClassifiedFinding[] }[], categories: readonly string[]): FileScore {
  const counts = new Map(categories.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  const stance = { correct: 0, total: 0 };
  const none = { flagged: 0, total: 0 };
  const errors: FileScore['errors'] = [];
  for (const { clause, findings } of rows) {
    const predicted = predictedStances(findings);
    const unsure = new Set(clause.unsure ?? []);
    if (Object.keys(clause.labels).length === 0) {
      none.total++;
      if (categories.some((c) => predicted.has(c))) none.flagged++;
    }
    for (const category of categories) {
      if (unsure.has(category)) continue;
      const c = counts.get(category)!;
      const labeled = category in clause.labels;
      const got = predicted.get(category);
      if (labeled && got) {
        c.tp++;
        const expected = clause.labels[category];
        if (expected) {
          stance.total++;
          if (expected === got) stance.correct++;
          else errors.push({ id: clause.id, category, kind: 'wrong-stance', expected, got });
        }
      } else if (labeled) {
        c.fn++;
        errors.push({ id: clause.id, category, kind: 'missed', expected: clause.labels[category] ?? null });
      } else if (got) {
        c.fp++;
        errors.push({ id: clause.id, category, kind: 'false-alarm', got });
      }
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
  return {
    clauses: rows.length,
    categories: categories.map((category) => {
      const { tp, fp, fn } = counts.get(category)!;
      const precision = ratio(tp, tp + fp);
      const recall = ratio(tp, tp + fn);
      const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null;
      return { category, truePositives: tp, falsePositives: fp, falseNegatives: fn, precision, recall, f1 };
    }),
    stance: { ...stance, accuracy: ratio(stance.correct, stance.total) },
    noneFlagged: { ...none, share: ratio(none.flagged, none.total) },
    errors,
  };
}
