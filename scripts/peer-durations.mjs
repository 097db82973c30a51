#!/usr/bin/env node
/**
 * Scores the duration normaliser (src/language/duration.ts) on a peer project's test cases:
 * a case passes when every listed duration is found, in order, with `days` within 1%, and nothing else is.
 *
 *   npm run build && node scripts/peer-durations.mjs [FILE.jsonl] [--verbose]
 *
 * FILE defaults to ../shared/benchmarks/peer/lexnlp-durations.jsonl (LexNLP's tests; see its README).
 * The phrases are read here, never copied into the project's tests or code.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findDurations } from '../dist/language/duration.js';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const file = args.find((a) => !a.startsWith('--')) ?? fileURLToPath(new URL('../../shared/benchmarks/peer/lexnlp-durations.jsonl', import.meta.url));

const cases = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line));

/** What the peer counts: periods with a length (a relative period contributes what it adds to its anchor). */
const measured = (text) => findDurations(text).filter((d) => Number.isFinite(d.days) && d.days > 0);
const close = (a, b) => Math.abs(a - b) <= Math.max(Math.abs(b) * 0.01, 1e-9);

let passed = 0;
let expectedTotal = 0;
let foundTotal = 0;
for (const c of cases) {
  const got = measured(c.text);
  const want = c.durations;
  expectedTotal += want.length;
  // Every listed duration, in order: walk both lists together.
  let j = 0;
  for (const d of got) if (j < want.length && close(d.days, want[j].days)) j++;
  foundTotal += j;
  const ok = j === want.length && got.length === want.length;
  if (ok) passed++;
  if (verbose || !ok) {
    const show = (ds) => ds.map((d) => d.days).join(', ') || '—';
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${c.id}: expected [${show(want)}] got [${show(got)}]`);
  }
}

const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : '0.0');
console.log(`peer durations (${file.split('/').pop()}): ${passed}/${cases.length} cases exactly right (${pct(passed, cases.length)}%), ` +
  `${foundTotal}/${expectedTotal} durations found in order within 1% (${pct(foundTotal, expectedTotal)}%)`);
