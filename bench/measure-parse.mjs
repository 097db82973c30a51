/** Reads one file through the library (as `scan` does) and prints {seconds, clauses, findings, maxRssMB} as JSON. */
import { analyze } from '../dist/index.js';

const file = process.argv[2];
const began = performance.now();
const review = await analyze(file);
const seconds = (performance.now() - began) / 1000;
const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ seconds, clauses: review.clauses, pages: review.pages, findings: review.findings.length, maxRssMB }));
