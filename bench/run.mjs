/**
 * `npm run bench`: the figures in the README's performance section.
 * 1. classify throughput, end to end through the CLI (start-up included), with the built-in rules and with the
 *    rule set multiplied tenfold;
 * 2. reading and scanning a 300-page PDF and a 300-page DOCX: seconds and peak memory.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { makeLarge } from './make-large.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const TMP = join(ROOT, 'tmp/bench');
mkdirSync(TMP, { recursive: true });
const RUNS = 3;

// Input clauses: the labeled benchmarks when they are beside the repo, else the bundled examples' paragraphs.
function clauseTexts() {
  const dir = join(ROOT, '../shared/benchmarks');
  if (existsSync(dir)) {
    const texts = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).flatMap((f) =>
      readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text));
    return { texts, source: '../shared/benchmarks/*.jsonl' };
  }
  const texts = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.txt')).flatMap((f) =>
    readFileSync(join(ROOT, 'examples', f), 'utf8').split(/\n\s*\n/).map((t) => t.trim()).filter(Boolean));
  return { texts, source: 'examples/*.txt paragraphs' };
}

function classifyInput() {
  const { texts, source } = clauseTexts();
  const lines = [];
  for (let i = 0; lines.length < 100_000; i++) lines.push(JSON.stringify({ id: `b${i}`, text: texts[i % texts.length] }));
  const path = join(TMP, 'classify-input.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  const words = texts.reduce((n, t) => n + t.split(/\s+/).length, 0) / texts.length;
  return { path, count: lines.length, source, words };
}

/** Nine renamed copies of every built-in pack: with the originals, ten times the rules. */
function tenfoldRules() {
  const dir = join(TMP, 'rules-x10');
  mkdirSync(dir, { recursive: true });
  const packs = readdirSync(join(ROOT, 'rules')).filter((f) => f.endsWith('.yaml'));
  for (let copy = 1; copy <= 9; copy++) {
    for (const f of packs) {
      const pack = parse(readFileSync(join(ROOT, 'rules', f), 'utf8'));
      let text = stringify({ ...pack, pack: `${pack.pack}-copy${copy}`, rules: pack.rules.map((r) => ({ ...r, id: `${r.id}-copy${copy}` })) });
      for (const name of Object.keys(pack.lists ?? {})) {
        text = text.replaceAll(`@${name}"`, `@${name}-c${copy}"`).replaceAll(`@${name}\n`, `@${name}-c${copy}\n`).replace(new RegExp(`^  ${name}:`, 'm'), `  ${name}-c${copy}:`);
      }
      writeFileSync(join(dir, `${copy}-${f}`), text);
    }
  }
  return dir;
}

function timeClassify(input, extraArgs) {
  const times = [];
  const startups = [];
  let rules = 0;
  for (let r = 0; r < RUNS; r++) {
    let began = performance.now();
    const out = spawnSync(process.execPath, [CLI, 'classify', ...extraArgs], { input: readFileSync(input.path), maxBuffer: 1 << 30 });
    times.push((performance.now() - began) / 1000);
    if (out.status !== 0) throw new Error(`classify failed: ${out.stderr}`);
    // Start-up alone: the same command on no input (loading Node, the modules and the rules).
    began = performance.now();
    spawnSync(process.execPath, [CLI, 'classify', ...extraArgs], { input: '' });
    startups.push((performance.now() - began) / 1000);
  }
  const list = spawnSync(process.execPath, [CLI, 'rules', 'list', '--json', ...extraArgs.slice(1)], { encoding: 'utf8' });
  rules = JSON.parse(list.stdout).length;
  const best = Math.min(...times);
  const startup = Math.min(...startups);
  return { seconds: best, perSecond: Math.round(input.count / best), startup, steady: Math.round(input.count / (best - startup)), rules };
}

function measureFile(path, ...args) {
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    const out = spawnSync(process.execPath, [join(ROOT, 'bench/measure-parse.mjs'), path, ...args], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`${path}: ${out.stderr}`);
    runs.push(JSON.parse(out.stdout));
  }
  const key = args.includes('--split') ? 'rulesSeconds' : 'seconds';
  return runs.sort((a, b) => a[key] - b[key])[0];
}

/** What the target was set against: natural's word tokenizer and Porter stemmer with a cache, nothing else. */
function tokeniseOnly(input) {
  const require = createRequire(import.meta.url);
  const { WordTokenizer } = require('natural/lib/natural/tokenizers/index.js');
  const porter = require('natural/lib/natural/stemmers/porter_stemmer.js');
  const texts = readFileSync(input.path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text);
  const tokenizer = new WordTokenizer();
  const cache = new Map();
  let best = Infinity;
  for (let r = 0; r < RUNS; r++) {
    const began = performance.now();
    for (const text of texts) {
      for (const word of tokenizer.tokenize(text)) {
        const lower = word.toLowerCase();
        if (!cache.has(lower)) cache.set(lower, porter.stem(lower));
      }
    }
    best = Math.min(best, (performance.now() - began) / 1000);
  }
  return Math.round(texts.length / best);
}

