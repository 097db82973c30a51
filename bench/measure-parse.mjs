/**
 * Reads one file through the library (as `scan` does) and prints {seconds, clauses, findings, maxRssMB} as JSON.
 * With `--split`: reads the file, then runs the rules over it, in a fresh process, and prints how long each took
 * ({readSeconds, rulesSeconds}), to show how much of a review the rules take.
 */
import { analyze, readDocumentFile, loadRuleSet } from '../dist/index.js';
import { findInDocument } from '../dist/engine/engine.js';

const file = process.argv[2];
if (process.argv.includes('--split')) {
  const rules = await loadRuleSet([]);
  let began = performance.now();
  const document = await readDocumentFile(file);
  const readSeconds = (performance.now() - began) / 1000;
  began = performance.now();
  findInDocument(rules, document);
  const rulesSeconds = (performance.now() - began) / 1000;
  console.log(JSON.stringify({ readSeconds, rulesSeconds }));
} else {
  const began = performance.now();
  const review = await analyze(file);
  const seconds = (performance.now() - began) / 1000;
  const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ seconds, clauses: review.clauses, pages: review.pages, findings: review.findings.length, maxRssMB }));
}
