/**
 * Why patterns run on RE2 (re2js): every built-in pattern over 5,000 benchmark clauses, on re2js, on Google's
 * RE2 compiled to WebAssembly (`re2-wasm`, if installed: `npm install --no-save re2-wasm`), and on V8's own
 * backtracking engine (fast, but not safe for patterns from users), then how a backtracking engine grows on a
 * simple pattern. Prints seconds and match counts. Not part of `npm run bench`: it explains a choice.
 */
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RE2JS } from 're2js';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

const patterns = new Set();
const collect = (x) => {
  if (!x || typeof x !== 'object') return;
  if (Array.isArray(x)) return x.forEach(collect);
  for (const [k, v] of Object.entries(x)) if (k === 'pattern' && typeof v === 'string') patterns.add(v); else collect(v);
};
for (const f of readdirSync(join(ROOT, 'rules')).filter((f) => f.endsWith('.yaml'))) {
  const pack = parse(readFileSync(join(ROOT, 'rules', f), 'utf8'));
  collect(pack.rules);
  collect(pack.lists);
}

const dir = join(ROOT, '../shared/benchmarks');
if (!existsSync(dir)) throw new Error('needs ../shared/benchmarks beside the repository');
const texts = [...new Set(readdirSync(dir).filter((f) => f.endsWith('.jsonl')).flatMap((f) =>
  readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text)))].slice(0, 5000);

/** Counts matches like the matcher does: every non-overlapping match, empty ones skipped. */
const viaExec = (re) => (t) => {
  re.lastIndex = 0;
  let n = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    if (m[0].length === 0) re.lastIndex++;
    else n++;
  }
  return n;
};
const engines = {
  re2js: (p) => {
    const re = RE2JS.compile(p, RE2JS.CASE_INSENSITIVE);
    return (t) => {
      const m = re.matcher(t);
      let n = 0;
      while (m.find()) if (m.end() > m.start()) n++;
      return n;
    };
  },
  'V8 (backtracking)': (p) => viaExec(new RegExp(p, 'gi')),
};
try {
  const { RE2 } = require('re2-wasm');
  engines['re2-wasm'] = (p) => viaExec(new RE2(p, 'giu'));
} catch {
  console.log('(re2-wasm not installed: skipped)');
}

console.log(`${patterns.size} patterns × ${texts.length} clauses`);
for (const [name, make] of Object.entries(engines)) {
  let refused = 0;
  const run = [...patterns].map((p) => {
    try {
      return make(p);
    } catch {
      refused++; // e.g. RE2's (?-i:…), which V8 20 does not read
      return undefined;
    }
  });
  const began = performance.now();
  let matches = 0;
  for (const f of run) if (f) for (const t of texts) matches += f(t);
  console.log(`${name}: ${((performance.now() - began) / 1000).toFixed(2)} s, ${matches} matches, ${refused} patterns refused`);
}

console.log('a backtracking engine on /\\w+\\s/ over a run of letters (re2js for comparison):');
for (const n of [10_000, 20_000, 40_000]) {
  const text = 'a'.repeat(n);
  let began = performance.now();
  /\w+\s/.test(text);
  const v8 = performance.now() - began;
  began = performance.now();
  RE2JS.compile('\\w+\\s').matcher(text).find();
  console.log(`  ${n} letters: V8 ${(v8 / 1000).toFixed(2)} s, re2js ${((performance.now() - began) / 1000).toFixed(2)} s`);
}

// V8's linear-time mode (the `l` flag, behind a V8 option): which of the patterns it accepts.
(await import('node:v8')).setFlagsFromString('--enable-experimental-regexp-engine');
let accepted = 0;
for (const p of patterns) {
  try {
    new RegExp(p, 'il');
    accepted++;
  } catch {
    // "Cannot be executed in linear time"
  }
}
const probe = (source, flags) => {
  try {
    new RegExp(source, flags);
    return 'accepted';
  } catch {
    return 'refused';
  }
};
console.log(`V8 linear-time mode accepts ${accepted} of ${patterns.size} patterns; /ab/il ${probe('ab', 'il')}, /a{1,60}/l ${probe('a{1,60}', 'l')}, /ab/l ${probe('ab', 'l')}`);