/**
 * Where the time goes, in process (no start-up, no JSON): the word scan alone, the scan plus the index of the
 * words rules mention (the least any clause costs), and the whole matcher, split by whether the clause had a
 * finding. These show how much of the end-to-end time the rules themselves take.
 */
async function phases(input) {
  const dist = (path) => import(new URL(`../dist/${path}`, import.meta.url).href);
  const { loadRuleSet } = await dist('engine/ruleset.js');
  const { matchClause } = await dist('engine/engine.js');
  const { scanWords } = await dist('language/tokens.js');
  const { indexClause } = await dist('engine/match.js');
  const rules = await loadRuleSet([]);
  const texts = readFileSync(input.path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text);
  const best = (run) => {
    let ms = Infinity;
    for (let r = 0; r < RUNS; r++) {
      const began = performance.now();
      run();
      ms = Math.min(ms, performance.now() - began);
    }
    return ms / 1000;
  };
  // Sorting the clauses is also the warm-up: every word is stemmed and every function compiled before timing.
  const withFindings = [];
  const without = [];
  for (const t of texts) (matchClause(rules, t).length > 0 ? withFindings : without).push(t);
  const scan = best(() => texts.forEach((t) => scanWords(t)));
  const index = best(() => texts.forEach((t) => indexClause(scanWords(t), [], rules.vocabulary)));
  const matchedSeconds = best(() => withFindings.forEach((t) => matchClause(rules, t)));
  const unmatchedSeconds = best(() => without.forEach((t) => matchClause(rules, t)));
  return { count: texts.length, scan, index, withFindings: withFindings.length, matchedSeconds, unmatchedSeconds };
}

const input = classifyInput();
console.log(`classify: ${input.count.toLocaleString('en-US')} clauses (${input.source}, ${input.words.toFixed(0)} words each on average), best of ${RUNS}`);
const base = timeClassify(input, []);
const x10 = timeClassify(input, ['--rules', tenfoldRules()]);
console.log(`| rules | seconds | clauses/s | of which start-up | clauses/s after start-up |\n|---|---|---|---|---|`);
for (const [name, m] of [[`built-in (${base.rules})`, base], [`×10 (${x10.rules})`, x10]]) {
  console.log(`| ${name} | ${m.seconds.toFixed(2)} | ${m.perSecond.toLocaleString('en-US')} | ${m.startup.toFixed(2)} s | ${m.steady.toLocaleString('en-US')} |`);
}
console.log(`slow-down with ten times the rules: ${(x10.seconds / base.seconds).toFixed(2)}x`);
console.log(`for scale, tokenising and Porter-stemming the same clauses with natural (per-word cache, in process): ${tokeniseOnly(input).toLocaleString('en-US')} clauses/s\n`);

const p = await phases(input);
const rate = (n, seconds) => Math.round(n / seconds).toLocaleString('en-US');
const us = (seconds, n) => ((seconds / n) * 1e6).toFixed(1);
console.log(`where the time goes, in process (no start-up or JSON), best of ${RUNS}:`);
console.log(`| step | seconds | clauses/s | µs per clause |\n|---|---|---|---|`);
console.log(`| word scan alone (scanWords) | ${p.scan.toFixed(2)} | ${rate(p.count, p.scan)} | ${us(p.scan, p.count)} |`);
console.log(`| scan + index of the words rules mention | ${p.index.toFixed(2)} | ${rate(p.count, p.index)} | ${us(p.index, p.count)} |`);
const total = p.matchedSeconds + p.unmatchedSeconds;
console.log(`| whole matcher (matchClause) | ${total.toFixed(2)} | ${rate(p.count, total)} | ${us(total, p.count)} |`);
console.log(`| … on the ${p.withFindings.toLocaleString('en-US')} clauses with a finding | ${p.matchedSeconds.toFixed(2)} | | ${us(p.matchedSeconds, p.withFindings)} |`);
console.log(`| … on the ${(p.count - p.withFindings).toLocaleString('en-US')} without | ${p.unmatchedSeconds.toFixed(2)} | | ${us(p.unmatchedSeconds, p.count - p.withFindings)} |\n`);

const { docxPath, pdfPath } = await makeLarge(TMP, 300);
console.log(`300-page contracts (bench/make-large.mjs), read + segment + rules through analyze(), best of ${RUNS}`);
console.log(`| file | pages | clauses | findings | seconds | peak RSS | of which the rules (fresh process) |\n|---|---|---|---|---|---|---|`);
for (const path of [pdfPath, docxPath]) {
  const m = measureFile(path);
  const split = measureFile(path, '--split');
  console.log(`| ${path.split('/').pop()} | ${m.pages ?? 300} | ${m.clauses} | ${m.findings} | ${m.seconds.toFixed(2)} | ${m.maxRssMB} MB | ${split.rulesSeconds.toFixed(2)} s |`);
}
