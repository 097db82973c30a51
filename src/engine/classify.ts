/** Classifying loose clauses (a spreadsheet column, a benchmark): each input is one clause, no document around it. */
import { matchClause } from './engine.js';
import type { RuleSet } from './ruleset.js';
import type { Severity, Stance } from './schema.js';

export interface ClassifiedFinding {
  ruleId: string;
  category: string;
  stance: Stance;
  severity: Severity;
  start: number;
  end: number;
}

export interface ClassifyResult {
  id: string;
  findings?: ClassifiedFinding[];
  error?: string;
}

/** Parses one JSON Lines input and classifies it; a malformed line gives an error for that line, never a throw. */
export function classifyLine(rules: RuleSet, line: string, lineNumber: number): ClassifyResult {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    return { id: `line ${lineNumber}`, error: `line ${lineNumber} is not valid JSON; expected {"id": "...", "text": "..."}` };
  }
  const record = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  const id = typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id) : `line ${lineNumber}`;
  if (typeof record.text !== 'string') {
    return { id, error: `${id}: missing "text" (a string); expected {"id": "...", "text": "..."}` };
  }
  try {
    return { id, findings: classifyText(rules, record.text) };
  } catch (e) {
    // A bug met on one clause must not cost the answers for the rest of the input.
    const why = e instanceof Error ? e.message : String(e);
    return { id, error: `${id}: internal error while classifying (${why}); this is a bug, please report it with the clause if you can` };
  }
}

export function classifyText(rules: RuleSet, text: string): ClassifiedFinding[] {
  return matchClause(rules, text).map((m) => ({
    ruleId: m.rule.spec.id,
    category: m.rule.category,
    stance: m.stance,
    severity: m.rule.spec.severity,
    start: m.start,
    end: m.end,
  }));
}
