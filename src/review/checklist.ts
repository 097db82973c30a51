/**
 * The checklist: one line per topic (data retention, data sharing, facial recognition, and any category a loaded
 * pack adds) saying what the contract does about it, with the findings behind that answer.
 */
import type { Finding } from '../engine/finding.js';
import type { TopicCheck, TopicStatus } from './review.js';

const TITLES: Record<string, string> = {
  'data-retention': 'Data retention',
  'data-sharing': 'Data sharing',
  'facial-recognition': 'Facial recognition and biometrics',
};

/** "oversight-board" → "Oversight board": a pack's own category reads as words. */
export function topicTitle(category: string): string {
  const known = TITLES[category];
  if (known) return known;
  const words = category.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A missing protection counts as a concern: silence where silence is dangerous is a risk, so a topic the
 * contract never addresses reads `concern` when a check says it should have, and `silent` otherwise.
 */
export function topicStatus(concerns: number, safeguards: number): TopicStatus {
  if (concerns > 0) return safeguards > 0 ? 'mixed' : 'concern';
  return safeguards > 0 ? 'safeguard' : 'silent';
}

/** One check per category, in the rule set's order; `findings` holds clause findings then missing ones. */
export function buildChecklist(findings: Finding[], categories: Iterable<string>): TopicCheck[] {
  return [...categories].map((category) => {
    const indexes: number[] = [];
    let concerns = 0;
    let safeguards = 0;
    findings.forEach((f, i) => {
      if (f.category !== category) return;
      indexes.push(i);
      if (f.stance === 'concern') concerns++;
      else if (f.stance === 'safeguard') safeguards++;
    });
    return { category, title: topicTitle(category), status: topicStatus(concerns, safeguards), concerns, safeguards, findings: indexes };
  });
}
